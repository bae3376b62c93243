/**
 * What a trustee downloads and uploads at the close of a vote in trustee mode: the encrypted
 * per-college sums (format `cogere-sums/1`), and the trustee's decryption shares of them with
 * their proofs (format `cogere-shares/1`). The trustee page (browser) and `npm run trustee --
 * decrypt` both read the first and write the second. Pure: no node:*.
 *
 *     { "format": "cogere-sums/1", "electionId": "…",
 *       "colleges": [ { "id": "C1", "ballots": 4, "weightMicro": "2666666", "unitMicro": "333333",
 *                       "sums": [ {"alpha": "…", "beta": "…"}, … ] } ] }        // per choice
 *
 *     { "format": "cogere-shares/1", "electionId": "…", "name": "…", "publicKey": "…",
 *       "shares": [ [ {"factor": "…", "proof": {…}}, … ], … ] }                  // [college][choice]
 */
import { ciphertextFromJson, ciphertextToJson, type CiphertextJson } from "./elgamal";
import { CryptoFormatError, expectArray, expectCount, expectDecimal, expectRecord, expectString } from "./encoding";
import { trusteeShares, type EncryptedCollegeSums } from "./tally";
import type { DecryptionShareJson } from "./trustee";

export const SUMS_FORMAT = "cogere-sums/1";
export const SHARES_FORMAT = "cogere-shares/1";

export interface SumsFileJson {
  format: typeof SUMS_FORMAT;
  electionId: string;
  colleges: { id: string; ballots: number; weightMicro: string; unitMicro: string; sums: CiphertextJson[] }[];
}

export interface SharesFileJson {
  format: typeof SHARES_FORMAT;
  electionId: string;
  name: string;
  publicKey: string;
  shares: DecryptionShareJson[][];
}

export function sumsToJson(electionId: string, sums: readonly EncryptedCollegeSums[]): SumsFileJson {
  return {
    format: SUMS_FORMAT,
    electionId,
    colleges: sums.map((c) => ({ id: c.id, ballots: c.ballots, weightMicro: c.weightMicro.toString(), unitMicro: c.unitMicro.toString(), sums: c.sums.map(ciphertextToJson) })),
  };
}

function parsed(value: unknown, what: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new CryptoFormatError(`${what} is not JSON`);
  }
}

/** Reads a sums file (object or JSON text); throws CryptoFormatError naming the field. */
export function readSumsFile(value: unknown): { electionId: string; sums: EncryptedCollegeSums[] } {
  const r = expectRecord(parsed(value, "the sums file"), "sums");
  if (r.format !== SUMS_FORMAT) throw new CryptoFormatError(`sums.format must be "${SUMS_FORMAT}"`);
  const sums = expectArray(r.colleges, "sums.colleges").map((c, i) => {
    const path = `sums.colleges[${i}]`;
    const college = expectRecord(c, path);
    const unitMicro = expectDecimal(college.unitMicro, `${path}.unitMicro`);
    if (unitMicro === 0n) throw new CryptoFormatError(`${path}.unitMicro must be positive`);
    return {
      id: expectString(college.id, `${path}.id`),
      ballots: expectCount(college.ballots, `${path}.ballots`),
      weightMicro: expectDecimal(college.weightMicro, `${path}.weightMicro`),
      unitMicro,
      sums: expectArray(college.sums, `${path}.sums`).map((s, k) => ciphertextFromJson(s, `${path}.sums[${k}]`)),
    };
  });
  return { electionId: expectString(r.electionId, "sums.electionId"), sums };
}

/**
 * The trustee's shares of the sums, as a shares file. Refuses a key of another vote: the shares'
 * proofs are bound to the vote, and the server would refuse them anyway.
 */
export function makeSharesFile(secret: { electionId: string; name: string; publicKey: string; secretKey: string }, sumsFile: unknown): SharesFileJson {
  const { electionId, sums } = readSumsFile(sumsFile);
  if (electionId !== secret.electionId) {
    throw new CryptoFormatError(`the key file is for vote ${JSON.stringify(secret.electionId)}, the sums for vote ${JSON.stringify(electionId)}`);
  }
  return { format: SHARES_FORMAT, electionId, name: secret.name, publicKey: secret.publicKey, shares: trusteeShares(electionId, secret.secretKey, sums) };
}

/** The shares of a shares file (object or JSON text), or a bare [college][choice] array; the vote when the file names it. */
export function readSharesFile(value: unknown): { electionId: string | null; shares: unknown[][] } {
  const v = parsed(value, "the shares file");
  if (Array.isArray(v)) return { electionId: null, shares: v.map((c, i) => expectArray(c, `shares[${i}]`)) };
  const r = expectRecord(v, "shares file");
  if (r.format !== SHARES_FORMAT) throw new CryptoFormatError(`the shares file's format must be "${SHARES_FORMAT}"`);
  return { electionId: expectString(r.electionId, "electionId"), shares: expectArray(r.shares, "shares").map((c, i) => expectArray(c, `shares[${i}]`)) };
}
