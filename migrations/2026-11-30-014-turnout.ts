import { sql, type Kysely } from "kysely";
import { isPostgres } from "#db/dialect";

// Turnout counters (issue 13): how many members took part in each vote, per college of the frozen
// electorate, and their own weights summed, so that an open vote's page and its quorum read a few
// rows instead of counting every ballot. Triggers keep them in step with every write of
// participation (votes, proxies, postal forms, blank proxies, plain SQL), in the same transaction.
export async function up(db: Kysely<any>): Promise<void> {
  // college_key '' is "outside any college": a primary key column cannot be null (and null
  // never conflicts, so the counter would not be one per resolution and college).
  await db.schema
    .createTable("turnout")
    .addColumn("resolution_id", "text", (c) => c.notNull().references("resolution.id").onDelete("cascade"))
    .addColumn("college_key", "text", (c) => c.notNull())
    .addColumn("voted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("weight_micro", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("turnout_pk", ["resolution_id", "college_key"])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into turnout (resolution_id, college_key, voted, weight_micro)
    select p.resolution_id, coalesce(v.college_id, ''), count(*), coalesce(sum(v.weight_micro), 0)
    from participation p left join resolution_voter v on v.resolution_id = p.resolution_id and v.member_id = p.member_id
    group by p.resolution_id, coalesce(v.college_id, '')`.execute(db);

  // A participant's college and weight are those of the frozen electorate (none: '' and 0).
  // Participation is never written with OR REPLACE: SQLite fires no delete trigger for the row a
  // REPLACE removes, so that row would be counted twice.
  // PostgreSQL wants the table's own columns named as such in the update of an upsert.
  const own = sql.raw(isPostgres(db) ? "turnout." : "");
  const add = (row: "new" | "old", sign: "+" | "-") => sql`
    insert into turnout (resolution_id, college_key, voted, weight_micro)
      select ${sql.raw(row)}.resolution_id, coalesce(v.college_id, ''), ${sql.raw(sign)}1, ${sql.raw(sign)}coalesce(v.weight_micro, 0)
      from (select 1) as one left join resolution_voter v on v.resolution_id = ${sql.raw(row)}.resolution_id and v.member_id = ${sql.raw(row)}.member_id
      where true
      on conflict (resolution_id, college_key) do update set voted = ${own}voted + excluded.voted, weight_micro = ${own}weight_micro + excluded.weight_micro;`;
  if (isPostgres(db)) {
    // One plpgsql function for the three triggers: the old row out, the new row in.
    await sql`create function turnout_participation() returns trigger language plpgsql as $$
      begin
        if tg_op in ('DELETE', 'UPDATE') then ${add("old", "-")} end if;
        if tg_op in ('INSERT', 'UPDATE') then ${add("new", "+")} end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger turnout_participation_insert after insert on participation for each row execute function turnout_participation()`.execute(db);
    await sql`create trigger turnout_participation_delete after delete on participation for each row execute function turnout_participation()`.execute(db);
    await sql`create trigger turnout_participation_update after update of resolution_id, member_id on participation for each row
      when (old.resolution_id is distinct from new.resolution_id or old.member_id is distinct from new.member_id) execute function turnout_participation()`.execute(db);
  } else {
    await sql`create trigger turnout_participation_insert after insert on participation begin ${add("new", "+")} end`.execute(db);
    await sql`create trigger turnout_participation_delete after delete on participation begin ${add("old", "-")} end`.execute(db);
    // (Indented as it was written: the trigger's text in sqlite_master stays the same.)
    await sql`create trigger turnout_participation_update after update of resolution_id, member_id on participation
    when old.resolution_id is not new.resolution_id or old.member_id is not new.member_id begin ${add("old", "-")} ${add("new", "+")} end`.execute(db);
  }

  // Holders who cast for a principal, for the quorum (only a few rows per vote).
  await db.schema.createIndex("participation_cast_by_idx").on("participation").columns(["resolution_id", "cast_by_member_id"]).execute();
  // Members without an account, for how many could still vote online.
  await db.schema.createIndex("member_entity_user_idx").on("member").columns(["entity_id", "user_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("member_entity_user_idx").execute();
  await db.schema.dropIndex("participation_cast_by_idx").execute();
  for (const trigger of ["turnout_participation_update", "turnout_participation_delete", "turnout_participation_insert"]) {
    await (isPostgres(db) ? sql`drop trigger ${sql.id(trigger)} on participation` : sql`drop trigger ${sql.id(trigger)}`).execute(db);
  }
  if (isPostgres(db)) await sql`drop function turnout_participation()`.execute(db);
  await db.schema.dropTable("turnout").execute();
}
