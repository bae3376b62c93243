// What the secret-ballot services share: the question of a resolution, the box's college names,
// the decoded parameters of a vote (their trustees' proofs are checked once, then kept), and the
// checks of a received ballot that need no database (run in worker threads: verify-pool.server.ts).
// Relative imports only: the verifying worker loads this file without the app's path aliases.
import { checkBallotProofs, decodeBallot, type BallotJson, type DecodedBallot } from "../crypto/ballot";
import { ballotTracker, checkBallotPlace } from "../crypto/box";
import { canonicalJson, CryptoFormatError } from "../crypto/encoding";
import { decodeParameters, type Parameters, type ParametersJson } from "../crypto/parameters";
import type { Db } from "../lib/db.server";

export type SecretChoice = "for" | "against" | "abstain";
/** The question of every resolution, in the order of the ciphertexts. */
export const SECRET_CHOICES = ["for", "against", "abstain"] as const;
export const RESOLUTION_QUESTION = { answers: [...SECRET_CHOICES], min: 1, max: 1 };

/** The box's name for a voter's college: members outside any college vote in the college "none". */
export const NO_COLLEGE = "none";
export function boxCollegeId(collegeId: string | null): string {
  return collegeId ?? NO_COLLEGE;
}

/**
 * A voter's college in a box whose colleges are known (the parameters'): their own when it is
 * a college of the vote, else "none" — a college that does not count in the vote (colleges
 * turned off, or without weight under headcount) gets no totals of its own in the box.
 */
export function collegeInBox(colleges: readonly { id: string }[], collegeId: string | null): string {
  return collegeId !== null && collegeId !== NO_COLLEGE && colleges.some((c) => c.id === collegeId) ? collegeId : NO_COLLEGE;
}
export function collegeOfBox(id: string): string | null {
  return id === NO_COLLEGE ? null : id;
}

/** Runs `f` in the caller's transaction, or in a new one. */
export function inTransaction<T>(db: Db, f: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? f(db) : db.transaction().execute(f);
}

const decoded = new Map<string, Parameters>();
/** The decoded parameters of a vote from their stored text (kept for the next ballots). */
export function parametersOf(text: string): Parameters {
  let p = decoded.get(text);
  if (!p) {
    p = decodeParameters(JSON.parse(text) as ParametersJson);
    if (decoded.size >= 64) decoded.delete(decoded.keys().next().value as string);
    decoded.set(text, p);
  }
  return p;
}

/** A received ballot after the checks that need no database: what the box stores of it, or why it is refused. */
export type BallotCheck = { ok: true; college: string; weightMicro: string; tracker: string; text: string } | { ok: false; error: string };

/**
 * The checks of a received ballot that depend on the vote's parameters alone (docs/ballot-box.md
 * §4–5): it decodes, every proof holds for this vote's id, key and question, and its college and
 * weight are among the frozen ones; then its canonical text and tracker. Pure, and several ms of
 * CPU: the caller runs it in a worker thread, before the vote's transaction.
 */
export function checkBallotForVote(parametersText: string, value: unknown): BallotCheck {
  const params = parametersOf(parametersText);
  let ballot: DecodedBallot;
  try {
    ballot = decodeBallot(value, params.question);
  } catch (e) {
    if (e instanceof CryptoFormatError) return { ok: false, error: e.message };
    throw e;
  }
  // Proofs first, then the place in the box: the order in which failures were always reported.
  const error = checkBallotProofs(ballot, params.electionId, params.electionKey, params.question) ?? checkBallotPlace(params, ballot);
  if (error !== null) return { ok: false, error };
  // decodeBallot allowed no other field, so this text is the ballot exactly as its tracker hashes it.
  return { ok: true, college: ballot.college, weightMicro: ballot.weightMicro.toString(), tracker: ballotTracker(value as BallotJson), text: canonicalJson(value) };
}
