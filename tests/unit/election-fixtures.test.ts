/**
 * The worked examples of the election file (docs/election-file.md §7, tests/fixtures/election):
 * each file, read and counted as `npm run tally` does, gives its `.expected.json`, every field.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { electionFile } from "~/domain/election-file";
import { parseElectionFile } from "~/schemas/election-file";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/election");
const files = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
      .sort()
  : [];
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(dir, file), "utf8"));

describe("election fixtures", () => {
  it("are there, with the forms and methods the format documents", () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    const forms = files.map((f) => read(f) as { election: { method: string }; totals?: unknown });
    expect(new Set(forms.map((f) => f.election.method))).toEqual(new Set(["plurinominal", "approval"]));
    expect(forms.some((f) => "totals" in f)).toBe(true);
  });

  it.each(files)("%s gives its .expected.json", (file) => {
    const parsed = parseElectionFile(read(file));
    if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
    const expected = read(file.replace(/\.json$/, ".expected.json")) as Record<string, unknown>;
    const actual = electionFile(parsed.file);
    // Every field, in the documented order.
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    for (const key of Object.keys(expected)) expect(actual[key], `${file}: ${key}`).toEqual(expected[key]);
  });

  it("a totals form gives the same result as the ballots form it sums", () => {
    for (const totals of files.filter((f) => f.endsWith("-totals.json"))) {
      const ballots = totals.replace(/-totals\.json$/, ".json");
      expect(read(totals.replace(/\.json$/, ".expected.json")), totals).toEqual(read(ballots.replace(/\.json$/, ".expected.json")));
    }
  });
});
