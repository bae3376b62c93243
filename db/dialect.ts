// Which database a connection talks to: SQLite (the embedded default) or PostgreSQL (issue 14).
// Kept apart from db/postgres.ts, so that the migrations that branch on it load no driver.
import { PostgresAdapter, type Kysely } from "kysely";

/**
 * Marks the adapter of our PostgreSQL connections (db/postgres.ts). Compiled, each migration
 * bundles a copy of Kysely of its own (build/migrations), whose PostgresAdapter class is not the
 * one of the tool running it: `instanceof` alone would take PostgreSQL for SQLite there.
 */
export const POSTGRES_ADAPTER = Symbol.for("cogere.postgresAdapter");

/** Whether `db` talks to PostgreSQL (else SQLite). */
export function isPostgres(db: Kysely<any>): boolean {
  const adapter = db.getExecutor().adapter;
  return adapter instanceof PostgresAdapter || (adapter as unknown as Record<symbol, unknown>)[POSTGRES_ADAPTER] === true;
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

/**
 * How a read inside a transaction locks the rows it returns, until the transaction ends, on
 * PostgreSQL (whose writers run side by side, READ COMMITTED):
 * - "update": FOR UPDATE, against every other lock, the key-share locks of rows being inserted
 *   that refer to it included (a vote closing waits for the ballots in flight, and they for it);
 * - "no key update": FOR NO KEY UPDATE, against other such locks and writes of the row, but not
 *   against inserts that refer to it (the usual lock of a parent row: one writer at a time);
 * - "share": FOR SHARE, shared by many, against "no key update" and "update" (a postal vote in
 *   flight, which the election's changes and the vote's opening wait for);
 * - "key share": FOR KEY SHARE, shared by many, against "update" only (a ballot in flight).
 * A read that waited for a lock then returns the row as the other transaction left it, and every
 * later statement of the transaction sees what that one wrote.
 */
export type RowLock = "update" | "no key update" | "share" | "key share";

interface Lockable<Q> {
  forUpdate(of?: any): Q;
  forNoKeyUpdate(of?: any): Q;
  forShare(of?: any): Q;
  forKeyShare(of?: any): Q;
}

/**
 * `query` locking its rows as `lock` says on PostgreSQL (only those of table `of` when given: a
 * row of an outer join's nullable side cannot be locked). Unchanged on SQLite, which has no such
 * clause and needs none: its write transactions begin IMMEDIATE (db/sqlite-driver.ts) and so
 * hold the database's one write lock from their first statement, one transaction at a time.
 */
export function lockRows<Q extends Lockable<Q>>(db: Kysely<any>, query: Q, lock: RowLock, of?: string): Q {
  if (!isPostgres(db)) return query;
  if (lock === "update") return query.forUpdate(of);
  if (lock === "no key update") return query.forNoKeyUpdate(of);
  if (lock === "share") return query.forShare(of);
  return query.forKeyShare(of);
}
