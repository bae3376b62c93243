// A secret election by approval per candidate (issue 15) in the verifiable ballot box: per
// candidacy two ciphertexts, its marks "for" and "against" (abstain: neither), each proved 0 or
// 1, a proof per candidacy that at most one is 1, and the number of "for" proved between 0 and the
// seats (docs/ballot-box.md §4). The same ballots cast in a secret and in an open election give the
// same result; the published box verifies, offline too (npm run verify recounts the election).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { checkBoxResult } from "#db/verify-result";
import { encryptSelections, type BallotJson } from "~/crypto/ballot";
import type { ParametersJson } from "~/crypto/parameters";
import { verifyBox } from "~/crypto/verify";
import { electionSelections } from "~/domain/election-selections";
import { Rational } from "~/domain/rational";
import { findElection } from "~/queries/election.server";
import { findVoter } from "~/queries/resolutions.server";
import { listCandidacies } from "~/queries/seat-elections.server";
import { ballotBoxFile, collegeInBox, encryptMarks } from "~/services/election.server";
import { ballotsCsv } from "~/services/exports.server";
import { createOrgan } from "~/services/organs.server";
import { closeResolution, openResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { electionQuestion, secretElectionTotals } from "~/services/seat-election-box.server";
import { createElection, enterCandidacy } from "~/services/seat-elections.server";
import { castVote } from "~/services/voting.server";
import { createTestDb } from "../helpers/db";
import { SECRET_RULE } from "../helpers/secret";
import { runScript, SLOW } from "../helpers/tally-fixtures";
import { makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});
const tmp = mkdtempSync(path.join(tmpdir(), "cogere-approval-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Scic = Awaited<ReturnType<typeof makeVotingScic>>;
type Mark = "for" | "against" | "abstain";

const SEATS = 2;
/** Candidates: the first member of these colleges. */
const CANDIDATES = ["Associations", "Entreprises", "Salariés"];

/** An approval election of 2 seats with the three candidates, under a secret rule or an open one, open. */
async function openApprovalElection(s: Scic, organId: string, secret: boolean, number: string) {
  const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: `Élections ${number}`, preset: null, rule: { ...SECRET_RULE, secret } });
  const { id } = await createElection(db, {
    entityId: s.id,
    actorId: s.admin.id,
    resolution: { number, title: "Élection du conseil", body: "Deux sièges.", note: null, ruleId, kind: "ordinary", recommendation: null },
    setup: { organId, seats: SEATS, method: "approval", rounds: 1, absoluteMajority: false, tieBreak: "seniority", candidacyDeadline: null, reserved: [] },
  });
  for (const college of CANDIDATES) await enterCandidacy(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id, memberId: s.people[college]![0]!.memberId, bornOn: null });
  await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
  const candidacies = await listCandidacies(db, id);
  return { id, candidacies: candidacies.map((c) => c.id), memberOf: new Map(candidacies.map((c) => [c.id, c.memberId])) };
}

// Who votes what: [college, member index, encrypted by (secret vote), marks on the three candidates].
const VOTES: [string, number, "browser" | "server", [Mark, Mark, Mark]][] = [
  ["Associations", 0, "browser", ["for", "against", "abstain"]],
  ["Associations", 1, "server", ["for", "for", "against"]], // weight 2.5
  ["Associations", 2, "browser", ["against", "abstain", "for"]],
  ["Entreprises", 0, "server", ["abstain", "for", "against"]],
  ["Entreprises", 1, "browser", ["for", "abstain", "abstain"]],
  ["Collectivités", 0, "server", ["against", "against", "against"]],
  ["Collectivités", 1, "browser", ["abstain", "abstain", "abstain"]],
  ["Salariés", 0, "browser", ["for", "against", "for"]],
  ["Salariés", 1, "server", ["for", "for", "abstain"]],
];

const marksOf = (candidacies: string[], marks: readonly Mark[]) => Object.fromEntries(candidacies.map((c, k) => [c, marks[k]!]));

/** The voter's frozen college in the box and weight, as the page gives them to the browser. */
async function frozenVoter(parameters: ParametersJson, resolutionId: string, memberId: string) {
  const voter = await findVoter(db, resolutionId, memberId);
  if (!voter) throw new Error("not a voter");
  return { collegeId: collegeInBox(parameters.colleges, voter.college_id), weightMicro: voter.weight_micro };
}

