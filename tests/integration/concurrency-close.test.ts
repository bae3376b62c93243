// A vote's status changes under parallel requests (issue 14, part 2), on PostgreSQL as on SQLite:
// the scheduler and an admin closing the same vote at once close it once, with one journal entry,
// one frozen result, blank proxies counted once and a budget decision applied once; a secret vote
// is counted once; a vote opened twice at once freezes its electorate once.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { upsertRole } from "~/queries/entities.server";
import { addLine, createBudget, requestTransfer, type BudgetEntity } from "~/services/budget.server";
import { closeResolution, openResolution, runScheduler } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { castVote, giveProxy } from "~/services/voting.server";
import { createTestDb } from "../helpers/db";
import { makeUser } from "../helpers/factories";
import { SECRET_RULE } from "../helpers/secret";
import { makeOpenResolution, makeVotingScic, TODAY } from "../helpers/voting";
import { race, tally, times } from "./concurrency.fixture";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const openRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false };
const HOUR = 3600_000;

const journal = async (resolutionId: string, action: string) =>
  Number((await db.selectFrom("audit_event").select((eb) => eb.fn.countAll<number>().as("n")).where("subject_id", "=", resolutionId).where("action", "=", action).executeTakeFirstOrThrow()).n);

/** A vote open until an hour from now, with two blank proxies, and six members who voted. */
async function votedResolution(s: Awaited<ReturnType<typeof makeVotingScic>>, rule: VotingRule, number: string) {
  const { id } = await makeOpenResolution(db, s, { rule, number, open: false, recommendation: "for" });
  const now = new Date();
  await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id, closesAt: new Date(now.getTime() + HOUR), now });
  const voters = Object.values(s.people).flat();
  for (const p of voters.slice(0, 2)) await giveProxy(db, { entityId: s.id, userId: p.userId, resolutionId: id, holderMemberId: null });
  for (const p of voters.slice(2, 8)) await castVote(db, { entityId: s.id, userId: p.userId, resolutionId: id, choice: "for" });
  return { id, closing: new Date(now.getTime() + 2 * HOUR) };
}

