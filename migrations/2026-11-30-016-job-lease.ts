import type { Kysely } from "kysely";

// Several server processes (WEB_CONCURRENCY): a job that must run once at a time (the scheduler
// that opens and closes votes and sends reminders) is run by the process holding its lease, a
// row renewed on each run and taken over by another process once it has expired.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("job_lease")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("job_lease").execute();
}
