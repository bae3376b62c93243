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