describe("closing a vote twice at once", () => {
  it("the scheduler twice and an admin six times: one close, one journal entry, one result, blank proxies counted once (three rounds)", async () => {
    const s = await makeVotingScic(db, 3);
    for (let round = 1; round <= 3; round++) {
      const { id, closing } = await votedResolution(s, openRule, String(round));
      const admin = times(6, () => closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id, now: closing }));
      const scheduler = times(2, () => runScheduler(db, closing));
      const { outcomes } = await race([...admin.slice(0, 3), ...scheduler, ...admin.slice(3)]);
      // The scheduler logs what it could not do and carries on.
      expect(tally([...outcomes.slice(0, 3), ...outcomes.slice(5)]).ok ?? 0).toBeLessThanOrEqual(1);
      for (const o of [...outcomes.slice(0, 3), ...outcomes.slice(5)]) expect(["ok", "409 resolutions.notOpen"]).toContain(o);
      expect(outcomes.slice(3, 5)).toEqual(["ok", "ok"]);
      const r = await db.selectFrom("resolution").select(["status", "outcome", "result"]).where("id", "=", id).executeTakeFirstOrThrow();
      expect(r).toMatchObject({ status: "closed", outcome: "adopted" });
      expect({ round, closed: await journal(id, "resolution.closed") }).toEqual({ round, closed: 1 });
      const blank = await db.selectFrom("participation").select("member_id").where("resolution_id", "=", id).where("channel", "=", "blank-proxy").execute();
      expect(blank).toHaveLength(2);
      expect(JSON.parse(r.result!).voted).toBe(8);
    }
  });

  it("a vote on a transfer between budget lines, closed six times at once, moves the money once", async () => {
    const s = await makeVotingScic(db, 1);
    await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "AGO", rule: openRule });
    const treasurer = await makeUser(db, "Trésorière");
    await upsertRole(db, { entityId: s.id, userId: treasurer.id, role: "treasurer", now: new Date() });
    const entity = { ...(await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()), transfer_threshold_cents: 100_000 } as BudgetEntity;
    const year = TODAY().slice(0, 4);
    const { id: budgetId } = await createBudget(db, { entityId: s.id, actorId: treasurer.id, name: `Budget ${year}`, fiscalStart: `${year}-01-01`, fiscalEnd: `${year}-12-31` });
    const line = async (label: string) => (await addLine(db, { entityId: s.id, actorId: s.admin.id, budgetId, line: { kind: "charge", category: "Divers", label, plannedCents: 1_000_000, memberId: null, collegeId: null, notes: null } })).id;
    const [from, to] = [await line("Personnel"), await line("Local")];
    await db.updateTable("budget").set({ status: "adopted", adopted_at: new Date().toISOString() }).where("id", "=", budgetId).execute();
    const vote = await requestTransfer(db, { entity, actorId: treasurer.id, budgetId, fromLineId: from, toLineId: to, amountCents: 300_000, locale: "fr" });
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: vote.resolutionId! });
    for (const p of Object.values(s.people).flat()) await castVote(db, { entityId: s.id, userId: p.userId, resolutionId: vote.resolutionId!, choice: "for" });

    const { outcomes } = await race(times(6, () => closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: vote.resolutionId! })));
    expect(tally(outcomes)).toEqual({ ok: 1, "409 resolutions.notOpen": 5 });
    const planned = await db.selectFrom("budget_line").select(["id", "planned_cents"]).where("budget_id", "=", budgetId).orderBy("position").execute();
    expect(planned).toEqual([
      { id: from, planned_cents: 700_000 },
      { id: to, planned_cents: 1_300_000 },
    ]);
    const applied = await db.selectFrom("audit_event").select("id").where("action", "=", "budget.transfer.applied").where("subject_id", "=", budgetId).execute();
    expect(applied).toHaveLength(1);
  });

  it("a secret vote closed by the scheduler and an admin at once is counted once: one counting, one frozen result, its key destroyed once", async () => {
    const s = await makeVotingScic(db, 2);
    const { id, closing } = await votedResolution(s, SECRET_RULE, "1");
    const { outcomes } = await race([...times(2, () => closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id, now: closing })), () => runScheduler(db, closing), ...times(2, () => closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id, now: closing }))]);
    for (const o of [...outcomes.slice(0, 2), ...outcomes.slice(3)]) expect(["ok", "409 resolutions.notOpen"]).toContain(o);
    expect(outcomes[2]).toBe("ok");
    const r = await db.selectFrom("resolution").select(["status", "outcome", "result"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(r).toMatchObject({ status: "closed", outcome: "adopted" });
    expect(JSON.parse(r.result!).voted).toBe(8);
    expect({ counting: await journal(id, "resolution.counting"), closed: await journal(id, "resolution.closed"), keyDestroyed: await journal(id, "election.keyDestroyed") }).toEqual({ counting: 1, closed: 1, keyDestroyed: 1 });
    expect(await db.selectFrom("encrypted_ballot").select("position").where("resolution_id", "=", id).execute()).toHaveLength(8);
  });
});

describe("opening a vote twice at once", () => {
  it("the scheduler and an admin six times: opened once, its electorate frozen once, one journal entry", async () => {
    const s = await makeVotingScic(db, 3);
    for (let round = 1; round <= 3; round++) {
      const { id } = await makeOpenResolution(db, s, { rule: openRule, number: String(round), open: false });
      const now = new Date();
      await db.updateTable("resolution").set({ status: "scheduled", opens_at: new Date(now.getTime() - 1000).toISOString(), closes_at: new Date(now.getTime() + HOUR).toISOString() }).where("id", "=", id).execute();
      const admin = times(6, () => openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id, now }));
      const { outcomes } = await race([...admin.slice(0, 3), () => runScheduler(db, now), ...admin.slice(3)]);
      for (const o of [...outcomes.slice(0, 3), ...outcomes.slice(4)]) expect(["ok", "409 resolutions.notDraft"]).toContain(o);
      expect(await db.selectFrom("resolution_voter").select("member_id").where("resolution_id", "=", id).execute()).toHaveLength(12);
      expect(await db.selectFrom("resolution").select(["status", "eligible_count"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ status: "open", eligible_count: 12 });
      expect({ round, opened: await journal(id, "resolution.opened") }).toEqual({ round, opened: 1 });
    }
  });
});
