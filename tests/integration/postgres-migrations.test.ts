// One set of migrations for SQLite and PostgreSQL (issue 14): on PostgreSQL they make the same
// tables with the same columns (SQLite's full-text copy of the register excepted: pg_trgm
// indexes serve its searches), with 64-bit integers, and triggers that keep the turnout
// counters and the register's stamp as SQLite's do.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "#db/dialect";
import { migrateToLatest } from "#db/migrate";
import { createDb } from "#db/index";
import { columnNames, tableNames } from "../helpers/db";
import { postgresSchema, type PostgresSchema } from "../helpers/postgres";

let pg: PostgresSchema;
beforeAll(async () => {
  pg = await postgresSchema();
  await migrateToLatest(pg.db);
});
afterAll(async () => {
  await pg?.drop();
});

/** SQLite in memory, migrated (whatever TEST_DB says: this file compares the two). */
async function sqliteDb() {
  const db = createDb(":memory:");
  await migrateToLatest(db);
  return db;
}

/** SQLite's own tables for the register's full-text search, which PostgreSQL does without. */
const SQLITE_ONLY = /^(member_search|member_fts.*)$/;

describe("the migrations on PostgreSQL", () => {
  it("make the tables and columns they make on SQLite", async () => {
    const lite = await sqliteDb();
    const schemaOf = async (db: typeof pg.db) => {
      const out: Record<string, string[]> = {};
      for (const table of (await tableNames(db)).filter((t) => !SQLITE_ONLY.test(t))) out[table] = (await columnNames(db, table)).sort();
      return out;
    };
    const expected = await schemaOf(lite);
    await lite.destroy();
    expect(await schemaOf(pg.db)).toEqual(expected);
    // Kysely's own bookkeeping is there, and every migration ran.
    expect(expected.kysely_migration).toBeDefined();
  });

  it("use 64-bit integers: a sum of weights in millionths of 1e11 is kept exactly", async () => {
    const types = (await sql<{ data_type: string }>`select distinct data_type from information_schema.columns where table_schema = ${pg.schema} and column_name like '%\\_micro' escape '\\'`.execute(pg.db)).rows.map((r) => r.data_type);
    expect(types).toEqual(["bigint"]);
  });

  it("keep the turnout counters and the register's stamp with their triggers", async () => {
    const now = new Date().toISOString();
    await sql`insert into entity (id, slug, name, legal_form, created_at) values ('e', 'e', 'E', 'scic-sa', ${now})`.execute(pg.db);
    await sql`insert into college (id, entity_id, name, position, created_at) values ('c', 'e', 'Salariés', 1, ${now})`.execute(pg.db);
    const member = (id: string) =>
      sql`insert into member (id, entity_id, name, person_kind, category, joined_on, sort_name, search_text, created_at, updated_at, college_id)
        values (${id}, 'e', ${id}, 'natural', 'salarie', '2020-01-01', ${id}, ${id}, ${now}, ${now}, 'c')`.execute(pg.db);
    await member("m1");
    const stamp = async () => (await sql<{ stamp: string }>`select stamp from register_stamp where entity_id = 'e'`.execute(pg.db)).rows[0]?.stamp;
    const first = await stamp();
    expect(first).toMatch(/^[0-9A-F]{16}$/);
    await member("m2");
    const second = await stamp();
    expect(second).not.toBe(first);
    // A name is not a total: the stamp stays.
    await sql`update member set name = 'Autre' where id = 'm2'`.execute(pg.db);
    expect(await stamp()).toBe(second);
    // A total is: a member leaving, a member deleted, many members in one statement.
    await sql`update member set exited_on = '2024-01-01' where id = 'm2'`.execute(pg.db);
    const third = await stamp();
    expect(third).not.toBe(second);
    await member("m3");
    const added = await stamp();
    await sql`delete from member where id = 'm3'`.execute(pg.db);
    const fourth = await stamp();
    expect(fourth).not.toBe(added);
    await sql`insert into member (id, entity_id, name, person_kind, category, joined_on, sort_name, search_text, created_at, updated_at, college_id)
      select 'b' || i, 'e', 'B', 'natural', 'salarie', '2020-01-01', 'b', 'b', ${now}, ${now}, 'c' from generate_series(1, 500) as i`.execute(pg.db);
    expect(await stamp()).not.toBe(fourth);
    await sql`delete from member where id like 'b%'`.execute(pg.db);

    await sql`insert into voting_rule (id, entity_id, name, method, base, threshold_num, threshold_den, strict, empty_college, created_at)
      values ('r', 'e', 'R', 'weighted', 'cast', 1, 2, 1, 'neutralise', ${now})`.execute(pg.db);
    await sql`insert into resolution (id, entity_id, number, title, body, rule_id, kind, status, created_at, updated_at)
      values ('v', 'e', '1', 'T', 'B', 'r', 'ordinary', 'open', ${now}, ${now})`.execute(pg.db);
    await sql`insert into resolution_voter (resolution_id, member_id, college_id, weight_micro) values ('v', 'm1', 'c', 100000000000), ('v', 'm2', 'c', 1)`.execute(pg.db);
    const turnout = async () => (await sql<{ college_key: string; voted: number; weight_micro: number }>`select college_key, voted, weight_micro from turnout where resolution_id = 'v'`.execute(pg.db)).rows;
    await sql`insert into participation (resolution_id, member_id, channel) values ('v', 'm1', 'online'), ('v', 'm2', 'online')`.execute(pg.db);
    expect(await turnout()).toEqual([{ college_key: "c", voted: 2, weight_micro: 100000000001 }]);
    await sql`delete from participation where member_id = 'm2'`.execute(pg.db);
    expect(await turnout()).toEqual([{ college_key: "c", voted: 1, weight_micro: 100000000000 }]);
  });
});

describe("a broken uniqueness rule", () => {
  it("is told apart the same way on both databases (two ballots of one member: 409, not 500)", async () => {
    const lite = await sqliteDb();
    const attempt = async (db: typeof pg.db) => {
      await sql`create table once_only (id text primary key, k text unique, n text not null)`.execute(db);
      await sql`insert into once_only (id, k, n) values ('a', 'x', 'n')`.execute(db);
      const errors: unknown[] = [];
      for (const q of [sql`insert into once_only (id, k, n) values ('a', 'y', 'n')`, sql`insert into once_only (id, k, n) values ('b', 'x', 'n')`, sql`insert into once_only (id, k, n) values ('c', 'z', null)`]) {
        await q.execute(db).catch((e: unknown) => errors.push(e));
      }
      return errors.map(isUniqueViolation);
    };
    // The primary key, a unique column, and a NOT NULL (not a uniqueness rule) on each.
    expect(await attempt(lite)).toEqual([true, true, false]);
    expect(await attempt(pg.db)).toEqual([true, true, false]);
    await lite.destroy();
  });
});
