import { describe, expect, it } from "vitest";
import {
  countElection,
  electionResultToJson,
  approvalTallyRule,
  type ElectionCandidate,
  type ElectionCollegeTotals,
  type ElectionRule,
} from "~/domain/election";
import { breakTie, drawByLot, isDay, lotHash } from "~/domain/election-ties";
import { Rational } from "~/domain/rational";
import { combine } from "~/domain/tally";

const q = (text: string): Rational => {
  const r = Rational.parse(text);
  if (r === null) throw new Error(`test input ${text} does not parse`);
  return r;
};
const n = (x: number): Rational => Rational.of(x);

const rule = (over: Partial<ElectionRule> = {}): ElectionRule => ({
  method: "plurinominal",
  seats: 2,
  weighting: "proportional",
  round: 1,
  absoluteMajority: false,
  base: "cast",
  threshold: q("1/2"),
  strict: true,
  tieBreak: "age",
  ...over,
});

const cands = (...ids: string[]): ElectionCandidate[] => ids.map((id) => ({ id }));

/** A college: weight, ballots, blank and approvals (for) per candidate. */
function college(id: string, weight: string, ballots: number, marks: Record<string, number | [number, number, number?]>, blank = 0): ElectionCollegeTotals {
  return {
    id,
    weight: q(weight),
    ballots: n(ballots),
    blank: n(blank),
    marks: Object.entries(marks).map(([candidate, m]) =>
      typeof m === "number" ? { candidate, for: n(m) } : { candidate, for: n(m[0]), against: n(m[1]), ...(m[2] !== undefined ? { abstain: n(m[2]) } : {}) }
    ),
  };
}

