import { sql, type Kysely } from "kysely";

// Governing bodies (issue 15): an entity's organs (board, conseil coopératif…), their seats per
// college, and the mandates members hold in them. A meeting may be a meeting of an organ, and a
// vote's electorate may be an organ or some colleges instead of every member.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organ")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("seats", "integer", (c) => c.notNull().check(sql`seats > 0`))
    // Term of a mandate in months; null: the statutes set none.
    .addColumn("term_months", "integer", (c) => c.check(sql`term_months > 0`))
    // The rule the organ's own decisions use; null: the entity's ordinary rule is chosen per vote.
    .addColumn("rule_id", "text", (c) => c.references("voting_rule.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("organ_entity_name_uq", ["entity_id", "name"])
    .execute();

  // Seats the statutes reserve to a college in the organ.
  await db.schema
    .createTable("organ_seat")
    .addColumn("organ_id", "text", (c) => c.notNull().references("organ.id").onDelete("cascade"))
    .addColumn("college_id", "text", (c) => c.notNull().references("college.id").onDelete("cascade"))
    .addColumn("seats", "integer", (c) => c.notNull().check(sql`seats > 0`))
    .addPrimaryKeyConstraint("organ_seat_pk", ["organ_id", "college_id"])
    .execute();

  await db.schema
    .createTable("mandate")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organ_id", "text", (c) => c.notNull().references("organ.id").onDelete("cascade"))
    .addColumn("member_id", "text", (c) => c.notNull().references("member.id"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("starts_on", "text", (c) => c.notNull())
    // The planned end (the term); null: none.
    .addColumn("ends_on", "text")
    .addColumn("appointed_by", "text", (c) => c.notNull())
    // The election that gave it, when it was elected.
    .addColumn("resolution_id", "text", (c) => c.references("resolution.id"))
    // When and why it actually ended; null while it runs.
    .addColumn("ended_on", "text")
    .addColumn("end_reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // One running mandate per member and organ.
  await db.schema
    .createIndex("mandate_running_uq")
    .on("mandate")
    .columns(["organ_id", "member_id"])
    .unique()
    .where(sql.ref("ended_on"), "is", null)
    .execute();
  await db.schema.createIndex("mandate_member_idx").on("mandate").column("member_id").execute();

  await db.schema.alterTable("meeting").addColumn("organ_id", "text", (c) => c.references("organ.id")).execute();
  // Whose vote it is: every member (both null), the sitting members of an organ, or some colleges
  // (a JSON array of college ids, looked up inside the entity when saved).
  await db.schema.alterTable("resolution").addColumn("electorate_organ_id", "text", (c) => c.references("organ.id")).execute();
  await db.schema.alterTable("resolution").addColumn("electorate_colleges", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("resolution").dropColumn("electorate_colleges").execute();
  await db.schema.alterTable("resolution").dropColumn("electorate_organ_id").execute();
  await db.schema.alterTable("meeting").dropColumn("organ_id").execute();
  for (const table of ["mandate", "organ_seat", "organ"]) await db.schema.dropTable(table).execute();
}
