// Elections with candidates and seats, open ballots (issue 15): drafting, candidacies, ballots
// with marks, the weighted count per candidate, the elected seated in the organ at the close, and
// the second round.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { Rational } from "~/domain/rational";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { appoint, createOrgan } from "~/services/organs.server";
import { closeResolution, editResolution, openResolution, resultOf } from "~/services/resolutions.server";
import { createRule, ruleFromRow } from "~/services/rules.server";
import { openSecondRound } from "~/services/seat-election-rounds.server";
import { createElection, enterCandidacy, fileOwnCandidacy, withdrawCandidacy } from "~/services/seat-elections.server";
import { castVote } from "~/services/voting.server";
import { findRule } from "~/queries/rules.server";
import { createTestDb } from "../helpers/db";
import { makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const openRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, secret: false, quorumFirst: null, quorumLater: null };

async function setup(opts: { seats?: number; reserved?: boolean; method?: "plurinominal" | "approval"; rounds?: 1 | 2; absoluteMajority?: boolean; deadline?: Date | null } = {}) {
  const s = await makeVotingScic(db, 3);
  const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "Élections", rule: openRule });
  const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: { name: "Conseil coopératif", kind: "cooperative-board", seats: 6, termMonths: 36, ruleId: null, reserved: [] } });
  const person = (college: string, i: number) => s.people[college]![i]!;
  const reserved = opts.reserved ? ["Associations", "Entreprises", "Salariés"].map((c) => ({ collegeId: s.colleges[c]!, seats: 1 })) : [];
  const { id } = await createElection(db, {
    entityId: s.id,
    actorId: s.admin.id,
    resolution: { number: "E1", title: "Élection du conseil", body: "Élection.", note: null, ruleId, kind: "ordinary", recommendation: null },
    setup: { organId, seats: opts.seats ?? 2, method: opts.method ?? "plurinominal", rounds: opts.rounds ?? 1, absoluteMajority: opts.absoluteMajority ?? false, tieBreak: "lot", candidacyDeadline: opts.deadline === undefined ? new Date(Date.now() + 86400_000) : opts.deadline, reserved },
  });
  return { ...s, ruleId, organId, rid: id, person };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function candidates(s: Setup, who: [string, number][]) {
  const ids: string[] = [];
  for (const [college, i] of who) ids.push((await enterCandidacy(db, { entityId: s.id, actorId: s.admin.id, resolutionId: s.rid, memberId: s.person(college, i).memberId, bornOn: null })).id);
  return ids;
}

const vote = (s: Setup, college: string, i: number, marks: Record<string, "for" | "against" | "abstain">) => castVote(db, { entityId: s.id, userId: s.person(college, i).userId, resolutionId: s.rid, marks });

async function frozen(s: Setup, resolutionId = s.rid) {
  const r = await db.selectFrom("resolution").selectAll().where("id", "=", resolutionId).executeTakeFirstOrThrow();
  const ruleRow = (await findRule(db, s.id, r.rule_id))!;
  return resultOf(db, r, ruleFromRow(ruleRow), { name: ruleRow.name, version: ruleRow.version });
}

