// The public worked examples of the tally file (docs/tally-file.md), and the command that
// recomputes them. The examples are kept in the repository (tests/fixtures/tally); when the shared
// folder sits beside it (../shared/fixtures/tally), its files are checked too, and win on a name
// both have.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { fileURLToPath } from "node:url";
import { run } from "./spawn";

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../..");
export const ownFixtures = path.resolve(here, "../fixtures/tally");
export const sharedFixtures = path.resolve(root, "../shared/fixtures/tally");
export const tsx = path.join(root, "node_modules/.bin/tsx");

/** Each run starts a Node process; leave room on a busy machine. */
export const SLOW = 60_000;

/** File name → path of every tally file (not the `.expected.json`), own then shared. */
export function tallyFixtures(): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of [ownFixtures, sharedFixtures]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith(".json") && !f.endsWith(".expected.json")) files.set(f, path.join(dir, f));
  }
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

/** The ballots-form examples only (the totals forms derived from them end in `-totals.json`). */
export function ballotsFixtures(): Map<string, string> {
  return new Map([...tallyFixtures()].filter(([name]) => !name.endsWith("-totals.json")));
}

export function expectedOf(file: string): Record<string, unknown> {
  const expectedFile = file.replace(/\.json$/, ".expected.json");
  if (!existsSync(expectedFile)) throw new Error(`${path.basename(file)} has no expected result: ${expectedFile} is missing`);
  return JSON.parse(readFileSync(expectedFile, "utf8")) as Record<string, unknown>;
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Runs a command of db/ through tsx, as `npm run …` does. */
export function runScript(script: string, ...args: string[]) {
  return run(tsx, [path.join(root, script), ...args], { cwd: root, timeout: SLOW });
}

/**
 * Checks every field of an expected result (DESIGN.md §5): equal, except `warnings`, of which
 * the same number. Returns the differences as text, empty when none.
 */
export function differences(actual: Record<string, unknown>, expected: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, want] of Object.entries(expected)) {
    if (!(key in actual)) out.push(`${key}: missing`);
    else if (key === "warnings") {
      if ((actual.warnings as unknown[]).length !== (want as unknown[]).length) out.push(`warnings: ${JSON.stringify(actual.warnings)}, expected ${(want as unknown[]).length}`);
    } else if (!isDeepStrictEqual(actual[key], want)) out.push(`${key}: ${JSON.stringify(actual[key])}, expected ${JSON.stringify(want)}`);
  }
  return out;
}
