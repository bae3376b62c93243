import { sql, type Kysely } from "kysely";
import { isPostgres } from "#db/dialect";

// PostgreSQL: the register's stamp (migration 015) renewed once per statement instead of once per
// member row. Within one transaction every renewal of an entity's stamp leaves a dead version of
// its row that the next one walks past, so a bulk write of n members cost n² (an import of 60 000
// members in one transaction: 16.6 s instead of 4.8 s in batches). The statement's transition
// tables give the entities touched; each stamp is renewed once. SQLite is unchanged: its triggers
// run per row, and rewriting a row in place costs the same every time.
const STAMP = sql`upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 16))`;
// The member columns the register's totals read (as migration 015's update trigger lists them).
const COLUMNS = ["entity_id", "college_id", "category", "voting_weight_micro", "shares", "joined_on", "exited_on"];
const TOTALS = sql.raw(COLUMNS.join(", "));

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const t of ["register_stamp_insert", "register_stamp_update", "register_stamp_delete"]) await sql`drop trigger ${sql.id(t)} on member`.execute(db);
  await sql`drop function register_stamp_renew()`.execute(db);
  const renew = (entities: ReturnType<typeof sql>) => sql`
    insert into register_stamp (entity_id, stamp) select entity_id, ${STAMP} from (${entities}) as touched
      on conflict (entity_id) do update set stamp = excluded.stamp;`;
  await sql`create function register_stamp_inserted() returns trigger language plpgsql as $$
    begin ${renew(sql`select distinct entity_id from new_rows`)} return null; end $$`.execute(db);
  await sql`create function register_stamp_deleted() returns trigger language plpgsql as $$
    begin ${renew(sql`select distinct entity_id from old_rows`)} return null; end $$`.execute(db);
  // An update trigger with transition tables may not name columns: it compares the totals' columns
  // itself, and a change of name only renews nothing.
  await sql`create function register_stamp_updated() returns trigger language plpgsql as $$
    begin ${renew(sql`
      select o.entity_id from old_rows o join new_rows n on n.id = o.id where (${sql.raw(prefixed("o"))}) is distinct from (${sql.raw(prefixed("n"))})
      union
      select n.entity_id from old_rows o join new_rows n on n.id = o.id where (${sql.raw(prefixed("o"))}) is distinct from (${sql.raw(prefixed("n"))})`)} return null; end $$`.execute(db);
  await sql`create trigger register_stamp_insert after insert on member referencing new table as new_rows for each statement execute function register_stamp_inserted()`.execute(db);
  await sql`create trigger register_stamp_update after update on member referencing old table as old_rows new table as new_rows for each statement execute function register_stamp_updated()`.execute(db);
  await sql`create trigger register_stamp_delete after delete on member referencing old table as old_rows for each statement execute function register_stamp_deleted()`.execute(db);
}

function prefixed(alias: string): string {
  return COLUMNS.map((c) => `${alias}.${c}`).join(", ");
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const t of ["register_stamp_insert", "register_stamp_update", "register_stamp_delete"]) await sql`drop trigger ${sql.id(t)} on member`.execute(db);
  for (const f of ["register_stamp_inserted", "register_stamp_updated", "register_stamp_deleted"]) await sql`drop function ${sql.id(f)}()`.execute(db);
  // Migration 015's row triggers, as it made them.
  const renew = (who: "new" | "old") => sql`
    insert into register_stamp (entity_id, stamp) values (${sql.raw(who)}.entity_id, ${STAMP})
      on conflict (entity_id) do update set stamp = excluded.stamp;`;
  await sql`create function register_stamp_renew() returns trigger language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'UPDATE') then ${renew("old")} end if;
      if tg_op in ('INSERT', 'UPDATE') then ${renew("new")} end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger register_stamp_insert after insert on member for each row execute function register_stamp_renew()`.execute(db);
  await sql`create trigger register_stamp_update after update of ${TOTALS} on member for each row
    when (old.entity_id is distinct from new.entity_id or old.college_id is distinct from new.college_id or old.category is distinct from new.category
      or old.voting_weight_micro is distinct from new.voting_weight_micro or old.shares is distinct from new.shares
      or old.joined_on is distinct from new.joined_on or old.exited_on is distinct from new.exited_on)
    execute function register_stamp_renew()`.execute(db);
  await sql`create trigger register_stamp_delete after delete on member for each row execute function register_stamp_renew()`.execute(db);
}
