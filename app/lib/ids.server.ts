import { randomBytes } from "./random.server";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** A random, unguessable identifier for a new row (16 bytes, base32). */
export function newId(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(16));
}
