import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS } from "~/domain/rules";
import { isoDateInParis } from "~/lib/dates";
import { insertAuditEvent, insertAuditEvents } from "~/queries/audit.server";
import * as journalRoute from "~/routes/entity.journal";
import { inviteMember } from "~/services/invitations.server";
import { saveMember } from "~/services/members.server";
import { revealLink } from "~/services/outbox.server";
import { createResolution, openResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { makeUser, PASSWORD } from "../helpers/factories";
import { meetingSetup } from "../helpers/meetings";
import { makeScic, memberInput } from "../helpers/register";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

interface Event {
  id: string;
  at: string;
  actor: string | null;
  kind: string;
  text: string;
}

/** An entity with people in every role, a registered and invited member whose link was shown, a rule and a draft resolution. */
async function setup() {
  const s = await makeScic(db, "Scic Journal", { member: 1, observer: 1, secretary: 1 });
  const day = isoDateInParis();
  const { id: memberId } = await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Inès Garnier", email: "ines@test.example", collegeId: s.colleges["Salariés"]! }), day });
  await inviteMember(db, { entity: { id: s.id, name: s.entity.name }, actorId: s.admin.id, memberId, origin: "http://localhost:3000", locale: "fr", day });
  const message = await db.selectFrom("outbox").select("id").where("entity_id", "=", s.id).executeTakeFirstOrThrow();
  await revealLink(db, { entityId: s.id, actorId: s.admin.id, messageId: message.id });
  const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "AGO", rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null } });
  const { id: resolutionId } = await createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: { number: "1", title: "Projet confidentiel", body: "Texte", note: null, ruleId, kind: "ordinary", recommendation: null } });
  await insertAuditEvent(db, { entityId: s.id, userId: s.admin.id, action: "meeting.somethingNew", detail: { secret: "détail" }, now: new Date() });
  // Another entity's events never show.
  const other = await makeScic(db, "Autre entité");
  await createRule(db, { entityId: other.id, actorId: other.admin.id, name: "Règle de l’autre", preset: "scic-sa-ago" });
  const tokens: Record<string, string> = { admin: await signIn(db, s.admin.email, PASSWORD) };
  for (const role of ["member", "observer", "secretary"]) tokens[role] = await signIn(db, s.byRole[role]![0]!.email, PASSWORD);
  const journal = async (who: string, query = "") => {
    const result = await run(journalRoute.loader, db, { path: `/o/${s.slug}/journal${query}`, token: tokens[who], params: { slug: s.slug } });
    expect(statusOf(result)).toBe(200);
    return dataOf<{ readsAll: boolean; kind: string | null; events: Event[]; total: number; page: number; pages: number }>(result);
  };
  return { ...s, resolutionId, journal };
}

