/**
 * The group: ristretto255 (RFC 9496) from @noble/curves, written additively (g^x is x·G).
 * Every curve operation is noble's; this file only names them, encodes scalars and elements,
 * draws random scalars and derives Fiat–Shamir challenges (docs/ballot-box.md §2).
 */
import { mulAddUnsafe } from "@noble/curves/abstract/curve.js";
import { ristretto255 } from "@noble/curves/ed25519.js";
import { bytesToNumberLE, numberToBytesLE } from "@noble/curves/utils.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { canonicalJson, CryptoFormatError, type Json } from "./encoding";

export const Point = ristretto255.Point;
export type Point = InstanceType<typeof ristretto255.Point>;

/** The prime order ℓ = 2^252 + 27742317777372353535851937790883648493 of the group. */
export const ORDER: bigint = Point.Fn.ORDER;
export const G: Point = Point.BASE;
export const IDENTITY: Point = Point.ZERO;

export function mod(x: bigint): bigint {
  const r = x % ORDER;
  return r < 0n ? r + ORDER : r;
}

/** A uniform scalar in [1, ℓ): 512 random bits reduced modulo ℓ (zero, probability 2^-252, is drawn again). */
export function randomScalar(): bigint {
  for (;;) {
    const s = mod(bytesToNumberLE(randomBytes(64)));
    if (s !== 0n) return s;
  }
}

/**
 * Fiat–Shamir challenge: SHA-512 of the UTF-8 canonical JSON of the statement, read as a
 * 64-byte little-endian integer, reduced modulo ℓ.
 */
export function challengeOf(statement: Json): bigint {
  return mod(bytesToNumberLE(sha512(utf8ToBytes(canonicalJson(statement)))));
}

/** 1/x modulo ℓ (x not a multiple of ℓ). */
export function invertScalar(x: bigint): bigint {
  return Point.Fn.inv(mod(x));
}

/** x·G for a secret x (constant-time, blinded by noble); 0 gives the identity. */
export function mulBase(x: bigint): Point {
  const s = mod(x);
  return s === 0n ? IDENTITY : G.multiply(s);
}

/** x·P for a secret x (noble's constant-time ladder); 0 gives the identity. */
export function mulSecret(p: Point, x: bigint): Point {
  const s = mod(x);
  return s === 0n ? IDENTITY : p.multiply(s);
}

/** x·P for a public x (faster, not constant-time): verification, tallies. */
export function mulPublic(p: Point, x: bigint): Point {
  return p.multiplyUnsafe(mod(x));
}

/** Σ scalars[i]·points[i] for public scalars (Straus–Shamir, one doubling chain). */
export function mulAddPublic(points: Point[], scalars: bigint[]): Point {
  return mulAddUnsafe(Point, points, scalars.map(mod));
}

const HEX32 = /^[0-9a-f]{64}$/;

// Encoding an element costs an inverse square root; the hexadecimal an element was decoded from
// (or last encoded to) is remembered so that hashing a statement does not encode it again.
const hexOf = new WeakMap<Point, string>();

/** A group element as the lowercase hexadecimal of its 32-byte RFC 9496 encoding. */
export function pointToHex(p: Point): string {
  let hex = hexOf.get(p);
  if (hex === undefined) {
    hex = p.toHex();
    hexOf.set(p, hex);
  }
  return hex;
}

/** Decodes an element; refuses non-canonical encodings (noble follows RFC 9496) and names the field. */
export function pointFromHex(value: unknown, path: string): Point {
  if (typeof value !== "string" || !HEX32.test(value)) {
    throw new CryptoFormatError(`${path} must be a group element in 64 lowercase hexadecimal digits`);
  }
  try {
    const p = Point.fromHex(value);
    hexOf.set(p, value);
    return p;
  } catch {
    throw new CryptoFormatError(`${path} is not a valid ristretto255 element`);
  }
}

/** A scalar as the lowercase hexadecimal of its 32-byte little-endian encoding. */
export function scalarToHex(x: bigint): string {
  return bytesToHex(numberToBytesLE(mod(x), 32));
}

/** Decodes a scalar; values ≥ ℓ are refused so that every proof has exactly one encoding. */
export function scalarFromHex(value: unknown, path: string): bigint {
  if (typeof value !== "string" || !HEX32.test(value)) {
    throw new CryptoFormatError(`${path} must be a scalar in 64 lowercase hexadecimal digits`);
  }
  const x = bytesToNumberLE(hexToBytes(value));
  if (x >= ORDER) throw new CryptoFormatError(`${path} is not reduced modulo the group order`);
  return x;
}
