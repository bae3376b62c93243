import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, sql } from "kysely";
import { isPostgresUrl } from "./dialect";
import { createPostgresDb } from "./postgres";
import type { Database } from "./schema";
import { BetterSqliteDialect } from "./sqlite-driver";

export type Db = Kysely<Database>;
export type { Database } from "./schema";

/**
 * Opens the database `target` names: a postgres:// URL (PostgreSQL, a pool of `poolSize`
 * connections, db/postgres.ts), else the SQLite file at that path (":memory:" for tests),
 * creating its folder. Never migrates: run `npm run db:migrate` or `migrateToLatest()`.
 * SQLite statements are prepared once and cached; transactions begin IMMEDIATE, so that several
 * processes over one file wait for each other instead of failing (db/sqlite-driver.ts).
 */
export function createDb(target: string, options: { poolSize?: number } = {}): Db {
  if (isPostgresUrl(target)) return createPostgresDb(target, { max: options.poolSize ?? 10 });
  const file = target;
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

/**
 * The database the tools open: DATABASE_URL when set, else DATABASE_PATH. A DATABASE_URL that is
 * not postgres:// is refused (the server's settings refuse it too), never taken for a file name:
 * that made folders named after its password.
 */
export function defaultDatabase(): string {
  const url = process.env.DATABASE_URL;
  if (!url) return defaultDatabasePath();
  if (!isPostgresUrl(url)) throw new Error("DATABASE_URL must be a postgres:// URL (leave it unset for SQLite at DATABASE_PATH)");
  return url;
}

/** A database's name fit to print: a URL without its password. */
export function describeDatabase(target: string): string {
  if (!isPostgresUrl(target)) return target;
  try {
    const url = new URL(target);
    if (url.password) url.password = "***";
    // pg also takes the password as a parameter.
    if (url.searchParams.has("password")) url.searchParams.set("password", "***");
    return url.toString();
  } catch {
    return "postgres://…";
  }
}

/** Whether the database answers a query (GET /readyz): throws what the driver says otherwise. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
