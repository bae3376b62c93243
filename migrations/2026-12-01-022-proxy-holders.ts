import { sql, type Kysely } from "kysely";

// Proxy holders who are not members (issue 15): where the statutes and the legal form allow it
// (SA, L225-106: another shareholder, the spouse or PACS partner; SARL, L223-28: the spouse), a
// meeting proxy names a person by name. The secretary checks that person in at the desk; their
// principal is then represented (quorum, show of hands). A blank proxy has neither a member
// holder nor a holder's name.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("voting_rule")
    .addColumn("proxy_holders", "text", (c) => c.notNull().defaultTo("members").check(sql`proxy_holders in ('members', 'spouse', 'anyone')`))
    .execute();
  await db.schema
    .alterTable("proxy")
    .addColumn("holder_name", "text", (c) => c.check(sql`holder_name is null or (holder_member_id is null and length(holder_name) between 1 and 120)`))
    .execute();
  await db.schema
    .alterTable("proxy")
    .addColumn("holder_relation", "text", (c) => c.check(sql`(holder_relation is null and holder_name is null) or (holder_name is not null and holder_relation in ('spouse', 'other'))`))
    .execute();
  // When the secretary checked the holder in at the desk; null: not there (or not a person outside the members).
  await db.schema
    .alterTable("proxy")
    .addColumn("holder_checked_in_at", "text", (c) => c.check(sql`holder_checked_in_at is null or holder_name is not null`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ["holder_checked_in_at", "holder_relation", "holder_name"]) await db.schema.alterTable("proxy").dropColumn(column).execute();
  await db.schema.alterTable("voting_rule").dropColumn("proxy_holders").execute();
}
