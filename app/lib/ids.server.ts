import { randomBytes } from "./random.server";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** A random, unguessable identifier for a new row (16 bytes, base32). */
export function newId(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(16));
}

let lastTick = 0n;

/**
 * An identifier that sorts after every one this process made before: a tick (the clock in
 * microseconds, moved on by one when the clock has not) in fixed-width hex, which sorts as its
 * number does, then 10 random bytes. The journal orders events of the same millisecond by it, so
 * that they read in the order they were written rather than by chance.
 */
export function newOrderedId(now = Date.now()): string {
  const clock = BigInt(now) * 1000n;
  lastTick = clock > lastTick ? clock : lastTick + 1n;
  return lastTick.toString(16).padStart(14, "0") + encodeBase32LowerCaseNoPadding(randomBytes(10));
}
