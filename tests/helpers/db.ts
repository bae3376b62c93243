import { createDb, type Db } from "#db/index";
import { migrateToLatest } from "#db/migrate";

/** A fresh, migrated in-memory database: tests never mock our own database. */
export async function createTestDb(): Promise<Db> {
  const db = createDb(":memory:");
  await migrateToLatest(db);
  return db;
}
