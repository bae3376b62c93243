import type { Kysely } from "kysely";

// Foundation: accounts, sessions, login throttling, entities and roles, and the audit trail.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("user")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("locale", "text")
    .addColumn("is_platform_admin", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("session")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("session_user_idx").on("session").column("user_id").execute();

  await db.schema
    .createTable("login_throttle")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("window_started_at", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .execute();

  await db.schema
    .createTable("entity")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("legal_form", "text", (c) => c.notNull())
    .addColumn("address", "text")
    .addColumn("registration_number", "text")
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("entity_role")
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("entity_role_pk", ["entity_id", "user_id"])
    .execute();
  await db.schema.createIndex("entity_role_user_idx").on("entity_role").column("user_id").execute();

  await db.schema
    .createTable("audit_event")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.references("entity.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    // What the event is about (a member, a college…), so its history can be listed.
    .addColumn("subject_type", "text")
    .addColumn("subject_id", "text")
    .addColumn("detail", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_event_entity_idx").on("audit_event").columns(["entity_id", "created_at"]).execute();
  await db.schema.createIndex("audit_event_subject_idx").on("audit_event").columns(["subject_type", "subject_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["audit_event", "entity_role", "entity", "login_throttle", "session", "user"]) {
    await db.schema.dropTable(table).execute();
  }
}
