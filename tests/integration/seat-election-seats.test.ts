// Elections and the organ's seats, from a review (issue 15): an election fills no more seats than
// the organ has free on its day and reserves per college what the organ's reservations leave to
// fill, so that everyone it elects takes a seat; and in two rounds the outgoing mandates end, and
// the elected of both rounds take their seats, only when the round that fills them is frozen.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { addMonths } from "~/domain/organs";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { createMeeting } from "~/services/meetings.server";
import { appoint, createOrgan } from "~/services/organs.server";
import { closeResolution, openResolution, withdrawResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import type { FrozenResult } from "~/services/resolution-result.server";
import { openSecondRound } from "~/services/seat-election-rounds.server";
import { createElection, enterCandidacy } from "~/services/seat-elections.server";
import { castVote } from "~/services/voting.server";
import * as resolutionRoute from "~/routes/entity.resolution";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { makeVotingScic, TODAY } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const openRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, secret: false, quorumFirst: null, quorumLater: null };
type Scic = Awaited<ReturnType<typeof makeVotingScic>>;

async function organOf(s: Scic, seats: number, reserved: Record<string, number> = {}, name = "Conseil coopératif") {
  const { id } = await createOrgan(db, {
    entityId: s.id,
    actorId: s.admin.id,
    organ: { name, kind: "cooperative-board", seats, termMonths: 36, ruleId: null, reserved: Object.entries(reserved).map(([college, n]) => ({ collegeId: s.colleges[college]!, text: String(n) })) },
  });
  return id;
}

const person = (s: Scic, college: string, i: number) => s.people[college]![i]!;

/** A mandate held since 2024, ending on `endsOn`. */
const sitting = (s: Scic, organId: string, college: string, i: number, endsOn: string) =>
  appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: { memberId: person(s, college, i).memberId, role: "member", startsOn: "2024-01-01", endsOn, appointedBy: "statute" } });

async function draft(s: Scic, organId: string, setup: { seats: number; reserved?: Record<string, number>; rounds?: 1 | 2; meetingId?: string }, number = "E1") {
  const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: `Élections ${number}`, rule: openRule });
  return createElection(db, {
    entityId: s.id,
    actorId: s.admin.id,
    resolution: { number, title: "Élection du conseil", body: "Élection.", note: null, ruleId, kind: "ordinary", recommendation: null },
    setup: {
      organId,
      seats: setup.seats,
      method: "plurinominal",
      rounds: setup.rounds ?? 1,
      absoluteMajority: setup.rounds === 2,
      tieBreak: "lot",
      candidacyDeadline: null,
      reserved: Object.entries(setup.reserved ?? {}).map(([college, n]) => ({ collegeId: s.colleges[college]!, seats: n })),
    },
    meetingId: setup.meetingId ?? null,
  });
}

async function enter(s: Scic, resolutionId: string, who: [string, number][]) {
  const ids: string[] = [];
  for (const [college, i] of who) ids.push((await enterCandidacy(db, { entityId: s.id, actorId: s.admin.id, resolutionId, memberId: person(s, college, i).memberId, bornOn: null })).id);
  return ids;
}

async function frozen(resolutionId: string) {
  const r = await db.selectFrom("resolution").select("result").where("id", "=", resolutionId).executeTakeFirstOrThrow();
  return JSON.parse(r.result!) as FrozenResult;
}

const running = (organId: string) =>
  db.selectFrom("mandate").select(["member_id as memberId", "resolution_id as resolutionId", "starts_on as startsOn"]).where("organ_id", "=", organId).where("ended_on", "is", null).orderBy("member_id").execute();

/**
 * A board of 3 seats, two mandates at term and one running; an election of 2 seats in two rounds
 * whose first round elects one (Associations 0) and leaves one seat for a second round.
 */
