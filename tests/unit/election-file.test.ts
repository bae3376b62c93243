/** The election file read (app/schemas/election-file.ts) and counted (app/domain/election-file.ts): docs/election-file.md §3, §4. */
import { describe, expect, it } from "vitest";
import { electionFile } from "~/domain/election-file";
import { parseElectionFile } from "~/schemas/election-file";

describe("parseElectionFile", () => {
  const base = {
    election: { method: "plurinominal", seats: 2 },
    colleges: [
      { id: "C1", weight: "1/2" },
      { id: "C2", weight: "1/2" },
    ],
    candidates: [{ id: "a" }, { id: "b" }, { id: "c", college: "C2", bornOn: "1970-01-01" }],
  };
  const withBallots = (ballots: unknown[], over: Record<string, unknown> = {}) => ({ ...base, ...over, ballots });
  const error = (json: unknown) => {
    const p = parseElectionFile(json);
    return p.ok ? null : p.error;
  };

  it("reads a ballots form with its defaults", () => {
    const p = parseElectionFile(withBallots([{ voter: "m1", college: "C1", approvals: ["a"], $channel: "online" }], { $comment: "x" }));
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.file.election).toMatchObject({ weighting: "proportional", round: 1, absoluteMajority: false, base: "cast", tieBreak: "age", strict: true });
  });

  it.each([
    [
      "an unknown candidate",
      withBallots([{ voter: "m1", college: "C1", approvals: ["a", "zoe"] }]),
      `ballots[0].approvals[1]: "zoe" is not among the candidates' ids`,
    ],
    [
      "the same candidate twice",
      withBallots([{ voter: "m1", college: "C1", approvals: ["a", "a"] }]),
      `ballots[0].approvals[1]: "a" is already approved in approvals[0]`,
    ],
    ["choices in a plurinominal election", withBallots([{ voter: "m1", college: "C1", choices: { a: "for" } }]), "ballots[0].choices: not allowed"],
    ["approvals missing", withBallots([{ voter: "m1", college: "C1" }]), "ballots[0].approvals: is required"],
    [
      "a bad choice",
      withBallots([{ voter: "m1", college: "C1", choices: { a: "yes" } }], { election: { method: "approval", seats: 1 } }),
      `ballots[0].choices.a: expected "for", "against" or "abstain", got "yes"`,
    ],
    [
      "the same voter twice",
      withBallots([
        { voter: "m1", college: "C1", approvals: [] },
        { voter: "m1", college: "C2", approvals: [] },
      ]),
      `ballots[1].voter: "m1" already voted in ballots[0]`,
    ],
    ["a ballot with no college", withBallots([{ voter: "m1", approvals: [] }]), "ballots[0].college: is required"],
    ["no seat", withBallots([], { election: { method: "plurinominal", seats: 0 } }), "election.seats: must be at least 1"],
    ["no method", withBallots([], { election: { seats: 1 } }), "election.method: expected"],
    [
      "a bad tie-break",
      withBallots([], { election: { method: "approval", seats: 1, tieBreak: "coin" } }),
      `election.tieBreak: expected "age", "seniority" or "lot", got "coin"`,
    ],
    [
      "reserved seats of an unknown college",
      withBallots([], { election: { method: "plurinominal", seats: 2, seatsPerCollege: [{ college: "C9", seats: 1 }] } }),
      `election.seatsPerCollege[0].college: "C9" is not among the colleges' ids`,
    ],
    [
      "too many reserved seats",
      withBallots([], { election: { method: "plurinominal", seats: 1, seatsPerCollege: [{ college: "C1", seats: 2 }] } }),
      "election.seatsPerCollege: 2 reserved seats are more than election.seats (1)",
    ],
    [
      "a bad birth day",
      withBallots([], { candidates: [{ id: "a", bornOn: "1970-02-30" }] }),
      `candidates[0].bornOn: expected a day such as "1970-01-31", got "1970-02-30"`,
    ],
    ["no candidate", withBallots([], { candidates: [] }), "candidates: must list at least one candidate"],
    ["a candidate twice", withBallots([], { candidates: [{ id: "a" }, { id: "a" }] }), `candidates[1].id: candidate id "a" is already used by candidates[0]`],
    ["a resolution's rule beside election", withBallots([], { rule: { method: "headcount" } }), "rule: not allowed with election"],
    ["approval in round 2", withBallots([], { election: { method: "approval", seats: 1, round: 2 } }), "election.round: an approval election has one round"],
  ])("%s is malformed", (_, json, message) => {
    expect(error(json)).toContain(message);
  });

  it.each([
    [
      "marks above the ballots",
      [{ college: "C1", ballots: "2", blank: "1", marks: [{ candidate: "a", for: "2" }] }],
      `totals[0].marks[0]: the marks on "a" (2) are more than the ballots that are not blank (1)`,
    ],
    [
      "approvals above seats × ballots",
      [
        {
          college: "C1",
          ballots: "1",
          marks: [
            { candidate: "a", for: "1" },
            { candidate: "b", for: "1" },
            { candidate: "c", for: "1" },
          ],
        },
      ],
      "totals[0].marks: 3 approvals are more than election.seats × the ballots (2)",
    ],
    [
      "against in a plurinominal election",
      [{ college: "C1", ballots: "1", marks: [{ candidate: "a", for: "0", against: "1" }] }],
      "totals[0].marks[0].against: not used",
    ],
    [
      "an unknown candidate",
      [{ college: "C1", ballots: "1", marks: [{ candidate: "z", for: "1" }] }],
      `totals[0].marks[0].candidate: "z" is not among the candidates' ids`,
    ],
    [
      "the same college and channel twice",
      [
        { college: "C1", ballots: "1" },
        { college: "C1", ballots: "1" },
      ],
      `totals[1]: college "C1" already has its totals in totals[0]`,
    ],
  ])("a totals form with %s is malformed", (_, totals, message) => {
    expect(error({ ...base, totals })).toContain(message);
  });

  it("a totals form refuses ballots beside its totals", () => {
    expect(error({ ...base, totals: [], ballots: [] })).toContain("ballots: not allowed with totals");
  });
});

