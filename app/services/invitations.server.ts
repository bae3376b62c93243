import { isUniqueViolation, type Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { getFixedT } from "~/lib/i18n";
import { newId } from "~/lib/ids.server";
import { verifyPassword } from "~/lib/password.server";
import { formatDate, type Locale } from "~/lib/locale";
import { hashToken, randomToken, TOKEN_PATTERN } from "~/lib/tokens.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { findRole, upsertRole } from "~/queries/entities.server";
import * as invitations from "~/queries/invitations.server";
import { findMember, listInvitableMembers, updateMember } from "~/queries/members.server";
import { findUserByEmail } from "~/queries/users.server";
import { isActiveMember } from "~/domain/scic";
import { createAccount } from "./auth.server";
import { queueMail } from "./mail.server";

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** The link an invitation carries: it opens the member's account to whoever follows it first. */
export function invitationLink(origin: string, token: string): string {
  return `${origin}/invitation/${token}`;
}

/** Every invitation link in a text (whatever its origin), to mask it where a page shows the text. */
export const INVITATION_LINK_PATTERN = /\S*\/invitation\/[a-z2-7]{32}/g;

interface InviteContext {
  entity: { id: string; name: string };
  actorId: string;
  /** Public origin for the link, e.g. http://localhost:3000. */
  origin: string;
  locale: Locale;
  day: string;
  now?: Date;
}

async function invite(db: Db, ctx: InviteContext, member: { id: string; name: string; email: string }, now: Date) {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
  await invitations.insertInvitation(db, { id: newId(), entityId: ctx.entity.id, memberId: member.id, email: member.email, tokenHash: hashToken(token), expiresAt, createdBy: ctx.actorId, now });
  const t = getFixedT(ctx.locale);
  await queueMail(
    db,
    {
      entityId: ctx.entity.id,
      to: member.email,
      subject: t("invitations.mailSubject", { entity: ctx.entity.name }),
      body: t("invitations.mailBody", { name: member.name, entity: ctx.entity.name, link: invitationLink(ctx.origin, token), date: formatDate(ctx.locale, expiresAt) }),
      kind: "invitation",
      sentBy: ctx.actorId,
    },
    now,
  );
  await insertAuditEvent(db, { entityId: ctx.entity.id, userId: ctx.actorId, action: "member.invited", subject: { type: "member", id: member.id }, detail: { email: member.email }, now });
  return token;
}

/** Invites one member to create their account; returns the link's token (for tests and the outbox). */
export async function inviteMember(db: Db, ctx: InviteContext & { memberId: string }) {
  const now = ctx.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const m = await findMember(trx, ctx.entity.id, ctx.memberId);
    if (!m) notFound();
    if (!m.email) throw new AppError("invitations.noEmail", { name: m.name });
    if (m.user_id) throw new AppError("invitations.hasAccount", { name: m.name }, 409);
    if (!isActiveMember({ joinedOn: m.joined_on, exitedOn: m.exited_on }, ctx.day)) throw new AppError("errors.memberNotActive", { name: m.name });
    return invite(trx, ctx, { id: m.id, name: m.name, email: m.email }, now);
  });
}

/** Invites every active member with an e-mail, no account and no pending invitation. */
export async function inviteAll(db: Db, ctx: InviteContext): Promise<number> {
  const now = ctx.now ?? new Date();
  let count = 0;
  let after = "";
  // A page per transaction: a big register never holds the write lock for long.
  for (;;) {
    const page = await listInvitableMembers(db, ctx.entity.id, ctx.day, now, 200, after);
    if (page.length === 0) return count;
    await db.transaction().execute(async (trx) => {
      for (const m of page) await invite(trx, ctx, { id: m.id, name: m.name, email: m.email! }, now);
    });
    count += page.length;
    after = page[page.length - 1]!.id;
  }
}

export type InvitationState =
  | { status: "valid"; entityName: string; memberName: string; email: string; accountExists: boolean }
  | { status: "expired" | "used" | "unknown" };

export async function invitationState(db: Db, token: string, now: Date = new Date()): Promise<InvitationState> {
  if (!TOKEN_PATTERN.test(token)) return { status: "unknown" };
  const inv = await invitations.findInvitationByHash(db, hashToken(token));
  if (!inv) return { status: "unknown" };
  if (inv.usedAt || inv.memberUserId) return { status: "used" };
  if (new Date(inv.expiresAt).getTime() <= now.getTime()) return { status: "expired" };
  return { status: "valid", entityName: inv.entityName, memberName: inv.memberName, email: inv.email, accountExists: (await findUserByEmail(db, inv.email)) != null };
}

/**
 * Uses an invitation once: creates the account with the chosen password (or, when one exists
 * for that e-mail, checks its password), links it to the member and gives the member role.
 */
export async function acceptInvitation(db: Db, input: { token: string; password: string; now?: Date }) {
  const now = input.now ?? new Date();
  const state = await invitationState(db, input.token, now);
  if (state.status !== "valid") throw new AppError(`invitations.${state.status}`, {}, 409);
  const inv = (await invitations.findInvitationByHash(db, hashToken(input.token)))!;
  let user = await findUserByEmail(db, inv.email);
  const created = !user;
  // An existing account is linked only by whoever knows its password.
  if (user && !(await verifyPassword(user.password_hash, input.password))) throw new AppError("invitations.wrongPassword", {}, 422, "password");
  if (!user) {
    // The same link accepted twice at once (a double click): the e-mail's unique key lets one
    // account in; the other request is told the link has served.
    await createAccount(db, { email: inv.email, name: inv.memberName, password: input.password, now }).catch((e: unknown) => {
      throw isUniqueViolation(e) || (e instanceof AppError && e.key === "errors.emailTaken") ? new AppError("invitations.used", {}, 409) : e;
    });
    user = (await findUserByEmail(db, inv.email))!;
  }
  const userId = user.id;
  await db.transaction().execute(async (trx) => {
    if (!(await invitations.markInvitationUsed(trx, inv.id, now))) throw new AppError("invitations.used", {}, 409);
    await updateMember(trx, inv.memberId, { user_id: userId, updated_at: now.toISOString() });
    if (!(await findRole(trx, inv.entityId, userId))) await upsertRole(trx, { entityId: inv.entityId, userId, role: "member", now });
    await insertAuditEvent(trx, { entityId: inv.entityId, userId, action: "invitation.accepted", subject: { type: "member", id: inv.memberId }, now });
  });
  return { userId, email: inv.email, entitySlug: inv.entitySlug, created };
}
