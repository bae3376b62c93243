import { sql, type Kysely } from "kysely";
import { isPostgres } from "#db/dialect";

// The register at 100 000 members (issue 13): substring search through an FTS5 trigram index,
// a covering index to page by ids, and a stamp that changes with every write that can change
// the register's totals, so that they are computed once per change instead of once per view.
// Triggers keep both in step with every write path (forms, import, exits, plain SQL).
// On PostgreSQL the search needs no copy: a pg_trgm GIN index (gin_trgm_ops) on
// member.search_text and member.sort_name serves the LIKE that db/search.ts uses there; the
// stamp is the same table, kept by a plpgsql trigger.
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await searchAndStampPostgres(db);
  else await searchAndStampSqlite(db);
  await registerIndexes(db);
}

/**
 * PostgreSQL: pg_trgm GIN indexes serve the LIKE '%…%' of db/search.ts at any length (no copy of
 * the register); the stamp is renewed by one plpgsql function, with 8 bytes of
 * gen_random_uuid()'s randomness as hexadecimal, as SQLite's hex(randomblob(8)).
 */
async function searchAndStampPostgres(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  // The operator class where the extension is, on the search path or not (installed once per database).
  const { rows } = await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`.execute(db);
  const ops = sql.raw(`${rows[0]!.schema}.gin_trgm_ops`);
  await sql`create index member_search_text_trgm on member using gin (search_text ${ops})`.execute(db);
  await sql`create index member_sort_name_trgm on member using gin (sort_name ${ops})`.execute(db);
  const stamp = sql`upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 16))`;
  await sql`create table register_stamp (entity_id text primary key, stamp text not null)`.execute(db);
  await sql`insert into register_stamp (entity_id, stamp) select entity_id, ${stamp} from member group by entity_id`.execute(db);
  const renew = (who: "new" | "old") => sql`
    insert into register_stamp (entity_id, stamp) values (${sql.raw(who)}.entity_id, ${stamp})
      on conflict (entity_id) do update set stamp = excluded.stamp;`;
  await sql`create function register_stamp_renew() returns trigger language plpgsql as $$
    begin
      if tg_op in ('DELETE', 'UPDATE') then ${renew("old")} end if;
      if tg_op in ('INSERT', 'UPDATE') then ${renew("new")} end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger register_stamp_insert after insert on member for each row execute function register_stamp_renew()`.execute(db);
  await sql`create trigger register_stamp_update after update of entity_id, college_id, category, voting_weight_micro, shares, joined_on, exited_on on member for each row
    when (old.entity_id is distinct from new.entity_id or old.college_id is distinct from new.college_id or old.category is distinct from new.category
      or old.voting_weight_micro is distinct from new.voting_weight_micro or old.shares is distinct from new.shares
      or old.joined_on is distinct from new.joined_on or old.exited_on is distinct from new.exited_on)
    execute function register_stamp_renew()`.execute(db);
  await sql`create trigger register_stamp_delete after delete on member for each row execute function register_stamp_renew()`.execute(db);
}

async function searchAndStampSqlite(db: Kysely<any>): Promise<void> {
  // FTS5 needs an integer rowid that VACUUM never renumbers (member's own is implicit), so
  // member_search gives each member one, beside a narrow copy of what the register filters and
  // sorts on: a search reads the matches there, by rowid, never the wide member rows.
  await sql`create table member_search (
    fts_rowid integer primary key,
    id text not null unique,
    entity_id text not null,
    sort_name text not null,
    college_id text,
    category text not null,
    joined_on text not null,
    exited_on text
  )`.execute(db);
  // Contentless: the texts stay in member. They are folded (lower case, no accents) before they
  // are stored and searched, so matching is exact: the same rows as LIKE '%…%' on them.
  await sql`create virtual table member_fts using fts5(sort_name, search_text, content='', contentless_delete=1, tokenize='trigram case_sensitive 1')`.execute(db);
  await sql`insert into member_search (id, entity_id, sort_name, college_id, category, joined_on, exited_on)
    select id, entity_id, sort_name, college_id, category, joined_on, exited_on from member order by entity_id, sort_name, id`.execute(db);
  await sql`insert into member_fts (rowid, sort_name, search_text) select s.fts_rowid, m.sort_name, m.search_text from member_search s join member m on m.id = s.id`.execute(db);

  await sql`create trigger member_search_insert after insert on member begin
    insert into member_search (id, entity_id, sort_name, college_id, category, joined_on, exited_on)
      values (new.id, new.entity_id, new.sort_name, new.college_id, new.category, new.joined_on, new.exited_on);
    insert into member_fts (rowid, sort_name, search_text) values ((select fts_rowid from member_search where id = new.id), new.sort_name, new.search_text);
  end`.execute(db);
  // The texts first, found by the old id, then the copy; the "when" of the text update is in its where.
  await sql`create trigger member_search_update after update of id, entity_id, sort_name, search_text, college_id, category, joined_on, exited_on on member begin
    update member_fts set sort_name = new.sort_name, search_text = new.search_text
      where rowid = (select fts_rowid from member_search where id = old.id) and (old.sort_name is not new.sort_name or old.search_text is not new.search_text);
    update member_search set id = new.id, entity_id = new.entity_id, sort_name = new.sort_name, college_id = new.college_id,
      category = new.category, joined_on = new.joined_on, exited_on = new.exited_on where id = old.id;
  end`.execute(db);
  await sql`create trigger member_search_delete after delete on member begin
    delete from member_fts where rowid = (select fts_rowid from member_search where id = old.id);
    delete from member_search where id = old.id;
  end`.execute(db);

  // A random stamp per entity, renewed by every write that can change a count or sum of the
  // register (not by names, e-mails or accounts). Random rather than a counter, so that a
  // database restored from a backup never shows an old stamp over different contents.
  // No foreign key: deleting an entity deletes its members, whose trigger writes here.
  await sql`create table register_stamp (entity_id text primary key, stamp text not null)`.execute(db);
  await sql`insert into register_stamp (entity_id, stamp) select entity_id, hex(randomblob(8)) from member group by entity_id`.execute(db);
  // Update, then insert when missing: an "or replace" here would give way to the conflict
  // clause of the statement that fired the trigger.
  const renew = (who: "new" | "old") => sql`
    update register_stamp set stamp = hex(randomblob(8)) where entity_id = ${sql.raw(who)}.entity_id;
    insert into register_stamp (entity_id, stamp) select ${sql.raw(who)}.entity_id, hex(randomblob(8))
      where not exists (select 1 from register_stamp where entity_id = ${sql.raw(who)}.entity_id);`;
  await sql`create trigger register_stamp_insert after insert on member begin ${renew("new")} end`.execute(db);
  await sql`create trigger register_stamp_update after update of entity_id, college_id, category, voting_weight_micro, shares, joined_on, exited_on on member
  when old.entity_id is not new.entity_id or old.college_id is not new.college_id or old.category is not new.category
    or old.voting_weight_micro is not new.voting_weight_micro or old.shares is not new.shares
    or old.joined_on is not new.joined_on or old.exited_on is not new.exited_on begin
    ${renew("old")} ${renew("new")}
  end`.execute(db);
  await sql`create trigger register_stamp_delete after delete on member begin ${renew("old")} end`.execute(db);
}

async function registerIndexes(db: Kysely<any>): Promise<void> {
  // A page of the register reads its ids in name order with every filter column in the index:
  // no row is read while skipping to page 1 000. It replaces the narrower (entity, name, id).
  await db.schema.createIndex("member_register_idx").on("member").columns(["entity_id", "sort_name", "id", "college_id", "category", "joined_on", "exited_on"]).execute();
  await db.schema.dropIndex("member_entity_sort_idx").execute();
  // The totals group by college and category in this index's order, reading nothing else: no
  // sort of 100 000 rows. It replaces (entity, college, name), whose (entity, college) it keeps.
  await db.schema
    .createIndex("member_totals_idx")
    .on("member")
    .columns(["entity_id", "college_id", "category", "joined_on", "exited_on", "voting_weight_micro", "shares"])
    .execute();
  await db.schema.dropIndex("member_entity_college_idx").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("member_entity_college_idx").on("member").columns(["entity_id", "college_id", "sort_name"]).execute();
  await db.schema.dropIndex("member_totals_idx").execute();
  await db.schema.createIndex("member_entity_sort_idx").on("member").columns(["entity_id", "sort_name", "id"]).execute();
  await db.schema.dropIndex("member_register_idx").execute();
  if (isPostgres(db)) {
    for (const trigger of ["register_stamp_delete", "register_stamp_update", "register_stamp_insert"]) await sql`drop trigger ${sql.id(trigger)} on member`.execute(db);
    await sql`drop function register_stamp_renew()`.execute(db);
    await sql`drop table register_stamp`.execute(db);
    await sql`drop index member_sort_name_trgm`.execute(db);
    await sql`drop index member_search_text_trgm`.execute(db);
    return;
  }
  for (const trigger of ["register_stamp_delete", "register_stamp_update", "register_stamp_insert", "member_search_delete", "member_search_update", "member_search_insert"]) {
    await sql`drop trigger ${sql.id(trigger)}`.execute(db);
  }
  await sql`drop table register_stamp`.execute(db);
  await sql`drop table member_fts`.execute(db);
  await sql`drop table member_search`.execute(db);
}
