import type { Insertable, Selectable, Updateable } from "kysely";
import { lockRows, type Database, type Db } from "~/lib/db.server";
import { activeOn } from "./member-search.server";

export type MemberRow = Insertable<Database["member"]>;
export type MemberUpdate = Updateable<Database["member"]>;

export { countMembers, listMemberPage, listMembers, MEMBER_PAGE_SIZE, type MemberListOptions } from "./member-search.server";

const CHUNK = 500;

function memberWithCollege(db: Db, entityId: string) {
  return db
    .selectFrom("member")
    .leftJoin("college", "college.id", "member.college_id")
    .selectAll("member")
    .select("college.name as college_name")
    .where("member.entity_id", "=", entityId);
}

export function findMember(db: Db, entityId: string, memberId: string) {
  return memberWithCollege(db, entityId).where("member.id", "=", memberId).executeTakeFirst();
}

/**
 * Locks the rows of these members of the entity until the transaction ends (db/dialect.ts
 * lockRows), in the order of their ids, so that two transactions locking the same members never
 * wait for each other crosswise. For what is decided per member from what already exists: the
 * proxies a holder holds, the one proxy or postal vote a principal gives.
 */
export async function lockMembers(db: Db, entityId: string, memberIds: string[]) {
  if (memberIds.length === 0) return;
  await lockRows(db, db.selectFrom("member").select("id").where("entity_id", "=", entityId).where("id", "in", [...new Set(memberIds)]).orderBy("id"), "no key update").execute();
}

export function findMemberOfUser(db: Db, entityId: string, userId: string) {
  return memberWithCollege(db, entityId).where("member.user_id", "=", userId).orderBy("member.joined_on").executeTakeFirst();
}

export type StoredMember = NonNullable<Awaited<ReturnType<typeof findMember>>>;

/** Members whose number, or else e-mail, is in the lists; looked up in chunks. */
export async function findMembersByKeys(db: Db, entityId: string, keys: { numbers: string[]; emails: string[] }) {
  const found: Selectable<Database["member"]>[] = [];
  for (let i = 0; i < keys.numbers.length; i += CHUNK) {
    found.push(...(await selectMembers(db, entityId).where("member_number", "in", keys.numbers.slice(i, i + CHUNK)).execute()));
  }
  for (let i = 0; i < keys.emails.length; i += CHUNK) {
    found.push(...(await selectMembers(db, entityId).where("email", "in", keys.emails.slice(i, i + CHUNK)).execute()));
  }
  return found;
}

function selectMembers(db: Db, entityId: string) {
  return db.selectFrom("member").selectAll().where("entity_id", "=", entityId);
}

export async function insertMembers(db: Db, rows: MemberRow[]) {
  // SQLite allows 32 766 bound parameters; 18 columns a row.
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insertInto("member").values(rows.slice(i, i + 1000)).execute();
  }
}

export async function updateMember(db: Db, memberId: string, values: MemberUpdate) {
  await db.updateTable("member").set(values).where("id", "=", memberId).execute();
}

/** Shares held by active members: all of them, and by local authorities. */
export async function capitalTotals(db: Db, entityId: string, day: string) {
  const row = await db
    .selectFrom("member")
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>("shares"), eb.val(0)).as("total"),
      eb.fn.coalesce(eb.fn.sum<number>(eb.case().when("category", "=", "collectivite").then(eb.ref("shares")).else(0).end()), eb.val(0)).as("collectivites"),
    ])
    .where("entity_id", "=", entityId)
    .where(activeOn(day))
    .executeTakeFirstOrThrow();
  return { total: BigInt(row.total), collectivites: BigInt(row.collectivites) };
}

/**
 * Per college and category: headcounts (all, exited, active on `day`) and the active members'
 * own weights (millionths) and shares, in one pass over member_totals_idx. Every count and sum
 * the register page shows without a search comes from these few rows.
 */
export async function memberTotals(db: Db, entityId: string, day: string) {
  const rows = await db
    .selectFrom("member")
    .select((eb) => [
      "member.college_id as collegeId",
      "member.category",
      eb.fn.countAll<number>().as("all"),
      eb.fn.countAll<number>().filterWhere("member.exited_on", "<=", day).as("exited"),
      eb.fn.countAll<number>().filterWhere(activeOn(day)).as("active"),
      eb.fn.sum<number>("member.voting_weight_micro").filterWhere(activeOn(day)).as("activeWeightMicro"),
      eb.fn.sum<number>("member.shares").filterWhere(activeOn(day)).as("activeShares"),
    ])
    .where("member.entity_id", "=", entityId)
    .groupBy(["member.college_id", "member.category"])
    .execute();
  return rows.map((r) => ({
    collegeId: r.collegeId,
    category: r.category,
    all: Number(r.all),
    exited: Number(r.exited),
    active: Number(r.active),
    activeWeightMicro: Number(r.activeWeightMicro ?? 0),
    activeShares: Number(r.activeShares ?? 0),
  }));
}

/** The entity's register stamp (see migrations/2026-11-30-015-register-speed.ts); null before its first member. */
export async function registerStamp(db: Db, entityId: string): Promise<string | null> {
  const row = await db.selectFrom("register_stamp").select("stamp").where("entity_id", "=", entityId).executeTakeFirst();
  return row?.stamp ?? null;
}

export async function countActiveMembers(db: Db, entityId: string, day: string): Promise<number> {
  const row = await db
    .selectFrom("member")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("entity_id", "=", entityId)
    .where(activeOn(day))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Active members with an e-mail, no account yet and no invitation still valid; a page at a time. */
export function listInvitableMembers(db: Db, entityId: string, day: string, now: Date, limit: number, afterId = "") {
  return db
    .selectFrom("member")
    .select(["member.id", "member.name", "member.email"])
    .where("member.entity_id", "=", entityId)
    .where("member.user_id", "is", null)
    .where("member.email", "is not", null)
    .where("member.id", ">", afterId)
    .where(activeOn(day))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("invitation")
            .select("invitation.id")
            .whereRef("invitation.member_id", "=", "member.id")
            .where("invitation.used_at", "is", null)
            .where("invitation.expires_at", ">", now.toISOString()),
        ),
      ),
    )
    .orderBy("member.id")
    .limit(limit)
    .execute();
}

/** The whole register in name order, a page at a time (keyset), for exports. */
export async function* iterateMembers(db: Db, entityId: string, pageSize = 1000) {
  let last: { sortName: string; id: string } | null = null;
  for (;;) {
    let q = db
      .selectFrom("member")
      .leftJoin("college", "college.id", "member.college_id")
      .select([
        "member.id",
        "member.sort_name as sortName",
        "member.member_number as memberNumber",
        "member.name",
        "member.person_kind as personKind",
        "member.representative",
        "member.category",
        "college.name as collegeName",
        "member.voting_weight_micro as votingWeightMicro",
        "member.email",
        "member.shares",
        "member.joined_on as joinedOn",
        "member.exited_on as exitedOn",
      ])
      .where("member.entity_id", "=", entityId);
    if (last) {
      const { sortName, id } = last;
      q = q.where((eb) => eb.or([eb("member.sort_name", ">", sortName), eb.and([eb("member.sort_name", "=", sortName), eb("member.id", ">", id)])]));
    }
    const rows = await q.orderBy("member.sort_name").orderBy("member.id").limit(pageSize).execute();
    if (rows.length === 0) return;
    yield rows;
    const tail = rows[rows.length - 1]!;
    last = { sortName: tail.sortName, id: tail.id };
  }
}
