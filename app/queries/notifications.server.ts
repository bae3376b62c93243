// Notifications, preferences and calendar feeds (migrations/2026-11-30-012-notifications.ts).
import type { Insertable } from "kysely";
import type { Database, Db } from "~/lib/db.server";

/** Inserts once per (kind, subject, recipient); whether this call inserted it. */
export async function insertNotificationOnce(db: Db, row: Insertable<Database["notification"]>): Promise<boolean> {
  const r = await db.insertInto("notification").values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function setNotificationOutbox(db: Db, id: string, outboxId: string) {
  await db.updateTable("notification").set({ outbox_id: outboxId }).where("id", "=", id).execute();
}

export function listPreferences(db: Db, userId: string) {
  return db.selectFrom("notification_preference").select(["kind", "mode"]).where("user_id", "=", userId).execute();
}

export async function savePreference(db: Db, userId: string, kind: string, mode: "immediate" | "digest" | "never") {
  await db.insertInto("notification_preference").values({ user_id: userId, kind, mode }).onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet({ mode })).execute();
}

/** Accounts by id with what a message needs, and their choice for `kind`. */
export function recipientsByIds(db: Db, userIds: readonly string[], kind: string) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("user")
    .leftJoin("notification_preference as p", (j) => j.onRef("p.user_id", "=", "user.id").on("p.kind", "=", kind))
    .select(["user.id", "user.email", "user.name", "user.locale", "p.mode as preference"])
    .where("user.id", "in", userIds)
    .orderBy("user.id")
    .execute();
}

/** The accounts of a vote's electorate. */
export async function electorateUserIds(db: Db, resolutionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("resolution_voter as v")
    .innerJoin("member as m", "m.id", "v.member_id")
    .select("m.user_id")
    .where("v.resolution_id", "=", resolutionId)
    .where("m.user_id", "is not", null)
    .distinct()
    .execute();
  return rows.map((r) => r.user_id!);
}

/** Accounts holding one of `roles` in an entity. */
export async function userIdsWithRoles(db: Db, entityId: string, roles: readonly string[]): Promise<string[]> {
  const rows = await db.selectFrom("entity_role").select("user_id").where("entity_id", "=", entityId).where("role", "in", roles).execute();
  return rows.map((r) => r.user_id);
}

/** Accounts of the members of an entity (active on `day`) and of those with a role. */
export async function entityUserIds(db: Db, entityId: string, day: string): Promise<string[]> {
  const members = await db
    .selectFrom("member")
    .select("user_id")
    .where("entity_id", "=", entityId)
    .where("user_id", "is not", null)
    .where("joined_on", "<=", day)
    .where((eb) => eb.or([eb("exited_on", "is", null), eb("exited_on", ">", day)]))
    .execute();
  const roles = await db.selectFrom("entity_role").select("user_id").where("entity_id", "=", entityId).execute();
  return [...new Set([...members.map((m) => m.user_id!), ...roles.map((r) => r.user_id)])];
}

/** Open votes closing within (now, until]. */
export function votesClosingBetween(db: Db, nowIso: string, untilIso: string) {
  return db
    .selectFrom("resolution")
    .innerJoin("entity", "entity.id", "resolution.entity_id")
    .select(["resolution.id", "resolution.entity_id", "resolution.meeting_id", "resolution.number", "resolution.title", "resolution.closes_at", "entity.slug", "entity.name as entityName"])
    .where("resolution.status", "=", "open")
    .where("resolution.closes_at", ">", nowIso)
    .where("resolution.closes_at", "<=", untilIso)
    .execute();
}

/** Each voter of a vote: account, whether they voted, whether they gave a proxy in force. */
export function voterStates(db: Db, r: { id: string; meeting_id: string | null }) {
  return db
    .selectFrom("resolution_voter as v")
    .innerJoin("member as m", "m.id", "v.member_id")
    .leftJoin("participation as p", (j) => j.onRef("p.member_id", "=", "v.member_id").on("p.resolution_id", "=", r.id))
    .select((eb) => [
      "v.member_id as memberId",
      "m.user_id as userId",
      "p.member_id as votedId",
      eb
        .exists(
          eb
            .selectFrom("proxy")
            .select("proxy.id")
            .whereRef("proxy.principal_member_id", "=", "v.member_id")
            .where("proxy.revoked_at", "is", null)
            .where((w) => w.or([w("proxy.resolution_id", "=", r.id), ...(r.meeting_id ? [w("proxy.meeting_id", "=", r.meeting_id)] : [])])),
        )
        .as("gaveProxy"),
    ])
    .where("v.resolution_id", "=", r.id)
    .execute();
}

/** Proxies in force for a vote held by someone, with the holder's account and whether the principal voted. */
export function heldProxies(db: Db, r: { id: string; meeting_id: string | null }) {
  return db
    .selectFrom("proxy")
    .innerJoin("member as holder", "holder.id", "proxy.holder_member_id")
    .innerJoin("resolution_voter as v", (j) => j.onRef("v.member_id", "=", "proxy.principal_member_id").on("v.resolution_id", "=", r.id))
    .leftJoin("participation as p", (j) => j.onRef("p.member_id", "=", "proxy.principal_member_id").on("p.resolution_id", "=", r.id))
    .select(["holder.user_id as holderUserId", "p.member_id as votedId"])
    .where("proxy.revoked_at", "is", null)
    .where((w) => w.or([w("proxy.resolution_id", "=", r.id), ...(r.meeting_id ? [w("proxy.meeting_id", "=", r.meeting_id)] : [])]))
    .execute();
}

