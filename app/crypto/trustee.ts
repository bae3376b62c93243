/**
 * Trustees (Helios/Belenios "basic" mode, every trustee needed to decrypt): each draws a key
 * share xᵢ, publishes Xᵢ = xᵢ·G with a Schnorr proof of knowledge (which also stops a trustee
 * from choosing its share after seeing the others'), and the election key is Y = Σ Xᵢ. At the
 * close each trustee publishes, for every encrypted sum (α, β), the factor Fᵢ = xᵢ·α with a
 * Chaum–Pedersen proof that log_G Xᵢ = log_α Fᵢ. In server mode the server is the only trustee.
 */
import { CryptoFormatError, expectRecord, expectString, type Json } from "./encoding";
import type { Ciphertext } from "./elgamal";
import { IDENTITY, mulBase, mulSecret, pointFromHex, pointToHex, randomScalar, scalarFromHex, scalarToHex, type Point } from "./group";
import { proofFromJson, proofToJson, proveEqualLogs, proveKnowledge, verifyEqualLogs, verifyKnowledge, type Proof, type ProofJson } from "./proofs";

export interface TrusteeKeyJson {
  name: string;
  /** Xᵢ, hexadecimal. */
  publicKey: string;
  /** Schnorr proof of knowledge of xᵢ. */
  proof: ProofJson;
}

export interface TrusteeKey {
  name: string;
  publicKey: Point;
  proof: Proof;
}

/** One trustee's contribution for one encrypted sum. */
export interface DecryptionShareJson {
  /** Fᵢ = xᵢ·α, hexadecimal. */
  factor: string;
  proof: ProofJson;
}

export interface DecryptionShare {
  factor: Point;
  proof: Proof;
}

function keyContext(electionId: string, name: string): Json[] {
  return ["cogere/trustee/v1/key", electionId, name];
}

function decryptContext(electionId: string): Json[] {
  return ["cogere/trustee/v1/decrypt", electionId];
}

/**
 * A fresh key share for one vote. The secret (scalar, hexadecimal) stays with the trustee (the
 * server in server mode); the public part goes into the box's parameters.
 */
export function generateTrusteeKey(electionId: string, name: string): { secretKey: string; key: TrusteeKeyJson } {
  const x = randomScalar();
  const publicKey = mulBase(x);
  const proof = proveKnowledge(keyContext(electionId, name), x, publicKey);
  return { secretKey: scalarToHex(x), key: { name, publicKey: pointToHex(publicKey), proof: proofToJson(proof) } };
}

export function decodeTrusteeKey(value: unknown, path: string): TrusteeKey {
  const record = expectRecord(value, path);
  const extra = Object.keys(record).filter((k) => !["name", "proof", "publicKey"].includes(k));
  if (extra.length > 0) throw new CryptoFormatError(`${path} has unknown fields: ${extra.join(", ")}`);
  return {
    name: expectString(record.name, `${path}.name`),
    publicKey: pointFromHex(record.publicKey, `${path}.publicKey`),
    proof: proofFromJson(record.proof, `${path}.proof`),
  };
}

/** Whether the key is usable: not the identity, and its proof of knowledge holds for this vote. */
export function checkTrusteeKey(electionId: string, key: TrusteeKey): boolean {
  return !key.publicKey.equals(IDENTITY) && verifyKnowledge(keyContext(electionId, key.name), key.publicKey, key.proof);
}

/** Y = Σ Xᵢ. */
export function combineKeys(publicKeys: Point[]): Point {
  if (publicKeys.length === 0) throw new RangeError("at least one trustee is needed");
  return publicKeys.reduce((a, b) => a.add(b));
}

/** Checks each key's proof and that no two trustees share a name or key; throws CryptoFormatError naming the trustee. */
export function checkTrusteeKeys(electionId: string, keys: readonly TrusteeKey[], path: string): void {
  if (keys.length === 0) throw new CryptoFormatError(`${path} must list at least one trustee`);
  keys.forEach((k, i) => {
    if (!checkTrusteeKey(electionId, k)) throw new CryptoFormatError(`${path}: trustee ${i + 1} (${k.name}): proof of knowledge of the key fails`);
    const earlier = keys.slice(0, i).findIndex((o) => o.name === k.name || o.publicKey.equals(k.publicKey));
    if (earlier >= 0) throw new CryptoFormatError(`${path}: trustee ${i + 1} (${k.name}) repeats the name or key of trustee ${earlier + 1}`);
  });
}

/** The trustee's factors, with proofs, for a list of ciphertexts (the encrypted sums of a tally). */
export function partialDecrypt(electionId: string, secretKey: string, ciphertexts: readonly Ciphertext[]): DecryptionShareJson[] {
  const x = scalarFromHex(secretKey, "secretKey");
  if (x === 0n) throw new CryptoFormatError("secretKey must not be zero");
  const publicKey = mulBase(x);
  return ciphertexts.map((ct) => {
    const factor = mulSecret(ct.alpha, x);
    const proof = proveEqualLogs(decryptContext(electionId), x, publicKey, ct.alpha, factor);
    return { factor: pointToHex(factor), proof: proofToJson(proof) };
  });
}

export function decodeShare(value: unknown, path: string): DecryptionShare {
  const record = expectRecord(value, path);
  if (Object.keys(record).length !== 2) throw new CryptoFormatError(`${path} must have exactly the fields factor and proof`);
  return { factor: pointFromHex(record.factor, `${path}.factor`), proof: proofFromJson(record.proof, `${path}.proof`) };
}

/** Whether the share is xᵢ·α for the xᵢ behind the trustee's published key. */
export function checkShare(electionId: string, publicKey: Point, ct: Ciphertext, share: DecryptionShare): boolean {
  return verifyEqualLogs(decryptContext(electionId), publicKey, ct.alpha, share.factor, share.proof);
}
