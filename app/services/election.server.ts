// Verifiable secret ballots, server side (docs/ballot-box.md, app/crypto/): the election of a
// secret resolution, its parameters frozen at opening and its ballot box. The close, the
// decryption of the per-college sums and the downloadable box are in election-count.server.ts
// and election-box.server.ts. No single ballot is ever decrypted.
import { encryptSelections, verifyBallot, type BallotJson } from "~/crypto/ballot";
import { ballotTracker, chainLink, chainStart } from "~/crypto/box";
import { hashJson } from "~/crypto/encoding";
import { pointToHex } from "~/crypto/group";
import { makeParameters, parametersHash, questionShape, type QuestionJson } from "~/crypto/parameters";
import { combineKeys, decodeTrusteeKey, generateTrusteeKey, type TrusteeKeyJson } from "~/crypto/trustee";
import { Rational } from "~/domain/rational";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { writeServerKey } from "~/lib/keys.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as q from "~/queries/election.server";
import { findEntityById } from "~/queries/entities.server";
import { findResolution, resolutionColleges } from "~/queries/resolutions.server";
import { boxCollegeId, checkBallotForVote, collegeInBox, inTransaction, NO_COLLEGE, parametersOf, SECRET_CHOICES, type BallotCheck, type SecretChoice } from "./election-core.server";
import { resolutionQuestion } from "./seat-election-box.server";
import { verifyPool, VerifyQueueFull } from "./verify-pool.server";

export { ballotBoxFile } from "./election-box.server";
export { completeCounting, countingSums } from "./election-count.server";
export { boxCollegeId, collegeInBox, NO_COLLEGE, SECRET_CHOICES, type SecretChoice } from "./election-core.server";

/**
 * Server mode by default: creates the election, the server trustee (position 0, user_id null,
 * name "server") with generateTrusteeKey, writes the secret to the key file and sets status
 * 'ready'. Idempotent; a trustee-mode election (created by setTrustees) is left as it is.
 */
export async function ensureElection(db: Db, input: { entityId: string; resolutionId: string; now?: Date }): Promise<void> {
  const now = (input.now ?? new Date()).toISOString();
  await inTransaction(db, async (trx) => {
    // The resolution locked first, as for every change of its election: one key is made and
    // written to the key file, never a second one over it by a request at the same moment.
    await findResolution(trx, input.entityId, input.resolutionId, "no key update");
    if (await q.findElection(trx, input.resolutionId)) return;
    const { secretKey, key } = generateTrusteeKey(input.resolutionId, "server");
    // The secret goes to the key file only: never to the database, never to a log.
    writeServerKey(input.resolutionId, secretKey);
    await q.insertElection(trx, { resolution_id: input.resolutionId, entity_id: input.entityId, mode: "server", status: "ready", election_key: key.publicKey, created_at: now });
    await q.insertTrustee(trx, { resolution_id: input.resolutionId, position: 0, user_id: null, name: "server", public_key: key.publicKey, key_json: JSON.stringify(key), key_at: now });
    await insertAuditEvent(trx, { entityId: input.entityId, action: "election.created", subject: { type: "resolution", id: input.resolutionId }, detail: { mode: "server", publicKey: key.publicKey }, now: new Date(now) });
  });
}

/** The trustees' published keys in order; AppError 409 "secret.keysMissing" naming those still missing. */
async function trusteeKeys(db: Db, resolutionId: string): Promise<TrusteeKeyJson[]> {
  const trustees = await q.listTrustees(db, resolutionId);
  if (trustees.length === 0) throw new AppError("secret.noElection", {}, 409);
  const missing = trustees.filter((t) => t.key_json == null);
  if (missing.length > 0) throw new AppError("secret.keysMissing", { names: missing.map((t) => t.userName ?? t.name).join(", "), count: missing.length }, 409);
  return trustees.map((t) => JSON.parse(t.key_json as string) as TrusteeKeyJson);
}

/** The election key (hex) to encrypt under; AppError("secret.keysMissing", { names }, 409) while trustees are missing. */
export async function electionKeyOf(db: Db, resolutionId: string): Promise<string> {
  const election = await q.findElection(db, resolutionId);
  if (!election) throw new AppError("secret.noElection", {}, 409);
  return keyOf(db, election);
}

async function keyOf(db: Db, election: q.ElectionRow): Promise<string> {
  const keys = await trusteeKeys(db, election.resolution_id);
  if (election.election_key) return election.election_key;
  return pointToHex(combineKeys(keys.map((k, i) => decodeTrusteeKey(k, `trustees[${i}]`).publicKey)));
}

