import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, sql } from "kysely";
import type { Database } from "./schema";
import { BetterSqliteDialect } from "./sqlite-driver";

export type Db = Kysely<Database>;
export type { Database } from "./schema";

/**
 * Opens the SQLite database at `file` (":memory:" for tests), creating its folder.
 * Never migrates: run `npm run db:migrate` or `migrateToLatest()`.
 * Statements are prepared once and cached; transactions begin IMMEDIATE, so that several
 * processes over one file wait for each other instead of failing (db/sqlite-driver.ts).
 */
export function createDb(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  if (file !== ":memory:") sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Database>({ dialect: new BetterSqliteDialect(sqlite) });
}

export function defaultDatabasePath(): string {
  return process.env.DATABASE_PATH || path.join("data", "cogere.db");
}

/** Whether the database answers a query (GET /readyz): throws what the driver says otherwise. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
