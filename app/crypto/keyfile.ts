/**
 * A trustee's key file: the secret key share of one vote, encrypted under a passphrase, so that
 * it can be kept on a laptop or a USB key. Written by the trustee page (browser download) and by
 * `npm run trustee -- keygen`, read by both to decrypt the sums. Pure: WebCrypto only
 * (`globalThis.crypto.subtle`, in browsers and Node ≥ 20), no node:*.
 *
 * Format `cogere-trustee-key/1` (JSON):
 *
 *     { "format": "cogere-trustee-key/1",
 *       "electionId": "…", "name": "…", "publicKey": "…",          // in clear, to recognise the file
 *       "kdf": { "name": "PBKDF2", "hash": "SHA-256", "iterations": 600000, "salt": <16 bytes, hex> },
 *       "cipher": { "name": "AES-256-GCM", "iv": <12 bytes, hex> },
 *       "ciphertext": <hex> }
 *
 * The key is PBKDF2-SHA256(passphrase NFC-normalised in UTF-8, salt, iterations) → 256 bits; the
 * plaintext is the JSON `{ "electionId", "name", "secretKey" }`; the additional data of AES-GCM
 * is the canonical JSON of `[format, electionId, name, publicKey]`, so the clear part cannot be
 * edited without the decryption failing. After decryption the secret must give the public key.
 */
import { bytesToHex, hexToBytes, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { canonicalJson } from "./encoding";
import { mulBase, pointToHex, scalarFromHex } from "./group";

export const KEY_FILE_FORMAT = "cogere-trustee-key/1";
export const MIN_ITERATIONS = 600_000;
/** Refused above this, so that a crafted file cannot keep a browser busy for minutes. */
export const MAX_ITERATIONS = 10_000_000;
export const MIN_PASSPHRASE_LENGTH = 8;

export interface KeyFileJson {
  format: typeof KEY_FILE_FORMAT;
  electionId: string;
  name: string;
  publicKey: string;
  kdf: { name: "PBKDF2"; hash: "SHA-256"; iterations: number; salt: string };
  cipher: { name: "AES-256-GCM"; iv: string };
  ciphertext: string;
}

export interface TrusteeSecret {
  electionId: string;
  name: string;
  secretKey: string;
}

/**
 * Why a key file could not be used. `code` lets a page show its own words: "format" (not a key
 * file, or damaged outside the encrypted part), "passphrase" (wrong passphrase, or the encrypted
 * part damaged: AES-GCM cannot tell them apart), "weak" (passphrase too short, when writing).
 */
export class KeyFileError extends Error {
  constructor(
    readonly code: "format" | "passphrase" | "weak",
    message: string,
  ) {
    super(message);
    this.name = "KeyFileError";
  }
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error("WebCrypto (crypto.subtle) is not available here: use a recent browser over HTTPS, or Node 20");
  return s;
}

/** Web Crypto wants ArrayBuffer-backed views; copy to be safe across realms. */
function buf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await subtle().importKey("raw", buf(utf8ToBytes(passphrase.normalize("NFC"))), "PBKDF2", false, ["deriveKey"]);
  return subtle().deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: buf(salt), iterations }, material, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

function additionalData(f: { electionId: string; name: string; publicKey: string }): Uint8Array {
  return utf8ToBytes(canonicalJson([KEY_FILE_FORMAT, f.electionId, f.name, f.publicKey]));
}

/** The public key of a secret key share (hexadecimal scalar), hexadecimal. */
export function publicKeyOf(secretKey: string): string {
  return pointToHex(mulBase(scalarFromHex(secretKey, "secretKey")));
}