async function firstRoundLeavingASeat() {
  const s = await makeVotingScic(db, 3);
  const organId = await organOf(s, 3);
  const lastMonth = addMonths(TODAY(), -1);
  await sitting(s, organId, "Collectivités", 0, lastMonth);
  await sitting(s, organId, "Collectivités", 1, lastMonth);
  await sitting(s, organId, "Collectivités", 2, addMonths(TODAY(), 24));
  const outgoing = [person(s, "Collectivités", 0).memberId, person(s, "Collectivités", 1).memberId];
  const { id: first } = await draft(s, organId, { seats: 2, rounds: 2 });
  const [a, b, c] = await enter(s, first, [["Associations", 0], ["Entreprises", 0], ["Salariés", 0]]);
  await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: first });
  // Only a reaches more than half: one seat left for a second round.
  for (const college of ["Associations", "Entreprises", "Salariés", "Collectivités"]) {
    await castVote(db, { entityId: s.id, userId: person(s, college, 0).userId, resolutionId: first, marks: { [a!]: "for", [b!]: "for" } });
    await castVote(db, { entityId: s.id, userId: person(s, college, 1).userId, resolutionId: first, marks: { [a!]: "for", [c!]: "for" } });
    await castVote(db, { entityId: s.id, userId: person(s, college, 2).userId, resolutionId: first, marks: { [a!]: "for" } });
  }
  const before = await running(organId);
  await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: first });
  return { s, organId, outgoing, first, before };
}

describe("an election's seats and reservations against the organ", () => {
  it("refuses reserving nothing to a college the organ keeps a seat for (its last elected would find no seat), naming the college's field", async () => {
    const s = await makeVotingScic(db, 3);
    const organId = await organOf(s, 3, { Salariés: 1 });
    const salaries = s.colleges["Salariés"]!;
    await expect(draft(s, organId, { seats: 3 })).rejects.toMatchObject({ key: "elections.errors.reservedBelowOrgan", params: { name: "Salariés", count: 1 }, status: 422, field: `seat_${salaries}` });
    expect(await db.selectFrom("resolution").select("id").where("entity_id", "=", s.id).execute()).toHaveLength(0);

    // Reserving it, the election seats all three, a Salariés candidate on the reserved seat even when
    // the other colleges' candidates are ahead.
    const { id } = await draft(s, organId, { seats: 3, reserved: { Salariés: 1 } });
    const [a, b, c, d] = await enter(s, id, [["Associations", 0], ["Entreprises", 0], ["Collectivités", 0], ["Salariés", 0]]);
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
    for (const college of ["Associations", "Entreprises", "Collectivités"]) for (const i of [0, 1, 2]) await castVote(db, { entityId: s.id, userId: person(s, college, i).userId, resolutionId: id, marks: { [a!]: "for", [b!]: "for", [c!]: "for" } });
    await castVote(db, { entityId: s.id, userId: person(s, "Salariés", 0).userId, resolutionId: id, marks: { [d!]: "for" } });
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    const e = (await frozen(id)).election!;
    expect(e.unseated).toEqual([]);
    expect(e.seated).toHaveLength(3);
    expect((await running(organId)).map((m) => m.memberId)).toContain(person(s, "Salariés", 0).memberId);
  });

  it("refuses reserving to a college more than the organ's reserved seats it has to fill", async () => {
    const s = await makeVotingScic(db, 2);
    const organId = await organOf(s, 5, { Salariés: 2 });
    await sitting(s, organId, "Salariés", 0, addMonths(TODAY(), 24));
    await expect(draft(s, organId, { seats: 3, reserved: { Salariés: 2 } })).rejects.toMatchObject({ key: "elections.errors.reservedBeyondOrgan", params: { count: 1 }, field: `seat_${s.colleges["Salariés"]}` });
    await expect(draft(s, organId, { seats: 3, reserved: { Associations: 1, Salariés: 1 } })).rejects.toMatchObject({ key: "elections.errors.noReservedSeatToFill", params: { name: "Associations" }, field: `seat_${s.colleges["Associations"]}` });
    await expect(draft(s, organId, { seats: 3, reserved: { Salariés: 1 } })).resolves.toMatchObject({ id: expect.any(String) });
  });

  it("fills no more seats than are free on the election's day, counting the mandates at term by then: the assembly's day when drafted for one", async () => {
    const s = await makeVotingScic(db, 2);
    const organId = await organOf(s, 4);
    await sitting(s, organId, "Associations", 0, addMonths(TODAY(), -1));
    await sitting(s, organId, "Associations", 1, addMonths(TODAY(), 2));
    await sitting(s, organId, "Entreprises", 0, addMonths(TODAY(), 24));
    // Today: one vacant seat and one mandate at term.
    await expect(draft(s, organId, { seats: 3 })).rejects.toMatchObject({ key: "elections.errors.seatsNotFree", params: { count: 2 }, status: 422, field: "seats" });
    // An assembly in three months: the second mandate has come to term by then.
    const startsAt = new Date(Date.now() + 92 * 86400_000);
    const { id: meetingId } = await createMeeting(db, { entity: s.entity, actorId: s.admin.id, meeting: { kind: "ago", title: "AGO", startsAt, place: "Tours", remoteLink: null, postalDeadline: null } });
    await draft(s, organId, { seats: 3, meetingId }, "E2");
    await expect(draft(s, organId, { seats: 4, meetingId }, "E3")).rejects.toMatchObject({ key: "elections.errors.seatsNotFree", params: { count: 3 } });
    const journal = await db.selectFrom("audit_event").select("detail").where("entity_id", "=", s.id).where("action", "=", "election.drafted").execute();
    expect(journal.map((j) => JSON.parse(j.detail!) as { day: string })).toEqual([expect.objectContaining({ seats: 3, day: new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(startsAt) })]);
    // Everyone staying: no seat at all.
    const full = await organOf(s, 1, {}, "Comité");
    await sitting(s, full, "Entreprises", 1, addMonths(TODAY(), 24));
    await expect(draft(s, full, { seats: 1 }, "E4")).rejects.toMatchObject({ key: "elections.errors.noSeatFree", field: "seats" });
  });
});