describe("drafting and candidacies", () => {
  it("files, enters and withdraws candidacies until the vote opens, then refuses them", async () => {
    const s = await setup();
    const own = await fileOwnCandidacy(db, { entityId: s.id, userId: s.person("Associations", 0).userId, resolutionId: s.rid, bornOn: "1970-05-01" });
    await expect(fileOwnCandidacy(db, { entityId: s.id, userId: s.person("Associations", 0).userId, resolutionId: s.rid, bornOn: null })).rejects.toMatchObject({ key: "elections.errors.alreadyCandidate", status: 409 });
    const [other] = await candidates(s, [["Entreprises", 0]]);
    // A member withdraws only their own; the secretary any.
    await expect(withdrawCandidacy(db, { entityId: s.id, actorId: s.person("Associations", 0).userId, resolutionId: s.rid, candidacyId: other!, asCandidateOnly: true })).rejects.toMatchObject({ key: "elections.errors.notYourCandidacy" });
    await withdrawCandidacy(db, { entityId: s.id, actorId: s.person("Associations", 0).userId, resolutionId: s.rid, candidacyId: own.id, asCandidateOnly: true });
    const rows = await db.selectFrom("candidacy").select(["member_id", "withdrawn_at", "born_on", "filed_by"]).where("resolution_id", "=", s.rid).orderBy("position").execute();
    expect(rows.map((r) => [r.filed_by, r.withdrawn_at != null])).toEqual([["self", true], ["secretary", false]]);
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: s.rid });
    await expect(candidates(s, [["Salariés", 0]])).rejects.toMatchObject({ key: "elections.errors.candidaciesClosed", status: 409 });
    const journal = await db.selectFrom("audit_event").select("action").where("entity_id", "=", s.id).where("action", "like", "candidacy.%").execute();
    expect(journal.map((j) => j.action).sort()).toEqual(["candidacy.filed", "candidacy.filed", "candidacy.withdrawn"]);
  });

  it("refuses a candidacy of one's own after the deadline, or when only the secretary enters them", async () => {
    const s = await setup({ deadline: null });
    await expect(fileOwnCandidacy(db, { entityId: s.id, userId: s.person("Associations", 0).userId, resolutionId: s.rid, bornOn: null })).rejects.toMatchObject({ key: "elections.errors.deadlinePassed" });
  });

  it("refuses an election without candidacies, more seats than the organ, or reserved seats above the seats, writing nothing", async () => {
    const s = await setup();
    await expect(openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: s.rid })).rejects.toMatchObject({ key: "elections.errors.noCandidates", status: 409 });
    const before = await db.selectFrom("resolution").select("id").where("entity_id", "=", s.id).execute();
    const base = { entityId: s.id, actorId: s.admin.id, resolution: { number: "E9", title: "x", body: "x", note: null, ruleId: s.ruleId, kind: "ordinary" as const, recommendation: null } };
    const setupOf = (over: object) => ({ organId: s.organId, seats: 2, method: "plurinominal" as const, rounds: 1 as const, absoluteMajority: false, tieBreak: "age" as const, candidacyDeadline: null, reserved: [], ...over });
    await expect(createElection(db, { ...base, setup: setupOf({ seats: 7 }) })).rejects.toMatchObject({ key: "elections.errors.moreSeatsThanOrgan", field: "seats" });
    await expect(createElection(db, { ...base, setup: setupOf({ reserved: [{ collegeId: s.colleges["Associations"]!, seats: 3 }] }) })).rejects.toMatchObject({ key: "organs.errors.reservedAboveSeats" });
    await expect(createElection(db, { ...base, setup: setupOf({ organId: "nope" }) })).rejects.toMatchObject({ key: "errors.invalidChoice", field: "organId" });
    expect(await db.selectFrom("resolution").select("id").where("entity_id", "=", s.id).execute()).toHaveLength(before.length);
  });
});

