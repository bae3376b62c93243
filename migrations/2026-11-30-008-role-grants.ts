import { sql, type Kysely } from "kysely";
import { isPostgres } from "#db/dialect";

// Since when a person holds their current role: an expense approval counts only from someone
// who already held an approving role when the expense was submitted. The table is rebuilt so
// that the column is NOT NULL with a default of "now" (SQLite cannot add such a column).
// Existing rows: their creation, or the last role grant or change the audit journal recorded.
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return upPostgres(db);
  await db.schema
    .createTable("entity_role_next")
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("granted_at", "text", (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`))
    .addPrimaryKeyConstraint("entity_role_pk", ["entity_id", "user_id"])
    .execute();
  const field = (name: string) => sql.raw(`case when json_valid(a.detail) then json_extract(a.detail, '$.${name}') end`);
  await sql`
    insert into entity_role_next (entity_id, user_id, role, created_at, granted_at)
    select r.entity_id, r.user_id, r.role, r.created_at,
      max(r.created_at, coalesce((
        select max(a.created_at) from audit_event a
        where a.entity_id = r.entity_id
          and a.action in ('role.granted', 'role.changed')
          and ${field("userId")} = r.user_id
          and ${field("role")} is not ${field("previous")}
      ), r.created_at))
    from entity_role r`.execute(db);
  await db.schema.dropTable("entity_role").execute();
  await db.schema.alterTable("entity_role_next").renameTo("entity_role").execute();
  await db.schema.createIndex("entity_role_user_idx").on("entity_role").column("user_id").execute();
}

/** PostgreSQL adds the column in place; the same dates from the journal (JSON details only). */
async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql`alter table entity_role add column granted_at text`.execute(db);
  const field = (name: string) => sql.raw(`case when a.detail ~ '^\\s*\\{' then (a.detail::jsonb ->> '${name}') end`);
  await sql`
    update entity_role r set granted_at = greatest(r.created_at, coalesce((
      select max(a.created_at) from audit_event a
      where a.entity_id = r.entity_id
        and a.action in ('role.granted', 'role.changed')
        and ${field("userId")} = r.user_id
        and ${field("role")} is distinct from ${field("previous")}
    ), r.created_at))`.execute(db);
  await sql`alter table entity_role alter column granted_at set default to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.execute(db);
  await sql`alter table entity_role alter column granted_at set not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("entity_role").dropColumn("granted_at").execute();
}