describe("plurinominal", () => {
  // Colleges 40/30/30: the worked example of docs/election-file.md.
  const colleges = [
    college("C1", "2/5", 4, { a: 3, b: 3, c: 1, d: 1 }),
    college("C2", "3/10", 2, { a: 2, c: 1, e: 1 }),
    college("C3", "3/10", 3, { a: 1, b: 1, d: 1 }, 1),
  ];
  const five = cands("a", "b", "c", "d", "e");

  it.each([
    ["round 1, absolute majority", { round: 1, absoluteMajority: true }, ["a"], 2, true],
    ["round 1, relative", { round: 1, absoluteMajority: false }, ["a", "b", "c", "d"], 0, false],
    ["round 2 ignores absoluteMajority", { round: 2, absoluteMajority: true }, ["a", "b", "c", "d"], 0, false],
  ] as const)("%s", (_, over, elected, left, second) => {
    // With 4 seats the relative majority elects a, b and both tied c, d: no tie-break.
    const r = countElection(rule({ seats: over.absoluteMajority && over.round === 1 ? 3 : 4, ...over }), { candidates: five, colleges });
    expect(r.elected).toEqual(elected);
    expect(r.seatsLeft).toBe(left);
    expect(r.secondRound).toBe(second);
    expect(r.tieBreaks).toEqual([]);
    const byId = new Map(r.candidates.map((c) => [c.id, c]));
    expect(byId.get("a")!.share!.toString()).toBe("3/4");
    expect(byId.get("b")!.share!.toString()).toBe("9/20");
    expect(byId.get("c")!.share!.toString()).toBe("1/4");
    expect(byId.get("e")!.percent).toBe("15.00");
    expect(r.candidates.map((c) => c.rank)).toEqual([1, 2, 3, 3, 5]);
  });

  it("base present keeps blank ballots in a college's base", () => {
    const r = countElection(rule({ base: "present", seats: 3 }), { candidates: five, colleges });
    // C3's base is 3 ballots, not 2: a = 2/5·3/4 + 3/10·1 + 3/10·1/3 = 3/10 + 3/10 + 1/10.
    expect(r.candidates.find((c) => c.id === "a")!.for.toString()).toBe("7/10");
  });

  it("a college with no ballot (or only blank ones) is neutralised: the others' weights stand for the whole", () => {
    const r = countElection(rule({ seats: 1, absoluteMajority: true }), {
      candidates: cands("a", "b"),
      colleges: [college("C1", "1/2", 2, { a: 2 }), college("C2", "3/10", 2, { b: 2 }), college("C3", "1/5", 1, {}, 1)],
    });
    const a = r.candidates.find((c) => c.id === "a")!;
    expect(a.base.toString()).toBe("4/5");
    expect(a.share!.toString()).toBe("5/8");
    expect(a.colleges.map((c) => c.counted)).toEqual([true, true, false]);
    expect(r.elected).toEqual(["a"]);
    expect(r.warnings).toEqual(["college C1 effective weight 5/8 exceeds 1/2"]);
  });

  it("headcount adds member weights, ballots outside the colleges included", () => {
    const r = countElection(rule({ weighting: "headcount", seats: 1, absoluteMajority: true }), {
      candidates: cands("a", "b"),
      colleges: [college("C1", "1/2", 3, { a: 1, b: 2 })],
      unassigned: { ballots: n(2), marks: [{ candidate: "a", for: n(2) }] },
    });
    expect(r.candidates.map((c) => [c.id, c.for.toString(), c.share!.toString()])).toEqual([
      ["a", "3", "3/5"],
      ["b", "2", "2/5"],
    ]);
    expect(r.elected).toEqual(["a"]);
  });

  it("a candidate nobody voted for is not elected, even with seats left", () => {
    const r = countElection(rule({ seats: 3, round: 2 }), { candidates: cands("a", "b"), colleges: [college("C1", "1", 2, { a: 1 })] });
    expect(r.elected).toEqual(["a"]);
    expect(r.seatsLeft).toBe(2);
    expect(r.candidates[1]).toMatchObject({ id: "b", requirementMet: false, elected: false });
  });

  it("no ballot at all: no share, nobody elected", () => {
    const r = countElection(rule(), { candidates: cands("a"), colleges: [college("C1", "1", 0, {})] });
    expect(r.candidates[0]).toMatchObject({ share: null, percent: null, elected: false });
    expect(r.seatsLeft).toBe(2);
  });

  it.each([
    ["more approvals than seats × ballots", [college("C1", "1", 2, { a: 2, b: 2, c: 1 })], /exceed seats × ballots/],
    ["more approvals of one candidate than ballots not blank", [college("C1", "1", 2, { a: 2 }, 1)], /exceed the ballots/],
    ["an unknown candidate", [college("C1", "1", 2, { zed: 1 })], /zed is not a candidate/],
    ["a college twice", [college("C1", "1", 1, {}), college("C1", "1", 1, {})], /appears twice/],
  ])("refuses %s", (_, colleges, message) => {
    expect(() => countElection(rule(), { candidates: cands("a", "b", "c"), colleges })).toThrow(message);
  });

  it.each([
    ["no seat", { seats: 0 }, /seats must be/],
    ["more reserved seats than seats", { seats: 1, seatsPerCollege: [{ college: "C1", seats: 2 }] }, /exceed the seats/],
    ["approval in two rounds", { method: "approval", round: 2 }, /one round/],
  ] as const)("refuses a rule with %s", (_, over, message) => {
    expect(() => countElection(rule(over as Partial<ElectionRule>), { candidates: cands("a"), colleges: [] })).toThrow(message);
  });
});

