// Notifications by e-mail (issue 12 §2): who is told, when (each person's choice per kind), and
// only once. A notification row, UNIQUE on (kind, subject, recipient), is inserted in the same
// transaction as its outbox message; a message is queued only when this call inserted the row,
// so two processes (or two scheduler runs) never send the same reminder twice.
import { deliveryMode, type NotificationKind } from "~/domain/notifications";
import type { Db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { getFixedT } from "~/lib/i18n";
import { newId } from "~/lib/ids.server";
import { formatDate, formatMoney, isLocale, type Locale } from "~/lib/locale";
import { parseAllowedOrigins } from "~/lib/origin.server";
import { findEntityById } from "~/queries/entities.server";
import * as q from "~/queries/notifications.server";
import { findResolution } from "~/queries/resolutions.server";
import { queueMail, type MailAttachment } from "./mail.server";

/** The origin links in messages start with: APP_ORIGIN's first entry, else this server on localhost. */
export function publicOrigin(): string {
  const env = getEnv();
  return (parseAllowedOrigins(env.APP_ORIGIN)[0] ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

export type Translate = ReturnType<typeof getFixedT>;

export interface Message {
  subject: string;
  body: string;
  /** Its line in a daily digest. */
  summary: string;
  attachments?: MailAttachment[];
}

/**
 * Tells these accounts about `subjectId`, each as they chose for `kind`: a message now, a line
 * in tomorrow's digest, or nothing (the row still records that they were told). Once per
 * (kind, subject, person), whoever calls it and however often. The number of messages queued.
 */
export async function notifyUsers(
  db: Db,
  input: { kind: NotificationKind; subjectId: string; entityId: string | null; userIds: readonly string[]; now: Date; message: (t: Translate, locale: Locale) => Message },
): Promise<number> {
  // In slices: one IN list of a large cooperative's 100 000 accounts exceeds SQLite's variable limit.
  const ids = [...new Set(input.userIds)];
  const people: Awaited<ReturnType<typeof q.recipientsByIds>> = [];
  for (let i = 0; i < ids.length; i += 5000) people.push(...(await q.recipientsByIds(db, ids.slice(i, i + 5000), input.kind)));
  let queued = 0;
  // One translator and one message per language, not per recipient: getFixedT builds a whole
  // i18next instance (about 1 ms), and a large meeting notifies thousands.
  const byLocale = new Map<Locale, { t: Translate; message: Message }>();
  const inLocale = (locale: Locale) => {
    let l = byLocale.get(locale);
    if (!l) {
      const t = getFixedT(locale);
      byLocale.set(locale, (l = { t, message: input.message(t, locale) }));
    }
    return l;
  };
  for (let i = 0; i < people.length; i += 200) {
    // Between two short transactions, the requests waiting get their turn: telling a large
    // cooperative's 100 000 accounts takes seconds, never seconds of a frozen server.
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    await db.transaction().execute(async (trx) => {
      for (const p of people.slice(i, i + 200)) {
        const locale: Locale = isLocale(p.locale) ? p.locale : "fr";
        const { t, message } = inLocale(locale);
        const mode = deliveryMode(input.kind, p.preference);
        const id = newId();
        const inserted = await q.insertNotificationOnce(trx, { id, kind: input.kind, subject_id: input.subjectId, recipient_id: p.id, user_id: p.id, entity_id: input.entityId, mode, summary: message.summary, created_at: input.now.toISOString() });
        if (!inserted || mode !== "immediate") continue;
        const outboxId = await queueMail(trx, { entityId: input.entityId, to: p.email, subject: message.subject, body: `${t("notifications.hello", { name: p.name })}\n\n${message.body}`, kind: input.kind, attachments: message.attachments }, input.now);
        await q.setNotificationOutbox(trx, id, outboxId);
        queued += 1;
      }
    });
  }
  return queued;
}

/**
 * A legal notice to a member (with or without an account), inside the caller's transaction: it
 * goes whatever anyone chose, once per sending (`sendingId`) and member.
 */
export async function queueLegalNotice(trx: Db, input: { entityId: string; sendingId: string; member: { id: string; email: string }; mail: { subject: string; body: string; attachments?: MailAttachment[]; sentBy?: string | null }; now: Date }) {
  const id = newId();
  const inserted = await q.insertNotificationOnce(trx, { id, kind: "meeting.convened", subject_id: input.sendingId, recipient_id: `member:${input.member.id}`, user_id: null, entity_id: input.entityId, mode: "immediate", summary: null, created_at: input.now.toISOString() });
  if (!inserted) return;
  const outboxId = await queueMail(trx, { entityId: input.entityId, to: input.member.email, ...input.mail, kind: "notice" }, input.now);
  await q.setNotificationOutbox(trx, id, outboxId);
}

/** Runs a notification after its event committed: a failure is logged, never undoes the event. */
async function safely(what: string, fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (e) {
    console.error(`notifications: ${what}:`, e);
  }
}

export function resolutionLink(slug: string, resolutionId: string) {
  return `${publicOrigin()}/o/${slug}/resolutions/${resolutionId}`;
}

/** A vote opens: its electorate with an account gets the text, the closing time and the link. */
export function notifyVoteOpened(db: Db, input: { entityId: string; resolutionId: string; now?: Date }) {
  return safely("vote.opened", async () => {
    const entity = await findEntityById(db, input.entityId);
    const r = await findResolution(db, input.entityId, input.resolutionId);
    // A meeting's votes are cast in the room: the notice told everyone already.
    if (!entity || !r || r.status !== "open" || r.meeting_id) return;
    const link = resolutionLink(entity.slug, r.id);
    await notifyUsers(db, {
      kind: "vote.opened",
      subjectId: r.id,
      entityId: entity.id,
      userIds: await q.electorateUserIds(db, r.id),
      now: input.now ?? new Date(),
      message: (t, locale) => {
        const vars = { number: r.number, title: r.title, entity: entity.name };
        const closes = r.closes_at ? t("notifications.voteOpened.closes", { date: formatDate(locale, r.closes_at, { dateStyle: "full", timeStyle: "short" }) }) : t("notifications.voteOpened.noClose");
        const summary = `${t("notifications.voteOpened.body", vars)} ${closes} ${t("notifications.voteLink", { link })}`;
        return { subject: t("notifications.voteOpened.subject", vars), summary, body: [t("notifications.voteOpened.body", vars), closes, "", r.body, "", t("notifications.voteLink", { link })].join("\n") };
      },
    });
  });
}

/** A result is published: the electorate with an account. */
export function notifyVoteResult(db: Db, input: { entityId: string; resolutionId: string; now?: Date }) {
  return safely("vote.result", async () => {
    const entity = await findEntityById(db, input.entityId);
    const r = await findResolution(db, input.entityId, input.resolutionId);
    if (!entity || !r || r.status !== "closed" || (r.outcome !== "adopted" && r.outcome !== "rejected")) return;
    const outcome = r.outcome;
    const link = resolutionLink(entity.slug, r.id);
    await notifyUsers(db, {
      kind: "vote.result",
      subjectId: r.id,
      entityId: entity.id,
      userIds: await q.electorateUserIds(db, r.id),
      now: input.now ?? new Date(),
      message: (t) => {
        const line = t(`notifications.voteResult.${outcome}`, { number: r.number, title: r.title, entity: entity.name });
        return { subject: t("notifications.voteResult.subject", { title: r.title }), summary: `${line} ${link}`, body: `${line}\n\n${t("notifications.voteResult.link", { link })}` };
      },
    });
  });
}

/** An expense waits: those who may approve it (their role approves expenses; never its author). */
export function notifyExpenseToApprove(db: Db, input: { entityId: string; budgetId: string; expenseId: string; submittedBy: string; amountCents: number; payee: string; description: string; now?: Date }) {
  return safely("expense.toApprove", async () => {
    const entity = await findEntityById(db, input.entityId);
    if (!entity) return;
    const link = `${publicOrigin()}/o/${entity.slug}/budgets/${input.budgetId}/expenses`;
    const approvers = (await q.userIdsWithRoles(db, entity.id, ["admin", "secretary", "treasurer"])).filter((id) => id !== input.submittedBy);
    await notifyUsers(db, {
      kind: "expense.toApprove",
      subjectId: input.expenseId,
      entityId: entity.id,
      userIds: approvers,
      now: input.now ?? new Date(),
      message: (t, locale) => {
        const line = t("notifications.expenseToApprove.body", { amount: formatMoney(locale, input.amountCents), payee: input.payee, description: input.description, entity: entity.name });
        return { subject: t("notifications.expenseToApprove.subject", { payee: input.payee }), summary: `${line} ${link}`, body: `${line}\n\n${t("notifications.expenseToApprove.link", { link })}` };
      },
    });
  });
}

/** Minutes are final: every member with an account and everyone with a role in the entity. */
export function notifyMinutesFinalized(db: Db, input: { entityId: string; meetingId: string; title: string; day: string; now?: Date }) {
  return safely("minutes.finalized", async () => {
    const entity = await findEntityById(db, input.entityId);
    if (!entity) return;
    const link = `${publicOrigin()}/o/${entity.slug}/meetings/${input.meetingId}/minutes`;
    await notifyUsers(db, {
      kind: "minutes.finalized",
      subjectId: input.meetingId,
      entityId: entity.id,
      userIds: await q.entityUserIds(db, entity.id, input.day),
      now: input.now ?? new Date(),
      message: (t) => {
        const line = t("notifications.minutesFinalized.body", { title: input.title, entity: entity.name });
        return { subject: t("notifications.minutesFinalized.subject", { title: input.title }), summary: `${line} ${link}`, body: `${line}\n\n${t("notifications.minutesFinalized.link", { link })}` };
      },
    });
  });
}