/** Accounts with digest items not yet sent. */
export async function usersWithPendingDigest(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("notification").select("user_id").distinct().where("mode", "=", "digest").where("digested_at", "is", null).where("user_id", "is not", null).execute();
  return rows.map((r) => r.user_id!);
}

export function pendingDigestItems(db: Db, userId: string) {
  return db
    .selectFrom("notification")
    .leftJoin("entity", "entity.id", "notification.entity_id")
    .select(["notification.id", "notification.kind", "notification.summary", "notification.created_at", "entity.name as entityName"])
    .where("notification.user_id", "=", userId)
    .where("notification.mode", "=", "digest")
    .where("notification.digested_at", "is", null)
    .execute();
}

export async function markDigested(db: Db, ids: readonly string[], at: string) {
  if (ids.length === 0) return;
  await db.updateTable("notification").set({ digested_at: at }).where("id", "in", ids).execute();
}

// Calendar feeds

export async function saveFeedToken(db: Db, userId: string, tokenHash: string, now: string) {
  await db.insertInto("calendar_feed").values({ user_id: userId, token_hash: tokenHash, created_at: now }).onConflict((oc) => oc.column("user_id").doUpdateSet({ token_hash: tokenHash, created_at: now })).execute();
}

export function findFeed(db: Db, field: "user_id" | "token_hash", value: string) {
  return db.selectFrom("calendar_feed").selectAll().where(field, "=", value).executeTakeFirst();
}

/** The entities a person belongs to: as a member with an account or through a role. */
export async function entityIdsOfUser(db: Db, userId: string): Promise<string[]> {
  const a = await db.selectFrom("member").select("entity_id").where("user_id", "=", userId).where("exited_on", "is", null).execute();
  const b = await db.selectFrom("entity_role").select("entity_id").where("user_id", "=", userId).execute();
  return [...new Set([...a, ...b].map((r) => r.entity_id))];
}

/** Meetings (not drafts) and vote deadlines of these entities, from `sinceIso` on. */
export async function feedItems(db: Db, entityIds: readonly string[], sinceIso: string) {
  if (entityIds.length === 0) return { meetings: [], votes: [] };
  const meetings = await db
    .selectFrom("meeting")
    .innerJoin("entity", "entity.id", "meeting.entity_id")
    .select(["meeting.id", "meeting.title", "meeting.starts_at", "meeting.place", "meeting.remote_link", "entity.name as entityName", "entity.slug"])
    .where("meeting.entity_id", "in", entityIds)
    .where("meeting.status", "!=", "draft")
    .where("meeting.starts_at", ">=", sinceIso)
    .orderBy("meeting.starts_at")
    .execute();
  const votes = await db
    .selectFrom("resolution")
    .innerJoin("entity", "entity.id", "resolution.entity_id")
    .select(["resolution.id", "resolution.number", "resolution.title", "resolution.closes_at", "entity.name as entityName", "entity.slug"])
    .where("resolution.entity_id", "in", entityIds)
    .where("resolution.status", "in", ["scheduled", "open"])
    .where("resolution.closes_at", "is not", null)
    .where("resolution.closes_at", ">=", sinceIso)
    .orderBy("resolution.closes_at")
    .execute();
  return { meetings, votes };
}

export function outboxAttachments(db: Db, outboxIds: readonly string[]) {
  if (outboxIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("outbox_attachment").selectAll().where("outbox_id", "in", outboxIds).execute();
}

export async function insertAttachments(db: Db, outboxId: string, files: readonly { name: string; type: string; content: string }[]) {
  await db.insertInto("outbox_attachment").values(files.map((f) => ({ outbox_id: outboxId, name: f.name, media_type: f.type, content: f.content }))).execute();
}

/** Votes whose result came out since `sinceIso` and for which nobody was told yet. */
export function resultsNotAnnounced(db: Db, sinceIso: string) {
  return db
    .selectFrom("resolution")
    .select(["resolution.id", "resolution.entity_id"])
    .where("resolution.status", "=", "closed")
    .where("resolution.closed_at", ">=", sinceIso)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("notification as n").select("n.id").where("n.kind", "=", "vote.result").whereRef("n.subject_id", "=", "resolution.id"))))
    .execute();
}

/** Takes a queued message for sending: true for the one caller that gets it (several processes may deliver). */
export async function claimOutbox(db: Db, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable("outbox").set({ sent_at: at }).where("id", "=", id).where("sent_at", "is", null).where("error", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A claimed message that could not be sent: not sent, with its error. */
export async function failOutbox(db: Db, id: string, error: string) {
  await db.updateTable("outbox").set({ sent_at: null, error }).where("id", "=", id).execute();
}