/**
 * What a ballot of this vote is encrypted under and answers: the election key (409 while
 * trustees' keys are missing) and the question — frozen in the parameters once the box is open,
 * before (a postal vote at the notice) the resolution's as it stands.
 */
async function ballotTerms(db: Db, resolutionId: string): Promise<{ electionKey: string; question: QuestionJson }> {
  const election = await q.findElection(db, resolutionId);
  if (!election) throw new AppError("secret.noElection", {}, 409);
  const electionKey = await keyOf(db, election);
  if (election.parameters) return { electionKey, question: parametersOf(election.parameters).json.question };
  const r = await findResolution(db, election.entity_id, resolutionId);
  if (!r) notFound();
  return { electionKey, question: await resolutionQuestion(db, r) };
}

/** Whether a question is a motion's: for, against, abstain, exactly one. */
function isMotionQuestion(question: QuestionJson): boolean {
  return question.marks === undefined && question.min === 1 && question.max === 1 && question.answers.length === SECRET_CHOICES.length && SECRET_CHOICES.every((c, i) => question.answers[i] === c);
}

/**
 * A voter's college in the vote's box, from their frozen college: the parameters' once the vote
 * is open; before (a postal vote at the notice), their college, or "none" when the entity does
 * not vote by colleges.
 */
export async function ballotCollege(db: Db, input: { entityId: string; resolutionId: string; collegeId: string | null }): Promise<string> {
  const election = await q.findElection(db, input.resolutionId);
  if (election?.parameters) return collegeInBox(parametersOf(election.parameters).colleges, input.collegeId);
  const entity = await findEntityById(db, input.entityId);
  return entity?.colleges_enabled === 1 ? boxCollegeId(input.collegeId) : NO_COLLEGE;
}

/**
 * Server-side encryption of a motion's ballot (no JavaScript, paper forms, blank proxies): the
 * plaintext lives only in memory. An election's ballot is encrypted by encryptMarks (throws here).
 */
export async function encryptChoice(db: Db, input: { resolutionId: string; collegeId: string; weightMicro: number; choice: SecretChoice }): Promise<BallotJson> {
  const { electionKey, question } = await ballotTerms(db, input.resolutionId);
  if (!isMotionQuestion(question)) throw new Error(`vote ${input.resolutionId} is an election: its ballots are encrypted by encryptMarks, not encryptChoice`);
  const choice = SECRET_CHOICES.indexOf(input.choice);
  if (choice < 0) throw new RangeError(`choice ${JSON.stringify(input.choice)} is not one of ${SECRET_CHOICES.join(", ")}`);
  return encryptSelections({
    electionId: input.resolutionId,
    electionKey,
    college: input.collegeId,
    weightMicro: BigInt(input.weightMicro),
    selections: SECRET_CHOICES.map((_, i) => (i === choice ? 1 : 0)),
    min: question.min,
    max: question.max,
  });
}

/**
 * Server-side encryption of an election's ballot (no JavaScript): `selections[i]` is 1 when the
 * ballot selects the candidacy answers[i] of the vote's question (its candidacies in their order
 * at opening), else 0; all 0 is a blank ballot. Approval per candidate (a question with marks):
 * two per candidacy, [for, against], at most one 1 (electionSelections). The plaintext lives only
 * in memory. AppError 422 on "candidateIds": "errors.invalidChoice" when the selections do not
 * match the question, "elections.errors.tooManyApprovals" when they select (approval: say for to)
 * more candidates than there are seats.
 */
export async function encryptMarks(db: Db, input: { resolutionId: string; collegeId: string; weightMicro: number; selections: number[] }): Promise<BallotJson> {
  const { electionKey, question } = await ballotTerms(db, input.resolutionId);
  const { choices, perAnswer } = questionShape(question);
  const per = perAnswer ?? 1;
  const { selections } = input;
  const invalid = () => new AppError("errors.invalidChoice", { field: "candidateIds" }, 422, "candidateIds");
  if (selections.length !== choices || selections.some((s) => s !== 0 && s !== 1)) throw invalid();
  const answers = question.answers.map((_, a) => selections.slice(a * per, (a + 1) * per));
  if (answers.some((marks) => marks.reduce((x, y) => x + y, 0) > 1)) throw invalid();
  const count = answers.reduce((n, marks) => n + (marks[0] ?? 0), 0);
  if (count > question.max) throw new AppError("elections.errors.tooManyApprovals", { count, seats: question.max }, 422, "candidateIds");
  if (count < question.min) throw invalid();
  return encryptSelections({
    electionId: input.resolutionId,
    electionKey,
    college: input.collegeId,
    weightMicro: BigInt(input.weightMicro),
    selections: [...selections],
    min: question.min,
    max: question.max,
    ...(perAnswer !== undefined ? { perAnswer } : {}),
  });
}

