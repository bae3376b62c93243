import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * The Chromium to drive: $CHROMIUM_PATH, else Debian's, else Playwright's own download.
 * Never skips: without a browser the run fails and says how to install one.
 */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // Playwright has no browser of its own here.
  }
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error(
      "No Chromium found for the browser tests.\n" +
        "  Debian/Ubuntu: sudo apt-get install -y chromium\n" +
        "  elsewhere:     npx playwright install chromium\n" +
        "  or set CHROMIUM_PATH to a Chromium or Chrome executable.",
    );
  }
  return found;
}
