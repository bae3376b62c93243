// The browser tests' PostgreSQL database (playwright.config.ts, project "postgres"): dropped and
// created again empty on the test server, so that each run starts as a new instance does.
// Usage: tsx tests/e2e/fresh-postgres.ts NAME
import { freshTestDatabase } from "../helpers/postgres-server";

try {
  console.log(`Fresh PostgreSQL database ${await freshTestDatabase(process.argv[2] ?? "")}`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