/** Encrypts a trustee's secret under a passphrase (at least MIN_PASSPHRASE_LENGTH characters). */
export async function encryptKeyFile(secret: TrusteeSecret, passphrase: string, iterations = MIN_ITERATIONS): Promise<KeyFileJson> {
  if ([...passphrase.normalize("NFC")].length < MIN_PASSPHRASE_LENGTH) {
    throw new KeyFileError("weak", `the passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  if (!Number.isSafeInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new RangeError(`iterations must be between ${MIN_ITERATIONS} and ${MAX_ITERATIONS}`);
  }
  const publicKey = publicKeyOf(secret.secretKey);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, iterations);
  const plaintext = utf8ToBytes(JSON.stringify({ electionId: secret.electionId, name: secret.name, secretKey: secret.secretKey }));
  const header = { electionId: secret.electionId, name: secret.name, publicKey };
  const sealed = await subtle().encrypt({ name: "AES-GCM", iv: buf(iv), additionalData: buf(additionalData(header)) }, key, buf(plaintext));
  return {
    format: KEY_FILE_FORMAT,
    ...header,
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations, salt: bytesToHex(salt) },
    cipher: { name: "AES-256-GCM", iv: bytesToHex(iv) },
    ciphertext: bytesToHex(new Uint8Array(sealed)),
  };
}

const HEX = /^(?:[0-9a-f]{2})+$/;

function field<T>(ok: boolean, value: T, what: string): T {
  if (!ok) throw new KeyFileError("format", `this is not a Cogere trustee key file (${what})`);
  return value;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function hexField(v: unknown, bytes: number | null, what: string): string {
  return field(typeof v === "string" && HEX.test(v) && (bytes === null || v.length === bytes * 2), v as string, what);
}

/** Reads a key file's clear part (no passphrase needed); throws KeyFileError("format") naming what is wrong. */
export function readKeyFile(value: unknown): KeyFileJson {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      throw new KeyFileError("format", "this is not a Cogere trustee key file (not JSON)");
    }
  }
  field(isRecord(v), v, "not a JSON object");
  const r = v as Record<string, unknown>;
  field(r.format === KEY_FILE_FORMAT, r, `format must be "${KEY_FILE_FORMAT}"`);
  const kdf = field(isRecord(r.kdf), r.kdf as Record<string, unknown>, "kdf");
  const cipher = field(isRecord(r.cipher), r.cipher as Record<string, unknown>, "cipher");
  field(kdf.name === "PBKDF2" && kdf.hash === "SHA-256", kdf, "kdf must be PBKDF2 with SHA-256");
  const iterations = kdf.iterations;
  field(typeof iterations === "number" && Number.isSafeInteger(iterations) && iterations >= MIN_ITERATIONS && iterations <= MAX_ITERATIONS, iterations, "kdf.iterations");
  field(cipher.name === "AES-256-GCM", cipher, "cipher must be AES-256-GCM");
  for (const k of ["electionId", "name"] as const) field(typeof r[k] === "string" && (r[k] as string).length > 0, r[k], k);
  return {
    format: KEY_FILE_FORMAT,
    electionId: r.electionId as string,
    name: r.name as string,
    publicKey: hexField(r.publicKey, 32, "publicKey"),
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations: iterations as number, salt: hexField(kdf.salt, 16, "kdf.salt") },
    cipher: { name: "AES-256-GCM", iv: hexField(cipher.iv, 12, "cipher.iv") },
    // 16 bytes of GCM tag at least.
    ciphertext: field(typeof r.ciphertext === "string" && HEX.test(r.ciphertext) && r.ciphertext.length > 32, r.ciphertext as string, "ciphertext"),
  };
}

/**
 * Decrypts a key file (object or JSON text). A wrong passphrase throws KeyFileError("passphrase");
 * a file that is not a key file, or whose secret does not give its public key, KeyFileError("format").
 */
export async function decryptKeyFile(value: unknown, passphrase: string): Promise<TrusteeSecret & { publicKey: string }> {
  const file = readKeyFile(value);
  const key = await deriveKey(passphrase, hexToBytes(file.kdf.salt), file.kdf.iterations);
  let plaintext: ArrayBuffer;
  try {
    plaintext = await subtle().decrypt({ name: "AES-GCM", iv: buf(hexToBytes(file.cipher.iv)), additionalData: buf(additionalData(file)) }, key, buf(hexToBytes(file.ciphertext)));
  } catch {
    throw new KeyFileError("passphrase", "wrong passphrase (or the key file was altered)");
  }
  let secret: unknown;
  try {
    secret = JSON.parse(new TextDecoder().decode(plaintext));
  } catch {
    throw new KeyFileError("format", "the key file's content is not JSON");
  }
  const s = field(isRecord(secret), secret as Record<string, unknown>, "content");
  field(s.electionId === file.electionId && s.name === file.name, s, "the content does not match the vote and name written on the file");
  let publicKey: string;
  try {
    publicKey = publicKeyOf(s.secretKey as string);
  } catch {
    throw new KeyFileError("format", "this is not a Cogere trustee key file (secretKey)");
  }
  field(publicKey === file.publicKey, s, "the secret key does not give the file's public key");
  return { electionId: file.electionId, name: file.name, secretKey: s.secretKey as string, publicKey };
}
