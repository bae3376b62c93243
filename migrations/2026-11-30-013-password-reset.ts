import { sql, type Kysely } from "kysely";

// "Mot de passe oublié": a single-use link, valid one hour, of which only the SHA-256 of its token
// is kept (like invitations). The outbox learns what kind of message each row is and who caused
// it, so that the secretary reads the notices without ever seeing a personal link.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("password_reset")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    // The administrator who sent it, or null when the person asked for it.
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("password_reset_user_idx").on("password_reset").column("user_id").execute();

  await db.schema.alterTable("outbox").addColumn("kind", "text").execute();
  // The account whose action queued the message (no foreign key: SQLite cannot drop such a column).
  await db.schema.alterTable("outbox").addColumn("sent_by", "text").execute();
  // Until now only invitations and notices were queued.
  await sql`update outbox set kind = case when body like '%/invitation/%' then 'invitation' else 'notice' end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("outbox").dropColumn("sent_by").execute();
  await db.schema.alterTable("outbox").dropColumn("kind").execute();
  await db.schema.dropTable("password_reset").execute();
}