const bad = (message: string) => new AppError("secret.badBallot", { message }, 422, "ballot");

/**
 * Checks a ballot against the election key alone (before the box opens, e.g. a postal vote at
 * the notice): proofs bound to this vote and its question (the parameters' once the box is open,
 * else the resolution's as it stands), and the college and weight the voter must have.
 */
export async function checkBallot(db: Db, input: { resolutionId: string; ballot: unknown; collegeId: string; weightMicro: number }): Promise<{ ballot: BallotJson; tracker: string }> {
  const { electionKey, question } = await ballotTerms(db, input.resolutionId);
  const check = verifyBallot(input.ballot, input.resolutionId, electionKey, questionShape(question));
  if (!check.ok) throw bad(check.error);
  if (check.ballot.college !== input.collegeId) throw bad(`the ballot is for college ${JSON.stringify(check.ballot.college)}, the voter's college is ${JSON.stringify(input.collegeId)}`);
  if (check.ballot.weightMicro !== BigInt(input.weightMicro)) throw bad(`the ballot has weight ${check.ballot.weightMicro}, the voter's frozen weight is ${input.weightMicro}`);
  const ballot = input.ballot as BallotJson;
  return { ballot, tracker: ballotTracker(ballot) };
}

/**
 * A received ballot checked against its vote's parameters before the transaction
 * (verifyBeforeBox): the parameters it was checked against, and what the checks found.
 */
export class VerifiedBallot {
  constructor(
    readonly resolutionId: string,
    readonly parameters: string,
    readonly check: BallotCheck,
  ) {}
}

/**
 * Before the vote's transaction, off the event loop: the checks of a received ballot that need
 * only the box's parameters (its proofs above all: several ms of CPU), in a worker thread. Gives
 * a VerifiedBallot for appendBallot, or the value as it came when the box does not take ballots
 * (appendBallot then says why). Never refuses the ballot itself: appendBallot does, inside the
 * transaction after the voter's own checks, with the same error as ever. AppError 429
 * "secret.queueFull" when too many ballots are waiting to be verified.
 */
export async function verifyBeforeBox(db: Db, resolutionId: string, value: unknown): Promise<unknown> {
  if (value === null || value === undefined) return value;
  const election = await q.findElection(db, resolutionId);
  if (!election?.parameters || election.head == null || election.status !== "ready") return value;
  try {
    return new VerifiedBallot(resolutionId, election.parameters, await verifyPool().check(resolutionId, election.parameters, value));
  } catch (e) {
    if (e instanceof VerifyQueueFull) throw new AppError("secret.queueFull", {}, 429, "ballot");
    throw e;
  }
}

/**
 * The checks of a ballot that need no database: done before the transaction (a VerifiedBallot),
 * provided they were done against this box's parameters exactly — the vote's id, key, question,
 * colleges and weights — else done here, in this thread (closing, postal votes).
 */
function checkFor(resolutionId: string, parameters: string, ballot: unknown): BallotCheck {
  if (!(ballot instanceof VerifiedBallot)) return checkBallotForVote(parameters, ballot);
  if (ballot.resolutionId !== resolutionId || ballot.parameters !== parameters) return { ok: false, error: "the ballot was verified against the parameters of another vote" };
  return ballot.check;
}

/**
 * Inside the caller's transaction: the ballot's proofs bound to this election, college and
 * weight (checked before by verifyBeforeBox, else here), the college and weight the voter must
 * have, not a copy, then appended to the chain. AppError 422 "secret.badBallot" with the
 * verifier's message on failure; nothing written.
 */
export async function appendBallot(trx: Db, input: { resolutionId: string; ballot: unknown; collegeId: string; weightMicro: number }): Promise<{ tracker: string; link: string }> {
  // Locked until the ballot's transaction ends: ballots cast at once join the chain one after the
  // other, each after the head the one before left (PostgreSQL; SQLite's writers take turns).
  const election = await q.findElection(trx, input.resolutionId, "no key update");
  if (!election || !election.parameters || election.head == null) throw new AppError("secret.boxNotOpen", {}, 409);
  if (election.status !== "ready") throw new AppError("voting.closed", {}, 409);
  const check = checkFor(input.resolutionId, election.parameters, input.ballot);
  if (!check.ok) throw bad(check.error);
  if (check.college !== input.collegeId) throw bad(`the ballot is for college ${JSON.stringify(check.college)}, the voter's college is ${JSON.stringify(input.collegeId)}`);
  if (BigInt(check.weightMicro) !== BigInt(input.weightMicro)) throw bad(`the ballot has weight ${check.weightMicro}, the voter's frozen weight is ${input.weightMicro}`);
  const { tracker } = check;
  if (await q.findTracker(trx, input.resolutionId, tracker)) throw bad(`a ballot with tracker ${tracker} is already in the box`);
  const link = chainLink(election.head, tracker);
  const position = election.ballot_count + 1;
  await q.insertEncryptedBallot(trx, { resolution_id: input.resolutionId, position, tracker, college_id: input.collegeId, weight_micro: input.weightMicro, ballot: check.text, link });
  if (!(await q.advanceHead(trx, input.resolutionId, { head: election.head, count: election.ballot_count }, link))) {
    throw new AppError("secret.busy", {}, 409);
  }
  return { tracker, link };
}

