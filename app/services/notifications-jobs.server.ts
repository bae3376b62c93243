// What the scheduler does for notifications every 30 seconds: the closing-soon reminders, the
// results not announced yet (a secret vote counted by its trustees), and the daily digests.
// Every step is idempotent through the notification table's UNIQUE key.
import { closingSoonRecipients, CLOSING_SOON_MS, DIGEST_HOUR, groupDigest, isNotificationKind, KIND_KEYS, type DigestItem } from "~/domain/notifications";
import type { Db } from "~/lib/db.server";
import { dateTimeFormat, isoDateInParis } from "~/lib/dates";
import { getFixedT } from "~/lib/i18n";
import { newId } from "~/lib/ids.server";
import { formatDate, isLocale, type Locale } from "~/lib/locale";
import * as q from "~/queries/notifications.server";
import { deliverQueued, queueMail } from "./mail.server";
import { notifyUsers, notifyVoteResult, publicOrigin, resolutionLink } from "./notifications.server";

export async function runNotificationJobs(db: Db, now: Date = new Date()) {
  await sendClosingSoon(db, now);
  for (const r of await q.resultsNotAnnounced(db, new Date(now.getTime() - 2 * 86400_000).toISOString())) await notifyVoteResult(db, { entityId: r.entity_id, resolutionId: r.id, now });
  await sendDigests(db, now);
  // What these jobs and the day's events queued leaves with SMTP (nothing without it).
  await deliverQueued(db);
}

/** 24 hours before a vote closes: those who have neither voted nor given a proxy, and holders of unused proxies. */
export async function sendClosingSoon(db: Db, now: Date = new Date()): Promise<number> {
  let queued = 0;
  for (const r of await q.votesClosingBetween(db, now.toISOString(), new Date(now.getTime() + CLOSING_SOON_MS).toISOString())) {
    const voters = (await q.voterStates(db, r)).map((v) => ({ memberId: v.memberId, userId: v.userId, voted: v.votedId != null, gaveProxy: Boolean(v.gaveProxy) }));
    const proxies = (await q.heldProxies(db, r)).map((p) => ({ holderUserId: p.holderUserId, principalVoted: p.votedId != null }));
    const link = resolutionLink(r.slug, r.id);
    queued += await notifyUsers(db, {
      kind: "vote.closingSoon",
      subjectId: r.id,
      entityId: r.entity_id,
      userIds: closingSoonRecipients(voters, proxies),
      now,
      message: (t, locale) => {
        const line = t("notifications.voteClosingSoon.body", { number: r.number, title: r.title, entity: r.entityName, date: formatDate(locale, r.closes_at!, { dateStyle: "full", timeStyle: "short" }) });
        return { subject: t("notifications.voteClosingSoon.subject", { title: r.title }), summary: `${line} ${link}`, body: `${line}\n\n${t("notifications.voteLink", { link })}` };
      },
    });
  }
  return queued;
}

function parisHour(now: Date): number {
  return Number(dateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", hourCycle: "h23" }).format(now));
}

/**
 * Once a day from 7:00 (Paris), one message per person gathering what they asked for as a
 * digest. The digest itself is a notification (kind "digest", subject: the day), so it goes once.
 */
export async function sendDigests(db: Db, now: Date = new Date()): Promise<number> {
  if (parisHour(now) < DIGEST_HOUR) return 0;
  const day = isoDateInParis(now);
  let sent = 0;
  for (const userId of await q.usersWithPendingDigest(db)) {
    const [person] = await q.recipientsByIds(db, [userId], "digest");
    if (!person) continue;
    const done = await db.transaction().execute(async (trx) => {
      const id = newId();
      if (!(await q.insertNotificationOnce(trx, { id, kind: "digest", subject_id: day, recipient_id: userId, user_id: userId, entity_id: null, mode: "immediate", summary: null, created_at: now.toISOString() }))) return false;
      const rows = await q.pendingDigestItems(trx, userId);
      const items: DigestItem[] = rows.flatMap((r) => (isNotificationKind(r.kind) ? [{ kind: r.kind, entityName: r.entityName ?? "", summary: r.summary ?? "", createdAt: r.created_at }] : []));
      if (items.length === 0) return false;
      const locale: Locale = isLocale(person.locale) ? person.locale : "fr";
      const t = getFixedT(locale);
      const body = [t("notifications.hello", { name: person.name }), "", t("notifications.digest.intro"), ""];
      for (const section of groupDigest(items)) {
        body.push(`## ${section.entityName}`);
        for (const k of section.kinds) body.push("", `${t(`notifications.kinds.${KIND_KEYS[k.kind]}`)}`, ...k.lines.map((l) => `— ${l}`));
        body.push("");
      }
      body.push(t("notifications.digest.footer", { link: `${publicOrigin()}/account` }));
      const outboxId = await queueMail(trx, { entityId: null, to: person.email, subject: t("notifications.digest.subject", { count: items.length }), body: body.join("\n"), kind: "digest" }, now);
      await q.setNotificationOutbox(trx, id, outboxId);
      await q.markDigested(trx, rows.map((r) => r.id), now.toISOString());
      return true;
    });
    if (done) sent += 1;
  }
  return sent;
}