describe("reserved seats", () => {
  const candidates: ElectionCandidate[] = [
    { id: "a", college: "U" },
    { id: "b", college: "U" },
    { id: "s1", college: "S" },
    { id: "s2", college: "S" },
  ];
  const counts = { a: 5, b: 4, s1: 2, s2: 1 };

  it("are filled first by the college's best candidates, the rest by rank", () => {
    const r = countElection(rule({ weighting: "headcount", seats: 2, seatsPerCollege: [{ college: "S", seats: 1 }] }), {
      candidates,
      colleges: [],
      unassigned: { ballots: n(6), marks: Object.entries(counts).map(([c, f]) => ({ candidate: c, for: n(f) })) },
    });
    expect(r.elected).toEqual(["a", "s1"]);
    expect(r.candidates.filter((c) => c.reservedSeat).map((c) => c.id)).toEqual(["s1"]);
  });

  it("stay unfilled without a candidate of the college who may be elected, with a warning", () => {
    const r = countElection(
      rule({
        weighting: "headcount",
        seats: 3,
        seatsPerCollege: [
          { college: "S", seats: 1 },
          { college: "T", seats: 1 },
        ],
      }),
      {
        candidates,
        colleges: [],
        unassigned: {
          ballots: n(6),
          marks: [
            { candidate: "a", for: n(5) },
            { candidate: "s1", for: n(2) },
          ],
        },
      }
    );
    expect(r.elected).toEqual(["a", "s1"]);
    expect(r.reservedLeft).toEqual([{ college: "T", seats: 1 }]);
    expect(r.seatsLeft).toBe(1);
    expect(r.warnings).toEqual(["college T: 1 reserved seat(s) left unfilled"]);
  });

  it("in round 1 with an absolute majority, a reserved seat nobody won goes to the second round", () => {
    const r = countElection(rule({ weighting: "headcount", seats: 2, absoluteMajority: true, seatsPerCollege: [{ college: "S", seats: 1 }] }), {
      candidates,
      colleges: [],
      unassigned: { ballots: n(6), marks: Object.entries(counts).map(([c, f]) => ({ candidate: c, for: n(f) })) },
    });
    // a 5/6 elected on the open seat; s1 has 2/6, not more than half.
    expect(r.elected).toEqual(["a"]);
    expect(r.reservedLeft).toEqual([{ college: "S", seats: 1 }]);
    expect(r.secondRound).toBe(true);
  });
});

describe("approval", () => {
  it("each candidate's result is combine()'s for a resolution with the same totals", () => {
    const r0 = rule({ method: "approval", seats: 2, base: "present", threshold: q("2/3"), strict: false });
    const colleges = [college("C1", "1/2", 6, { x: [4, 1, 1], y: [2, 2] }), college("C2", "1/2", 3, { x: [2, 0, 1], y: [3, 0] })];
    const r = countElection(r0, { candidates: cands("x", "y"), colleges });
    for (const c of r.candidates) {
      const m = (i: number) => colleges[i]!.marks.find((x) => x.candidate === c.id)!;
      const t = combine(approvalTallyRule(r0), {
        colleges: colleges.map((col, i) => ({
          id: col.id,
          weight: col.weight,
          for: m(i).for,
          against: m(i).against!,
          abstain: m(i).abstain ?? col.ballots.sub(m(i).for).sub(m(i).against!),
        })),
      });
      expect([c.for, c.against, c.base, c.share, c.percent, c.requirementMet]).toEqual([t.for, t.against, t.base, t.share, t.percent, t.adopted]);
    }
    // x: 1/2·4/6 + 1/2·2/3 = 2/3 exactly, "at least two thirds": elected; y: 1/2·2/6 + 1/2·1 = 2/3 too.
    expect(r.elected).toEqual(["x", "y"]);
  });

  it("ranks by share, the threshold deciding who may be elected", () => {
    const r = countElection(rule({ method: "approval", seats: 2, weighting: "headcount", threshold: q("13/20"), strict: false }), {
      candidates: cands("x", "y", "z", "w"),
      colleges: [college("C1", "1", 10, { x: [6, 4], y: [7, 3], z: [2, 8], w: [5, 0] })],
    });
    // w: 5 for, 0 against (5 abstain): 100 % of the votes cast; y 70 %; x 60 % < 65 %; z 20 %.
    expect(r.candidates.map((c) => [c.id, c.rank, c.requirementMet, c.elected])).toEqual([
      ["w", 1, true, true],
      ["y", 2, true, true],
      ["x", 3, false, false],
      ["z", 4, false, false],
    ]);
  });

  it("a tie for against and for never elects, as a resolution never adopts", () => {
    const r = countElection(rule({ method: "approval", seats: 1, weighting: "headcount", threshold: q("1/2"), strict: false }), {
      candidates: cands("x"),
      colleges: [college("C1", "1", 4, { x: [2, 2] })],
    });
    expect(r.elected).toEqual([]);
  });
});

