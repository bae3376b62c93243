/**
 * Universal verification of a published ballot box (docs/ballot-box.md §7): anyone can run it on
 * the box alone. It checks the parameters (trustees' proofs, election key), every ballot (shape,
 * tracker, proofs, college and frozen weight), unique trackers, the hash chain and its head; after
 * the close it recomputes the encrypted sums, checks every decryption proof and every total. It
 * returns the per-college totals or the first failure, naming what failed.
 */
import { ballotTracker, chainLink, chainStart, checkBallotForBox, checkBallotPlace, WeightCounter } from "./box";
import { decodeBallot, type BallotJson, type DecodedBallot } from "./ballot";
import { ciphertextFromJson, decryptsTo, type Ciphertext } from "./elgamal";
import { CryptoFormatError, expectArray, expectCount, expectDecimal, expectHash, expectRecord } from "./encoding";
import { IDENTITY, type Point } from "./group";
import { decodeParameters, type Parameters } from "./parameters";
import { TallyAccumulator, type EncryptedCollegeSums } from "./tally";
import { checkShare, decodeShare } from "./trustee";

export interface CollegeResult {
  id: string;
  ballots: number;
  /** Σ of the college's ballot weights, millionths. */
  weightMicro: bigint;
  /** Per choice, millionths; null while the box has no tally. */
  totals: bigint[] | null;
}

export type BoxVerification =
  | { ok: true; ballots: number; head: string; colleges: CollegeResult[] }
  | { ok: false; error: string };

export interface VerifyOptions {
  /** A head obtained elsewhere (published at the close, kept by an observer): the box must end there. */
  head?: string;
  /** Chain links kept by voters as receipts: each must be a link of the box. */
  receipts?: readonly string[];
  /**
   * The ballots' proofs were checked elsewhere (in parallel, see verify-parallel.ts): what failed,
   * by ballot number counted from 1 (the first failure of each slice is enough). Proofs are then
   * not checked again; everything else is, in the same order, so the first failure is the same.
   */
  proofsChecked?: ReadonlyMap<number, string>;
}

function fail(message: string): never {
  throw new CryptoFormatError(message);
}

/** Runs a check whose CryptoFormatError gets `prefix: ` in front of its message. */
function within<T>(prefix: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof CryptoFormatError) throw new CryptoFormatError(`${prefix}: ${e.message}`);
    throw e;
  }
}

interface BallotsOutcome {
  head: string;
  links: Set<string>;
  sums: EncryptedCollegeSums[];
}

function verifyBallots(params: Parameters, value: unknown, proofsChecked: ReadonlyMap<number, string> | undefined): BallotsOutcome {
  const entries = expectArray(value, "ballots");
  const trackers = new Map<string, number>();
  const links = new Set<string>();
  const counter = new WeightCounter(params);
  const acc = new TallyAccumulator(
    params.colleges.map((c) => c.id),
    params.question.choices,
  );
  let link = chainStart(params.hash);
  entries.forEach((value, i) => {
    const n = i + 1;
    const entry = within(`ballot ${n}`, () => expectRecord(value, "entry"));
    const tracker = within(`ballot ${n}`, () => expectHash(entry.tracker, "tracker"));
    const label = `ballot ${n} (tracker ${tracker})`;
    const ballot: DecodedBallot = within(label, () => decodeBallot(entry.ballot, params.question));
    const computed = ballotTracker(entry.ballot as BallotJson);
    if (computed !== tracker) fail(`${label}: the tracker is not the hash of the ballot, which is ${computed}`);
    const earlier = trackers.get(tracker);
    if (earlier !== undefined) fail(`${label}: the same tracker as ballot ${earlier}`);
    trackers.set(tracker, n);
    const checked = proofsChecked === undefined ? checkBallotForBox(params, ballot) : (checkBallotPlace(params, ballot) ?? proofsChecked.get(n) ?? null);
    const error = checked ?? counter.take(ballot.college, ballot.weightMicro);
    if (error !== null) fail(`${label}: ${error}`);
    link = chainLink(link, tracker);
    if (entry.hash !== link) fail(`${label}: chain link ${String(entry.hash)} does not follow from the ballots before it (expected ${link})`);
    links.add(link);
    acc.add(ballot.college, ballot.weightMicro, ballot.choices);
  });
  return { head: link, links, sums: acc.result() };
}

