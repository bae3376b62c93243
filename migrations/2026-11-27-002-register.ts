import { sql, type Kysely } from "kysely";

// The member register: entity settings, colleges with versioned weights, members,
// invitations, the mail outbox and pending CSV imports.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("entity").addColumn("capital_variable", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable("entity").addColumn("share_nominal_cents", "integer").execute();
  await db.schema.alterTable("entity").addColumn("colleges_enabled", "integer", (c) => c.notNull().defaultTo(1)).execute();

  await db.schema
    .createTable("college")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("archived_at", "text")
    .addUniqueConstraint("college_entity_name_uq", ["entity_id", "name"])
    .execute();

  // Weights are versioned: a vote uses the version in force when it opened.
  await db.schema
    .createTable("weight_version")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("effective_from", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("weight_version_entity_idx").on("weight_version").columns(["entity_id", "effective_from", "created_at"]).execute();

  await db.schema
    .createTable("weight_version_college")
    .addColumn("version_id", "text", (c) => c.notNull().references("weight_version.id").onDelete("cascade"))
    .addColumn("college_id", "text", (c) => c.notNull().references("college.id").onDelete("cascade"))
    .addColumn("weight_num", "integer", (c) => c.notNull().check(sql`weight_num > 0`))
    .addColumn("weight_den", "integer", (c) => c.notNull().check(sql`weight_den > 0`))
    .addPrimaryKeyConstraint("weight_version_college_pk", ["version_id", "college_id"])
    .execute();

  await db.schema
    .createTable("member")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("college_id", "text", (c) => c.references("college.id"))
    .addColumn("user_id", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("member_number", "text")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("person_kind", "text", (c) => c.notNull())
    .addColumn("representative", "text")
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("email", "text")
    // The member's own weight inside the college, in millionths, so SQL sums stay exact integers.
    .addColumn("voting_weight_micro", "integer", (c) => c.notNull().defaultTo(1_000_000).check(sql`voting_weight_micro > 0`))
    .addColumn("shares", "integer", (c) => c.notNull().defaultTo(0).check(sql`shares >= 0`))
    .addColumn("joined_on", "text", (c) => c.notNull())
    .addColumn("exited_on", "text")
    // Lower-case, accent-free name (for sorting "Aïcha" before "Atelier") and name, number and e-mail (for search).
    .addColumn("sort_name", "text", (c) => c.notNull())
    .addColumn("search_text", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("member_entity_number_uq", ["entity_id", "member_number"])
    .execute();
  await db.schema.createIndex("member_entity_sort_idx").on("member").columns(["entity_id", "sort_name", "id"]).execute();
  await db.schema.createIndex("member_entity_college_idx").on("member").columns(["entity_id", "college_id", "sort_name"]).execute();
  await db.schema.createIndex("member_entity_email_idx").on("member").columns(["entity_id", "email"]).execute();
  await db.schema.createIndex("member_entity_category_idx").on("member").columns(["entity_id", "category"]).execute();
  await db.schema.createIndex("member_user_idx").on("member").column("user_id").execute();

  await db.schema
    .createTable("invitation")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("member_id", "text", (c) => c.notNull().references("member.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("invitation_member_idx").on("invitation").column("member_id").execute();

  await db.schema
    .createTable("outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.references("entity.id").onDelete("cascade"))
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("transport", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .addColumn("error", "text")
    .execute();
  await db.schema.createIndex("outbox_entity_idx").on("outbox").columns(["entity_id", "created_at"]).execute();

  await db.schema
    .createTable("import_job")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["import_job", "outbox", "invitation", "member", "weight_version_college", "weight_version", "college"]) {
    await db.schema.dropTable(table).execute();
  }
  for (const column of ["colleges_enabled", "share_nominal_cents", "capital_variable"]) {
    await db.schema.alterTable("entity").dropColumn(column).execute();
  }
}
