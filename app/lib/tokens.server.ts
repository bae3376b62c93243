import { createHash } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { randomBytes } from "./random.server";

/** A secret for a link or a cookie: 20 random bytes, base32 (32 characters). */
export function randomToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

/** What the database keeps of a token: its SHA-256, so a leaked table opens nothing. */
export function hashToken(token: string): string {
  // Node's own SHA-256 (OpenSSL): asked twice per vote, the session's and the receipt's.
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export const TOKEN_PATTERN = /^[a-z2-7]{32}$/;
