import type { ExpressionBuilder, Insertable } from "kysely";
import type { Database, Db } from "~/lib/db.server";
import { prepared } from "./prepared.server";

export function findParticipation(db: Db, resolutionId: string, memberId: string) {
  return db.selectFrom("participation").selectAll().where("resolution_id", "=", resolutionId).where("member_id", "=", memberId).executeTakeFirst();
}

// Every column named, so that each insert has one shape (prepared.server.ts).
const participationInsert = prepared((db, row: Required<Insertable<Database["participation"]>>) => db.insertInto("participation").values(row));
const ballotInsert = prepared((db, row: Required<Insertable<Database["ballot"]>>) => db.insertInto("ballot").values(row));

export async function insertParticipation(db: Db, row: Required<Insertable<Database["participation"]>>) {
  await participationInsert.all(db, row);
}

export async function insertBallot(db: Db, row: Required<Insertable<Database["ballot"]>>) {
  await ballotInsert.all(db, row);
}

export async function changeOpenBallot(db: Db, ballotId: string, choice: string, at: string) {
  await db.updateTable("ballot").set({ choice, updated_at: at }).where("id", "=", ballotId).execute();
}

/** Whether a ballot of the resolution has this receipt; its choice is never read. */
export function findBallotByReceipt(db: Db, resolutionId: string, receiptHash: string) {
  return db.selectFrom("ballot").select("id").where("resolution_id", "=", resolutionId).where("receipt_hash", "=", receiptHash).executeTakeFirst();
}

// Proxies: for one resolution, or for every resolution of a meeting.

export interface ProxyScope {
  resolutionId: string | null;
  meetingId: string | null;
}

/** The scope of the proxies that apply to a resolution: its own, and its meeting's. */
export function scopeOf(r: { id: string; meeting_id: string | null }): ProxyScope {
  return { resolutionId: r.id, meetingId: r.meeting_id };
}

export function inScope(scope: ProxyScope) {
  return (eb: ExpressionBuilder<Database, "proxy">) => {
    const parts = [];
    if (scope.resolutionId) parts.push(eb("proxy.resolution_id", "=", scope.resolutionId));
    if (scope.meetingId) parts.push(eb("proxy.meeting_id", "=", scope.meetingId));
    return parts.length ? eb.or(parts) : eb.val(false);
  };
}

export function activeProxyOfPrincipal(db: Db, scope: ProxyScope, principalId: string) {
  return db
    .selectFrom("proxy")
    .leftJoin("member as holder", "holder.id", "proxy.holder_member_id")
    .select(["proxy.id", "proxy.holder_member_id as holderId", (eb) => eb.fn.coalesce("holder.name", "proxy.holder_name").as("holderName"), "proxy.holder_relation as holderRelation", "proxy.source"])
    .where(inScope(scope))
    .where("proxy.principal_member_id", "=", principalId)
    .where("proxy.revoked_at", "is", null)
    .executeTakeFirst();
}

/** A holder's proxies in force, oldest first, with whether each principal has voted on `resolutionId` (and their open ballot's choice). */
export function proxiesHeldBy(db: Db, scope: ProxyScope, holderId: string) {
  return db
    .selectFrom("proxy")
    .innerJoin("member as principal", "principal.id", "proxy.principal_member_id")
    .leftJoin("participation as p", (j) => j.onRef("p.member_id", "=", "proxy.principal_member_id").on("p.resolution_id", "=", scope.resolutionId ?? ""))
    .leftJoin("ballot as b", (j) => j.onRef("b.member_id", "=", "proxy.principal_member_id").on("b.resolution_id", "=", scope.resolutionId ?? ""))
    .select(["proxy.id", "proxy.principal_member_id as principalId", "principal.name as principalName", "p.member_id as votedMemberId", "b.choice as ballotChoice", "proxy.created_at as createdAt"])
    .where(inScope(scope))
    .where("proxy.holder_member_id", "=", holderId)
    .where("proxy.revoked_at", "is", null)
    .orderBy("proxy.created_at")
    .orderBy("proxy.id")
    .execute();
}

/** The standing query of one shape: found by account or by member, for a vote alone or at a meeting. */
function standingQuery(by: "m.user_id" | "m.id", atMeeting: boolean) {
  return prepared((db, p: { entityId: string; resolutionId: string; meetingId: string; who: string }) =>
    db
      .selectFrom("member as m")
      .leftJoin("resolution_voter as v", (j) => j.onRef("v.member_id", "=", "m.id").on("v.resolution_id", "=", p.resolutionId))
      .leftJoin("participation as p", (j) => j.onRef("p.member_id", "=", "m.id").on("p.resolution_id", "=", p.resolutionId))
      .leftJoin("ballot as b", (j) => j.onRef("b.member_id", "=", "m.id").on("b.resolution_id", "=", p.resolutionId))
      .leftJoin("proxy", (j) =>
        j
          .onRef("proxy.principal_member_id", "=", "m.id")
          .on("proxy.revoked_at", "is", null)
          .on(inScope({ resolutionId: p.resolutionId, meetingId: atMeeting ? p.meetingId : null })),
      )
      .leftJoin("member as holder", "holder.id", "proxy.holder_member_id")
      .leftJoin("attendance as a", (j) => j.onRef("a.member_id", "=", "m.id").on("a.meeting_id", "=", p.meetingId))
      .select([
        "m.id",
        "m.name",
        "m.joined_on",
        "m.exited_on",
        "v.member_id as voterId",
        "v.college_id as voterCollegeId",
        "v.weight_micro as voterWeightMicro",
        "p.member_id as participantId",
        "p.cast_by_member_id as castById",
        "b.id as ballotId",
        "b.choice as ballotChoice",
        "proxy.id as proxyId",
        "proxy.holder_member_id as proxyHolderId",
        (eb) => eb.fn.coalesce("holder.name", "proxy.holder_name").as("proxyHolderName"),
        "a.mode as attendanceMode",
      ])
      .where("m.entity_id", "=", p.entityId)
      .where(by, "=", p.who)
      .orderBy("m.joined_on"),
  );
}
const STANDING = {
  user: { alone: standingQuery("m.user_id", false), meeting: standingQuery("m.user_id", true) },
  member: { alone: standingQuery("m.id", false), meeting: standingQuery("m.id", true) },
};

