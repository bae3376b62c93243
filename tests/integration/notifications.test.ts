// Notifications by e-mail: who gets what, the person's choice, the closing-soon reminder, the
// digest, and idempotence when the scheduler runs twice at once.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS } from "~/domain/rules";
import { createResolution, openResolution, runScheduler } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { castVote, giveProxy } from "~/services/voting.server";
import { sendClosingSoon, sendDigests } from "~/services/notifications-jobs.server";
import { notifyUsers } from "~/services/notifications.server";
import { saveNotificationPreferences } from "~/services/notifications-calendar.server";
import { claimOutbox } from "~/queries/notifications.server";
import { queueMail } from "~/services/mail.server";
import { createTestDb } from "../helpers/db";
import { makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const HOUR = 3600_000;
const rule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false, proxyCap: 2 };

async function openVote(s: Awaited<ReturnType<typeof makeVotingScic>>, opts: { number?: string; title?: string; closesAt?: Date; now?: Date } = {}) {
  const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: `Règle ${opts.number ?? "1"}`, rule });
  const { id } = await createResolution(db, {
    entityId: s.id,
    actorId: s.admin.id,
    resolution: { number: opts.number ?? "1", title: opts.title ?? "Achat d’un local", body: "L’assemblée autorise l’achat du local de la rue Nationale.", note: null, ruleId, kind: "ordinary", recommendation: null },
  });
  await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id, closesAt: opts.closesAt ?? null, now: opts.now });
  return id;
}

const mailsTo = (to: string, kind?: string) => {
  let q = db.selectFrom("outbox").selectAll().where("recipient", "=", to);
  if (kind) q = q.where("kind", "=", kind);
  return q.execute();
};

describe("vote opened", () => {
  it("tells each voter with an account, with the text, the closing time and the link to the vote", async () => {
    const s = await makeVotingScic(db, 1);
    const closesAt = new Date(Date.now() + 3 * 24 * HOUR);
    const id = await openVote(s, { closesAt });
    const voters = Object.values(s.people).flat();
    for (const p of voters) {
      const [mail, ...more] = await mailsTo(p.email, "vote.opened");
      expect(more).toHaveLength(0);
      expect(mail!.subject).toContain("Achat d’un local");
      expect(mail!.body).toContain(`Bonjour ${p.name}`);
      expect(mail!.body).toContain("L’assemblée autorise l’achat du local");
      expect(mail!.body).toContain(`/o/${s.slug}/resolutions/${id}`);
      expect(mail!.body).toMatch(/sera clos le \w+ \d+/);
    }
    // The administrator is not in the electorate.
    expect(await mailsTo(s.admin.email, "vote.opened")).toHaveLength(0);
  });

  it("reaches a large cooperative's accounts past SQLite's 32 766 variables in one statement", async () => {
    const s = await makeVotingScic(db, 1);
    const voters = Object.values(s.people).flat();
    const strangers = Array.from({ length: 40_000 }, (_, i) => `absent-${i}`);
    const queued = await notifyUsers(db, {
      kind: "vote.opened",
      subjectId: "large",
      entityId: s.id,
      userIds: [...strangers, ...voters.map((p) => p.userId)],
      now: new Date(),
      message: () => ({ subject: "Grand envoi", summary: "Grand envoi", body: "Texte" }),
    });
    expect(queued).toBe(voters.length);
    for (const p of voters) expect(await mailsTo(p.email, "vote.opened")).toHaveLength(1);
  });

  it("lets other work run between its transactions of 200, so that telling thousands never freezes the server", async () => {
    const s = await makeVotingScic(db, 1);
    const at = new Date().toISOString();
    const users = Array.from({ length: 1000 }, (_, i) => ({ id: `many-${i}`, email: `many-${i}@test.example`, name: `Many ${i}`, password_hash: "-", locale: null, created_at: at }));
    for (let i = 0; i < users.length; i += 200) await db.insertInto("user").values(users.slice(i, i + 200)).execute();
    // Turns of the event loop that ran while the messages were queued, and how many were queued at each.
    const seen: number[] = [];
    let done = false;
    const count = async () => Number((await db.selectFrom("outbox").select((eb) => eb.fn.countAll().as("n")).where("kind", "=", "vote.opened").executeTakeFirstOrThrow()).n);
    const watch = async () => {
      while (!done) {
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(await count());
      }
    };
    const watching = watch();
    const queued = await notifyUsers(db, { kind: "vote.opened", subjectId: "many", entityId: s.id, userIds: users.map((u) => u.id), now: new Date(), message: () => ({ subject: "Envoi", summary: "Envoi", body: "Texte" }) });
    done = true;
    await watching;
    expect(queued).toBe(1000);
    // Other work ran after the first transaction and before the last: the loop was never held for the whole.
    expect(seen.some((n) => n > 0 && n < 1000)).toBe(true);
  });

  it("respects “never”, but never for a legal notice", async () => {
    const s = await makeVotingScic(db, 1);
    const [quiet, other] = Object.values(s.people).flat();
    await saveNotificationPreferences(db, quiet!.userId, { "vote.opened": "never", "meeting.convened": "never" } as never);
    await openVote(s);
    expect(await mailsTo(quiet!.email, "vote.opened")).toHaveLength(0);
    expect(await mailsTo(other!.email, "vote.opened")).toHaveLength(1);
    const pref = await db.selectFrom("notification_preference").selectAll().where("user_id", "=", quiet!.userId).execute();
    expect(pref.map((p) => p.kind)).toEqual(["vote.opened"]);
  });
});

