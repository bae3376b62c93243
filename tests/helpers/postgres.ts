// PostgreSQL for the tests (issue 14): TEST_DATABASE_URL, or the local server every machine of
// this project runs (127.0.0.1:5432, database test). Each test file works in a schema of its own,
// dropped at the end. A run that cannot reach the server fails, naming it: it never passes as if
// PostgreSQL had been tested.
import { sql, type Kysely } from "kysely";
import { createPostgresDb } from "#db/postgres";
import type { Database } from "#db/schema";
import { newId } from "~/lib/ids.server";
import { TEST_POSTGRES_URL } from "./postgres-server";

export { TEST_POSTGRES_URL };

export interface PostgresSchema {
  db: Kysely<Database>;
  schema: string;
  drop(): Promise<void>;
}

/** A fresh, empty schema on the test server, and a database whose connections use it. */
export async function postgresSchema(): Promise<PostgresSchema> {
  const admin = createPostgresDb(TEST_POSTGRES_URL, { max: 1 });
  const schema = `cogere_test_${newId().slice(0, 12)}`;
  try {
    // Once per database, outside the test schemas: dropping one must not drop it for the others.
    await sql`create extension if not exists pg_trgm schema public`.execute(admin);
    await sql`create schema ${sql.id(schema)}`.execute(admin);
  } catch (e) {
    await admin.destroy();
    throw new Error(`PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (${String(e)}): start it (.ci/run does) or set TEST_DATABASE_URL`);
  }
  const db = createPostgresDb(TEST_POSTGRES_URL, { schema, max: 4 });
  return {
    db,
    schema,
    async drop() {
      // The test may have closed it already.
      await db.destroy().catch(() => undefined);
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin);
      await admin.destroy();
    },
  };
}
