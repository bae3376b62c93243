// The dashboard's reads: small lists and counts, each from one query (never the whole register).
import { sql } from "kysely";
import type { Db } from "~/lib/db.server";
import { voterRepresentedOnline, voterTookPart } from "./turnout.server";

/** How many rows of each list the dashboard shows at most. */
export const DASHBOARD_LIMIT = 20;

// Last visit

export async function findVisit(db: Db, entityId: string, userId: string): Promise<string | null> {
  const row = await db.selectFrom("dashboard_visit").select("seen_at").where("entity_id", "=", entityId).where("user_id", "=", userId).executeTakeFirst();
  return row?.seen_at ?? null;
}

export async function saveVisit(db: Db, entityId: string, userId: string, at: string) {
  await db
    .insertInto("dashboard_visit")
    .values({ entity_id: entityId, user_id: userId, seen_at: at })
    .onConflict((oc) => oc.columns(["entity_id", "user_id"]).doUpdateSet({ seen_at: at }))
    .execute();
}

// A member's votes

/** Open votes whose electorate holds the member, with whether they took part and whether a proxy of theirs is in force. */
export function openVotesOfMember(db: Db, entityId: string, memberId: string) {
  return db
    .selectFrom("resolution as r")
    .innerJoin("resolution_voter as v", (j) => j.onRef("v.resolution_id", "=", "r.id").on("v.member_id", "=", memberId))
    .leftJoin("participation as p", (j) => j.onRef("p.resolution_id", "=", "r.id").on("p.member_id", "=", memberId))
    .select((eb) => [
      "r.id",
      "r.number",
      "r.title",
      "r.opens_at as opensAt",
      "r.closes_at as closesAt",
      "p.member_id as votedMemberId",
      eb
        .exists(
          eb
            .selectFrom("proxy")
            .select("proxy.id")
            .where("proxy.principal_member_id", "=", memberId)
            .where("proxy.revoked_at", "is", null)
            .where((x) => x.or([x("proxy.resolution_id", "=", x.ref("r.id")), x.and([x("r.meeting_id", "is not", null), x("proxy.meeting_id", "=", x.ref("r.meeting_id"))])])),
        )
        .as("proxyGiven"),
    ])
    .where("r.entity_id", "=", entityId)
    .where("r.status", "=", "open")
    .orderBy(sql`coalesce(r.closes_at, '9999')`)
    .orderBy("r.number")
    .limit(DASHBOARD_LIMIT)
    .execute();
}

/** Open votes on which the member holds someone's proxy, with whether that principal has voted. */
export function openVotesHeldBy(db: Db, entityId: string, holderId: string) {
  return db
    .selectFrom("proxy")
    .innerJoin("resolution as r", (j) => j.on((x) => x.or([x("proxy.resolution_id", "=", x.ref("r.id")), x.and([x("r.meeting_id", "is not", null), x("proxy.meeting_id", "=", x.ref("r.meeting_id"))])])))
    .innerJoin("resolution_voter as v", (j) => j.onRef("v.resolution_id", "=", "r.id").onRef("v.member_id", "=", "proxy.principal_member_id"))
    .innerJoin("member as principal", "principal.id", "proxy.principal_member_id")
    .leftJoin("participation as p", (j) => j.onRef("p.resolution_id", "=", "r.id").onRef("p.member_id", "=", "proxy.principal_member_id"))
    .select(["r.id", "r.number", "r.title", "r.opens_at as opensAt", "r.closes_at as closesAt", "principal.id as principalId", "principal.name as principalName", "p.member_id as votedMemberId"])
    .where("r.entity_id", "=", entityId)
    .where("r.status", "=", "open")
    .where("proxy.holder_member_id", "=", holderId)
    .where("proxy.revoked_at", "is", null)
    .orderBy(sql`coalesce(r.closes_at, '9999')`)
    .orderBy("r.number")
    .orderBy("principal.sort_name")
    .limit(DASHBOARD_LIMIT)
    .execute();
}

// Meetings

/** Meetings convened and not yet held, with the member's proxy and postal votes for each (member null: none). */
export function convenedMeetings(db: Db, entityId: string, memberId: string | null) {
  return db
    .selectFrom("meeting as m")
    .select((eb) => [
      "m.id",
      "m.title",
      "m.kind",
      "m.status",
      "m.starts_at as startsAt",
      "m.postal_deadline as postalDeadline",
      eb
        .exists(eb.selectFrom("proxy").select("proxy.id").whereRef("proxy.meeting_id", "=", "m.id").where("proxy.principal_member_id", "=", memberId ?? "").where("proxy.revoked_at", "is", null))
        .as("proxyGiven"),
      eb.selectFrom("postal_vote as pv").select((x) => x.fn.countAll<number>().as("n")).whereRef("pv.meeting_id", "=", "m.id").where("pv.member_id", "=", memberId ?? "").as("postalVotes"),
    ])
    .where("m.entity_id", "=", entityId)
    .where("m.status", "in", ["convened", "open"])
    .orderBy("m.starts_at")
    .limit(DASHBOARD_LIMIT)
    .execute();
}

