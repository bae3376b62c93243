/**
 * Weighted homomorphic tally (docs/ballot-box.md §6). For each college and choice, the sum over
 * ballots of weight × ciphertext encrypts the choice's weighted total. Ballots of equal weight are
 * added first, so the cost is point additions plus one scalar multiplication per distinct weight.
 * Trustees decrypt only these sums, each factor with a Chaum–Pedersen proof; the total then comes
 * from a bounded discrete logarithm. Totals are in millionths of a voter's weight.
 */
import type { BoxJson } from "./box";
import { boundedLog } from "./dlog";
import {
  addCiphertexts,
  ciphertextFromJson,
  ciphertextToJson,
  plaintextPoint,
  scaleCiphertext,
  ZERO_CIPHERTEXT,
  type Ciphertext,
  type CiphertextJson,
} from "./elgamal";
import { CryptoFormatError } from "./encoding";
import { IDENTITY, invertScalar, mulPublic, type Point } from "./group";
import { decodeParameters, type Parameters } from "./parameters";
import { checkShare, decodeShare, partialDecrypt, type DecryptionShareJson } from "./trustee";

export interface CollegeTallyJson {
  id: string;
  /** How many ballots the college holds. */
  ballots: number;
  /** Σ of their weights, millionths, decimal. */
  weightMicro: string;
  /** Per choice: Σ weight × ciphertext. */
  sums: CiphertextJson[];
  /** Per trustee (in the parameters' order), per choice: the factor and its proof. */
  shares: DecryptionShareJson[][];
  /** Per choice: the decrypted weighted total, millionths, decimal. */
  totals: string[];
}

export interface TallyJson {
  colleges: CollegeTallyJson[];
}

export interface EncryptedCollegeSums {
  id: string;
  ballots: number;
  weightMicro: bigint;
  /** Greatest common divisor of the ballots' weights (1 when there is none): every total is a multiple of it. */
  unitMicro: bigint;
  sums: Ciphertext[];
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

interface WeightGroup {
  count: number;
  sums: Ciphertext[];
}

/** Adds ballots as they come (already decoded), grouped by college and weight. */
export class TallyAccumulator {
  private readonly buckets = new Map<string, Map<bigint, WeightGroup>>();

  constructor(
    private readonly colleges: readonly string[],
    private readonly choices: number,
  ) {
    for (const id of colleges) this.buckets.set(id, new Map());
  }

  add(college: string, weightMicro: bigint, ciphertexts: readonly Ciphertext[]): void {
    const byWeight = this.buckets.get(college);
    if (byWeight === undefined) throw new RangeError(`unknown college ${JSON.stringify(college)}`);
    if (ciphertexts.length !== this.choices) throw new RangeError(`expected ${this.choices} ciphertexts, got ${ciphertexts.length}`);
    const group = byWeight.get(weightMicro);
    if (group === undefined) {
      byWeight.set(weightMicro, { count: 1, sums: [...ciphertexts] });
    } else {
      group.count += 1;
      ciphertexts.forEach((c, i) => (group.sums[i] = addCiphertexts(group.sums[i] as Ciphertext, c)));
    }
  }

