import { sql, type Kysely } from "kysely";

// College voting rules as statutes write them (issue 15): inside each college, what abstentions
// count as, the share a side needs for the college to vote as a bloc and what happens when
// neither side reaches it, a quorum per college; and the statutes' own proxy rules (the holder in
// the principal's college, a cap per holder and college). Every column has a default or is
// nullable: existing rules keep counting exactly as before.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("voting_rule")
    .addColumn("college_abstain", "text", (c) => c.notNull().defaultTo("left-out").check(sql`college_abstain in ('left-out', 'for', 'against')`))
    .execute();
  // The bloc threshold as a fraction; both null: no threshold (the college goes to the side with more votes).
  await db.schema.alterTable("voting_rule").addColumn("college_bloc_num", "integer", (c) => c.check(sql`college_bloc_num > 0`)).execute();
  await db.schema.alterTable("voting_rule").addColumn("college_bloc_den", "integer", (c) => c.check(sql`college_bloc_den > 0`)).execute();
  await db.schema.alterTable("voting_rule").addColumn("college_bloc_strict", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema
    .alterTable("voting_rule")
    .addColumn("college_bloc_otherwise", "text", (c) => c.notNull().defaultTo("neutralise").check(sql`college_bloc_otherwise in ('neutralise', 'second-round')`))
    .execute();
  // A quorum per college (a fraction of its members); both null: none.
  await db.schema.alterTable("voting_rule").addColumn("college_quorum_num", "integer", (c) => c.check(sql`college_quorum_num > 0`)).execute();
  await db.schema.alterTable("voting_rule").addColumn("college_quorum_den", "integer", (c) => c.check(sql`college_quorum_den > 0`)).execute();
  await db.schema.alterTable("voting_rule").addColumn("proxy_same_college", "integer", (c) => c.notNull().defaultTo(0)).execute();
  // At most this many proxies per holder from one college; null: no such cap.
  await db.schema.alterTable("voting_rule").addColumn("proxy_max_per_college", "integer", (c) => c.check(sql`proxy_max_per_college >= 0`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [
    "proxy_max_per_college",
    "proxy_same_college",
    "college_quorum_den",
    "college_quorum_num",
    "college_bloc_otherwise",
    "college_bloc_strict",
    "college_bloc_den",
    "college_bloc_num",
    "college_abstain",
  ]) {
    await db.schema.alterTable("voting_rule").dropColumn(column).execute();
  }
}
