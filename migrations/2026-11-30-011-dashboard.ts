import type { Kysely } from "kysely";

// The dashboard's "new since your last visit": when each person last marked their to-do list
// as read, per entity. Written only by the dashboard's "Marquer comme lu" form, never by a GET.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("dashboard_visit")
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("seen_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("dashboard_visit_pk", ["entity_id", "user_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("dashboard_visit").execute();
}
