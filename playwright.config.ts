import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./tests/e2e/chromium";
import { testDatabaseUrl } from "./tests/helpers/postgres-server";

const PORT = Number(process.env.E2E_PORT ?? 3100);
// One database per port, so that two runs on different ports never share one.
const DATABASE_PATH = `test-results/e2e-${PORT}.db`;
// The same journeys on PostgreSQL (issue 14): a second server, one port up, on a fresh database.
const PG_PORT = PORT + 1;
const PG_DATABASE = `cogere_e2e_${PG_PORT}`;

/** The documented commands of a newcomer, after `first` has made the database empty. */
function serve(first: string) {
  return [
    first,
    "npm run db:setup",
    "npm run user:create-admin -- --email plateforme@e2e.example --name Plateforme --password e2e-platform-admin",
    "npm run serve",
  ].join(" && ");
}

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  },
  projects: [
    // Our users' browsers ask for French.
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined, locale: "fr-FR" } },
    { name: "phone", use: { ...devices["Pixel 7"], channel: undefined, locale: "fr-FR" }, grep: /@phone/ },
    // Every desktop journey again, on PostgreSQL; the phone's only on SQLite (the screens do not
    // depend on the database, and CI's time is counted).
    { name: "postgres", use: { ...devices["Desktop Chrome"], channel: undefined, locale: "fr-FR", baseURL: `http://localhost:${PG_PORT}` } },
  ],
  webServer: [
    {
      // The built app on a fresh database seeded with the demo entity, as a newcomer gets it, with
      // the documented commands (compiled JavaScript, build/bin). `npm test` has just built it (for
      // the crash test) and sets E2E_SKIP_BUILD.
      command: serve([`rm -f ${DATABASE_PATH}*`, ...(process.env.E2E_SKIP_BUILD ? [] : ["npm run build"])].join(" && ")),
      url: `http://localhost:${PORT}/login`,
      reuseExistingServer: false,
      timeout: 180_000,
      env: { PORT: String(PORT), DATABASE_PATH, NODE_ENV: "production" },
    },
    {
      // Started once the first has built the app (Playwright starts them in turn).
      command: serve(`npx tsx tests/e2e/fresh-postgres.ts ${PG_DATABASE}`),
      url: `http://localhost:${PG_PORT}/login`,
      reuseExistingServer: false,
      timeout: 180_000,
      env: { PORT: String(PG_PORT), DATABASE_URL: testDatabaseUrl(PG_DATABASE), NODE_ENV: "production" },
    },
  ],
});