describe("the entity journal", () => {
  it("members and observers read governance events only, without personal data; drafts appear once public", async () => {
    const s = await setup();
    for (const who of ["member", "observer", "secretary"]) {
      const page = await journal(s, who);
      expect(page.readsAll).toBe(false);
      expect(page.events.length).toBeGreaterThan(0);
      expect(page.events.every((e) => e.kind === "governance")).toBe(true);
      const texts = page.events.map((e) => e.text);
      expect(texts).toContain("Collège «\u00a0Salariés\u00a0» créé");
      expect(texts).toContain("Règle de vote «\u00a0AGO\u00a0» créée");
      expect(page.events.find((e) => e.text === "Règle de vote «\u00a0AGO\u00a0» créée")!.actor).toBe("Scic Journal admin");
      // Who was given which role is governance: members see an admin making approvers.
      expect(texts.some((t) => t.startsWith("Rôle «\u00a0Secrétariat\u00a0» donné à"))).toBe(true);
      // Nothing of the register, messages, unknown actions, drafts or the other entity.
      const all = JSON.stringify(page);
      for (const hidden of ["Inès Garnier", "ines@test.example", "Lien personnel", "meeting.somethingNew", "détail", "Projet confidentiel", "Règle de l’autre", "@test.example"]) expect(all).not.toContain(hidden);
      for (const e of page.events) expect(Object.keys(e).sort()).toEqual(["actor", "at", "id", "kind", "text"]);
      // Asking for the admin events changes nothing.
      expect((await journal(s, who, "?kind=admin")).events).toEqual(page.events);
    }

    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: s.resolutionId });
    const texts = (await journal(s, "member")).events.map((e) => e.text);
    // Opening a secret vote also creates its key: two events of the same instant, in either order.
    expect(texts.slice(0, 2).sort()).toEqual(["Clé de scrutin secret créée pour la résolution 1 «\u00a0Projet confidentiel\u00a0»", "Vote ouvert sur la résolution 1 «\u00a0Projet confidentiel\u00a0»"]);
    expect(texts).toContain("Résolution 1 «\u00a0Projet confidentiel\u00a0» rédigée");
  });

  it("administrators read everything, including who showed which link and role changes, and filter by kind", async () => {
    const s = await setup();
    const page = await journal(s, "admin");
    expect(page.readsAll).toBe(true);
    const secretary = await db.selectFrom("user").select("name").where("id", "=", s.byRole.secretary![0]!.id).executeTakeFirstOrThrow();
    const texts = page.events.map((e) => e.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        "Lien personnel affiché\u00a0: message pour ines@test.example",
        "Invitation envoyée à «\u00a0Inès Garnier\u00a0»",
        "Membre «\u00a0Inès Garnier\u00a0» inscrit au registre",
        `Rôle «\u00a0Secrétariat\u00a0» donné à ${secretary.name}`,
        "Résolution 1 «\u00a0Projet confidentiel\u00a0» rédigée",
        "meeting.somethingNew",
      ]),
    );
    expect(page.events.find((e) => e.text === "meeting.somethingNew")).toMatchObject({ kind: "admin", actor: "Scic Journal admin" });
    expect(JSON.stringify(page)).not.toContain("détail");
    expect(JSON.stringify(page)).not.toContain("Règle de l’autre");

    const admin = await journal(s, "admin", "?kind=admin");
    const governance = await journal(s, "admin", "?kind=governance");
    expect(admin.kind).toBe("admin");
    expect(admin.events.every((e) => e.kind === "admin")).toBe(true);
    expect(governance.events.every((e) => e.kind === "governance")).toBe(true);
    expect(admin.total + governance.total).toBe(page.total);
    expect((await journal(s, "admin", "?kind=nonsense")).total).toBe(page.total);
  });

  it("is paginated by 50, newest first (then by id), with no event twice", async () => {
    const s = await setup();
    const college = s.colleges["Salariés"]!;
    const at = new Date(Date.now() + 60_000);
    await insertAuditEvents(db, Array.from({ length: 120 }, () => ({ entityId: s.id, userId: s.admin.id, action: "college.updated", subject: { type: "college" as const, id: college }, now: at })));
    const first = await journal(s, "member");
    expect(first.events).toHaveLength(50);
    expect(first.pages).toBe(Math.ceil(first.total / 50));
    const seen: Event[] = [];
    for (let p = 1; p <= first.pages; p++) seen.push(...(await journal(s, "member", `?page=${p}`)).events);
    expect(seen).toHaveLength(first.total);
    expect(new Set(seen.map((e) => e.id)).size).toBe(first.total);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      expect(a.at > b.at || (a.at === b.at && a.id > b.id)).toBe(true);
    }
    expect(seen.slice(0, 120).every((e) => e.text === "Collège «\u00a0Salariés\u00a0» modifié")).toBe(true);
  });

  it("a meeting's preparation appears to members once it is convened", async () => {
    const m = await meetingSetup(db);
    const person = Object.values(m.people)[0]![0]!;
    const token = await signIn(db, person.email, PASSWORD);
    const texts = async () => dataOf<{ events: Event[] }>(await run(journalRoute.loader, db, { path: `/o/${m.slug}/journal`, token, params: { slug: m.slug } })).events.map((e) => e.text);
    const created = "Assemblée «\u00a0AGO 2026\u00a0» créée";
    const item = "Point ajouté à l’ordre du jour de «\u00a0AGO 2026\u00a0»";
    expect(await texts()).not.toContain(created);
    expect((await texts()).join()).not.toContain("AGO 2026");
    await db.updateTable("meeting").set({ status: "convened" }).where("id", "=", m.meetingId).execute();
    expect(await texts()).toEqual(expect.arrayContaining([created, item]));
  });

  it("is closed to people outside the entity", async () => {
    const s = await setup();
    const stranger = await makeUser(db, "Stranger");
    const token = await signIn(db, stranger.email, PASSWORD);
    expect(statusOf(await run(journalRoute.loader, db, { path: `/o/${s.slug}/journal`, token, params: { slug: s.slug } }))).toBe(403);
  });
});

function journal(s: Awaited<ReturnType<typeof setup>>, who: string, query = "") {
  return s.journal(who, query);
}