describe("two rounds: the seats change hands when the round that fills them is frozen", () => {
  it("a first round calling for a second ends no mandate and seats nobody; the second ends the outgoing and seats both rounds' elected", async () => {
    const { s, organId, outgoing, first, before } = await firstRoundLeavingASeat();
    const one = await frozen(first);
    expect(one.tally.reason).toBe("second-round");
    // Between the rounds the organ keeps its members: nobody ended, nobody seated.
    expect(await running(organId)).toEqual(before);
    expect(one.election).toMatchObject({ seated: [], unseated: [], pending: [person(s, "Associations", 0).name] });
    expect(await db.selectFrom("audit_event").select("id").where("entity_id", "=", s.id).where("action", "=", "mandate.ended").execute()).toHaveLength(0);

    const { id: second } = await openSecondRound(db, { entityId: s.id, resolutionId: first, actorId: s.admin.id });
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: second });
    const [, c2] = (await db.selectFrom("candidacy").select("id").where("resolution_id", "=", second).orderBy("position").execute()).map((x) => x.id);
    for (const college of ["Associations", "Salariés"]) await castVote(db, { entityId: s.id, userId: person(s, college, 0).userId, resolutionId: second, marks: { [c2!]: "for" } });
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: second });
    const two = await frozen(second);
    expect(two.tally.reason).toBe("elected");
    expect(two.election).toMatchObject({ seated: [person(s, "Associations", 0).name, person(s, "Salariés", 0).name], unseated: [] });
    // The outgoing at term ended at the second round's close; the first round's elected sits by the first round.
    const ended = await db.selectFrom("mandate").select(["member_id", "ended_on", "end_reason"]).where("organ_id", "=", organId).where("ended_on", "is not", null).orderBy("member_id").execute();
    expect(ended).toEqual(outgoing.sort().map((m) => ({ member_id: m, ended_on: TODAY(), end_reason: "term" })));
    expect(await running(organId)).toEqual(
      [
        { memberId: person(s, "Collectivités", 2).memberId, resolutionId: null, startsOn: "2024-01-01" },
        { memberId: person(s, "Associations", 0).memberId, resolutionId: first, startsOn: TODAY() },
        { memberId: person(s, "Salariés", 0).memberId, resolutionId: second, startsOn: TODAY() },
      ].sort((x, y) => (x.memberId < y.memberId ? -1 : 1)),
    );
  });

  it("a first round that fills every seat concludes at once: the outgoing end and the elected sit at its close", async () => {
    const s = await makeVotingScic(db, 3);
    const organId = await organOf(s, 2);
    await sitting(s, organId, "Collectivités", 0, addMonths(TODAY(), -1));
    const { id } = await draft(s, organId, { seats: 2, rounds: 2 });
    const [a, b] = await enter(s, id, [["Associations", 0], ["Entreprises", 0]]);
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
    for (const college of ["Associations", "Entreprises", "Salariés"]) for (const i of [0, 1]) await castVote(db, { entityId: s.id, userId: person(s, college, i).userId, resolutionId: id, marks: { [a!]: "for", [b!]: "for" } });
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    const e = (await frozen(id)).election!;
    expect(e.pending).toBeUndefined();
    expect(e.seated).toHaveLength(2);
    expect((await running(organId)).map((m) => m.resolutionId)).toEqual([id, id]);
  });

  it("a second round withdrawn concludes the election with the first: its elected sit that day, the outgoing at term end, the seat left stays vacant", async () => {
    const { s, organId, outgoing, first } = await firstRoundLeavingASeat();
    const { id: second } = await openSecondRound(db, { entityId: s.id, resolutionId: first, actorId: s.admin.id });
    expect(await withdrawResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: second })).toEqual({ seats: { seated: [person(s, "Associations", 0).name], unseated: [] } });
    const ended = await db.selectFrom("mandate").select(["member_id", "ended_on", "end_reason"]).where("organ_id", "=", organId).where("ended_on", "is not", null).orderBy("member_id").execute();
    expect(ended).toEqual(outgoing.sort().map((m) => ({ member_id: m, ended_on: TODAY(), end_reason: "term" })));
    expect(await running(organId)).toEqual(
      [
        { memberId: person(s, "Collectivités", 2).memberId, resolutionId: null, startsOn: "2024-01-01" },
        { memberId: person(s, "Associations", 0).memberId, resolutionId: first, startsOn: TODAY() },
      ].sort((x, y) => (x.memberId < y.memberId ? -1 : 1)),
    );
    // Journaled as the admin's; once only: neither the withdrawal nor another second round comes again.
    const started = await db.selectFrom("audit_event").select(["user_id", "detail"]).where("entity_id", "=", s.id).where("action", "=", "mandate.started").where("detail", "like", `%${first}%`).execute();
    expect(started.map((e) => e.user_id)).toEqual([s.admin.id]);
    await expect(withdrawResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: second })).rejects.toMatchObject({ key: "resolutions.cannotWithdraw", status: 409 });
    await expect(openSecondRound(db, { entityId: s.id, resolutionId: first, actorId: s.admin.id })).rejects.toMatchObject({ key: "elections.errors.secondRoundExists" });
    expect((await running(organId)).length).toBe(2);
  });

  it("through the page: the withdrawal asks first, warns that the first round's elected will sit, and the first round then says the second was withdrawn", async () => {
    const { s, first } = await firstRoundLeavingASeat();
    const { id: second } = await openSecondRound(db, { entityId: s.id, resolutionId: first, actorId: s.admin.id });
    const token = await signIn(db, s.admin.email, PASSWORD);
    const call = (id: string) => ({ path: `/o/${s.slug}/resolutions/${id}`, token, params: { slug: s.slug, resolutionId: id } });
    expect(dataOf(await run(resolutionRoute.action, db, { ...call(second), form: { intent: "withdraw" } })).confirm).toEqual({ intent: "withdraw", fields: {} });
    const done = await run(resolutionRoute.action, db, { ...call(second), form: { intent: "withdraw", confirmed: "1" } });
    expect(statusOf(done)).toBe(302);
    expect(dataOf(await run(resolutionRoute.loader, db, call(first))).rounds.secondRound).toEqual({ id: second, number: "E1-2", withdrawn: true });
    // The second round's page has what its withdrawal warning reads (an election, a first round).
    const page = dataOf(await run(resolutionRoute.loader, db, call(second)));
    expect([page.election != null, page.rounds.firstRound]).toEqual([true, { id: first, number: "E1" }]);
  });

  it("withdrawing a vote that is no election's second round seats nobody", async () => {
    const { s, organId, first, before } = await firstRoundLeavingASeat();
    const { id: other } = await draft(s, organId, { seats: 1 }, "E9");
    expect(await withdrawResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: other })).toEqual({ seats: null });
    expect(await running(organId)).toEqual(before);
    expect((await frozen(first)).election!.pending).toEqual([person(s, "Associations", 0).name]);
  });
});
