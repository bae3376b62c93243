// Calendar files: the .ics sent with a notice, and each person's private feed of the meetings
// and vote deadlines of all their entities (/calendar/:token.ics, the token stored hashed).
// Also each person's notification preferences, shown on the account page.
import { calendarText, type CalendarEvent } from "~/domain/ics";
import { LEGAL_KINDS, NOTIFICATION_KINDS, type NotificationKind, type NotificationMode } from "~/domain/notifications";
import type { Db } from "~/lib/db.server";
import { getFixedT } from "~/lib/i18n";
import type { Locale } from "~/lib/locale";
import { hashToken, randomToken, TOKEN_PATTERN } from "~/lib/tokens.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as q from "~/queries/notifications.server";
import { findUserById } from "~/queries/users.server";
import { publicOrigin } from "./notifications.server";

const HOST = "cogere";

export function meetingEvent(meeting: { id: string; title: string; starts_at: string; place: string | null; remote_link: string | null }, entity: { name: string; slug: string }): CalendarEvent {
  return {
    uid: `meeting-${meeting.id}@${HOST}`,
    start: meeting.starts_at,
    title: `${meeting.title} — ${entity.name}`,
    location: meeting.place ?? meeting.remote_link,
    url: `${publicOrigin()}/o/${entity.slug}/meetings/${meeting.id}`,
    description: meeting.place && meeting.remote_link ? meeting.remote_link : null,
  };
}

/** The calendar file attached to a notice. */
export function meetingIcs(meeting: Parameters<typeof meetingEvent>[0], entity: { name: string; slug: string }, locale: Locale, now: Date) {
  const t = getFixedT(locale);
  return { name: "convocation.ics", type: "text/calendar; charset=utf-8; method=PUBLISH", content: calendarText({ name: t("notifications.calendar.name", { name: entity.name }), events: [meetingEvent(meeting, entity)], now: now.toISOString() }) };
}

/** A new feed address for this person (the previous one stops working); shown once. */
export async function resetCalendarFeed(db: Db, userId: string, now: Date = new Date()): Promise<string> {
  const token = randomToken();
  await db.transaction().execute(async (trx) => {
    await q.saveFeedToken(trx, userId, hashToken(token), now.toISOString());
    await insertAuditEvent(trx, { userId, action: "calendar.feedReset", now });
  });
  return `${publicOrigin()}/calendar/${token}.ics`;
}

export async function hasCalendarFeed(db: Db, userId: string): Promise<boolean> {
  return (await q.findFeed(db, "user_id", userId)) != null;
}

/** The feed of the token's owner, or null for an unknown token. Events from 30 days ago on. */
export async function calendarFeed(db: Db, token: string, now: Date = new Date()): Promise<string | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const feed = await q.findFeed(db, "token_hash", hashToken(token));
  if (!feed) return null;
  const user = await findUserById(db, feed.user_id);
  if (!user) return null;
  const t = getFixedT(user.locale === "en" ? "en" : "fr");
  const { meetings, votes } = await q.feedItems(db, await q.entityIdsOfUser(db, user.id), new Date(now.getTime() - 30 * 86400_000).toISOString());
  const events: CalendarEvent[] = [
    ...meetings.map((m) => meetingEvent(m, { name: m.entityName, slug: m.slug })),
    ...votes.map((v) => ({
      uid: `vote-${v.id}@${HOST}`,
      start: new Date(new Date(v.closes_at!).getTime() - 30 * 60_000).toISOString(),
      end: v.closes_at,
      title: `${t("notifications.calendar.voteDeadline", { title: v.title })} — ${v.entityName}`,
      url: `${publicOrigin()}/o/${v.slug}/resolutions/${v.id}`,
    })),
  ];
  return calendarText({ name: t("notifications.calendar.name", { name: user.name }), events, now: now.toISOString() });
}

export async function notificationPreferences(db: Db, userId: string) {
  const saved = new Map((await q.listPreferences(db, userId)).map((p) => [p.kind, p.mode]));
  return NOTIFICATION_KINDS.map((kind) => ({ kind, legal: LEGAL_KINDS.has(kind), mode: LEGAL_KINDS.has(kind) ? "immediate" : (saved.get(kind) ?? "immediate") }));
}

/** Saves every kind's choice but the legal ones' (always immediate). */
export async function saveNotificationPreferences(db: Db, userId: string, choices: Partial<Record<NotificationKind, NotificationMode>>) {
  await db.transaction().execute(async (trx) => {
    for (const kind of NOTIFICATION_KINDS) {
      const mode = choices[kind];
      if (mode && !LEGAL_KINDS.has(kind)) await q.savePreference(trx, userId, kind, mode);
    }
  });
}