function verifyCollegeTally(params: Parameters, college: EncryptedCollegeSums, value: unknown, path: string): bigint[] {
  const t = expectRecord(value, path);
  if (t.id !== college.id) fail(`${path}.id must be ${JSON.stringify(college.id)}, the college in that place in the parameters`);
  const label = `tally, college ${JSON.stringify(college.id)}`;
  if (expectCount(t.ballots, `${path}.ballots`) !== college.ballots) {
    fail(`${label}: ${String(t.ballots)} ballots announced, the box holds ${college.ballots}`);
  }
  if (expectDecimal(t.weightMicro, `${path}.weightMicro`) !== college.weightMicro) {
    fail(`${label}: weight ${String(t.weightMicro)} announced, the ballots weigh ${college.weightMicro}`);
  }
  const k = params.question.choices;
  const sums = expectArray(t.sums, `${path}.sums`, k).map((s, i) => ciphertextFromJson(s, `${path}.sums[${i}]`));
  sums.forEach((s, i) => {
    const expected = college.sums[i] as Ciphertext;
    if (!s.alpha.equals(expected.alpha) || !s.beta.equals(expected.beta)) {
      fail(`${label}: the encrypted sum of choice ${i + 1} is not the weighted sum of the ballots`);
    }
  });
  const factors: Point[] = sums.map(() => IDENTITY);
  expectArray(t.shares, `${path}.shares`, params.trustees.length).forEach((byChoice, tr) => {
    const trustee = params.trustees[tr] as Parameters["trustees"][number];
    expectArray(byChoice, `${path}.shares[${tr}]`, k).forEach((s, i) => {
      const share = decodeShare(s, `${path}.shares[${tr}][${i}]`);
      if (!checkShare(params.electionId, trustee.publicKey, sums[i] as Ciphertext, share)) {
        fail(`${label}: the decryption proof of trustee ${tr + 1} (${trustee.name}) for choice ${i + 1} fails`);
      }
      factors[i] = (factors[i] as Point).add(share.factor);
    });
  });
  return expectArray(t.totals, `${path}.totals`, k).map((v, i) => {
    const total = expectDecimal(v, `${path}.totals[${i}]`);
    if (total > college.weightMicro || !decryptsTo(sums[i] as Ciphertext, factors[i] as Point, total)) {
      fail(`${label}: the total ${total} of choice ${i + 1} is not what its encrypted sum decrypts to`);
    }
    return total;
  });
}

function verifyTally(params: Parameters, sums: EncryptedCollegeSums[], value: unknown): bigint[][] {
  const tally = expectRecord(value, "tally");
  const colleges = expectArray(tally.colleges, "tally.colleges", params.colleges.length);
  return sums.map((college, i) => verifyCollegeTally(params, college, colleges[i], `tally.colleges[${i}]`));
}

function verify(value: unknown, options: VerifyOptions): BoxVerification {
  const box = expectRecord(value, "box");
  const extra = Object.keys(box).filter((k) => !["ballots", "head", "parameters", "tally"].includes(k));
  if (extra.length > 0) fail(`box has unknown fields: ${extra.join(", ")}`);
  const params = decodeParameters(box.parameters);
  const { head, links, sums } = verifyBallots(params, box.ballots, options.proofsChecked);
  if (box.head !== head) fail(`chain head ${String(box.head)} does not match the ballots, whose chain ends at ${head}: a ballot was removed, added or reordered`);
  if (options.head !== undefined && options.head !== head) {
    fail(`chain head ${head} is not the expected head ${options.head}: a ballot was removed, added or reordered`);
  }
  for (const receipt of options.receipts ?? []) {
    if (!links.has(receipt)) fail(`receipt ${receipt} is not a link of the chain: that voter's ballot is missing`);
  }
  const totals = box.tally === null ? null : verifyTally(params, sums, box.tally);
  return {
    ok: true,
    ballots: (box.ballots as unknown[]).length,
    head,
    colleges: sums.map((c, i) => ({ id: c.id, ballots: c.ballots, weightMicro: c.weightMicro, totals: totals?.[i] ?? null })),
  };
}

/** Verifies a whole box (a parsed JSON value); never throws on bad input. */
export function verifyBox(value: unknown, options: VerifyOptions = {}): BoxVerification {
  try {
    return verify(value, options);
  } catch (e) {
    if (e instanceof CryptoFormatError) return { ok: false, error: e.message };
    throw e;
  }
}
