import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Separate from vite.config.ts: the Remix plugin must not run under vitest.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    environment: "node",
    pool: "forks",
    setupFiles: ["tests/setup.ts"],
    // A guard against a test that never ends, not a speed check: some tests take 4 s on a quiet
    // 2-core machine and failed the default 5 s on a busy one (speed is measured by npm run bench).
    testTimeout: 30_000,
    // Server keys of secret votes go to a temporary folder, never to data/ (uploads go to the
    // test's database, as on a real instance without UPLOAD_DIR).
    // Secret-ballot proofs are checked in this thread (starting TypeScript worker threads per test file
    // costs seconds on 2 cores); secret-pool.test.ts sets its own threads.
    env: { VERIFY_THREADS: "0", DATA_KEYS_DIR: path.join(tmpdir(), "cogere-test-keys") },
    // Every test on SQLite; the integration tests once more on PostgreSQL (issue 14), each file in a
    // schema of its own (tests/helpers/postgres.ts: a run that cannot reach the server fails).
    projects: [
      { extends: true, test: { name: "sqlite", include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "app/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["tests/integration/**/*.test.ts"],
          // About SQLite itself (its driver, WAL, online backup, several processes over one file),
          // files and command-line tools with no database, or PostgreSQL already (the migrations, pg_dump).
          // The authorization matrix replays every route on a copy of a SQLite image per request:
          // who may do what is decided above the database. db:copy copies SQLite to PostgreSQL
          // whichever project runs it.
          exclude: [
            "tests/integration/{sqlite-driver,sqlite-processes,secret-wal,backup,postgres-migrations,pg-dump,authz-matrix,db-copy}.test.ts",
            "tests/integration/{compiled-tools,tally-cli,tally-totals-cli,verify-cli,attendance-table,results-plain,election-cli}.test.ts",
          ],
          env: { TEST_DB: "postgres" },
        },
      },
    ],
  },
});
