// A secret election (issue 15) in the verifiable ballot box: one ciphertext per candidacy, each
// proved 0 or 1, their sum proved between 0 and the seats. The question is frozen in the box's
// parameters at opening (a motion keeps for / against / abstain); ballots encrypted by the
// browser (encryptSelections) or the server (encryptMarks) go through verifyBeforeBox and
// appendBallot as castVote sends them; the close decrypts the weighted sums per college and
// candidacy only, which secretElectionTotals reads.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { encryptSelections, type BallotJson } from "~/crypto/ballot";
import { verifyBox } from "~/crypto/verify";
import type { ParametersJson } from "~/crypto/parameters";
import { Rational } from "~/domain/rational";
import { readServerKey } from "~/lib/keys.server";
import { findElection } from "~/queries/election.server";
import { findVoter } from "~/queries/resolutions.server";
import { listCandidacies } from "~/queries/seat-elections.server";
import { appendBallot, ballotBoxFile, checkBallot, collegeInBox, encryptChoice, encryptMarks, verifyBeforeBox } from "~/services/election.server";
import { RESOLUTION_QUESTION } from "~/services/election-core.server";
import { createOrgan } from "~/services/organs.server";
import { closeResolution, openResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { electionQuestion, secretElectionTotals } from "~/services/seat-election-box.server";
import { createElection, enterCandidacy } from "~/services/seat-elections.server";
import { createTestDb } from "../helpers/db";
import { SECRET_RULE } from "../helpers/secret";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

type Scic = Awaited<ReturnType<typeof makeVotingScic>>;

const SEATS = 2;

async function draftElection(s: Scic, ruleId: string, organId: string, number: string) {
  return createElection(db, {
    entityId: s.id,
    actorId: s.admin.id,
    resolution: { number, title: "Élection du conseil", body: "Deux sièges à pourvoir.", note: null, ruleId, kind: "ordinary", recommendation: null },
    setup: { organId, seats: SEATS, method: "plurinominal", rounds: 1, absoluteMajority: false, tieBreak: "seniority", candidacyDeadline: null, reserved: [] },
  });
}

/** A SCIC of two members a college, a secret rule and a board: an election of 2 seats with 4 candidacies, open. */
async function openSecretElection() {
  const s = await makeVotingScic(db, 2);
  const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "Élections secrètes", preset: null, rule: SECRET_RULE });
  const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: { name: "Conseil coopératif", kind: "cooperative-board", seats: 5, termMonths: 36, ruleId: null, reserved: [] } });
  const { id } = await draftElection(s, ruleId, organId, "E1");
  const candidates = [s.people["Associations"]![0]!, s.people["Entreprises"]![0]!, s.people["Collectivités"]![0]!, s.people["Salariés"]![0]!];
  for (const c of candidates) await enterCandidacy(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id, memberId: c.memberId, bornOn: null });
  // A voter of weight 2.5 in Associations: the totals are weighted.
  await db.updateTable("member").set({ voting_weight_micro: 2_500_000 }).where("id", "=", s.people["Associations"]![1]!.memberId).execute();
  await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
  const candidacies = (await listCandidacies(db, id)).map((c) => c.id);
  const election = await findElection(db, id);
  const parameters = JSON.parse(election!.parameters!) as ParametersJson;
  return { s, id, ruleId, organId, candidacies, parameters };
}

/** The voter's frozen college in the box and weight, as castVote reads them. */
async function frozen(parameters: ParametersJson, resolutionId: string, memberId: string) {
  const voter = await findVoter(db, resolutionId, memberId);
  if (!voter) throw new Error("not a voter");
  return { collegeId: collegeInBox(parameters.colleges, voter.college_id), weightMicro: voter.weight_micro };
}

/** What castVote does with a ballot: its proofs checked before the transaction, then appended inside one. */
async function cast(resolutionId: string, ballot: unknown, voter: { collegeId: string; weightMicro: number }) {
  const sent = await verifyBeforeBox(db, resolutionId, JSON.parse(JSON.stringify(ballot)));
  return db.transaction().execute((trx) => appendBallot(trx, { resolutionId, ballot: sent, collegeId: voter.collegeId, weightMicro: voter.weightMicro }));
}

/** The selections of a ballot from the candidacies it selects (by index in the box's order). */
const select = (n: number, picked: number[]) => Array.from({ length: n }, (_, i) => (picked.includes(i) ? 1 : 0));

