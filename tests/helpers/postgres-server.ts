// Where the tests find PostgreSQL: TEST_DATABASE_URL, or the local server every machine of this
// project runs (127.0.0.1:5432, database test). No import of the app's: playwright.config.ts reads it.
import { userInfo } from "node:os";
import pg from "pg";

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? `postgres://${userInfo().username}@127.0.0.1:5432/test`;

/** The URL of database `name` on the test server. */
export function testDatabaseUrl(name: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Database `name` dropped if it was there and created again, empty, as a new instance's; its URL. */
export async function freshTestDatabase(name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (${String(e)}): start it (.ci/run does) or set TEST_DATABASE_URL`);
  }
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return testDatabaseUrl(name);
}

/** Drops database `name` (made by freshTestDatabase). */
export async function dropTestDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}
