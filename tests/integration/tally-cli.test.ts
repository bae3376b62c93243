/**
 * The tally command (docs/tally-file.md) as a user runs it: plain Node through tsx, on the shared
 * worked examples (both forms) and on malformed files. The totals form: tally-totals-cli.test.ts.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { differences, expectedOf, ownFixtures, runScript, SLOW, tallyFixtures } from "../helpers/tally-fixtures";

function tally(...files: string[]) {
  return runScript("db/tally.ts", ...files);
}

// Both forms: ballots, and the per-college totals forms derived from them (`*-totals.json`).
const fixtureFiles = tallyFixtures();
const fixtures = [...fixtureFiles.keys()];

const tmp = mkdtempSync(path.join(tmpdir(), "cogere-tally-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeTemp(name: string, content: unknown): string {
  const file = path.join(tmp, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 1));
  return file;
}

const colleges = [
  { id: "C1", weight: "30%" },
  { id: "C2", weight: "70%" },
];

describe("the shared worked examples", () => {
  it("are there to be checked", () => {
    if (!existsSync(ownFixtures)) throw new Error(`the tally fixtures folder is missing: ${ownFixtures}`);
    expect(fixtures.length, `no tally file in ${ownFixtures}`).toBeGreaterThanOrEqual(8);
  });

  it.each(fixtures)(
    "%s gives its .expected.json",
    async (name) => {
      const file = fixtureFiles.get(name)!;
      const expected = expectedOf(file);
      const run = await tally(file);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect(differences(JSON.parse(run.stdout) as Record<string, unknown>, expected), name).toEqual([]);
    },
    SLOW,
  );
});

describe("tsx db/tally.ts", () => {
  it(
    "prints one result as pretty JSON in the order of DESIGN §5",
    async () => {
      const file = writeTemp("one.json", {
        rule: { method: "proportional", quorum: { fraction: "1/2" } },
        colleges,
        electorate: [
          { voter: "a", college: "C1" },
          { voter: "b", college: "C2" },
          { voter: "c", college: "C2" },
        ],
        ballots: [
          { voter: "a", college: "C1", choice: "for" },
          { voter: "b", college: "C2", choice: "against", castBy: "c" },
          { voter: "c", college: "C2", choice: "for" },
        ],
      });
      const run = await tally(file);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^\{\n {2}"adopted": true,\n/);
      const result = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(Object.keys(result)).toEqual([
        "adopted",
        "reason",
        "for",
        "against",
        "base",
        "share",
        "percent",
        "quorum",
        "colleges",
        "rejectedBallots",
        "warnings",
        "headcountFallback",
      ]);
      expect(result).toMatchObject({
        for: "1",
        against: "0",
        quorum: { required: "3/2", present: "2", reached: true },
        rejectedBallots: [{ voter: "b", reason: "no-proxy" }],
      });
    },
    SLOW,
  );

  it(
    "prints several results as JSON Lines, in the order given, each with its file first",
    async () => {
      const [a, b] = [fixtures.find((f) => f.includes("headcount")), fixtures.find((f) => f.includes("proportional"))].map((f) => {
        if (!f) throw new Error(`fixtures missing in ${ownFixtures}`);
        return fixtureFiles.get(f)!;
      });
      const run = await tally(b!, a!);
      expect(run.status).toBe(0);
      const lines = run.stdout.trimEnd().split("\n");
      expect(lines).toHaveLength(2);
      const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(parsed.map((p) => p.file)).toEqual([b, a]);
      expect(parsed.map((p) => Object.keys(p)[0])).toEqual(["file", "file"]);
      // Each line is the same result as the file on its own.
      const alone = JSON.parse((await tally(b!)).stdout) as Record<string, unknown>;
      expect(parsed[0]).toEqual({ file: b, ...alone });
    },
    SLOW,
  );

  it(
    "a malformed choice: exit 2, the file and the field on stderr, nothing on stdout",
    async () => {
      const file = writeTemp("bad-choice.json", {
        colleges,
        ballots: [
          { voter: "a", college: "C1", choice: "for" },
          { voter: "b", college: "C2", choice: "oui" },
        ],
      });
      const run = await tally(file);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(file);
      expect(run.stderr).toContain("ballots[1].choice");
      expect(run.stderr).toContain('"oui"');
    },
    SLOW,
  );

  it(
    "the same voter twice: exit 2 naming the ballot",
    async () => {
      const file = writeTemp("duplicate.json", {
        colleges,
        ballots: [
          { voter: "a", college: "C1", choice: "for" },
          { voter: "a", college: "C2", choice: "against" },
        ],
      });
      const run = await tally(file);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("ballots[1].voter");
      expect(run.stderr).toContain('"a" already voted');
    },
    SLOW,
  );

  it.each([
    ["a bad threshold", "rule.threshold", { rule: { threshold: "two thirds" }, ballots: [] }],
    ["a ballot with no college", "ballots[0].college", { colleges, ballots: [{ voter: "a", choice: "for" }] }],
    ["a weight of zero", "ballots[0].weight", { rule: { method: "headcount" }, ballots: [{ voter: "a", choice: "for", weight: "0" }] }],
    ["a quorum without electorate", "electorate", { rule: { quorum: { fraction: "1/5" } }, ballots: [] }],
  ])(
    "%s: exit 2 naming %s",
    async (_, field, content) => {
      const file = writeTemp(`bad-${field.replace(/\W/g, "-")}.json`, content);
      const run = await tally(file);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`${file}: ${field}`);
    },
    SLOW,
  );

  it.each([
    ["missing", () => path.join(tmp, "nowhere.json"), /no such file/],
    ["not JSON", () => writeTemp("broken.json", '{ "ballots": [ '), /not valid JSON/],
  ])(
    "an unreadable file (%s): exit 2 with the file named",
    async (_, make, message) => {
      const file = make();
      const run = await tally(file);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(file);
      expect(run.stderr).toMatch(message);
    },
    SLOW,
  );

  it(
    "JSON Lines with one malformed file among good ones: its line has the error, the others their result, exit 2",
    async () => {
      const good = fixtureFiles.get(fixtures[0] ?? "") ?? path.join(ownFixtures, "missing.json");
      const bad = writeTemp("bad-among-good.json", { rule: { method: "headcount" }, ballots: [{ voter: "a", choice: "maybe" }] });
      const run = await tally(good, bad, good);
      expect(run.status).toBe(2);
      const lines = run.stdout
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(3);
      expect(lines[1]).toEqual({ file: bad, error: expect.stringContaining("ballots[0].choice") });
      for (const i of [0, 2]) {
        expect(lines[i]).toMatchObject({ file: good });
        expect(lines[i]).toHaveProperty("adopted");
        expect(lines[i]).not.toHaveProperty("error");
      }
    },
    SLOW,
  );

  it(
    "no argument: usage on stderr, exit 2",
    async () => {
      const run = await tally();
      expect(run.status).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/usage/i);
    },
    SLOW,
  );
});
