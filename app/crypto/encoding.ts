/**
 * Byte-exact encodings shared by every hash of the ballot box (docs/ballot-box.md §2):
 * canonical JSON, SHA-256 in hexadecimal, and small shape checks that name the field at fault.
 * Pure: no node:*, so the browser builds ballots with the same code the server verifies with.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/** A malformed value (wrong shape, bad hex, a point off the group): the message names the field. */
export class CryptoFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CryptoFormatError";
  }
}

/** The values statements are made of (docs/ballot-box.md §2). */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json | undefined };

/**
 * Canonical JSON (RFC 8785 for the values we use): no whitespace, object keys sorted by UTF-16
 * code units, strings escaped as JSON.stringify does, numbers only as safe integers. Properties
 * whose value is undefined are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isSafeInteger(value)) throw new CryptoFormatError(`canonical JSON allows only safe integers, got ${value}`);
      // -0 is written 0, as JSON.stringify does.
      return String(value === 0 ? 0 : value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`;
    }
    default:
      throw new CryptoFormatError(`canonical JSON cannot encode a ${typeof value}`);
  }
}

/** SHA-256 of the UTF-8 bytes of a string, as 64 lowercase hexadecimal digits. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** SHA-256 of the canonical JSON of a value (trackers, parameter fingerprint, hash chain). */
export function hashJson(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

const HASH_HEX = /^[0-9a-f]{64}$/;

export function isHashHex(value: unknown): value is string {
  return typeof value === "string" && HASH_HEX.test(value);
}

// Shape checks for values read from a published box: each names the path of the field.

export function expectRecord(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new CryptoFormatError(`${path} must be an object`);
  }
  return value as Record<string, unknown>;
}

export function expectArray(value: unknown, path: string, length?: number): unknown[] {
  if (!Array.isArray(value)) throw new CryptoFormatError(`${path} must be an array`);
  if (length !== undefined && value.length !== length) {
    throw new CryptoFormatError(`${path} must have ${length} items, has ${value.length}`);
  }
  return value;
}

export function expectString(value: unknown, path: string): string {
  if (typeof value !== "string" || value.length === 0) throw new CryptoFormatError(`${path} must be a non-empty string`);
  return value;
}

export function expectHash(value: unknown, path: string): string {
  if (!isHashHex(value)) throw new CryptoFormatError(`${path} must be a SHA-256 hash in 64 lowercase hexadecimal digits`);
  return value;
}

export function expectCount(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new CryptoFormatError(`${path} must be a non-negative integer`);
  }
  return value;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** A non-negative integer written in base 10 without leading zeros ("0", "1500000"). */
export function expectDecimal(value: unknown, path: string): bigint {
  if (typeof value !== "string" || !DECIMAL.test(value)) {
    throw new CryptoFormatError(`${path} must be a non-negative integer written in decimal digits`);
  }
  return BigInt(value);
}