describe("ballots and count", () => {
  it("counts approvals per candidate with the college weights, seats the elected and ends the mandates at term", async () => {
    const s = await setup({ seats: 2 });
    // An outgoing member whose term ends: their mandate ends at the close.
    await appoint(db, { entityId: s.id, actorId: s.admin.id, organId: s.organId, mandate: { memberId: s.person("Collectivités", 2).memberId, role: "president", startsOn: "2023-01-01", endsOn: "2026-01-01", appointedBy: "statute" } });
    const [a, b, c] = await candidates(s, [["Associations", 0], ["Entreprises", 0], ["Salariés", 0]]);
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: s.rid });
    await expect(vote(s, "Associations", 1, { [a!]: "for", [b!]: "for", [c!]: "for" })).rejects.toMatchObject({ key: "elections.errors.tooManyApprovals", status: 422 });
    await expect(vote(s, "Associations", 1, { nope: "for" })).rejects.toMatchObject({ key: "errors.invalidChoice" });
    // Associations (weight 30 %): 3 voters all for a; Entreprises (20 %): 2 for b, 1 blank;
    // Salariés (30 %): 3 for c and b; Collectivités (20 %): nobody votes.
    for (const i of [0, 1, 2]) await vote(s, "Associations", i, { [a!]: "for" });
    await vote(s, "Entreprises", 0, { [b!]: "for" });
    await vote(s, "Entreprises", 1, { [b!]: "for" });
    await vote(s, "Entreprises", 2, {});
    for (const i of [0, 1, 2]) await vote(s, "Salariés", i, { [c!]: "for", [b!]: "for" });
    // An open ballot may change while the vote is open.
    await vote(s, "Salariés", 2, { [c!]: "for" });
    const marks = await db.selectFrom("candidate_mark").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(marks.n)).toBe(3 + 2 + 3 + 2);
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: s.rid });
    const result = await frozen(s);
    const e = result.election!.result as { elected: string[]; candidates: { id: string; for: string; share: string }[] };
    const weights = await db.selectFrom("resolution_college").select(["college_id", "weight_num", "weight_den"]).where("resolution_id", "=", s.rid).execute();
    expect(weights).toHaveLength(4);
    // Proportional: in each college the candidate's share of the ballots that mark someone (a
    // blank ballot is not cast), times the college's weight, over the weights of the colleges
    // that voted: a = 3/3 of Associations; b = 2/2 of Entreprises + 2/3 of Salariés; c = 3/3 of Salariés.
    const w = (name: string) => {
      const x = weights.find((r) => r.college_id === s.colleges[name])!;
      return Rational.of(x.weight_num, x.weight_den);
    };
    const voiced = w("Associations").add(w("Entreprises")).add(w("Salariés"));
    const share = (id: string) => Rational.parse(e.candidates.find((x) => x.id === id)!.share)!;
    expect(share(a!).eq(w("Associations").div(voiced))).toBe(true);
    expect(share(b!).eq(w("Entreprises").add(Rational.of(2, 3).mul(w("Salariés"))).div(voiced))).toBe(true);
    expect(share(c!).eq(w("Salariés").div(voiced))).toBe(true);
    const expected = [a!, b!, c!].sort((x, y) => share(y).cmp(share(x))).slice(0, 2);
    expect([...e.elected].sort()).toEqual([...expected].sort());
    // The elected sit in the organ, elected by this resolution; the outgoing mandate ended at term.
    const running = await db.selectFrom("mandate").innerJoin("candidacy", "candidacy.member_id", "mandate.member_id").select(["candidacy.id", "mandate.appointed_by", "mandate.resolution_id", "mandate.ends_on"]).where("mandate.organ_id", "=", s.organId).where("mandate.ended_on", "is", null).where("candidacy.resolution_id", "=", s.rid).execute();
    expect(running.map((m) => m.id).sort()).toEqual([...expected].sort());
    expect(running.every((m) => m.appointed_by === "election" && m.resolution_id === s.rid && m.ends_on != null)).toBe(true);
    const outgoing = await db.selectFrom("mandate").select(["ended_on", "end_reason"]).where("member_id", "=", s.person("Collectivités", 2).memberId).executeTakeFirstOrThrow();
    expect(outgoing.end_reason).toBe("term");
    expect(result.election!.seated).toHaveLength(2);
  });

  it("asks for a second round when the absolute majority leaves seats, and fills them at relative majority", async () => {
    const s = await setup({ seats: 2, rounds: 2, absoluteMajority: true });
    const [a, b, c] = await candidates(s, [["Associations", 0], ["Entreprises", 0], ["Salariés", 0]]);
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: s.rid });
    // Every college votes a for all; b and c split the rest: only a reaches more than half.
    for (const college of ["Associations", "Entreprises", "Salariés", "Collectivités"]) {
      await vote(s, college, 0, { [a!]: "for", [b!]: "for" });
      await vote(s, college, 1, { [a!]: "for", [c!]: "for" });
      await vote(s, college, 2, { [a!]: "for" });
    }
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: s.rid });
    const first = await frozen(s);
    expect(first.tally.reason).toBe("second-round");
    expect((first.election!.result as { elected: string[] }).elected).toEqual([a]);
    const { id: second } = await openSecondRound(db, { entityId: s.id, resolutionId: s.rid, actorId: s.admin.id });
    await expect(openSecondRound(db, { entityId: s.id, resolutionId: s.rid, actorId: s.admin.id })).rejects.toMatchObject({ key: "elections.errors.secondRoundExists" });
    const row = await db.selectFrom("resolution").innerJoin("seat_election", "seat_election.resolution_id", "resolution.id").select(["resolution.round", "resolution.first_round_id", "seat_election.seats", "seat_election.absolute_majority"]).where("resolution.id", "=", second).executeTakeFirstOrThrow();
    expect(row).toEqual({ round: 2, first_round_id: s.rid, seats: 1, absolute_majority: 0 });
    const again = await db.selectFrom("candidacy").innerJoin("member", "member.id", "candidacy.member_id").select("member.id").where("resolution_id", "=", second).orderBy("position").execute();
    expect(again.map((x) => x.id)).toEqual([s.person("Entreprises", 0).memberId, s.person("Salariés", 0).memberId]);
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: second });
    const [b2, c2] = (await db.selectFrom("candidacy").select("id").where("resolution_id", "=", second).orderBy("position").execute()).map((x) => x.id);
    await castVote(db, { entityId: s.id, userId: s.person("Associations", 0).userId, resolutionId: second, marks: { [c2!]: "for" } });
    await castVote(db, { entityId: s.id, userId: s.person("Salariés", 0).userId, resolutionId: second, marks: { [c2!]: "for" } });
    await castVote(db, { entityId: s.id, userId: s.person("Entreprises", 0).userId, resolutionId: second, marks: { [b2!]: "for" } });
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: second });
    const result = await frozen(s, second);
    expect(result.tally.reason).toBe("elected");
    expect((result.election!.result as { elected: string[] }).elected).toEqual([c2]);
  });

  it("approval per candidate: for, against or abstain on each, elected above the threshold", async () => {
    const s = await setup({ seats: 2, method: "approval" });
    const [a, b] = await candidates(s, [["Associations", 0], ["Entreprises", 0]]);
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: s.rid });
    for (const college of ["Associations", "Entreprises", "Salariés", "Collectivités"]) {
      await vote(s, college, 0, { [a!]: "for", [b!]: "against" });
      await vote(s, college, 1, { [a!]: "for", [b!]: "against" });
      await vote(s, college, 2, { [a!]: "against", [b!]: "for" });
    }
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: s.rid });
    const e = (await frozen(s)).election!.result as { elected: string[]; candidates: { id: string; share: string }[] };
    expect(e.elected).toEqual([a]);
    expect(e.candidates.find((c) => c.id === a)!.share).toBe("2/3");
    expect(e.candidates.find((c) => c.id === b)!.share).toBe("1/3");
  });
});

