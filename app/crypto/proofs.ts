/**
 * Non-interactive zero-knowledge proofs (Fiat–Shamir, "strong": every challenge hashes the whole
 * statement — context, keys, ciphertext, commitments), in Belenios' compact form: each proof is a
 * (challenge, response) pair and the verifier recomputes the commitments (docs/ballot-box.md §3).
 *
 * - Schnorr proof of knowledge of x with X = x·G (a trustee's key share).
 * - Chaum–Pedersen proof that log_G X = log_H F (a decryption factor F = x·α).
 * - Interval proof (disjunctive Chaum–Pedersen) that (α, β) encrypts some m in [lo, hi]:
 *   [0, 1] for each choice of a ballot, [min, max] for their sum.
 *
 * Convention (Belenios): response s = w − x·c, so the verifier recomputes A = s·G + c·X.
 */
import { CryptoFormatError, expectArray, expectRecord, type Json } from "./encoding";
import type { Ciphertext } from "./elgamal";
import {
  challengeOf,
  G,
  mod,
  mulAddPublic,
  mulBase,
  mulPublic,
  mulSecret,
  pointToHex,
  randomScalar,
  scalarFromHex,
  scalarToHex,
  type Point,
} from "./group";

export interface Proof {
  challenge: bigint;
  response: bigint;
}

export interface ProofJson {
  challenge: string;
  response: string;
}

export function proofToJson(p: Proof): ProofJson {
  return { challenge: scalarToHex(p.challenge), response: scalarToHex(p.response) };
}

export function proofFromJson(value: unknown, path: string): Proof {
  const record = expectRecord(value, path);
  if (Object.keys(record).length !== 2) throw new CryptoFormatError(`${path} must have exactly the fields challenge and response`);
  return {
    challenge: scalarFromHex(record.challenge, `${path}.challenge`),
    response: scalarFromHex(record.response, `${path}.response`),
  };
}

export function proofsFromJson(value: unknown, path: string, length: number): Proof[] {
  return expectArray(value, path, length).map((p, i) => proofFromJson(p, `${path}[${i}]`));
}

// Schnorr proof of knowledge. Statement: [...context, X, A].

export function proveKnowledge(context: Json[], x: bigint, publicKey: Point): Proof {
  const w = randomScalar();
  const challenge = challengeOf([...context, pointToHex(publicKey), pointToHex(mulBase(w))]);
  return { challenge, response: mod(w - x * challenge) };
}

export function verifyKnowledge(context: Json[], publicKey: Point, proof: Proof): boolean {
  const a = mulAddPublic([G, publicKey], [proof.response, proof.challenge]);
  return challengeOf([...context, pointToHex(publicKey), pointToHex(a)]) === proof.challenge;
}

// Chaum–Pedersen proof of equal logarithms. Statement: [...context, X, H, F, A, B]
// with X = x·G, F = x·H, A = w·G, B = w·H.

export function proveEqualLogs(context: Json[], x: bigint, publicKey: Point, base: Point, factor: Point): Proof {
  const w = randomScalar();
  const challenge = challengeOf([
    ...context,
    pointToHex(publicKey),
    pointToHex(base),
    pointToHex(factor),
    pointToHex(mulBase(w)),
    pointToHex(mulSecret(base, w)),
  ]);
  return { challenge, response: mod(w - x * challenge) };
}

export function verifyEqualLogs(context: Json[], publicKey: Point, base: Point, factor: Point, proof: Proof): boolean {
  const { challenge: c, response: s } = proof;
  const a = mulAddPublic([G, publicKey], [s, c]);
  const b = mulAddPublic([base, factor], [s, c]);
  const statement = [...context, pointToHex(publicKey), pointToHex(base), pointToHex(factor), pointToHex(a), pointToHex(b)];
  return challengeOf(statement) === c;
}

// Interval proof. Statement: [...context, Y, [α, β], lo, hi, [[A_lo, B_lo], …, [A_hi, B_hi]]]
// where, for each j in [lo, hi], A_j = s_j·G + c_j·α and B_j = s_j·Y + c_j·(β − j·G),
// and the challenges c_lo … c_hi sum to the hash modulo ℓ.

function intervalStatement(context: Json[], y: Point, ct: Ciphertext, lo: number, hi: number, commitments: Point[][]): Json[] {
  return [
    ...context,
    pointToHex(y),
    [pointToHex(ct.alpha), pointToHex(ct.beta)],
    lo,
    hi,
    commitments.map(([a, b]) => [pointToHex(a as Point), pointToHex(b as Point)]),
  ];
}

function checkBounds(lo: number, hi: number): void {
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo < 0 || hi < lo) {
    throw new RangeError(`interval [${lo}, ${hi}] is not a range of non-negative integers`);
  }
}

/**
 * Proves that ct = Enc(m; r) under y with lo ≤ m ≤ hi. The branches j ≠ m are simulated; the
 * prover knows r and m, so each simulated commitment costs only fixed-base multiplications:
 * A_j = (s_j + r·c_j)·G, B_j = (s_j + r·c_j)·Y + (m − j)·c_j·G. Every branch is computed whatever
 * m is, so the work done does not depend on the vote.
 */
export function proveInterval(context: Json[], y: Point, ct: Ciphertext, r: bigint, m: number, lo: number, hi: number): Proof[] {
  checkBounds(lo, hi);
  if (!Number.isSafeInteger(m) || m < lo || m > hi) throw new RangeError(`value ${m} is outside [${lo}, ${hi}]`);
  const proofs: Proof[] = [];
  const commitments: Point[][] = [];
  let simulatedSum = 0n;
  const w = randomScalar();
  for (let j = lo; j <= hi; j++) {
    if (j === m) {
      proofs.push({ challenge: 0n, response: 0n });
      commitments.push([mulBase(w), mulSecret(y, w)]);
      continue;
    }
    const c = randomScalar();
    const s = randomScalar();
    const t = mod(s + r * c);
    proofs.push({ challenge: c, response: s });
    commitments.push([mulBase(t), mulSecret(y, t).add(mulBase(BigInt(m - j) * c))]);
    simulatedSum += c;
  }
  const total = challengeOf(intervalStatement(context, y, ct, lo, hi, commitments));
  const real = mod(total - simulatedSum);
  proofs[m - lo] = { challenge: real, response: mod(w - r * real) };
  return proofs;
}

export function verifyInterval(context: Json[], y: Point, ct: Ciphertext, proofs: Proof[], lo: number, hi: number): boolean {
  checkBounds(lo, hi);
  if (proofs.length !== hi - lo + 1) return false;
  const commitments: Point[][] = [];
  let sum = 0n;
  let shifted = ct.beta.subtract(mulPublic(G, BigInt(lo)));
  for (let j = lo; j <= hi; j++) {
    const { challenge: c, response: s } = proofs[j - lo] as Proof;
    commitments.push([mulAddPublic([G, ct.alpha], [s, c]), mulAddPublic([y, shifted], [s, c])]);
    sum += c;
    if (j < hi) shifted = shifted.subtract(G);
  }
  return challengeOf(intervalStatement(context, y, ct, lo, hi, commitments)) === mod(sum);
}
