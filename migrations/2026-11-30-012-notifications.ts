import { sql, type Kysely } from "kysely";

// Notifications and reminders (app/services/notifications*.server.ts): one row per kind, subject
// and recipient, UNIQUE, written in the transaction that queues its message, so that a reminder
// goes once even when several server processes run the scheduler. Each person's choice per kind
// (immediately, daily digest, never); a private calendar feed per person (token stored hashed);
// attachments of outbox messages (the notice's .ics).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notification")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("recipient_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.references("user.id").onDelete("cascade"))
    .addColumn("entity_id", "text", (c) => c.references("entity.id").onDelete("cascade"))
    .addColumn("mode", "text", (c) => c.notNull().check(sql`mode in ('immediate', 'digest', 'never')`))
    .addColumn("outbox_id", "text")
    .addColumn("summary", "text")
    .addColumn("digested_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("notification_once", ["kind", "subject_id", "recipient_id"])
    .execute();
  await db.schema.createIndex("notification_digest_idx").on("notification").columns(["user_id", "mode", "digested_at"]).execute();
  await db.schema
    .createTable("notification_preference")
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull().check(sql`mode in ('immediate', 'digest', 'never')`))
    .addPrimaryKeyConstraint("notification_preference_pk", ["user_id", "kind"])
    .execute();
  await db.schema
    .createTable("calendar_feed")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("user.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("outbox_attachment")
    .addColumn("outbox_id", "text", (c) => c.notNull().references("outbox.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("outbox_attachment_idx").on("outbox_attachment").column("outbox_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("outbox_attachment").execute();
  await db.schema.dropTable("calendar_feed").execute();
  await db.schema.dropTable("notification_preference").execute();
  await db.schema.dropTable("notification").execute();
}