describe("what an election must hold", () => {
  it("takes approval per candidate under a secret rule: the rule changed to a secret one, the vote opens with a box of two marks per candidacy", async () => {
    const s = await setup({ method: "approval" });
    const { id: secretRuleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "Secret", rule: { ...openRule, secret: true } });
    const [a] = await candidates(s, [["Associations", 0]]);
    const resolution = { number: "E1", title: "Élection du conseil", body: "Élection.", note: null, ruleId: secretRuleId, kind: "ordinary" as const, recommendation: null };
    await editResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: s.rid, resolution });
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: s.rid });
    expect((await db.selectFrom("resolution").select("status").where("id", "=", s.rid).executeTakeFirstOrThrow()).status).toBe("open");
    const election = await db.selectFrom("election").select("parameters").where("resolution_id", "=", s.rid).executeTakeFirstOrThrow();
    expect(JSON.parse(election.parameters!).question).toEqual({ answers: [a], min: 0, max: 1, marks: ["for", "against"] });
  });

  it("takes a birth date of the past only, and an absolute majority only with a second round to fall back on", async () => {
    const s = await setup({ absoluteMajority: true, rounds: 1 });
    expect((await db.selectFrom("seat_election").select("absolute_majority").where("resolution_id", "=", s.rid).executeTakeFirstOrThrow()).absolute_majority).toBe(0);
    const enter = (bornOn: string) => enterCandidacy(db, { entityId: s.id, actorId: s.admin.id, resolutionId: s.rid, memberId: s.person("Associations", 0).memberId, bornOn });
    await expect(enter("2999-01-01")).rejects.toMatchObject({ key: "elections.errors.bornOn", field: "bornOn" });
    await expect(enter("1850-01-01")).rejects.toMatchObject({ key: "elections.errors.bornOn" });
    await enter("1970-05-01");
    expect(await db.selectFrom("candidacy").select("born_on").where("resolution_id", "=", s.rid).execute()).toEqual([{ born_on: "1970-05-01" }]);
  });

  it("draws a tie's lot with a seed chosen at random at the close, frozen and published with the result", async () => {
    const s = await setup({ seats: 1 });
    const [a, b] = await candidates(s, [["Associations", 0], ["Entreprises", 0]]);
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: s.rid });
    await vote(s, "Associations", 1, { [a!]: "for" });
    await vote(s, "Entreprises", 1, { [b!]: "for" });
    const live = (await frozen(s)).election!;
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: s.rid });
    const closed = (await frozen(s)).election!;
    const tie = (closed.result.tieBreaks as { by: string[]; seed: string }[])[0]!;
    expect(tie.by).toEqual(["lot"]);
    expect(closed.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(tie.seed).toBe(closed.seed);
    // Not the provisional seed a live result (or anyone computing from the figures) would use.
    expect(live.seed).toBeUndefined();
    expect(closed.seed).not.toBe((live.result.tieBreaks as { seed: string }[])[0]!.seed);
  });
});
