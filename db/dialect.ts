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
