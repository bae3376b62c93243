// Which database a connection talks to: SQLite (the embedded default) or PostgreSQL (issue 14).
// Kept apart from db/postgres.ts, so that the migrations that branch on it load no driver.
import { PostgresAdapter, type Kysely } from "kysely";

/** Whether `db` talks to PostgreSQL (else SQLite). */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Whether `url` names a PostgreSQL database (DATABASE_URL). */
export function isPostgresUrl(url: string | undefined): url is string {
  return url != null && /^postgres(?:ql)?:\/\//i.test(url);
}

/**
 * Whether `e` is a broken uniqueness constraint (a primary key or a unique index), as either
 * database reports it: better-sqlite3's SQLITE_CONSTRAINT_PRIMARYKEY / _UNIQUE, PostgreSQL's
 * SQLSTATE 23505 (unique_violation).
 */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
}
