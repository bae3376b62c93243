import type { ExpressionBuilder, Insertable, Updateable } from "kysely";
import { lockRows, type RowLock, type Database, type Db } from "~/lib/db.server";
import { sittingMemberIds } from "./organs.server";

/** A meeting of the entity; `lock`: its row stays locked until the transaction ends (db/dialect.ts lockRows). */
export function findMeeting(db: Db, entityId: string, meetingId: string, lock?: RowLock) {
  const query = db.selectFrom("meeting").selectAll().where("entity_id", "=", entityId).where("id", "=", meetingId);
  return (lock ? lockRows(db, query, lock) : query).executeTakeFirst();
}
export type MeetingRow = NonNullable<Awaited<ReturnType<typeof findMeeting>>>;

export async function insertMeeting(db: Db, row: Insertable<Database["meeting"]>) {
  await db.insertInto("meeting").values(row).execute();
}

export async function updateMeeting(db: Db, id: string, values: Updateable<Database["meeting"]>) {
  await db.updateTable("meeting").set(values).where("id", "=", id).execute();
}

export const MEETING_PAGE_SIZE = 30;

export async function listMeetings(db: Db, entityId: string, page: number) {
  const base = db.selectFrom("meeting").where("entity_id", "=", entityId);
  const [rows, total] = await Promise.all([
    base.select(["id", "kind", "title", "starts_at as startsAt", "status", "call"]).orderBy("starts_at", "desc").limit(MEETING_PAGE_SIZE).offset((page - 1) * MEETING_PAGE_SIZE).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

// Agenda

export function listAgenda(db: Db, meetingId: string) {
  return db
    .selectFrom("agenda_item")
    .leftJoin("resolution", "resolution.id", "agenda_item.resolution_id")
    .select([
      "agenda_item.id",
      "agenda_item.position",
      "agenda_item.title",
      "agenda_item.description",
      "agenda_item.summary",
      "agenda_item.resolution_id as resolutionId",
      "resolution.number as resolutionNumber",
      "resolution.title as resolutionTitle",
      "resolution.status as resolutionStatus",
      "resolution.outcome as resolutionOutcome",
      "resolution.kind as resolutionKind",
    ])
    .where("agenda_item.meeting_id", "=", meetingId)
    .orderBy("agenda_item.position")
    .execute();
}

export async function insertAgendaItem(db: Db, row: Insertable<Database["agenda_item"]>) {
  await db.insertInto("agenda_item").values(row).execute();
}

export async function nextAgendaPosition(db: Db, meetingId: string): Promise<number> {
  const row = await db.selectFrom("agenda_item").select((eb) => eb.fn.max<number | null>("position").as("p")).where("meeting_id", "=", meetingId).executeTakeFirst();
  return (row?.p ?? 0) + 1;
}

export async function updateAgendaItem(db: Db, id: string, values: Updateable<Database["agenda_item"]>) {
  await db.updateTable("agenda_item").set(values).where("id", "=", id).execute();
}

export async function deleteAgendaItem(db: Db, meetingId: string, id: string) {
  await db.deleteFrom("agenda_item").where("meeting_id", "=", meetingId).where("id", "=", id).execute();
}

/** Resolutions of a meeting, in agenda order. */
export function meetingResolutions(db: Db, meetingId: string) {
  return db.selectFrom("resolution").selectAll().where("meeting_id", "=", meetingId).orderBy("number").execute();
}

// Documents

export function listDocuments(db: Db, meetingId: string) {
  return db.selectFrom("meeting_document").select(["id", "name", "media_type as mediaType", "size", "sha256", "created_at as createdAt"]).where("meeting_id", "=", meetingId).orderBy("created_at").execute();
}

export function findDocument(db: Db, meetingId: string, documentId: string) {
  return db.selectFrom("meeting_document").selectAll().where("meeting_id", "=", meetingId).where("id", "=", documentId).executeTakeFirst();
}

export async function insertDocument(db: Db, row: Insertable<Database["meeting_document"]>) {
  await db.insertInto("meeting_document").values(row).execute();
}

// Attendance, proxies and postal votes

export function listAttendance(db: Db, meetingId: string) {
  return db
    .selectFrom("attendance")
    .innerJoin("member", "member.id", "attendance.member_id")
    .select(["attendance.member_id as memberId", "attendance.mode", "attendance.checked_in_at as checkedInAt", "member.name", "member.college_id as collegeId", "member.voting_weight_micro as weightMicro"])
    .where("attendance.meeting_id", "=", meetingId)
    .orderBy("member.sort_name")
    .execute();
}

export function findAttendance(db: Db, meetingId: string, memberId: string) {
  return db.selectFrom("attendance").selectAll().where("meeting_id", "=", meetingId).where("member_id", "=", memberId).executeTakeFirst();
}

export async function upsertAttendance(db: Db, row: Insertable<Database["attendance"]>) {
  await db
    .insertInto("attendance")
    .values(row)
    .onConflict((oc) => oc.columns(["meeting_id", "member_id"]).doUpdateSet({ mode: row.mode }))
    .execute();
}

export async function deleteAttendance(db: Db, meetingId: string, memberId: string) {
  await db.deleteFrom("attendance").where("meeting_id", "=", meetingId).where("member_id", "=", memberId).execute();
}

/** Every proxy in force for the meeting, in the order given, with names. */
export function meetingProxies(db: Db, meetingId: string) {
  return db
    .selectFrom("proxy")
    .innerJoin("member as principal", "principal.id", "proxy.principal_member_id")
    .leftJoin("member as holder", "holder.id", "proxy.holder_member_id")
    .select([
      "proxy.id",
      "proxy.principal_member_id as principalId",
      "principal.name as principalName",
      "principal.college_id as principalCollegeId",
      "principal.voting_weight_micro as principalWeightMicro",
      "proxy.holder_member_id as holderId",
      // A member's name, or the name of a holder outside the members (holderRelation set).
      (eb) => eb.fn.coalesce("holder.name", "proxy.holder_name").as("holderName"),
      "proxy.holder_relation as holderRelation",
      "proxy.holder_checked_in_at as holderCheckedInAt",
      "proxy.source",
      "proxy.created_at as createdAt",
    ])
    .where("proxy.meeting_id", "=", meetingId)
    .where("proxy.revoked_at", "is", null)
    .orderBy("proxy.created_at")
    .orderBy("proxy.id")
    .execute();
}

/** Checks a holder outside the members in (the time) or out (null). */
export async function setOutsiderCheckIn(db: Db, proxyId: string, at: string | null) {
  await db.updateTable("proxy").set({ holder_checked_in_at: at }).where("id", "=", proxyId).where("holder_name", "is not", null).execute();
}

/**
 * The postal votes that stand at a meeting: those received for it, and those received for an
 * earlier call on a resolution since moved to it (R225-77: a form stands for the later call).
 */
function postalAt(meetingId: string) {
  return (eb: ExpressionBuilder<Database, "postal_vote" | "resolution">) => eb.or([eb("postal_vote.meeting_id", "=", meetingId), eb("resolution.meeting_id", "=", meetingId)]);
}

export function postalVoters(db: Db, meetingId: string) {
  return db
    .selectFrom("postal_vote")
    .innerJoin("resolution", "resolution.id", "postal_vote.resolution_id")
    .innerJoin("member", "member.id", "postal_vote.member_id")
    .select((eb) => ["postal_vote.member_id as memberId", "member.name", "member.college_id as collegeId", "member.voting_weight_micro as weightMicro", eb.fn.min<string>("postal_vote.received_at").as("receivedAt"), eb.fn.max<string>("postal_vote.source").as("source")])
    .where(postalAt(meetingId))
    .groupBy(["postal_vote.member_id", "member.name", "member.college_id", "member.voting_weight_micro"])
    .execute();
}

export function postalVotesOf(db: Db, meetingId: string, memberId: string) {
  return db
    .selectFrom("postal_vote")
    .innerJoin("resolution", "resolution.id", "postal_vote.resolution_id")
    .select(["postal_vote.resolution_id as resolutionId", "postal_vote.choice", "postal_vote.ballot", "postal_vote.received_at as receivedAt", "postal_vote.counted"])
    .where(postalAt(meetingId))
    .where("postal_vote.member_id", "=", memberId)
    .execute();
}

/** When the last postal vote that stands at the meeting was received; null when none. */
export async function lastPostalReceipt(db: Db, meetingId: string): Promise<string | null> {
  const row = await db
    .selectFrom("postal_vote")
    .innerJoin("resolution", "resolution.id", "postal_vote.resolution_id")
    .select((eb) => eb.fn.max<string | null>("postal_vote.received_at").as("last"))
    .where(postalAt(meetingId))
    .executeTakeFirst();
  return row?.last ?? null;
}

export async function countPostalVotesOn(db: Db, resolutionId: string): Promise<number> {
  const row = await db.selectFrom("postal_vote").select((eb) => eb.fn.countAll<number>().as("n")).where("resolution_id", "=", resolutionId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function upsertPostalVote(db: Db, row: Insertable<Database["postal_vote"]>) {
  await db
    .insertInto("postal_vote")
    .values(row)
    .onConflict((oc) => oc.columns(["resolution_id", "member_id"]).doUpdateSet({ choice: row.choice, ballot: row.ballot ?? null, received_at: row.received_at, source: row.source }))
    .execute();
}

export function uncountedPostalVotes(db: Db, resolutionId: string) {
  return db.selectFrom("postal_vote").select(["member_id as memberId", "choice", "ballot", "received_at as receivedAt"]).where("resolution_id", "=", resolutionId).where("counted", "=", 0).execute();
}

/** `counted`: 0 not counted (yet, or late), 1 counted at the opening, 2 set aside at the opening (its secret ballot no longer fitted the member). */
export async function markPostalCounted(db: Db, resolutionId: string, memberId: string, counted: 1 | 2 = 1) {
  await db.updateTable("postal_vote").set({ counted }).where("resolution_id", "=", resolutionId).where("member_id", "=", memberId).execute();
}

/** Postal votes of a resolution set aside at the opening (counted = 2). */
export async function countPostalSetAside(db: Db, resolutionId: string): Promise<number> {
  const row = await db.selectFrom("postal_vote").select((eb) => eb.fn.countAll<number>().as("n")).where("resolution_id", "=", resolutionId).where("counted", "=", 2).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Forgets every postal choice and encrypted ballot on a resolution (secret votes, once the vote has opened); who voted by post stays. */
export async function wipePostalChoices(db: Db, resolutionId: string) {
  await db
    .updateTable("postal_vote")
    .set({ choice: null, ballot: null })
    .where("resolution_id", "=", resolutionId)
    .where((eb) => eb.or([eb("choice", "is not", null), eb("ballot", "is not", null)]))
    .execute();
}

/**
 * The proxies in force at a meeting stand for its next call (R225-79): copied to it, in the
 * order they were given, so that the cap, the votes and the blank proxies work there as here.
 */
export async function copyMeetingProxies(db: Db, fromMeetingId: string, toMeetingId: string, newId: () => string): Promise<number> {
  const rows = await db.selectFrom("proxy").selectAll().where("meeting_id", "=", fromMeetingId).where("revoked_at", "is", null).orderBy("created_at").orderBy("id").execute();
  if (rows.length) await db.insertInto("proxy").values(rows.map((p) => ({ ...p, id: newId(), meeting_id: toMeetingId }))).execute();
  return rows.length;
}

// Show of hands

export async function replaceHandCounts(db: Db, resolutionId: string, rows: { collegeId: string; for: number; against: number; abstain: number }[]) {
  await db.deleteFrom("hand_count").where("resolution_id", "=", resolutionId).execute();
  const kept = rows.filter((r) => r.for + r.against + r.abstain > 0);
  if (kept.length) {
    await db
      .insertInto("hand_count")
      .values(kept.map((r) => ({ resolution_id: resolutionId, college_id: r.collegeId, for_count: r.for, against_count: r.against, abstain_count: r.abstain })))
      .execute();
  }
}

/** Of the given members, those in the resolution's frozen electorate, with their college there. */
export async function votersAmong(db: Db, resolutionId: string, memberIds: string[]) {
  const out: { memberId: string; collegeId: string | null }[] = [];
  for (let i = 0; i < memberIds.length; i += 500) {
    out.push(...(await db.selectFrom("resolution_voter").select(["member_id as memberId", "college_id as collegeId"]).where("resolution_id", "=", resolutionId).where("member_id", "in", memberIds.slice(i, i + 500)).execute()));
  }
  return out;
}

export function handCounts(db: Db, resolutionId: string) {
  return db.selectFrom("hand_count").select(["college_id as collegeId", "for_count as for", "against_count as against", "abstain_count as abstain"]).where("resolution_id", "=", resolutionId).execute();
}

/** Members eligible at a meeting on `day`: active, and in a college when the entity votes by colleges. */
export function electorateTotals(db: Db, entityId: string, day: string, requireCollege: boolean, organId: string | null = null) {
  return db
    .selectFrom("member")
    .select((eb) => ["college_id as collegeId", eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("voting_weight_micro").as("w")])
    .where("entity_id", "=", entityId)
    .where("joined_on", "<=", day)
    .where((eb) => eb.or([eb("exited_on", "is", null), eb("exited_on", ">", day)]))
    .$if(requireCollege, (q) => q.where("college_id", "is not", null))
    .$if(organId != null, (q) => q.where("member.id", "in", sittingMemberIds(db, organId!, day)))
    .groupBy("college_id")
    .execute();
}

/** Of the given members, those eligible on `day`, with college and weight. */
export async function eligibleAmong(db: Db, entityId: string, memberIds: string[], day: string, requireCollege: boolean, organId: string | null = null) {
  const out: { id: string; collegeId: string | null; weightMicro: number }[] = [];
  for (let i = 0; i < memberIds.length; i += 500) {
    const rows = await db
      .selectFrom("member")
      .select(["id", "college_id as collegeId", "voting_weight_micro as weightMicro"])
      .where("entity_id", "=", entityId)
      .where("id", "in", memberIds.slice(i, i + 500))
      .where("joined_on", "<=", day)
      .where((eb) => eb.or([eb("exited_on", "is", null), eb("exited_on", ">", day)]))
      .$if(requireCollege, (q) => q.where("college_id", "is not", null))
      .$if(organId != null, (q) => q.where("member.id", "in", sittingMemberIds(db, organId!, day)))
      .execute();
    out.push(...rows);
  }
  return out;
}

/** Active members with an e-mail, a page at a time (keyset on id), for the notice. */
export function noticeRecipients(db: Db, entityId: string, day: string, afterId: string, limit: number, organId: string | null = null) {
  return db
    .selectFrom("member")
    .select(["id", "name", "email"])
    .where("entity_id", "=", entityId)
    .where("email", "is not", null)
    .where("id", ">", afterId)
    .where("joined_on", "<=", day)
    .where((eb) => eb.or([eb("exited_on", "is", null), eb("exited_on", ">", day)]))
    .$if(organId != null, (q) => q.where("member.id", "in", sittingMemberIds(db, organId!, day)))
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** Every member eligible on `day`, with number, college and weight, for the attendance sheet. */
export function listEligibleMembers(db: Db, entityId: string, day: string, requireCollege: boolean, organId: string | null = null) {
  return db
    .selectFrom("member")
    .leftJoin("college", "college.id", "member.college_id")
    .select(["member.id", "member.name", "member.member_number as number", "member.college_id as collegeId", "college.name as collegeName", "college.position as collegePosition", "member.voting_weight_micro as weightMicro"])
    .where("member.entity_id", "=", entityId)
    .where("member.joined_on", "<=", day)
    .where((eb) => eb.or([eb("member.exited_on", "is", null), eb("member.exited_on", ">", day)]))
    .$if(requireCollege, (q) => q.where("member.college_id", "is not", null))
    .$if(organId != null, (q) => q.where("member.id", "in", sittingMemberIds(db, organId!, day)))
    .orderBy("college.position")
    .orderBy("member.sort_name")
    .execute();
}
