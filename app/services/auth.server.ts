import { keysClearedBySuccess, latest, lockedUntil, recordFailure, throttleKeys } from "~/domain/throttle";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { hashPassword, verifyPassword } from "~/lib/password.server";
import {
  SESSION_LIFETIME_MS,
  SESSION_RENEW_WITHIN_MS,
  generateSessionToken,
  newDeviceToken,
  sessionIdFromToken,
  verifyDeviceToken,
} from "~/lib/session.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as sessions from "~/queries/sessions.server";
import { clearThrottle, getThrottle, putThrottle } from "~/queries/throttle.server";
import { countUsers, findUserByEmail, insertUser, setPlatformAdmin } from "~/queries/users.server";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: string | null;
  isPlatformAdmin: boolean;
}

export interface ValidSession {
  sessionId: string;
  user: SessionUser;
  expiresAt: Date;
  /** True when the expiry was just pushed back: the cookie must be sent again. */
  renewed: boolean;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Verified against when the account does not exist, so that timing does not tell.
let dummyHash: Promise<string> | undefined;

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; userId: string; locale: string | null; deviceToken: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date };

/**
 * Signs in. `deviceToken` is the device cookie the browser sent, if any (see the rules in
 * app/domain/throttle.ts); a successful sign-in returns a new one for the browser to keep.
 */
export async function login(
  db: Db,
  input: { email: string; password: string; clientAddress: string; deviceToken?: string | null; now?: Date },
): Promise<LoginResult> {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  const keys = throttleKeys({ email, clientAddress: input.clientAddress, device: verifyDeviceToken(input.deviceToken, email) });
  const states = await Promise.all(keys.map((k) => getThrottle(db, k.key)));
  const locked = latest(states.map((s) => lockedUntil(s, now)));
  if (locked) return { ok: false, reason: "throttled", retryAt: locked };

  const user = await findUserByEmail(db, email);
  dummyHash ??= hashPassword("not the password of anyone");
  const valid = await verifyPassword(user?.password_hash ?? (await dummyHash), input.password);

  if (!user || !valid) {
    const next = keys.map((k, i) => recordFailure(states[i] ?? null, now, k.policy));
    await db.transaction().execute(async (trx) => {
      for (const [i, k] of keys.entries()) await putThrottle(trx, k.key, next[i]!);
      await insertAuditEvent(trx, { userId: user?.id, action: "login.failed", detail: { email }, now });
    });
    const retryAt = latest(next.map((s) => s.lockedUntil));
    return retryAt ? { ok: false, reason: "throttled", retryAt } : { ok: false, reason: "invalid" };
  }

  const token = generateSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await db.transaction().execute(async (trx) => {
    for (const key of keysClearedBySuccess(keys)) await clearThrottle(trx, key);
    await sessions.insertSession(trx, { id: sessionIdFromToken(token), userId: user.id, expiresAt });
    await insertAuditEvent(trx, { userId: user.id, action: "login", now });
  });
  return { ok: true, token, expiresAt, userId: user.id, locale: user.locale, deviceToken: newDeviceToken(email) };
}

/** The session for a token, renewed when in its last 15 days; null when unknown or expired. */
export async function validateSessionToken(db: Db, token: string, now: Date = new Date()): Promise<ValidSession | null> {
  const sessionId = sessionIdFromToken(token);
  const row = await sessions.findSessionWithUser(db, sessionId);
  if (!row) return null;
  let expiresAt = new Date(row.expiresAt);
  if (now.getTime() >= expiresAt.getTime()) {
    await sessions.deleteSession(db, sessionId);
    return null;
  }
  let renewed = false;
  if (now.getTime() >= expiresAt.getTime() - SESSION_RENEW_WITHIN_MS) {
    expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    await sessions.updateSessionExpiry(db, sessionId, expiresAt);
    renewed = true;
  }
  return {
    sessionId,
    expiresAt,
    renewed,
    user: { id: row.userId, email: row.email, name: row.name, locale: row.locale, isPlatformAdmin: row.isPlatformAdmin === 1 },
  };
}

export async function logout(db: Db, sessionId: string, userId: string, now: Date = new Date()) {
  await sessions.deleteSession(db, sessionId);
  await insertAuditEvent(db, { userId, action: "logout", now });
}

/**
 * Creates an account. The very first account of an instance becomes platform administrator.
 * Throws AppError("errors.emailTaken") when the address is in use.
 */
export async function createAccount(
  db: Db,
  input: { email: string; name: string; password: string; locale?: string | null; platformAdmin?: boolean; now?: Date },
) {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, email)) throw new AppError("errors.emailTaken", {}, 409);
    const first = (await countUsers(trx)) === 0;
    const id = newId();
    await insertUser(trx, {
      id,
      email,
      name: input.name.trim(),
      passwordHash,
      locale: input.locale ?? null,
      isPlatformAdmin: first || input.platformAdmin === true,
      now,
    });
    await insertAuditEvent(trx, { userId: id, action: "account.created", detail: { platformAdmin: first || input.platformAdmin === true }, now });
    return { id, email, platformAdmin: first || input.platformAdmin === true };
  });
}

/** Makes an existing account platform administrator, or creates one (CLI). */
export async function ensurePlatformAdmin(db: Db, input: { email: string; name: string; password: string; now?: Date }) {
  const existing = await findUserByEmail(db, normaliseEmail(input.email));
  if (existing) {
    await setPlatformAdmin(db, existing.id, true);
    return { id: existing.id, created: false };
  }
  const created = await createAccount(db, { ...input, platformAdmin: true });
  return { id: created.id, created: true };
}

export async function findAccountId(db: Db, email: string): Promise<string | null> {
  return (await findUserByEmail(db, normaliseEmail(email)))?.id ?? null;
}
