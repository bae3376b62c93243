// Sessions as Lucia's authors publish them (lucia-auth.com, "Basic API"): the browser
// keeps a random token; the database keeps only its SHA-256 hash as the session id.
import { createHmac, timingSafeEqual } from "node:crypto";
import { getEnv } from "./env.server";
import { hashToken, randomToken, TOKEN_PATTERN } from "./tokens.server";

export const SESSION_COOKIE = "cogere_session";
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** A session used in its last 15 days is pushed back to a full 30 days. */
export const SESSION_RENEW_WITHIN_MS = 15 * 24 * 60 * 60 * 1000;

export const generateSessionToken = randomToken;
export const sessionIdFromToken = hashToken;

function readCookie(request: Request, cookie: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === cookie) return rest.join("=");
  }
  return null;
}

export function readSessionToken(request: Request): string | null {
  const value = readCookie(request, SESSION_COOKIE);
  return value != null && TOKEN_PATTERN.test(value) ? value : null;
}

function cookieAttributes(): string {
  return `Path=/; HttpOnly; SameSite=Lax${getEnv().cookieSecure ? "; Secure" : ""}`;
}

export function sessionCookie(token: string, expiresAt: Date): string {
  return `${SESSION_COOKIE}=${token}; ${cookieAttributes()}; Expires=${expiresAt.toUTCString()}`;
}

export function blankSessionCookie(): string {
  return `${SESSION_COOKIE}=; ${cookieAttributes()}; Max-Age=0`;
}

/**
 * The device cookie (login throttling, app/domain/throttle.ts): proof that this browser signed
 * in to an account before. "nonce.signature", the HMAC binding the nonce to the account's
 * e-mail address; nothing is stored on the server but the nonce's failures, if any.
 */
export const DEVICE_COOKIE = "cogere_device";
const DEVICE_LIFETIME_S = 365 * 24 * 60 * 60;

function deviceSignature(email: string, nonce: string): Buffer {
  return createHmac("sha256", getEnv().cookieSecret).update(`device\n${email}\n${nonce}`).digest();
}

/** A new device token for the (normalised) e-mail address. */
export function newDeviceToken(email: string): string {
  const nonce = randomToken();
  return `${nonce}.${deviceSignature(email, nonce).toString("base64url")}`;
}

/** The device's nonce when `token` was issued for `email`, else null. */
export function verifyDeviceToken(token: string | null | undefined, email: string): string | null {
  const [nonce = "", signature = "", ...rest] = (token ?? "").split(".");
  if (rest.length > 0 || !TOKEN_PATTERN.test(nonce)) return null;
  const expected = deviceSignature(email, nonce);
  const given = Buffer.from(signature, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
}

export function readDeviceToken(request: Request): string | null {
  return readCookie(request, DEVICE_COOKIE);
}

export function deviceCookie(token: string): string {
  return `${DEVICE_COOKIE}=${token}; ${cookieAttributes()}; Max-Age=${DEVICE_LIFETIME_S}`;
}
