/**
 * Exponential ElGamal over ristretto255: Enc(m; r) = (α, β) = (r·G, r·Y + m·G) under the election
 * key Y. Ciphertexts add (Enc(a) + Enc(b) = Enc(a + b)) and scale by public integers, which is
 * all a homomorphic tally needs; the plaintext comes back as m·G, whose bounded discrete
 * logarithm (dlog.ts) gives m.
 */
import { CryptoFormatError, expectRecord } from "./encoding";
import { G, IDENTITY, mulBase, mulPublic, mulSecret, pointFromHex, pointToHex, randomScalar, type Point } from "./group";

export interface Ciphertext {
  alpha: Point;
  beta: Point;
}

/** A ciphertext as published: both elements in hexadecimal. */
export interface CiphertextJson {
  alpha: string;
  beta: string;
}

export const ZERO_CIPHERTEXT: Ciphertext = { alpha: IDENTITY, beta: IDENTITY };

/** Encrypts the small integer m with randomness r (fresh by default); returns r for the proofs. */
export function encrypt(electionKey: Point, m: bigint, r: bigint = randomScalar()): { ciphertext: Ciphertext; r: bigint } {
  return { ciphertext: { alpha: mulBase(r), beta: mulSecret(electionKey, r).add(mulBase(m)) }, r };
}

export function addCiphertexts(a: Ciphertext, b: Ciphertext): Ciphertext {
  return { alpha: a.alpha.add(b.alpha), beta: a.beta.add(b.beta) };
}

/** k·Enc(m) = Enc(k·m) for a public integer k (a ballot's weight). */
export function scaleCiphertext(c: Ciphertext, k: bigint): Ciphertext {
  return { alpha: mulPublic(c.alpha, k), beta: mulPublic(c.beta, k) };
}

/** m·G from a ciphertext and the combined decryption factor Σ xᵢ·α. */
export function plaintextPoint(c: Ciphertext, factor: Point): Point {
  return c.beta.subtract(factor);
}

/** Decryption with the whole secret key, for tests and single-trustee tools: returns m·G. */
export function decryptToPoint(c: Ciphertext, secretKey: bigint): Point {
  return plaintextPoint(c, mulSecret(c.alpha, secretKey));
}

/** Whether a ciphertext decrypts to m·G under the combined factor: checks a published total without a dlog. */
export function decryptsTo(c: Ciphertext, factor: Point, m: bigint): boolean {
  return plaintextPoint(c, factor).equals(mulPublic(G, m));
}

export function ciphertextToJson(c: Ciphertext): CiphertextJson {
  return { alpha: pointToHex(c.alpha), beta: pointToHex(c.beta) };
}

export function ciphertextFromJson(value: unknown, path: string): Ciphertext {
  const record = expectRecord(value, path);
  const keys = Object.keys(record);
  if (keys.length !== 2) throw new CryptoFormatError(`${path} must have exactly the fields alpha and beta`);
  return { alpha: pointFromHex(record.alpha, `${path}.alpha`), beta: pointFromHex(record.beta, `${path}.beta`) };
}
