// Sessions as Lucia's authors publish them (lucia-auth.com, "Basic API"): the browser
// keeps a random token; the database keeps only its SHA-256 hash as the session id.
import { getEnv } from "./env.server";
import { hashToken, randomToken, TOKEN_PATTERN } from "./tokens.server";

export const SESSION_COOKIE = "cogere_session";
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** A session used in its last 15 days is pushed back to a full 30 days. */
export const SESSION_RENEW_WITHIN_MS = 15 * 24 * 60 * 60 * 1000;

export const generateSessionToken = randomToken;
export const sessionIdFromToken = hashToken;

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) {
      const value = rest.join("=");
      return TOKEN_PATTERN.test(value) ? value : null;
    }
  }
  return null;
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
