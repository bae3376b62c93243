import type { Kysely } from "kysely";

// Uploaded meeting documents and expense receipts live in the database by default, so that every
// server process on every machine serves them (issue 14). A shared folder (UPLOAD_DIR) stays an
// option; files written to the old default folder before this migration are still read from it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("stored_file")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("bytes", "blob", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("stored_file").execute();
}