/**
 * The electorate's hash in the parameters (docs/ballot-box.md §5): SHA-256 of the canonical JSON
 * of ["cogere/electorate/v1", vote id, [[member id, college id in the box, weight in millionths], …]]
 * sorted by member id.
 */
export function electorateHash(resolutionId: string, voters: { memberId: string; collegeId: string; weightMicro: number }[]): string {
  const rows = [...voters].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0)).map((v) => [v.memberId, v.collegeId, String(v.weightMicro)]);
  return hashJson(["cogere/electorate/v1", resolutionId, rows]);
}

/**
 * When the vote opens, inside its transaction (the electorate is frozen): the election (server
 * mode unless trustees were named), every trustee's key (409 naming who is missing), the
 * parameters with the question (a motion's: for, against, abstain, exactly one; an election's:
 * its candidacies in their order, between 0 and the seats, approval with the marks for and
 * against on each — openResolution refuses an election
 * without candidacies before any key is made), the colleges and their voters per weight, and the
 * chain's start.
 */
export async function openBox(trx: Db, input: { entityId: string; resolutionId: string; now: Date }): Promise<void> {
  const r = await findResolution(trx, input.entityId, input.resolutionId);
  if (!r) notFound();
  const question = await resolutionQuestion(trx, r);
  await ensureElection(trx, input);
  const election = await q.findElection(trx, input.resolutionId);
  if (!election) throw new AppError("secret.noElection", {}, 409);
  if (election.ballot_count > 0) throw new AppError("secret.boxNotEmpty", {}, 409);
  const trustees = await trusteeKeys(trx, input.resolutionId);
  const [colleges, weights, voters] = await Promise.all([resolutionColleges(trx, input.resolutionId), q.electorateWeights(trx, input.resolutionId), q.electorateForHash(trx, input.resolutionId)]);
  // The vote's colleges in their order; voters outside them (colleges turned off, or a college
  // without weight under headcount, or none) vote in "none".
  const known = new Set(colleges.map((c) => c.college_id));
  const inBox = (id: string | null) => (id !== null && known.has(id) ? id : NO_COLLEGE);
  const votersOf = (id: string) => {
    const counts = new Map<bigint, number>();
    for (const w of weights) if (inBox(w.collegeId) === id) counts.set(BigInt(w.weightMicro), (counts.get(BigInt(w.weightMicro)) ?? 0) + Number(w.count));
    return [...counts].map(([weightMicro, count]) => ({ weightMicro, count }));
  };
  const boxColleges = colleges.map((c) => ({ id: c.college_id, weight: Rational.of(c.weight_num, c.weight_den).toString(), voters: votersOf(c.college_id) }));
  if (boxColleges.length === 0 || weights.some((w) => inBox(w.collegeId) === NO_COLLEGE)) {
    boxColleges.push({ id: NO_COLLEGE, weight: colleges.length === 0 ? "1" : "0", voters: votersOf(NO_COLLEGE) });
  }
  const parameters = makeParameters({
    electionId: input.resolutionId,
    question,
    trustees,
    colleges: boxColleges,
    electorateHash: electorateHash(input.resolutionId, voters.map((v) => ({ ...v, collegeId: inBox(v.collegeId) }))),
  });
  await q.updateElection(trx, input.resolutionId, {
    parameters: JSON.stringify(parameters),
    election_key: parameters.electionKey,
    head: chainStart(parametersHash(parameters)),
    ballot_count: 0,
    status: "ready",
  });
}

/** Where a tracker is in the box of a resolution of this entity: its place in the chain, or null. Never the choice. */
export async function findBallot(db: Db, input: { entityId: string; resolutionId: string; tracker: string }): Promise<{ position: number } | null> {
  if (!(await findResolution(db, input.entityId, input.resolutionId))) notFound();
  const t = input.tracker.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(t)) return null;
  const row = await q.findTracker(db, input.resolutionId, t);
  return row ? { position: row.position } : null;
}
