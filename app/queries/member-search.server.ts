import type { ExpressionBuilder } from "kysely";
import { memberTextLike, memberTextMatch } from "#db/search";
import { foldText } from "~/domain/members";
import type { Database, Db } from "~/lib/db.server";
import type { MemberFilter } from "~/schemas/member";

export const MEMBER_PAGE_SIZE = 50;

export interface MemberListOptions {
  /** The directory that members see searches names only, so that it never tells whether an e-mail is known. */
  namesOnly?: boolean;
}

/** Members on the register on `day`: joined, not yet exited. */
export function activeOn(day: string) {
  return (eb: ExpressionBuilder<Database, "member">) =>
    eb.and([eb("member.joined_on", "<=", day), eb.or([eb("member.exited_on", "is", null), eb("member.exited_on", ">", day)])]);
}

/**
 * The members a filter selects, as ids in name order; search and order ignore case and
 * accents. A search the trigram index can answer reads member_search (a narrow copy of the
 * filtered columns, by rowid); anything else reads member through its covering index
 * member_register_idx. Both have the same column names, which the filters use unqualified.
 */
function filtered(db: Db, entityId: string, filter: MemberFilter, day: string, opts: MemberListOptions) {
  const column = opts.namesOnly ? "sort_name" : "search_text";
  const folded = filter.q ? foldText(filter.q) : null;
  const match = folded == null ? null : memberTextMatch(db, column, folded);
  let base = db.selectFrom(match ? "member_search" : "member");
  if (match) base = base.where("entity_id", "=", entityId).where(match);
  else if (folded != null) base = base.where(memberTextLike(db, entityId, column, folded));
  else base = base.where("entity_id", "=", entityId);
  if (filter.college) base = base.where("college_id", "=", filter.college);
  if (filter.category) base = base.where("category", "=", filter.category);
  if (filter.status === "active") base = base.where((eb) => eb.and([eb("joined_on", "<=", day), eb.or([eb("exited_on", "is", null), eb("exited_on", ">", day)])]));
  if (filter.status === "exited") base = base.where("exited_on", "<=", day);
  return base;
}

/**
 * One page of the register in name order. The page's ids come first, from an index or the
 * narrow member_search (no member row is read while skipping to page 1 000), then only those
 * 50 rows are read and joined.
 */
export async function listMemberPage(db: Db, entityId: string, filter: MemberFilter, day: string, opts: MemberListOptions = {}) {
  const ids = await filtered(db, entityId, filter, day, opts)
    .select("id")
    .orderBy("sort_name")
    .orderBy("id")
    .limit(MEMBER_PAGE_SIZE)
    .offset((filter.page - 1) * MEMBER_PAGE_SIZE)
    .execute();
  if (ids.length === 0) return [];
  return db
    .selectFrom("member")
    .leftJoin("college", "college.id", "member.college_id")
    .select([
      "member.id",
      "member.member_number as memberNumber",
      "member.name",
      "member.person_kind as personKind",
      "member.representative",
      "member.category",
      "member.email",
      "member.voting_weight_micro as votingWeightMicro",
      "member.shares",
      "member.joined_on as joinedOn",
      "member.exited_on as exitedOn",
      "member.user_id as userId",
      "college.name as collegeName",
    ])
    .where("member.id", "in", ids.map((r) => r.id))
    .orderBy("member.sort_name")
    .orderBy("member.id")
    .execute();
}

/** How many members a filter selects. Without a search, the register's cached totals say it for less. */
export async function countMembers(db: Db, entityId: string, filter: MemberFilter, day: string, opts: MemberListOptions = {}): Promise<number> {
  const row = await filtered(db, entityId, filter, day, opts)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the register with its filtered total; never the whole list. */
export async function listMembers(db: Db, entityId: string, filter: MemberFilter, day: string, opts: MemberListOptions = {}) {
  const [rows, total] = await Promise.all([listMemberPage(db, entityId, filter, day, opts), countMembers(db, entityId, filter, day, opts)]);
  return { rows, total };
}
