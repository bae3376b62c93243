/**
 * The public ballot box (docs/ballot-box.md §5–6): parameters, accepted ballots in order — each
 * with its tracker (hash of the ballot) and its link in a hash chain that starts from the
 * parameters' hash — the chain's head, and after the close the tally. No member id, no time.
 */
import { checkBallotProofs, decodeBallot, type BallotJson, type DecodedBallot } from "./ballot";
import { CryptoFormatError, hashJson } from "./encoding";
import { decodeParameters, type Parameters, type ParametersJson } from "./parameters";
import type { TallyJson } from "./tally";

export interface BoxEntryJson {
  /** SHA-256 of the canonical JSON of the ballot: what the voter keeps to find their ballot. */
  tracker: string;
  /** Chain link after this ballot: hash of the previous link and the tracker. */
  hash: string;
  ballot: BallotJson;
}

export interface BoxJson {
  parameters: ParametersJson;
  ballots: BoxEntryJson[];
  /** The last link (the chain's start when there is no ballot). */
  head: string;
  /** Encrypted sums, decryption shares and totals; null while the vote is open. */
  tally: TallyJson | null;
}

export function ballotTracker(ballot: BallotJson): string {
  return hashJson(ballot);
}

/** The chain's first link, from the parameters' hash. */
export function chainStart(parametersHash: string): string {
  return hashJson(["cogere/box/v1/start", parametersHash]);
}

/** The link after a ballot: it covers the previous link, so removing or reordering a ballot changes every later link. */
export function chainLink(previous: string, tracker: string): string {
  return hashJson(["cogere/box/v1/ballot", previous, tracker]);
}

/** Checks a decoded ballot's place in the box: its college, and its weight among the college's frozen weights. */
export function checkBallotPlace(params: Parameters, ballot: DecodedBallot): string | null {
  const college = params.colleges.find((c) => c.id === ballot.college);
  if (college === undefined) return `college ${JSON.stringify(ballot.college)} is not a college of this vote`;
  if (!college.voters.has(ballot.weightMicro)) {
    return `weight ${ballot.weightMicro} is not the frozen weight of any voter of college ${JSON.stringify(ballot.college)}`;
  }
  return null;
}

/** Checks a decoded ballot against the box: its college, its weight among the college's frozen weights, its proofs. */
export function checkBallotForBox(params: Parameters, ballot: DecodedBallot): string | null {
  return checkBallotPlace(params, ballot) ?? checkBallotProofs(ballot, params.electionId, params.electionKey, params.question);
}

function weightKey(college: string, weightMicro: bigint): string {
  return `${weightMicro} ${college}`;
}

/**
 * Counts ballots per college and weight, so that a college never holds more ballots of a weight
 * than it has voters of that weight. Shared by the box and the verifier.
 */
export class WeightCounter {
  private readonly used = new Map<string, number>();

  constructor(private readonly params: Parameters) {}

  /** Counts the ballot; returns what is wrong when the college has no voter left with that weight. */
  take(college: string, weightMicro: bigint): string | null {
    const key = weightKey(college, weightMicro);
    const used = (this.used.get(key) ?? 0) + 1;
    const allowed = this.params.colleges.find((c) => c.id === college)?.voters.get(weightMicro) ?? 0;
    if (used > allowed) {
      return `college ${JSON.stringify(college)} would hold ${used} ballots of weight ${weightMicro}, more than its ${allowed} voters of that weight`;
    }
    this.used.set(key, used);
    return null;
  }
}

export type Acceptance = { ok: true; entry: BoxEntryJson } | { ok: false; error: string };

/**
 * A box being filled (server side). It checks what the box alone can check — shape, college,
 * weight, proofs, a tracker not seen before, weights within the frozen electorate — and appends
 * the ballot. Whether the voter may vote, and with that college and weight, is the caller's rule.
 */
export class BallotBox {
  readonly params: Parameters;
  readonly json: BoxJson;
  private readonly trackers = new Set<string>();
  private readonly counter: WeightCounter;

  private constructor(params: Parameters, json: BoxJson) {
    this.params = params;
    this.json = json;
    this.counter = new WeightCounter(params);
  }

  /** An empty box; throws CryptoFormatError when the parameters are not valid. */
  static create(parameters: ParametersJson): BallotBox {
    const params = decodeParameters(parameters);
    return new BallotBox(params, { parameters, ballots: [], head: chainStart(params.hash), tally: null });
  }

  /** Reopens a stored box (its ballots were checked when accepted; verifyBox re-checks everything). */
  static open(json: BoxJson): BallotBox {
    const box = new BallotBox(decodeParameters(json.parameters), json);
    for (const entry of json.ballots) {
      box.trackers.add(entry.tracker);
      const error = box.counter.take(entry.ballot.college, BigInt(entry.ballot.weightMicro));
      if (error !== null) throw new CryptoFormatError(error);
    }
    return box;
  }

  hasTracker(tracker: string): boolean {
    return this.trackers.has(tracker);
  }

  /** Checks and appends a ballot as received (JSON value); nothing changes when it is refused. */
  accept(value: unknown): Acceptance {
    if (this.json.tally !== null) return { ok: false, error: "the box is closed" };
    let ballot: DecodedBallot;
    try {
      ballot = decodeBallot(value, this.params.question);
    } catch (e) {
      if (e instanceof CryptoFormatError) return { ok: false, error: e.message };
      throw e;
    }
    // A copy: what the caller does with its object afterwards cannot change the box.
    const json = structuredClone(value) as BallotJson;
    const tracker = ballotTracker(json);
    if (this.trackers.has(tracker)) return { ok: false, error: `a ballot with tracker ${tracker} is already in the box` };
    const error = checkBallotForBox(this.params, ballot) ?? this.counter.take(ballot.college, ballot.weightMicro);
    if (error !== null) return { ok: false, error };
    const entry: BoxEntryJson = { tracker, hash: chainLink(this.json.head, tracker), ballot: json };
    this.trackers.add(tracker);
    this.json.ballots.push(entry);
    this.json.head = entry.hash;
    return { ok: true, entry };
  }
}