  /** Σ over distinct weights w of w × (sum of the ciphertexts of weight w), per college in the given order. */
  result(): EncryptedCollegeSums[] {
    return this.colleges.map((id) => {
      let ballots = 0;
      let weightMicro = 0n;
      let unitMicro = 0n;
      const sums: Ciphertext[] = Array.from({ length: this.choices }, () => ZERO_CIPHERTEXT);
      for (const [w, group] of this.buckets.get(id) as Map<bigint, WeightGroup>) {
        ballots += group.count;
        weightMicro += w * BigInt(group.count);
        unitMicro = gcd(w, unitMicro);
        group.sums.forEach((c, i) => (sums[i] = addCiphertexts(sums[i] as Ciphertext, scaleCiphertext(c, w))));
      }
      return { id, ballots, weightMicro, unitMicro: unitMicro === 0n ? 1n : unitMicro, sums };
    });
  }
}

/** The encrypted sums of a box's ballots (decodes their ciphertexts; the proofs were checked on acceptance). */
export function encryptedSums(box: BoxJson, params: Parameters = decodeParameters(box.parameters)): EncryptedCollegeSums[] {
  const acc = new TallyAccumulator(
    params.colleges.map((c) => c.id),
    params.question.choices,
  );
  box.ballots.forEach((entry, n) => {
    const choices = entry.ballot.choices.map((c, i) => ciphertextFromJson(c, `ballots[${n}].ballot.choices[${i}]`));
    acc.add(entry.ballot.college, BigInt(entry.ballot.weightMicro), choices);
  });
  return acc.result();
}

/** One trustee's shares for every sum: [college][choice]. */
export function trusteeShares(electionId: string, secretKey: string, sums: readonly EncryptedCollegeSums[]): DecryptionShareJson[][] {
  return sums.map((college) => partialDecrypt(electionId, secretKey, college.sums));
}

/** The v with v·G = p and v a multiple of unit in [0, bound], or null: the dlog runs on p/unit under bound/unit. */
export function decryptTotal(p: Point, bound: bigint, unit: bigint): bigint | null {
  if (p.equals(IDENTITY)) return 0n;
  const scaled = unit === 1n ? p : mulPublic(p, invertScalar(unit));
  const v = boundedLog(scaled, bound / unit);
  return v === null ? null : v * unit;
}

/**
 * Checks every trustee's shares ([trustee][college][choice], trustees in the parameters' order),
 * combines them and decrypts each total. Throws CryptoFormatError naming the trustee, college and
 * choice whose proof fails.
 */
export function finishTally(params: Parameters, sums: readonly EncryptedCollegeSums[], sharesByTrustee: readonly DecryptionShareJson[][][]): TallyJson {
  if (sharesByTrustee.length !== params.trustees.length) {
    throw new CryptoFormatError(`expected shares from ${params.trustees.length} trustees, got ${sharesByTrustee.length}`);
  }
  const colleges = sums.map((college, c) => {
    const factors: Point[] = college.sums.map(() => IDENTITY);
    params.trustees.forEach((trustee, t) => {
      college.sums.forEach((ct, k) => {
        const where = `trustee ${t + 1} (${trustee.name}), college ${JSON.stringify(college.id)}, choice ${k + 1}`;
        const share = decodeShare(sharesByTrustee[t]?.[c]?.[k], `share of ${where}`);
        if (!checkShare(params.electionId, trustee.publicKey, ct, share)) throw new CryptoFormatError(`${where}: decryption proof fails`);
        factors[k] = (factors[k] as Point).add(share.factor);
      });
    });
    const totals = college.sums.map((ct, k) => {
      const total = decryptTotal(plaintextPoint(ct, factors[k] as Point), college.weightMicro, college.unitMicro);
      if (total === null) throw new CryptoFormatError(`college ${JSON.stringify(college.id)}, choice ${k + 1}: no total between 0 and ${college.weightMicro}`);
      return total.toString();
    });
    return {
      id: college.id,
      ballots: college.ballots,
      weightMicro: college.weightMicro.toString(),
      sums: college.sums.map(ciphertextToJson),
      shares: sharesByTrustee.map((byCollege) => byCollege[c] as DecryptionShareJson[]),
      totals,
    };
  });
  return { colleges };
}

/** Server mode (or tests): every trustee's secret is at hand; tallies the box and closes it. */
export function tallyWithSecrets(box: BoxJson, secretKeys: readonly string[]): TallyJson {
  const params = decodeParameters(box.parameters);
  const sums = encryptedSums(box, params);
  const tally = finishTally(params, sums, secretKeys.map((k) => trusteeShares(params.electionId, k, sums)));
  box.tally = tally;
  return tally;
}
