import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Separate from vite.config.ts: the Remix plugin must not run under vitest.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "app/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    setupFiles: ["tests/setup.ts"],
    // A guard against a test that never ends, not a speed check: some tests take 4 s on a quiet
    // 2-core machine and failed the default 5 s on a busy one (speed is measured by npm run bench).
    testTimeout: 30_000,
    // Meeting documents uploaded by tests go to a temporary folder, never to data/.
    // Server keys of secret votes likewise.
    // Secret-ballot proofs are checked in this thread (starting TypeScript worker threads per test file
    // costs seconds on 2 cores); secret-pool.test.ts sets its own threads.
    env: { VERIFY_THREADS: "0", UPLOAD_DIR: path.join(tmpdir(), "cogere-test-uploads"), DATA_KEYS_DIR: path.join(tmpdir(), "cogere-test-keys") },
  },
});
