/**
 * The totals form of the tally file (docs/tally-file.md §3), what a secret vote publishes: per
 * college totals and participation figures, no voter. The same vote in both forms must give the
 * same result; the totals are computed from each example's accepted ballots through the domain.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toTotalsForm, totalsFormJson, type TallyFile } from "~/domain/tally-file";
import { parseTallyFile } from "~/schemas/tally-file";
import { ballotsFixtures, differences, expectedOf, readJson, runScript, SLOW, tallyFixtures } from "../helpers/tally-fixtures";

const tmp = mkdtempSync(path.join(tmpdir(), "cogere-totals-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeTemp(name: string, content: unknown): string {
  const file = path.join(tmp, name);
  writeFileSync(file, JSON.stringify(content, null, 1));
  return file;
}

function ballotsForm(json: unknown): TallyFile {
  const parsed = parseTallyFile(json);
  if (!parsed.ok) throw new Error(parsed.error);
  if ("totals" in parsed.file) throw new Error("expected a ballots form");
  return parsed.file;
}

/** The totals form of a ballots form, as JSON: what the app would publish for the same vote in secret. */
function totalsOf(json: unknown) {
  return totalsFormJson(toTotalsForm(ballotsForm(json)).file);
}

function jsonLines(stdout: string) {
  return stdout
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const examples = [...ballotsFixtures()];

describe("the worked examples in their totals form", () => {
  it(
    "give exactly the output of their ballots form, and the ballots form's .expected.json",
    async () => {
      expect(examples.length).toBeGreaterThanOrEqual(8);
      const pairs = examples.map(([name, file]) => [file, writeTemp(name.replace(/\.json$/, "-derived-totals.json"), totalsOf(readJson(file)))] as const);
      const run = await runScript("db/tally.ts", ...pairs.flat());
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const lines = jsonLines(run.stdout);
      expect(lines).toHaveLength(pairs.length * 2);
      pairs.forEach(([ballots, totals], i) => {
        const { file: a, ...fromBallots } = lines[2 * i]!;
        const { file: b, ...fromTotals } = lines[2 * i + 1]!;
        expect([a, b]).toEqual([ballots, totals]);
        expect(fromTotals, path.basename(ballots)).toEqual(fromBallots);
        expect(differences(fromTotals, expectedOf(ballots)), path.basename(ballots)).toEqual([]);
      });
    },
    SLOW,
  );

  it("are kept in the repository as *-totals.json, equal to what the domain derives", () => {
    const all = tallyFixtures();
    for (const [name, file] of examples) {
      const kept = all.get(name.replace(/\.json$/, "-totals.json"));
      expect(kept, `${name} has no totals form in tests/fixtures/tally`).toBeDefined();
      const { $comment, ...content } = readJson(kept!) as Record<string, unknown>;
      expect($comment).toMatch(/^Totals form of /);
      expect(content, name).toEqual(totalsOf(readJson(file)));
      expect(expectedOf(kept!)).toEqual(expectedOf(file));
    }
  });
});

// Fractional weights, proxies (one over the cap, one missing), a voter outside the electorate,
// ballots outside the colleges: what the totals form cannot show must still give the same result.
const electorate = [
  { voter: "a", college: "C1", weight: "3/2" },
  { voter: "b", college: "C1", weight: "0.25" },
  { voter: "c", college: "C2", weight: "1/3" },
  { voter: "d", college: "C2", weight: "2" },
  { voter: "e", college: "C2" },
  { voter: "f", college: "C1", weight: "5" },
];
const proxies = [
  { principal: "b", holder: "a" },
  { principal: "c", holder: "a" },
];
const ballots = [
  { voter: "a", college: "C1", choice: "for" },
  { voter: "b", college: "C1", choice: "against", castBy: "a" },
  { voter: "c", college: "C2", choice: "for", castBy: "a" },
  { voter: "d", college: "C2", choice: "abstain" },
  { voter: "e", college: "C2", choice: "against", castBy: "d" },
  { voter: "z", college: "C2", choice: "for" },
];
const colleges = [
  { id: "C1", weight: "2/5" },
  { id: "C2", weight: "3/5" },
];

describe("the totals form of a vote with quorum, proxies and rejected ballots", () => {
  it.each([
    ["proportional", "headcount", "1/2"],
    ["proportional", "weight", "1/2"],
    ["college-bloc", "weight", "9/10"],
    ["headcount", "headcount", "2/3"],
  ] as const)(
    "%s, quorum by %s of %s: the same result, with no rejected ballot to show",
    async (method, basis, fraction) => {
      const json = { rule: { method, base: "present", quorum: { fraction, basis }, proxy: { maxPerHolder: 1 } }, colleges, electorate, proxies, ballots };
      const totals = totalsOf(json);
      expect(totals.participation).toEqual(
        basis === "weight" ? { eligible: "121/12", present: "3.75" } : { eligible: "6", present: "3" },
      );
      const lines = jsonLines((await runScript("db/tally.ts", writeTemp(`q-${method}-${basis}.json`, json), writeTemp(`q-${method}-${basis}-totals.json`, totals))).stdout);
      const { file: _a, rejectedBallots, ...fromBallots } = lines[0]!;
      const { file: _b, rejectedBallots: none, ...fromTotals } = lines[1]!;
      expect(rejectedBallots).toEqual([
        { voter: "c", reason: "proxy-over-cap" },
        { voter: "e", reason: "no-proxy" },
        { voter: "z", reason: "not-eligible" },
      ]);
      expect(none).toEqual([]);
      expect(fromTotals).toEqual(fromBallots);
      expect(fromBallots.quorum).toHaveProperty("reached");
    },
    SLOW,
  );

  it(
    "adds up several channels of one college, and counts votes with no college under headcount",
    async () => {
      const rule = { method: "headcount" };
      const split = {
        rule,
        colleges,
        totals: [
          { college: "C1", channel: "ballot-box", for: "5/2", against: "1", abstain: "0" },
          { college: "C1", channel: "paper", for: "3", against: "0.5", abstain: "1" },
          { channel: "ballot-box", for: "1", against: "4", abstain: "0" },
        ],
      };
      const whole = { rule, colleges, totals: [{ college: "C1", for: "5.5", against: "3/2", abstain: "1" }, { for: "1", against: "4", abstain: "0" }] };
      const [a, b] = jsonLines((await runScript("db/tally.ts", writeTemp("split.json", split), writeTemp("whole.json", whole))).stdout);
      expect({ ...a, file: null }).toEqual({ ...b, file: null });
      expect(a).toMatchObject({ for: "13/2", against: "11/2", base: "12" });
    },
    SLOW,
  );
});

describe("totals outside the colleges under a college method", () => {
  it(
    "count only when the vote falls back to headcount",
    async () => {
      const totals = [
        { college: "C1", for: "3", against: "1", abstain: "0" },
        { college: "C2", for: "0", against: "0", abstain: "0" },
      ];
      const outside = { for: "5", against: "0", abstain: "0" };
      const files = [
        writeTemp("in.json", { rule: { method: "proportional" }, colleges, totals }),
        writeTemp("out.json", { rule: { method: "proportional" }, colleges, totals: [...totals, outside] }),
        writeTemp("in-fallback.json", { rule: { method: "proportional", headcountBelowColleges: 2 }, colleges, totals }),
        writeTemp("out-fallback.json", { rule: { method: "proportional", headcountBelowColleges: 2 }, colleges, totals: [...totals, outside] }),
      ];
      const [a, b, c, d] = jsonLines((await runScript("db/tally.ts", ...files)).stdout);
      expect({ ...b, file: null }).toEqual({ ...a, file: null });
      expect(c).toMatchObject({ headcountFallback: true, for: "3", against: "1" });
      expect(d).toMatchObject({ headcountFallback: true, for: "8", against: "1" });
    },
    SLOW,
  );
});

describe("a malformed totals form", () => {
  const totals = [{ college: "C1", for: "1", against: "0", abstain: "0" }];
  it.each([
    ["ballots beside totals", "ballots", { colleges, totals, ballots: [] }, /not allowed with totals/],
    ["an electorate beside totals", "electorate", { colleges, totals, electorate }, /participation\.eligible/],
    ["proxies beside totals", "proxies", { colleges, totals, proxies }, /not allowed with totals/],
    ["a negative total", "totals[0].against", { colleges, totals: [{ ...totals[0], against: "-1" }] }, /zero or a positive/],
    ["a missing choice", "totals[0].abstain", { colleges, totals: [{ college: "C1", for: "1", against: "0" }] }, /is required/],
    ["an unknown college", "totals[1].college", { colleges, totals: [...totals, { ...totals[0], college: "C9" }] }, /"C9" is not among/],
    ["a college twice in one channel", "totals[1]", { colleges, totals: [...totals, ...totals] }, /already has its totals in totals\[0\]/],
    ["a quorum without participation", "participation", { rule: { quorum: { fraction: "1/4" } }, colleges, totals }, /is required when rule\.quorum/],
    ["more present than eligible", "participation.present", { colleges, totals, participation: { eligible: "3", present: "4" } }, /more than participation\.eligible/],
    [
      "a fraction of a member under a quorum by headcount",
      "participation.eligible",
      { rule: { quorum: { fraction: "1/4" } }, colleges, totals, participation: { eligible: "5/2", present: "1" } },
      /whole number of members/,
    ],
  ])(
    "%s: exit 2 naming %s",
    async (_, field, content, message) => {
      const file = writeTemp(`bad-${field.replace(/\W/g, "-")}.json`, content);
      const run = await runScript("db/tally.ts", file);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`${file}: ${field}: `);
      expect(run.stderr).toMatch(message);
    },
    SLOW,
  );
});
