import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./tests/e2e/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3100);
// One database per port, so that two runs on different ports never share one.
const DATABASE_PATH = `test-results/e2e-${PORT}.db`;

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
  ],
  webServer: {
    // The built app on a fresh database seeded with the demo entity, as a newcomer gets it, with
    // the documented commands (compiled JavaScript, build/bin). `npm test` has just built it (for
    // the crash test) and sets E2E_SKIP_BUILD.
    command: [
      `rm -f ${DATABASE_PATH}*`,
      ...(process.env.E2E_SKIP_BUILD ? [] : ["npm run build"]),
      "npm run db:setup",
      "npm run user:create-admin -- --email plateforme@e2e.example --name Plateforme --password e2e-platform-admin",
      "npm run serve",
    ].join(" && "),
    url: `http://localhost:${PORT}/login`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: { PORT: String(PORT), DATABASE_PATH, NODE_ENV: "production" },
  },
});
