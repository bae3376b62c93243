/**
 * The tally command (db/tally.ts) on election files (docs/election-file.md), as a user runs it:
 * plain Node through tsx, no database. Resolution files: tally-cli.test.ts.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectedOf, root, runScript, SLOW, tallyFixtures } from "../helpers/tally-fixtures";

const dir = path.join(root, "tests/fixtures/election");
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
  .sort()
  .map((f) => path.join(dir, f));

const tmp = mkdtempSync(path.join(tmpdir(), "cogere-election-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeTemp(name: string, content: unknown): string {
  const file = path.join(tmp, name);
  writeFileSync(file, JSON.stringify(content, null, 1));
  return file;
}

const tally = (...files: string[]) => runScript("db/tally.ts", ...files);

describe("npm run tally on election files", () => {
  it.each(fixtures.map((f) => [path.basename(f), f]))(
    "%s prints its .expected.json",
    async (_, file) => {
      const run = await tally(file);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^\{\n {2}"method": /);
      expect(JSON.parse(run.stdout)).toEqual(expectedOf(file));
    },
    SLOW
  );

  it(
    "takes election and resolution files together, one JSON line each",
    async () => {
      const resolution = [...tallyFixtures().values()][0]!;
      const election = fixtures[0]!;
      const run = await tally(election, resolution);
      expect(run.status).toBe(0);
      const [first, second] = run.stdout
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(first).toEqual({ file: election, ...expectedOf(election) });
      expect(second).toMatchObject({ file: resolution });
      expect(second).toHaveProperty("adopted");
    },
    SLOW
  );

  it(
    "a malformed election file: exit 2, the file and the field on stderr",
    async () => {
      const file = writeTemp("bad-approval.json", {
        election: { method: "plurinominal", seats: 1, weighting: "headcount" },
        candidates: [{ id: "a" }],
        ballots: [{ voter: "m1", approvals: ["b"] }],
      });
      const run = await tally(file);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`${file}: ballots[0].approvals[0]: "b" is not among the candidates' ids`);
    },
    SLOW
  );

  it(
    "a tie the lot must break without a seed: exit 2 saying so",
    async () => {
      const file = writeTemp("no-seed.json", {
        election: { method: "plurinominal", seats: 1, weighting: "headcount", tieBreak: "lot" },
        candidates: [{ id: "a" }, { id: "b" }],
        ballots: [
          { voter: "m1", approvals: ["a"] },
          { voter: "m2", approvals: ["b"] },
        ],
      });
      const run = await tally(file);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/needs a seed/);
    },
    SLOW
  );

  it(
    "the usage names both kinds of file",
    async () => {
      const run = await tally();
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/election/);
    },
    SLOW
  );
});
