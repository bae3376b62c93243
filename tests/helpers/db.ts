import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { isPostgres } from "#db/dialect";
import { createDb, type Db } from "#db/index";
import { migrateToLatest } from "#db/migrate";
import { postgresSchemas } from "./pg-schemas";

/**
 * A fresh, migrated in-memory database: tests never mock our own database. With
 * TEST_DB=postgres, a fresh schema on the test PostgreSQL server instead (tests/helpers/postgres.ts),
 * to see which tests pass there (issue 14).
 */
export async function createTestDb(): Promise<Db> {
  if (process.env.TEST_DB === "postgres") {
    const pg = await (await import("./postgres")).postgresSchema();
    postgresSchemas.push(pg);
    await migrateToLatest(pg.db);
    return pg.db;
  }
  const db = createDb(":memory:");
  await migrateToLatest(db);
  return db;
}

/**
 * One fresh, migrated database opened twice, as two server processes open it: a SQLite file in a
 * temporary folder, or (TEST_DB=postgres) a schema with two connection pools.
 */
export async function createTestDbTwice(): Promise<{ one: Db; two: Db; close(): Promise<void> }> {
  if (process.env.TEST_DB === "postgres") {
    const { postgresSchema, TEST_POSTGRES_URL } = await import("./postgres");
    const { createPostgresDb } = await import("#db/postgres");
    const pg = await postgresSchema();
    postgresSchemas.push(pg);
    await migrateToLatest(pg.db);
    const two = createPostgresDb(TEST_POSTGRES_URL, { schema: pg.schema, max: 4 });
    return { one: pg.db, two, close: async () => void (await Promise.all([pg.db.destroy(), two.destroy()])) };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "cogere-twice-"));
  const one = createDb(path.join(dir, "cogere.db"));
  await migrateToLatest(one);
  const two = createDb(path.join(dir, "cogere.db"));
  return {
    one,
    two,
    async close() {
      await Promise.all([one.destroy(), two.destroy()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The tables of the database (its schema's, on PostgreSQL), SQLite's own left out. */
export async function tableNames(db: Db): Promise<string[]> {
  const query = isPostgres(db)
    ? sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`
    : sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1`;
  return (await query.execute(db)).rows.map((r) => r.name);
}

/** The columns of a table. */
export async function columnNames(db: Db, table: string): Promise<string[]> {
  const query = isPostgres(db)
    ? sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`
    : sql<{ name: string }>`select name from pragma_table_info(${table})`;
  return (await query.execute(db)).rows.map((r) => r.name);
}
