// "Mot de passe oublié": a link by e-mail (through the outbox), single use, valid one hour, of
// which only the SHA-256 of its token is kept. Asking for one answers the same whether or not
// the address has an account, and takes the same work either way (a token is always drawn and
// hashed, the throttle always written), so neither the page nor its timing tells.
import { lockedUntil, latest, addressGroup, recordFailure, type ThrottlePolicy } from "~/domain/throttle";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { getFixedT } from "~/lib/i18n";
import { newId } from "~/lib/ids.server";
import { formatTime, isLocale, type Locale } from "~/lib/locale";
import { hashPassword } from "~/lib/password.server";
import { hashToken, randomToken, TOKEN_PATTERN } from "~/lib/tokens.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { findRole } from "~/queries/entities.server";
import * as resets from "~/queries/password-reset.server";
import { deleteUserSessions } from "~/queries/sessions.server";
import { clearThrottle, getThrottle, putThrottle } from "~/queries/throttle.server";
import { findUserByEmail, findUserById, updateUserPassword } from "~/queries/users.server";
import { normaliseEmail } from "./auth.server";
import { queueMail } from "./mail.server";

export const RESET_LIFETIME_MS = 60 * 60 * 1000;
/** At most 3 links per address per hour, and 20 requests per client address per hour. */
export const RESET_EMAIL_POLICY: ThrottlePolicy = { maxFailures: 3, windowMs: RESET_LIFETIME_MS, lockMs: RESET_LIFETIME_MS };
export const RESET_ADDRESS_POLICY: ThrottlePolicy = { maxFailures: 20, windowMs: RESET_LIFETIME_MS, lockMs: RESET_LIFETIME_MS };

export function resetLink(origin: string, token: string): string {
  return `${origin}/password/reset/${token}`;
}

/** Every reset link in a text, to mask it where a page shows the text. */
export const RESET_LINK_PATTERN = /\S*\/password\/reset\/[a-z2-7]{32}/g;

async function queueReset(db: Db, input: { user: { id: string; email: string; name: string; locale: string | null }; origin: string; locale: Locale; createdBy: string | null; entityId: string | null; token: string; now: Date }) {
  const { user, now } = input;
  const expiresAt = new Date(now.getTime() + RESET_LIFETIME_MS);
  await resets.insertPasswordReset(db, { id: newId(), userId: user.id, tokenHash: hashToken(input.token), expiresAt, createdBy: input.createdBy, now });
  const locale = isLocale(user.locale) ? user.locale : input.locale;
  const t = getFixedT(locale);
  await queueMail(
    db,
    {
      entityId: input.entityId,
      to: user.email,
      subject: t("passwordReset.mailSubject"),
      body: t("passwordReset.mailBody", { name: user.name, link: resetLink(input.origin, input.token), time: formatTime(locale, expiresAt) }),
      kind: "reset",
      sentBy: input.createdBy,
    },
    now,
  );
}

/**
 * Someone asks for a link. Returns nothing the caller could show: the page always answers the
 * same sentence. Throttled requests (same address or same client) are dropped silently.
 */
export async function requestPasswordReset(db: Db, input: { email: string; clientAddress: string; origin: string; locale: Locale; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  // The same work whatever the address: draw and hash a token, read the account, write the throttle.
  const token = randomToken();
  hashToken(token);
  const keys = [
    { key: `reset:${email}`, policy: RESET_EMAIL_POLICY },
    { key: `reset-address:${addressGroup(input.clientAddress)}`, policy: RESET_ADDRESS_POLICY },
  ];
  await db.transaction().execute(async (trx) => {
    const states = await Promise.all(keys.map((k) => getThrottle(trx, k.key)));
    if (latest(states.map((s) => lockedUntil(s, now)))) return;
    for (const [i, k] of keys.entries()) await putThrottle(trx, k.key, recordFailure(states[i] ?? null, now, k.policy));
    const user = await findUserByEmail(trx, email);
    if (!user) return;
    const entityId = await resets.firstEntityOfUser(trx, user.id);
    await queueReset(trx, { user, origin: input.origin, locale: input.locale, createdBy: null, entityId, token, now });
    await insertAuditEvent(trx, { entityId, userId: user.id, action: "account.resetRequested", subject: entityId ? { type: "role", id: user.id } : undefined, now });
  });
}

/** An administrator sends the link to someone who holds a role in the entity (journaled). */
export async function sendPasswordReset(db: Db, input: { entityId: string; actorId: string; userId: string; origin: string; locale: Locale; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    if (!(await findRole(trx, input.entityId, input.userId))) notFound();
    const user = await findUserById(trx, input.userId);
    if (!user) notFound();
    await queueReset(trx, { user, origin: input.origin, locale: input.locale, createdBy: input.actorId, entityId: input.entityId, token: randomToken(), now });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "account.resetSent", subject: { type: "role", id: user.id }, detail: { email: user.email }, now });
    return { name: user.name, email: user.email };
  });
}

export type ResetState = { status: "valid"; email: string } | { status: "expired" | "used" | "unknown" };

export async function passwordResetState(db: Db, token: string, now: Date = new Date()): Promise<ResetState> {
  if (!TOKEN_PATTERN.test(token)) return { status: "unknown" };
  const r = await resets.findPasswordResetByHash(db, hashToken(token));
  if (!r) return { status: "unknown" };
  if (r.usedAt) return { status: "used" };
  if (new Date(r.expiresAt).getTime() <= now.getTime()) return { status: "expired" };
  return { status: "valid", email: r.email };
}

/**
 * Uses a link once: sets the new password (argon2id), ends every session of the account and
 * every other pending link, lifts the account's sign-in lock, and journals it.
 */
export async function resetPassword(db: Db, input: { token: string; password: string; now?: Date }) {
  const now = input.now ?? new Date();
  const state = await passwordResetState(db, input.token, now);
  if (state.status !== "valid") throw new AppError(`passwordReset.${state.status}`, {}, 409);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const r = (await resets.findPasswordResetByHash(trx, hashToken(input.token)))!;
    if (!(await resets.markPasswordResetUsed(trx, r.id, now))) throw new AppError("passwordReset.used", {}, 409);
    await resets.closePendingResets(trx, r.userId, now);
    await updateUserPassword(trx, r.userId, passwordHash);
    await deleteUserSessions(trx, r.userId);
    await clearThrottle(trx, `account:${r.email}`);
    await insertAuditEvent(trx, { userId: r.userId, action: "account.passwordReset", detail: { resetId: r.id }, now });
    return { email: r.email };
  });
}