describe("ties", () => {
  const tied = (over: Partial<ElectionRule>, candidates: ElectionCandidate[], seed?: string) =>
    countElection(rule({ weighting: "headcount", seats: 1, round: 2, ...over }), {
      candidates,
      colleges: [],
      unassigned: { ballots: n(4), marks: candidates.map((c) => ({ candidate: c.id, for: n(2) })) },
      ...(seed !== undefined ? { seed } : {}),
    });

  it("by age: the elder wins", () => {
    const r = tied({ tieBreak: "age" }, [
      { id: "p", bornOn: "1990-01-02" },
      { id: "q", bornOn: "1990-01-01" },
    ]);
    expect(r.elected).toEqual(["q"]);
    expect(r.tieBreaks).toEqual([{ seats: 1, candidates: ["p", "q"], by: ["age"], order: ["q", "p"] }]);
  });

  it("by seniority: the earlier member wins", () => {
    const r = tied({ tieBreak: "seniority" }, [
      { id: "p", memberSince: "2010-05-01" },
      { id: "q", memberSince: "2012-01-01" },
    ]);
    expect(r.elected).toEqual(["p"]);
  });

  it("an unknown date falls back to the lot, with the seed reported", () => {
    const r = tied({ tieBreak: "age" }, [{ id: "p", bornOn: "1990-01-02" }, { id: "q" }], "seed-1");
    const expected = drawByLot("seed-1", ["p", "q"]);
    expect(r.elected).toEqual([expected[0]!.candidate]);
    expect(r.tieBreaks[0]).toMatchObject({ by: ["age", "lot"], seed: "seed-1", order: expected.map((d) => d.candidate), draws: expected });
  });

  it("the same day falls back to the lot among those born that day only", () => {
    const t = breakTie(
      [
        { id: "a", bornOn: "1980-01-01" },
        { id: "b", bornOn: "1970-01-01" },
        { id: "c", bornOn: "1980-01-01" },
      ],
      "age",
      "s"
    );
    expect(t.by).toEqual(["age", "lot"]);
    expect(t.order[0]).toBe("b");
    expect(t.order.slice(1)).toEqual(drawByLot("s", ["a", "c"]).map((d) => d.candidate));
  });

  it("a draw without a seed is refused", () => {
    expect(() => tied({ tieBreak: "lot" }, cands("p", "q"))).toThrow(/needs a seed/);
  });

  it("a tie no seat depends on needs no tie-break (and no seed)", () => {
    const r = tied({ tieBreak: "lot", seats: 2 }, cands("p", "q"));
    expect(r.elected).toEqual(["p", "q"]);
    expect(r.tieBreaks).toEqual([]);
  });

  it("the draw's hash is SHA-256 of the JSON text [seed, id] (as `sha256sum` gives it)", () => {
    // printf '["AG-2025-06-14","v"]' | sha256sum
    expect(lotHash("AG-2025-06-14", "v")).toBe("09640df6de8adcc99c7dd68ed6d1702676081e4b3d269376748790cc996f411f");
  });

  it.each([
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["1999-13-01", false],
    ["1999-1-01", false],
  ])("isDay(%s) is %s", (text, ok) => expect(isDay(text)).toBe(ok));
});

describe("electionResultToJson", () => {
  it("writes exact fractions and the members in the documented order", () => {
    const r = countElection(rule({ seats: 1 }), { candidates: cands("a"), colleges: [college("C1", "1", 3, { a: 2 })] });
    const json = electionResultToJson(r);
    expect(Object.keys(json)).toEqual([
      "method",
      "weighting",
      "round",
      "seats",
      "elected",
      "seatsLeft",
      "reservedLeft",
      "secondRound",
      "colleges",
      "candidates",
      "tieBreaks",
      "warnings",
    ]);
    expect(json.candidates).toEqual([
      {
        id: "a",
        rank: 1,
        elected: true,
        reservedSeat: false,
        requirementMet: true,
        for: "2/3",
        base: "1",
        share: "2/3",
        percent: "66.67",
        colleges: [{ id: "C1", for: "2", effectiveWeight: "1", counted: true }],
      },
    ]);
  });
});
