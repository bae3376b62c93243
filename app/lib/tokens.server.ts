import { randomBytes } from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** A secret for a link or a cookie: 20 random bytes, base32 (32 characters). */
export function randomToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

/** What the database keeps of a token: its SHA-256, so a leaked table opens nothing. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export const TOKEN_PATTERN = /^[a-z2-7]{32}$/;