describe("electionFile", () => {
  const file = {
    election: { method: "plurinominal", seats: 1, weighting: "headcount", proxy: { maxPerHolder: 1 }, seed: "s" },
    candidates: [{ id: "a" }, { id: "b" }],
    electorate: [{ voter: "m1" }, { voter: "m2" }, { voter: "m3", weight: "2" }, { voter: "m4" }],
    proxies: [
      { principal: "m2", holder: "m1" },
      { principal: "m4", holder: "m1" },
    ],
    ballots: [
      { voter: "m1", approvals: ["a"] },
      { voter: "m2", castBy: "m1", approvals: ["b"] },
      { voter: "m3", approvals: ["a", "b"] },
      { voter: "m4", castBy: "m1", approvals: ["b"] },
      { voter: "m5", approvals: ["b"] },
    ],
  };

  it("rejects ballots as a resolution does, and a ballot with more approvals than seats", () => {
    const parsed = parseElectionFile(file);
    if (!parsed.ok) throw new Error(parsed.error);
    const r = electionFile(parsed.file);
    expect(r.rejectedBallots).toEqual([
      { voter: "m3", reason: "too-many-approvals" },
      { voter: "m4", reason: "proxy-over-cap" },
      { voter: "m5", reason: "not-eligible" },
    ]);
    // m1 for a, m2 (by proxy) for b: a tie of 1 each, broken by age: unknown dates, so the lot, which needs a seed.
    expect(r.tieBreaks).toEqual([expect.objectContaining({ candidates: ["a", "b"], by: ["age", "lot"], seed: "s" })]);
    const { seed: _, ...noSeed } = parsed.file;
    expect(() => electionFile(noSeed)).toThrow(/needs a seed/);
  });

  it("counts a blank ballot as a ballot, out of the base under cast", () => {
    const parsed = parseElectionFile({
      ...file,
      proxies: [],
      ballots: [
        { voter: "m1", approvals: ["a"] },
        { voter: "m2", approvals: [] },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.error);
    const r = electionFile(parsed.file) as { candidates: { id: string; base: string; share: string }[] };
    expect(r.candidates[0]).toMatchObject({ id: "a", base: "1", share: "1" });
  });
});