/** What ElectionBallot does in the browser: the marks encrypted as the box's question says. */
function browserBallot(parameters: ParametersJson, voter: { collegeId: string; weightMicro: number }, marks: Record<string, Mark>): BallotJson {
  const { selections, perAnswer } = electionSelections("approval", parameters.question.answers, marks);
  return encryptSelections({ electionId: parameters.electionId, electionKey: parameters.electionKey, college: voter.collegeId, weightMicro: BigInt(voter.weightMicro), selections, min: 0, max: parameters.question.max, ...(perAnswer ? { perAnswer } : {}) });
}

/** The frozen election result with candidacy ids replaced by member ids (the two elections' candidacies differ). */
async function frozenResult(id: string, memberOf: Map<string, string>) {
  const row = await db.selectFrom("resolution").select("result").where("id", "=", id).executeTakeFirstOrThrow();
  let text = JSON.stringify((JSON.parse(row.result!) as { election: { result: unknown } }).election.result);
  for (const [candidacy, member] of memberOf) text = text.split(candidacy).join(member);
  return JSON.parse(text) as { elected: string[]; tieBreaks: unknown[]; candidates: { id: string; for: string; against: string }[] };
}

describe("a secret approval election", () => {
  it(
    "takes browser and server ballots with for / against / abstain on each candidate, refuses two marks or more for than seats, and gives the open election's result; its box verifies",
    async () => {
      const s = await makeVotingScic(db, 3);
      await db.updateTable("member").set({ voting_weight_micro: 2_500_000 }).where("id", "=", s.people["Associations"]![1]!.memberId).execute();
      const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: { name: "Conseil coopératif", kind: "cooperative-board", seats: 6, termMonths: 36, ruleId: null, reserved: [] } });
      const secret = await openApprovalElection(s, organId, true, "E1");
      const open = await openApprovalElection(s, organId, false, "E2");
      const parameters = JSON.parse((await findElection(db, secret.id))!.parameters!) as ParametersJson;
      expect(parameters.question).toEqual({ answers: secret.candidacies, min: 0, max: SEATS, marks: ["for", "against"] });
      expect(await electionQuestion(db, secret.id)).toEqual(parameters.question);

      for (const [college, i, by, marks] of VOTES) {
        const person = s.people[college]![i]!;
        const onSecret = marksOf(secret.candidacies, marks);
        if (by === "browser") {
          const ballot = browserBallot(parameters, await frozenVoter(parameters, secret.id, person.memberId), onSecret);
          expect(ballot.choices).toHaveLength(6);
          expect(ballot.groups).toHaveLength(3);
          await castVote(db, { entityId: s.id, userId: person.userId, resolutionId: secret.id, ballot: JSON.stringify(ballot) });
        } else {
          await castVote(db, { entityId: s.id, userId: person.userId, resolutionId: secret.id, marks: onSecret });
        }
        await castVote(db, { entityId: s.id, userId: person.userId, resolutionId: open.id, marks: marksOf(open.candidacies, marks) });
      }

      // Refused, nothing written: for to more candidates than seats (server and browser), for and
      // against on one candidate (server; the browser cannot encrypt it), a ballot of the plurinominal
      // format (no group proofs), a ballot whose group proofs are swapped.
      const other = s.people["Collectivités"]![2]!;
      const voter = await frozenVoter(parameters, secret.id, other.memberId);
      const cast = (ballot: unknown) => castVote(db, { entityId: s.id, userId: other.userId, resolutionId: secret.id, ballot: JSON.stringify(ballot) });
      await expect(castVote(db, { entityId: s.id, userId: other.userId, resolutionId: secret.id, marks: marksOf(secret.candidacies, ["for", "for", "for"]) })).rejects.toMatchObject({ key: "elections.errors.tooManyApprovals", status: 422 });
      await expect(encryptMarks(db, { resolutionId: secret.id, ...voter, selections: [1, 0, 1, 0, 1, 0] })).rejects.toMatchObject({ key: "elections.errors.tooManyApprovals", params: { count: 3, seats: SEATS } });
      await expect(encryptMarks(db, { resolutionId: secret.id, ...voter, selections: [1, 1, 0, 0, 0, 0] })).rejects.toMatchObject({ key: "errors.invalidChoice", status: 422 });
      await expect(encryptMarks(db, { resolutionId: secret.id, ...voter, selections: [1, 0, 0] })).rejects.toMatchObject({ key: "errors.invalidChoice" });
      expect(() => browserBallot(parameters, voter, marksOf(secret.candidacies, ["for", "for", "for"]))).toThrow(RangeError);
      const base = { electionId: secret.id, electionKey: parameters.electionKey, college: voter.collegeId, weightMicro: BigInt(voter.weightMicro), min: 0, max: SEATS };
      await expect(cast(encryptSelections({ ...base, selections: [1, 0, 0, 1, 0, 0] }))).rejects.toMatchObject({ key: "secret.badBallot", status: 422 });
      const valid = browserBallot(parameters, voter, marksOf(secret.candidacies, ["for", "against", "abstain"]));
      await expect(cast({ ...valid, groups: [valid.groups![1], valid.groups![0], valid.groups![2]] })).rejects.toMatchObject({ key: "secret.badBallot", params: { message: "proof that answer 1 has at most one mark fails" } });
      expect((await findElection(db, secret.id))!.ballot_count).toBe(VOTES.length);

      await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: secret.id });
      await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: open.id });
      expect((await findElection(db, secret.id))!.status).toBe("tallied");

      // The box's totals: per college and candidacy, the weight of for and of against.
      const totals = (await secretElectionTotals(db, secret.id))!;
      const expected = (college: string, k: number, mark: Mark) =>
        VOTES.filter(([c, , , m]) => c === college && m[k] === mark).reduce((sum, [c, i]) => sum.add(c === "Associations" && i === 1 ? Rational.parse("5/2")! : Rational.ONE), Rational.ZERO);
      for (const college of ["Associations", "Entreprises", "Collectivités", "Salariés"]) {
        const t = totals.find((x) => x.collegeId === s.colleges[college])!;
        expect(t.marks.map((m) => [m.for.toString(), m.against!.toString()])).toEqual(
          [0, 1, 2].map((k) => [expected(college, k, "for").toString(), expected(college, k, "against").toString()]),
        );
      }
      const associations = totals.find((x) => x.collegeId === s.colleges["Associations"])!;
      expect(associations.marks.map((m) => m.for.toString())).toEqual(["7/2", "5/2", "1"]);

      // The same ballots, counted in secret and in the open: the same result, candidate by candidate.
      const fromBox = await frozenResult(secret.id, secret.memberOf);
      const fromOpen = await frozenResult(open.id, open.memberOf);
      expect(fromBox.tieBreaks).toEqual([]);
      expect(fromBox.elected).toHaveLength(SEATS);
      expect(fromBox).toEqual(fromOpen);

      // The CSV of the box's totals: for and against per college and candidate.
      const row = await db.selectFrom("resolution").selectAll().where("id", "=", secret.id).executeTakeFirstOrThrow();
      let csv = "";
      for await (const chunk of ballotsCsv(db, row, true, "fr")) csv += chunk;
      const lines = csv.replace(/^\uFEFF/, "").trimEnd().split(/\r?\n/);
      expect(lines[0]).toBe("college;canal;candidat;pour;contre");
      expect(lines).toContain(`Associations;ballot-box;${s.people["Associations"]![0]!.name};3.5;1`);

      // The published box verifies, and its result recounts from the decrypted totals.
      const { result, ...box } = (await ballotBoxFile(db, s.id, secret.id)) as Record<string, unknown> & { result: { totals: { marks: { against?: string }[] }[] } };
      expect(result.totals.every((t) => t.marks.every((m) => m.against !== undefined))).toBe(true);
      const verified = verifyBox(box);
      if (!verified.ok) throw new Error(verified.error);
      expect(verified.ballots).toBe(VOTES.length);
      const colleges = verified.colleges.map((c) => ({ id: c.id, totals: c.totals!, weightMicro: c.weightMicro }));
      expect(colleges.every((c) => c.totals.length === 6)).toBe(true);
      expect(checkBoxResult(result, parameters.question.answers, parameters.colleges, colleges, parameters.question.marks)).toMatchObject({ ok: true, election: true });
      expect(checkBoxResult(result, parameters.question.answers, parameters.colleges, colleges, ["against", "for"])).toMatchObject({ ok: false });

      const boxFile = path.join(tmp, `box-${secret.id}.json`);
      writeFileSync(boxFile, JSON.stringify({ ...box, result }));
      const cli = await runScript("db/verify.ts", boxFile, "--threads", "2");
      expect(cli.stderr).toBe("");
      expect(cli.status).toBe(0);
      expect(cli.stdout).toContain(`${secret.candidacies[0]} for 3.5, ${secret.candidacies[0]} against 1`);
      expect(cli.stdout).toContain("it matches the published result, field by field.");
    },
    SLOW,
  );
});