describe("closing soon", () => {
  it("reminds only those who have not voted nor given a proxy, and holders of unused proxies", async () => {
    const s = await makeVotingScic(db, 2);
    const now = new Date();
    const id = await openVote(s, { closesAt: new Date(now.getTime() + 20 * HOUR), now });
    const [voted, principal, holder, usedPrincipal, usedHolder, idle] = Object.values(s.people).flat();
    await castVote(db, { entityId: s.id, userId: voted!.userId, resolutionId: id, choice: "for" });
    await giveProxy(db, { entityId: s.id, userId: principal!.userId, resolutionId: id, holderMemberId: holder!.memberId });
    // The holder votes for himself but not yet for his principal: still reminded.
    await castVote(db, { entityId: s.id, userId: holder!.userId, resolutionId: id, choice: "for" });
    await giveProxy(db, { entityId: s.id, userId: usedPrincipal!.userId, resolutionId: id, holderMemberId: usedHolder!.memberId });
    await castVote(db, { entityId: s.id, userId: usedHolder!.userId, resolutionId: id, choice: "against", forMemberId: usedPrincipal!.memberId });
    await castVote(db, { entityId: s.id, userId: usedHolder!.userId, resolutionId: id, choice: "against" });

    // Not yet: the vote closes in more than 24 hours at this time.
    expect(await sendClosingSoon(db, new Date(now.getTime() - 5 * HOUR))).toBe(0);
    const sent = await sendClosingSoon(db, now);
    const reminded = (await db.selectFrom("outbox").select("recipient").where("kind", "=", "vote.closingSoon").execute()).map((r) => r.recipient).sort();
    const people = Object.values(s.people).flat();
    const expected = [holder!, idle!, ...people.slice(6)].map((p) => p.email).sort();
    expect(reminded).toEqual(expected);
    expect(sent).toBe(expected.length);
    expect(reminded).not.toContain(voted!.email);
    expect(reminded).not.toContain(principal!.email);
    expect(reminded).not.toContain(usedHolder!.email);
    const [mail] = await mailsTo(idle!.email, "vote.closingSoon");
    expect(mail!.body).toContain(`/o/${s.slug}/resolutions/${id}`);
    // Once only: a later run sends nothing more.
    expect(await sendClosingSoon(db, new Date(now.getTime() + HOUR))).toBe(0);
  });

  it("two scheduler runs at the same time send each reminder once", async () => {
    const s = await makeVotingScic(db, 3);
    const now = new Date();
    await openVote(s, { closesAt: new Date(now.getTime() + 10 * HOUR), now });
    const counts = await Promise.all([sendClosingSoon(db, now), sendClosingSoon(db, now), runScheduler(db, now)]);
    const rows = await db.selectFrom("outbox").select("recipient").where("kind", "=", "vote.closingSoon").execute();
    const people = Object.values(s.people).flat();
    expect(rows).toHaveLength(people.length);
    expect(new Set(rows.map((r) => r.recipient)).size).toBe(people.length);
    expect(counts[0] + counts[1]).toBe(people.length);
    const notes = await db.selectFrom("notification").select(["recipient_id", "outbox_id"]).where("kind", "=", "vote.closingSoon").execute();
    expect(notes).toHaveLength(people.length);
    expect(notes.every((n) => n.outbox_id != null)).toBe(true);
  });
});

describe("daily digest", () => {
  it("gathers the chosen kinds in one message a day, grouped by kind", async () => {
    const s = await makeVotingScic(db, 1);
    const [reader] = Object.values(s.people).flat();
    await saveNotificationPreferences(db, reader!.userId, { "vote.opened": "digest" });
    await openVote(s, { number: "1", title: "Premier vote" });
    await openVote(s, { number: "2", title: "Second vote" });
    expect(await mailsTo(reader!.email)).toHaveLength(0);
    // Before 7:00 in Paris, nothing; at 9:00 one message with both votes.
    expect(await sendDigests(db, new Date("2026-12-02T05:00:00Z"))).toBe(0);
    const morning = new Date("2026-12-02T08:00:00Z");
    const both = await Promise.all([sendDigests(db, morning), sendDigests(db, morning)]);
    expect(both[0] + both[1]).toBe(1);
    const [digest, ...more] = await mailsTo(reader!.email);
    expect(more).toHaveLength(0);
    expect(digest!.subject).toBe("Votre résumé du jour\u00a0: 2 nouveautés");
    const body = digest!.body;
    expect(body).toContain(`## ${s.entity.name}`);
    expect(body.indexOf("Un vote s’ouvre")).toBeLessThan(body.indexOf("Premier vote"));
    expect(body.indexOf("Premier vote")).toBeLessThan(body.indexOf("Second vote"));
    expect(body.match(/Un vote s’ouvre/g)).toHaveLength(1);
    // Nothing left: the next day sends nothing.
    expect(await sendDigests(db, new Date("2026-12-03T08:00:00Z"))).toBe(0);
  });
});

describe("delivery", () => {
  it("a queued message is taken for sending by one caller only", async () => {
    const id = await queueMail(db, { entityId: null, to: "a@test.example", subject: "S", body: "B" });
    const at = new Date().toISOString();
    const claims = await Promise.all([claimOutbox(db, id, at), claimOutbox(db, id, at), claimOutbox(db, id, at)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