/**
 * A member (the one of a user, the earliest joined, or by id) and where they stand on a vote, in
 * one read: frozen in its electorate or not, their participation, their open ballot, the proxy
 * they gave that is in force (holder's name), their check-in at the vote's meeting.
 */
export function memberStanding(db: Db, r: { id: string; entity_id: string; meeting_id: string | null }, who: { userId: string } | { memberId: string }) {
  const query = STANDING["userId" in who ? "user" : "member"][r.meeting_id ? "meeting" : "alone"];
  return query.first(db, { entityId: r.entity_id, resolutionId: r.id, meetingId: r.meeting_id ?? "", who: "userId" in who ? who.userId : who.memberId });
}

export async function countProxiesHeldBy(db: Db, scope: ProxyScope, holderId: string): Promise<number> {
  const row = await db
    .selectFrom("proxy")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(inScope(scope))
    .where("holder_member_id", "=", holderId)
    .where("revoked_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertProxy(db: Db, row: Insertable<Database["proxy"]>) {
  await db.insertInto("proxy").values(row).execute();
}

export async function revokeProxy(db: Db, proxyId: string, at: string) {
  await db.updateTable("proxy").set({ revoked_at: at }).where("id", "=", proxyId).where("revoked_at", "is", null).execute();
}

/** Blank proxies (no holder named) whose principal has not voted on the resolution: they vote with the board. */
export function unusedBlankProxies(db: Db, r: { id: string; meeting_id: string | null }) {
  return db
    .selectFrom("proxy")
    .innerJoin("resolution_voter as v", (j) => j.onRef("v.member_id", "=", "proxy.principal_member_id").on("v.resolution_id", "=", r.id))
    .leftJoin("participation as p", (j) => j.onRef("p.member_id", "=", "proxy.principal_member_id").on("p.resolution_id", "=", r.id))
    .select(["proxy.principal_member_id as principalId", "v.college_id as collegeId", "v.weight_micro as weightMicro"])
    .where(inScope(scopeOf(r)))
    .where("proxy.holder_member_id", "is", null)
    .where("proxy.holder_name", "is", null)
    .where("proxy.revoked_at", "is", null)
    .where("p.member_id", "is", null)
    .execute();
}

// Exports, a page at a time

export async function* iterateElectorate(db: Db, resolutionId: string, pageSize = 5000) {
  let after = "";
  for (;;) {
    const rows = await db
      .selectFrom("resolution_voter as v")
      .innerJoin("member as m", "m.id", "v.member_id")
      .select(["v.member_id as memberId", "m.member_number as number", "v.college_id as collegeId", "v.weight_micro as weightMicro"])
      .where("v.resolution_id", "=", resolutionId)
      .where("v.member_id", ">", after)
      .orderBy("v.member_id")
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.memberId;
  }
}

export async function* iterateBallots(db: Db, resolutionId: string, pageSize = 5000) {
  let after = "";
  for (;;) {
    const rows = await db
      .selectFrom("ballot")
      .leftJoin("member as voter", "voter.id", "ballot.member_id")
      .leftJoin("member as caster", "caster.id", "ballot.cast_by_member_id")
      .select([
        "ballot.id",
        "ballot.member_id as memberId",
        "ballot.cast_by_member_id as castById",
        "voter.name as voterName",
        "voter.member_number as voterNumber",
        "caster.name as casterName",
        "ballot.college_id as collegeId",
        "ballot.weight_micro as weightMicro",
        "ballot.choice",
        "ballot.channel",
        "ballot.receipt_hash as receiptHash",
        "ballot.cast_at as castAt",
      ])
      .where("ballot.resolution_id", "=", resolutionId)
      .where("ballot.id", ">", after)
      .orderBy("ballot.id")
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

export function listProxies(db: Db, scope: ProxyScope) {
  return db
    .selectFrom("proxy")
    .select(["principal_member_id as principalId", "holder_member_id as holderId"])
    .where(inScope(scope))
    .where("revoked_at", "is", null)
    // A holder outside the members acts in the room only (show of hands, paper ballots), never online.
    .where("holder_name", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export function listParticipants(db: Db, resolutionId: string) {
  return db.selectFrom("participation").select(["member_id as memberId", "cast_by_member_id as castById", "channel"]).where("resolution_id", "=", resolutionId).execute();
}