/** Draft meetings still ahead: each must be convened before its notice deadline. */
export function meetingsToConvene(db: Db, entityId: string, now: string) {
  return db
    .selectFrom("meeting")
    .select(["id", "title", "kind", "starts_at", "call", "notice_sent_at", "status"])
    .where("entity_id", "=", entityId)
    .where("status", "=", "draft")
    .where("starts_at", ">", now)
    .orderBy("starts_at")
    .limit(DASHBOARD_LIMIT)
    .execute();
}

/** Closed meetings whose minutes are not final yet. */
export function minutesToFinalise(db: Db, entityId: string) {
  return db
    .selectFrom("meeting as m")
    .leftJoin("minutes", "minutes.meeting_id", "m.id")
    .select(["m.id", "m.title", "m.starts_at as startsAt", "m.closed_at as closedAt"])
    .where("m.entity_id", "=", entityId)
    .where("m.status", "=", "closed")
    .where("minutes.id", "is", null)
    .orderBy("m.starts_at", "desc")
    .limit(DASHBOARD_LIMIT)
    .execute();
}

// Reading

/** Results frozen after `since`, newest first. */
export function resultsSince(db: Db, entityId: string, since: string) {
  return db
    .selectFrom("resolution")
    .select(["id", "number", "title", "outcome", "closed_at as closedAt"])
    .where("entity_id", "=", entityId)
    .where("status", "=", "closed")
    .where("closed_at", ">", since)
    .orderBy("closed_at", "desc")
    .limit(DASHBOARD_LIMIT)
    .execute();
}

/** Minutes finalised after `since`, newest first. */
export function minutesSince(db: Db, entityId: string, since: string) {
  return db
    .selectFrom("minutes")
    .innerJoin("meeting as m", "m.id", "minutes.meeting_id")
    .select(["m.id as meetingId", "m.title", "m.starts_at as startsAt", "minutes.finalized_at as finalizedAt"])
    .where("m.entity_id", "=", entityId)
    .where("minutes.finalized_at", ">", since)
    .orderBy("minutes.finalized_at", "desc")
    .limit(DASHBOARD_LIMIT)
    .execute();
}

// Secretary's figures

/** Open votes of the entity, soonest closing first. */
export function openVotes(db: Db, entityId: string) {
  return db
    .selectFrom("resolution")
    .selectAll()
    .where("entity_id", "=", entityId)
    .where("status", "=", "open")
    .orderBy(sql`coalesce(closes_at, '9999')`)
    .orderBy("number")
    .limit(DASHBOARD_LIMIT)
    .execute();
}

/**
 * The most of a vote's electorate that could ever be present online, by head and by weight
 * (millionths): voters with an account, voters already counted, and principals of a proxy in
 * force whose holder has an account. An upper bound: the proxy cap is not applied.
 */
export async function reachableOnline(db: Db, r: { id: string; meeting_id: string | null }) {
  const row = await db
    .selectFrom("resolution_voter as v")
    .innerJoin("member as m", "m.id", "v.member_id")
    .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.coalesce(eb.fn.sum<number>("v.weight_micro"), eb.val(0)).as("weightMicro")])
    .where("v.resolution_id", "=", r.id)
    .where((eb) =>
      eb.or([
        eb("m.user_id", "is not", null),
        voterTookPart(r)(eb),
        voterRepresentedOnline(r)(eb),
      ]),
    )
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), weightMicro: Number(row.weightMicro) };
}

/** Active members invited whose invitation is still valid and who have no account yet. */
export async function countPendingInvitations(db: Db, entityId: string, now: string): Promise<number> {
  const row = await db
    .selectFrom("invitation as i")
    .innerJoin("member as m", "m.id", "i.member_id")
    .select((eb) => eb.fn.count<number>("i.member_id").distinct().as("n"))
    .where("i.entity_id", "=", entityId)
    .where("i.used_at", "is", null)
    .where("i.expires_at", ">", now)
    .where("m.user_id", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Approvers

/** Pending expenses of adopted budgets submitted by someone else and not yet decided by `userId`. */
export function expensesAwaiting(db: Db, entityId: string, userId: string) {
  return db
    .selectFrom("expense as e")
    .innerJoin("budget as b", "b.id", "e.budget_id")
    .innerJoin("budget_line as l", "l.id", "e.line_id")
    .leftJoin("resolution as r", "r.id", "e.resolution_id")
    .select(["e.id", "e.budget_id as budgetId", "b.name as budgetName", "l.label as lineLabel", "e.payee", "e.description", "e.amount_cents as amountCents", "e.submitted_by as submittedBy", "e.created_at as submittedAt", "r.outcome as resolutionOutcome"])
    .where("b.entity_id", "=", entityId)
    .where("b.status", "=", "adopted")
    .where("e.status", "=", "pending")
    .where("e.submitted_by", "!=", userId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("expense_approval as a").select("a.expense_id").whereRef("a.expense_id", "=", "e.id").where("a.user_id", "=", userId))))
    .orderBy("e.created_at")
    .limit(DASHBOARD_LIMIT)
    .execute();
}

/** Budgets adopted and not closed: their lines are followed up. */
export function adoptedBudgets(db: Db, entityId: string) {
  return db.selectFrom("budget").selectAll().where("entity_id", "=", entityId).where("status", "=", "adopted").orderBy("fiscal_start", "desc").limit(5).execute();
}
