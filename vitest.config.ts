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
    // Meeting documents uploaded by tests go to a temporary folder, never to data/.
    // Server keys of secret votes likewise.
    env: { UPLOAD_DIR: path.join(tmpdir(), "cogere-test-uploads"), DATA_KEYS_DIR: path.join(tmpdir(), "cogere-test-keys") },
  },
});
