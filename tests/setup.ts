// Each test starts on a fresh turn of the event loop. better-sqlite3 answers synchronously, so a
// test file of database work is one unbroken chain of promises: without this yield, vitest's
// worker cannot read the runner's replies until the file ends, and on a slow machine its 60 s
// RPC limit expires ("Timeout calling onTaskUpdate"), failing a run whose tests all passed.
import { afterAll, beforeEach } from "vitest";
import { postgresSchemas } from "./helpers/pg-schemas";

beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

// TEST_DB=postgres: the schemas the file's databases lived in go at its end.
afterAll(async () => {
  for (const pg of postgresSchemas.splice(0)) await pg.drop();
});