describe("a secret election's ballot box", () => {
  it("freezes the candidacies and seats as the question, takes browser and server ballots, refuses more candidates than seats, and decrypts weighted totals per college and candidacy", async () => {
    const { s, id, candidacies, parameters } = await openSecretElection();
    expect(candidacies).toHaveLength(4);
    expect(parameters.question).toEqual({ answers: candidacies, min: 0, max: SEATS });
    expect(await electionQuestion(db, id)).toEqual({ answers: candidacies, min: 0, max: SEATS });
    expect(await secretElectionTotals(db, id)).toBeNull();

    // Who votes what: [college, member index, encrypted by, candidacies selected (indices)].
    const votes: [string, number, "browser" | "server", number[]][] = [
      ["Associations", 0, "browser", [0, 1]],
      ["Associations", 1, "server", [0]], // weight 2.5
      ["Entreprises", 0, "server", [1, 2]],
      ["Entreprises", 1, "browser", []], // blank: counts in the base
      ["Collectivités", 0, "browser", [2]],
      ["Salariés", 0, "server", [3, 0]],
    ];
    const expected = new Map<string, { ballots: Rational; marks: Rational[] }>();
    const trackers: string[] = [];
    for (const [college, i, by, picked] of votes) {
      const voter = await frozen(parameters, id, s.people[college]![i]!.memberId);
      const selections = select(candidacies.length, picked);
      const ballot: BallotJson =
        by === "browser"
          ? encryptSelections({ electionId: id, electionKey: parameters.electionKey, college: voter.collegeId, weightMicro: BigInt(voter.weightMicro), selections, min: 0, max: SEATS })
          : await encryptMarks(db, { resolutionId: id, collegeId: voter.collegeId, weightMicro: voter.weightMicro, selections });
      expect(ballot.choices).toHaveLength(candidacies.length);
      trackers.push((await cast(id, ballot, voter)).tracker);
      const weight = Rational.fromScaled(BigInt(voter.weightMicro), 1_000_000n);
      const e = expected.get(voter.collegeId) ?? { ballots: Rational.ZERO, marks: candidacies.map(() => Rational.ZERO) };
      e.ballots = e.ballots.add(weight);
      picked.forEach((k) => (e.marks[k] = e.marks[k]!.add(weight)));
      expected.set(voter.collegeId, e);
    }
    expect(new Set(trackers).size).toBe(votes.length);

    // More candidates than seats: the server refuses to encrypt it; a browser's ballot proving a
    // sum up to 3 does not answer the question (its overall proof has the wrong length) and is
    // refused by the box, checked before the transaction or in it; so is a motion's ballot.
    const other = await frozen(parameters, id, s.people["Collectivités"]![1]!.memberId);
    await expect(encryptMarks(db, { resolutionId: id, collegeId: other.collegeId, weightMicro: other.weightMicro, selections: select(4, [0, 1, 2]) })).rejects.toMatchObject({ key: "elections.errors.tooManyApprovals", status: 422, params: { count: 3, seats: SEATS } });
    await expect(encryptMarks(db, { resolutionId: id, collegeId: other.collegeId, weightMicro: other.weightMicro, selections: [1, 0, 0] })).rejects.toMatchObject({ key: "errors.invalidChoice", status: 422 });
    expect(() => encryptSelections({ electionId: id, electionKey: parameters.electionKey, college: other.collegeId, weightMicro: BigInt(other.weightMicro), selections: select(4, [0, 1, 2]), min: 0, max: SEATS })).toThrow(RangeError);
    const tooMany = encryptSelections({ electionId: id, electionKey: parameters.electionKey, college: other.collegeId, weightMicro: BigInt(other.weightMicro), selections: select(4, [0, 1, 2]), min: 0, max: 3 });
    await expect(cast(id, tooMany, other)).rejects.toMatchObject({ key: "secret.badBallot", status: 422 });
    await expect(db.transaction().execute((trx) => appendBallot(trx, { resolutionId: id, ballot: tooMany, collegeId: other.collegeId, weightMicro: other.weightMicro }))).rejects.toMatchObject({ key: "secret.badBallot" });
    await expect(checkBallot(db, { resolutionId: id, ballot: tooMany, collegeId: other.collegeId, weightMicro: other.weightMicro })).rejects.toMatchObject({ key: "secret.badBallot" });
    const motionBallot = encryptSelections({ electionId: id, electionKey: parameters.electionKey, college: other.collegeId, weightMicro: BigInt(other.weightMicro), selections: [1, 0, 0], min: 1, max: 1 });
    await expect(cast(id, motionBallot, other)).rejects.toMatchObject({ key: "secret.badBallot" });
    // A motion's server encryption does not apply to an election.
    await expect(encryptChoice(db, { resolutionId: id, collegeId: other.collegeId, weightMicro: other.weightMicro, choice: "for" })).rejects.toThrow(/encryptMarks/);
    // The refused ballots left nothing in the box.
    expect((await findElection(db, id))!.ballot_count).toBe(votes.length);

    // Closed as any secret vote: the box's sums per college and candidacy decrypted (server mode).
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    const counted = await findElection(db, id);
    expect(counted!.status).toBe("tallied");
    const totals = await secretElectionTotals(db, id);
    expect(totals).not.toBeNull();
    // One entry per college of the box, in the parameters' order ("none" is null).
    expect(totals!.map((t) => t.collegeId)).toEqual(parameters.colleges.map((c) => (c.id === "none" ? null : c.id)));
    for (const t of totals!) {
      const e = expected.get(t.collegeId ?? "none") ?? { ballots: Rational.ZERO, marks: candidacies.map(() => Rational.ZERO) };
      expect(t.ballots.toString()).toBe(e.ballots.toString());
      expect(t.marks.map((m) => m.candidacyId)).toEqual(candidacies);
      expect(t.marks.map((m) => m.for.toString())).toEqual(e.marks.map((m) => m.toString()));
    }
    // Associations: 1 + 2.5 in the base, candidacy 0 has 3.5, candidacy 1 has 1.
    const associations = totals!.find((t) => t.collegeId === s.colleges["Associations"])!;
    expect(associations.ballots.eq(Rational.parse("7/2")!)).toBe(true);
    expect(associations.marks.map((m) => m.for.toString())).toEqual([Rational.parse("7/2")!.toString(), "1", "0", "0"]);
    // The blank ballot of Entreprises weighs in its base, selecting nobody.
    const entreprises = totals!.find((t) => t.collegeId === s.colleges["Entreprises"])!;
    expect(entreprises.ballots.toString()).toBe("2");
    expect(entreprises.marks.map((m) => m.for.toString())).toEqual(["0", "1", "1", "0"]);

    // The published box verifies offline with its question of 4 candidacies and 2 seats.
    const { result: _, ...box } = (await ballotBoxFile(db, s.id, id)) as Record<string, unknown>;
    const verified = verifyBox(box);
    if (!verified.ok) throw new Error(verified.error);
    expect(verified.ballots).toBe(votes.length);
  });

  it("an election without a candidacy cannot open, and no key is made for it; a motion's box keeps the three-answer question", async () => {
    const s = await makeVotingScic(db, 1);
    const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "Élections secrètes", preset: null, rule: SECRET_RULE });
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: { name: "Conseil", kind: "board", seats: 3, termMonths: null, ruleId: null, reserved: [] } });
    const { id } = await draftElection(s, ruleId, organId, "E1");
    await expect(openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id })).rejects.toMatchObject({ key: "elections.errors.noCandidates", status: 409 });
    expect((await db.selectFrom("resolution").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("draft");
    expect(await findElection(db, id)).toBeUndefined();
    expect(readServerKey(id)).toBeNull();
    expect(await electionQuestion(db, id)).toEqual({ answers: [], min: 0, max: 0 });

    // One candidacy for two seats: a ballot selects at most the one there is.
    const [candidate] = s.people["Salariés"]!;
    await enterCandidacy(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id, memberId: candidate!.memberId, bornOn: null });
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
    const question = (JSON.parse((await findElection(db, id))!.parameters!) as ParametersJson).question;
    expect(question).toEqual({ answers: (await listCandidacies(db, id)).map((c) => c.id), min: 0, max: 1 });

    // A motion: for, against, abstain, exactly one, as before; its server ballots are unchanged.
    const motion = await makeOpenResolution(db, s, { rule: SECRET_RULE, number: "2" });
    const parameters = JSON.parse((await findElection(db, motion.id))!.parameters!) as ParametersJson;
    expect(parameters.question).toEqual({ answers: ["for", "against", "abstain"], min: 1, max: 1 });
    expect(parameters.question).toEqual(RESOLUTION_QUESTION);
    expect(await electionQuestion(db, motion.id)).toBeNull();
    const voter = await frozen(parameters, motion.id, s.people["Associations"]![0]!.memberId);
    const ballot = await encryptChoice(db, { resolutionId: motion.id, collegeId: voter.collegeId, weightMicro: voter.weightMicro, choice: "against" });
    expect(ballot.choices).toHaveLength(3);
    expect(ballot.overall).toHaveLength(1);
    await cast(motion.id, ballot, voter);
    // An election's ballot shape is refused in a motion's box.
    const four = encryptSelections({ electionId: motion.id, electionKey: parameters.electionKey, college: voter.collegeId, weightMicro: BigInt(voter.weightMicro), selections: [0, 1, 0, 0], min: 0, max: 2 });
    await expect(cast(motion.id, four, voter)).rejects.toMatchObject({ key: "secret.badBallot" });
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: motion.id });
    const tally = JSON.parse((await findElection(db, motion.id))!.tally!) as { colleges: { id: string; totals: string[] }[] };
    expect(tally.colleges.find((c) => c.id === voter.collegeId)!.totals).toEqual(["0", String(voter.weightMicro), "0"]);
  });
});
