// The desk's list of expected members, a page at a time: a large meeting has thousands.
import { sql, type ExpressionBuilder } from "kysely";
import type { Database, Db } from "~/lib/db.server";
import { sittingMemberIds } from "./organs.server";

export const ROSTER_PAGE_SIZE = 50;

/** A LIKE pattern for "contains `text`", its wildcards escaped. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Of a member, whether their folded name (sort_name) or their number contains `folded`, the
 * query already folded (accents and case removed).
 */
function matches(eb: ExpressionBuilder<Database, "member">, folded: string) {
  const pattern = contains(folded);
  return eb.or([sql<boolean>`${eb.ref("member.sort_name")} like ${pattern} escape '\\'`, sql<boolean>`lower(${eb.ref("member.member_number")}) like ${pattern} escape '\\'`]);
}

function electorate(db: Db, entityId: string, day: string, requireCollege: boolean, organId: string | null) {
  return db
    .selectFrom("member")
    .where("member.entity_id", "=", entityId)
    .where("member.joined_on", "<=", day)
    .where((eb) => eb.or([eb("member.exited_on", "is", null), eb("member.exited_on", ">", day)]))
    .$if(requireCollege, (q) => q.where("member.college_id", "is not", null))
    .$if(organId != null, (q) => q.where("member.id", "in", sittingMemberIds(db, organId!, day)));
}

/** How many members are expected on `day`, and how many of them `folded` finds (all when empty). */
export async function countRoster(db: Db, entityId: string, day: string, requireCollege: boolean, folded: string, organId: string | null = null) {
  const row = await electorate(db, entityId, day, requireCollege, organId)
    .select((eb) => [eb.fn.countAll<number>().as("total"), folded ? eb.fn.sum<number>(eb.case().when(matches(eb, folded)).then(1).else(0).end()).as("matching") : eb.fn.countAll<number>().as("matching")])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), matching: Number(row.matching ?? 0) };
}

/** One page of the expected members that `folded` finds, in college order then by name (as the sheet). */
export function rosterPage(db: Db, entityId: string, day: string, requireCollege: boolean, folded: string, page: number, organId: string | null = null) {
  return electorate(db, entityId, day, requireCollege, organId)
    .leftJoin("college", "college.id", "member.college_id")
    .select(["member.id", "member.name", "member.member_number as number", "member.college_id as collegeId", "college.name as collegeName"])
    .$if(folded !== "", (q) => q.where((eb) => matches(eb, folded)))
    .orderBy("college.position")
    .orderBy("member.sort_name")
    .orderBy("member.id")
    .limit(ROSTER_PAGE_SIZE)
    .offset((page - 1) * ROSTER_PAGE_SIZE)
    .execute();
}
