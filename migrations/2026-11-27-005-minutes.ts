import type { Kysely } from "kysely";

// Final minutes: the frozen content and the files rendered from it, with their digests.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("minutes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("meeting_id", "text", (c) => c.notNull().unique().references("meeting.id").onDelete("cascade"))
    .addColumn("model", "text", (c) => c.notNull())
    .addColumn("finalized_at", "text", (c) => c.notNull())
    .addColumn("finalized_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .execute();

  await db.schema
    .createTable("minutes_file")
    .addColumn("minutes_id", "text", (c) => c.notNull().references("minutes.id").onDelete("cascade"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("bytes", "blob", (c) => c.notNull())
    // SHA-256 of the file as downloaded, and of the content it prints in its footer.
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content_sha256", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("minutes_file_pk", ["minutes_id", "lang", "format"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("minutes_file").execute();
  await db.schema.dropTable("minutes").execute();
}
