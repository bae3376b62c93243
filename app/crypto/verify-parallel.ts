/**
 * The part of a box's verification that can run in parallel (docs/ballot-box.md §7, step 2): each
 * ballot's proofs, which depend on the ballot and the parameters only. A caller splits the ballots
 * into slices, checks each slice elsewhere (db/verify-parallel.ts uses worker threads), then runs
 * verifyBox with `proofsChecked` set to the failures found: the chain, trackers, weights and tally
 * are checked there, in order, and the first failure is the one the sequential verifier reports.
 */
import { checkBallotProofs, decodeBallot } from "./ballot";
import { CryptoFormatError, expectRecord } from "./encoding";
import { decodeParameters } from "./parameters";

export interface SliceFailure {
  /** The ballot's number in the box, counted from 1. */
  ballot: number;
  error: string;
}

/** `count` ballots in at most `parts` contiguous slices of nearly equal size: [start, end) indexes. */
export function slices(count: number, parts: number): [number, number][] {
  const n = Math.max(1, Math.min(parts, count));
  return Array.from({ length: n }, (_, i) => [Math.floor((i * count) / n), Math.floor(((i + 1) * count) / n)] as [number, number]).filter(([a, b]) => b > a);
}

/**
 * Checks the proofs of a slice of a box's ballots (entries as published, the first being ballot
 * number `first`). Returns the first failure (a ballot that does not decode, or whose proofs fail),
 * or null.
 */
export function checkSliceProofs(parameters: unknown, entries: readonly unknown[], first: number): SliceFailure | null {
  const params = decodeParameters(parameters);
  for (const [i, value] of entries.entries()) {
    const n = first + i;
    try {
      const ballot = decodeBallot(expectRecord(value, "entry").ballot, params.question);
      const error = checkBallotProofs(ballot, params.electionId, params.electionKey, params.question);
      if (error !== null) return { ballot: n, error };
    } catch (e) {
      if (e instanceof CryptoFormatError) return { ballot: n, error: e.message };
      throw e;
    }
  }
  return null;
}
