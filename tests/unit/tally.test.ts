import { describe, expect, it } from "vitest";
import { classifyProxies, proxyCap } from "~/domain/proxies";
import { Rational } from "~/domain/rational";
import {
  combine,
  defaultStrict,
  DEFAULT_RULE,
  quorumRequired,
  resultToJson,
  type CollegeTotals,
  type EmptyCollegeRule,
  type Method,
  type TallyResult,
  type TallyRule,
} from "~/domain/tally";
import { tallyFile, type TallyFile, type TallyFileBallot } from "~/domain/tally-file";
import { parseTallyFile } from "~/schemas/tally-file";

/** "3/10", "2", "1.5" as an exact fraction; a typo in a test fails loudly. */
const q = (text: string): Rational => {
  const r = Rational.parse(text);
  if (r === null) throw new Error(`test input ${text} does not parse`);
  return r;
};
const n = (x: number): Rational => Rational.of(x);

type Votes = readonly [number, number, number?] | null;

/** Colleges with their weights and [for, against, abstain] headcounts (null: nobody voted). */
function colleges(weights: readonly string[], votes: readonly Votes[]): CollegeTotals[] {
  return weights.map((w, i) => {
    const v = votes[i] ?? [0, 0, 0];
    return { id: `C${i + 1}`, weight: q(w), for: n(v[0]), against: n(v[1]), abstain: n(v[2] ?? 0) };
  });
}

const ALPHA = ["3/10", "3/10", "1/5", "1/5"] as const;
const PARITY = ["1/3", "1/3", "1/3"] as const;

const rule = (over: Partial<TallyRule> = {}): TallyRule => ({ ...DEFAULT_RULE, ...over });
const twoThirds = { threshold: q("2/3"), strict: false } as const;

/** The figures a test compares, as the exact strings of the JSON output. */
function figures(r: TallyResult) {
  return {
    adopted: r.adopted,
    reason: r.reason,
    for: r.for.toString(),
    against: r.against.toString(),
    base: r.base.toString(),
    share: r.share?.toString() ?? null,
    percent: r.percent,
  };
}

function alpha(method: Method, votes: readonly Votes[], over: Partial<TallyRule> = {}) {
  return combine(rule({ method, ...over }), { colleges: colleges(ALPHA, votes) });
}

describe("WE-04: colleges change the outcome", () => {
  const votes: Votes[] = [
    [6, 4],
    [3, 1],
    [1, 2],
    [5, 20],
  ];
  it.each([
    ["proportional", { adopted: true, for: "307/600", against: "293/600", base: "1", share: "307/600", percent: "51.17" }],
    ["college-bloc", { adopted: true, for: "3/5", against: "2/5", base: "1", share: "3/5", percent: "60.00" }],
    ["headcount", { adopted: false, for: "15", against: "27", base: "42", share: "5/14", percent: "35.71" }],
  ] as const)("%s", (method, want) => {
    const r = alpha(method, votes);
    expect(figures(r)).toEqual({ ...want, reason: want.adopted ? "threshold-met" : "threshold-not-met" });
    expect(r.warnings).toEqual([]);
    expect(r.headcountFallback).toBe(false);
  });

  it("headcount still reports every college, none of them counted", () => {
    const r = alpha("headcount", votes);
    expect(r.colleges.map((c) => [c.id, c.for.toString(), c.against.toString(), c.effectiveWeight.toString(), c.counted])).toEqual([
      ["C1", "6", "4", "0", false],
      ["C2", "3", "1", "0", false],
      ["C3", "1", "2", "0", false],
      ["C4", "5", "20", "0", false],
    ]);
  });
});

describe("WE-05: an empty college (C3)", () => {
  const votes: Votes[] = [[7, 3], [2, 8], null, [9, 1]];
  it.each([
    ["proportional", "neutralise", { adopted: true, for: "9/20", against: "7/20", base: "4/5", share: "9/16", percent: "56.25" }],
    ["proportional", "equal-share", { adopted: true, for: "57/100", against: "43/100", base: "1", share: "57/100", percent: "57.00" }],
    ["proportional", "count-against", { adopted: false, for: "9/20", against: "7/20", base: "1", share: "9/20", percent: "45.00" }],
    ["college-bloc", "neutralise", { adopted: true, for: "1/2", against: "3/10", base: "4/5", share: "5/8", percent: "62.50" }],
    ["college-bloc", "equal-share", { adopted: true, for: "19/30", against: "11/30", base: "1", share: "19/30", percent: "63.33" }],
    // 50 of 100 is not more than half.
    ["college-bloc", "count-against", { adopted: false, for: "1/2", against: "3/10", base: "1", share: "1/2", percent: "50.00" }],
  ] as const)("%s with %s", (method, emptyCollege, want) => {
    const r = alpha(method, votes, { emptyCollege });
    expect(figures(r)).toEqual({ ...want, reason: want.adopted ? "threshold-met" : "threshold-not-met" });
    expect(r.warnings).toEqual([]);
  });

  it.each([
    ["neutralise", "0", false, "3/10"],
    ["equal-share", "0", false, "11/30"],
    ["count-against", "1/5", true, "3/10"],
  ] as const)("%s: C3 has effective weight %s (counted %s), C1 %s", (emptyCollege, c3Weight, c3Counted, c1Weight) => {
    const r = alpha("proportional", votes, { emptyCollege });
    expect(r.colleges[2]).toMatchObject({ id: "C3", counted: c3Counted });
    expect(r.colleges[2]!.effectiveWeight.toString()).toBe(c3Weight);
    expect(r.colleges[0]!.effectiveWeight.toString()).toBe(c1Weight);
  });

  it("neutralising is the same as redistributing pro rata (weights ×100/80)", () => {
    const rescaled = combine(rule(), {
      colleges: colleges(
        ["3/8", "3/8", "1/4"],
        [
          [7, 3],
          [2, 8],
          [9, 1],
        ],
      ),
    });
    expect(rescaled.share!.toString()).toBe("9/16");
    expect(rescaled.share!.eq(alpha("proportional", votes).share!)).toBe(true);
  });

  it("through a tally file: C3 listed with no ballot", () => {
    const out = tallyFile(fileFromVotes("proportional", ALPHA, votes));
    expect(out).toMatchObject({ for: "9/20", against: "7/20", base: "4/5", share: "9/16", percent: "56.25", adopted: true });
  });
});

describe("WE-06: neutralisation pushes a college above one half", () => {
  const weights = ["1/2", "3/10", "1/5"];
  const votes: Votes[] = [[5, 0], [0, 6], null];

  it("adopts 5/8 with a warning naming C1", () => {
    const r = combine(rule(), { colleges: colleges(weights, votes) });
    expect(figures(r)).toMatchObject({ adopted: true, for: "1/2", against: "3/10", base: "4/5", share: "5/8", percent: "62.50" });
    expect(r.warnings).toEqual(["college C1 effective weight 5/8 exceeds 1/2"]);
    expect(r.headcountFallback).toBe(false);
  });

  it("falls back to headcount below 3 populated colleges: 5 for, 6 against, rejected, no warning", () => {
    const r = combine(rule({ headcountBelowColleges: 3 }), { colleges: colleges(weights, votes) });
    expect(figures(r)).toEqual({
      adopted: false,
      reason: "threshold-not-met",
      for: "5",
      against: "6",
      base: "11",
      share: "5/11",
      percent: "45.45",
    });
    expect(r.headcountFallback).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(r.colleges.every((c) => !c.counted)).toBe(true);
  });

  it("does not fall back when enough colleges are populated", () => {
    const r = combine(rule({ headcountBelowColleges: 2 }), { colleges: colleges(weights, votes) });
    expect(r.headcountFallback).toBe(false);
    expect(r.share!.toString()).toBe("5/8");
  });

  it("falls back under college-bloc too, and through a tally file", () => {
    const file = fileFromVotes("college-bloc", weights, votes);
    file.rule.headcountBelowColleges = 3;
    expect(tallyFile(file)).toMatchObject({ for: "5", against: "6", adopted: false, headcountFallback: true, warnings: [] });
  });

  it("warns under college-bloc when a neutralised tie leaves one college above half", () => {
    // WE-11 WTA: C2 tied and C3 silent leave C1 with 30 of 50.
    const r = alpha("college-bloc", [
      [6, 2, 0],
      [3, 3, 1],
      [0, 0, 5],
      [8, 4, 2],
    ]);
    expect(r.warnings).toEqual(["college C1 effective weight 3/5 exceeds 1/2"]);
  });

  it.each([
    [
      "a college of exactly one half, all voting",
      ["1/2", "3/10", "1/5"],
      [
        [5, 0],
        [0, 6],
        [1, 1],
      ],
    ],
    [
      "a college above half by its statutory weight (association 60/40)",
      ["3/5", "2/5"],
      [
        [5, 0],
        [0, 6],
      ],
    ],
    ["count-against keeps the silent weight in the base", ["1/2", "3/10", "1/5"], [[5, 0], [0, 6], null]],
  ] as const)("no warning for %s", (_, weights, votes) => {
    const emptyCollege: EmptyCollegeRule = _.startsWith("count-against") ? "count-against" : "neutralise";
    const r = combine(rule({ emptyCollege }), { colleges: colleges(weights, votes) });
    expect(r.warnings).toEqual([]);
  });
});

describe("WE-07: ties never adopt", () => {
  it.each([
    ["college-bloc", { adopted: false, for: "1/2", against: "1/2", base: "1", share: "1/2", percent: "50.00" }],
    ["proportional", { adopted: false, for: "281/600", against: "319/600", base: "1", share: "281/600", percent: "46.83" }],
    ["headcount", { adopted: false, for: "19", against: "23", base: "42", share: "19/42", percent: "45.24" }],
  ] as const)("(a) Alpha, %s", (method, want) => {
    const r = alpha(method, [
      [6, 4],
      [1, 3],
      [2, 1],
      [10, 15],
    ]);
    expect(figures(r)).toEqual({ ...want, reason: "threshold-not-met" });
  });

  const parity: Votes[] = [
    [4, 1],
    [1, 2],
    [1, 1],
  ];
  it.each([
    ["college-bloc", { adopted: false, for: "1/3", against: "1/3", base: "2/3", share: "1/2", percent: "50.00" }],
    ["proportional", { adopted: true, for: "49/90", against: "41/90", base: "1", share: "49/90", percent: "54.44" }],
    ["headcount", { adopted: true, for: "6", against: "4", base: "10", share: "3/5", percent: "60.00" }],
  ] as const)("(b) parity preset, %s", (method, want) => {
    const r = combine(rule({ method }), { colleges: colleges(PARITY, parity) });
    expect(figures(r)).toEqual({ ...want, reason: want.adopted ? "threshold-met" : "threshold-not-met" });
  });

  it("(b) the tied college is neutralised under college-bloc whatever emptyCollege says", () => {
    for (const emptyCollege of ["neutralise", "equal-share", "count-against"] as const) {
      const r = combine(rule({ method: "college-bloc", emptyCollege }), { colleges: colleges(PARITY, parity) });
      expect(r.colleges[2]).toMatchObject({ counted: false });
      expect(r.colleges[2]!.effectiveWeight.isZero()).toBe(true);
      expect(r.adopted).toBe(false);
    }
  });

  it("a tie exactly at a non-strict one half does not adopt either", () => {
    const r = combine(rule({ method: "headcount", strict: false }), {
      colleges: [],
      unassigned: { for: n(5), against: n(5), abstain: n(0) },
    });
    expect(r.share!.toString()).toBe("1/2");
    expect(r.adopted).toBe(false);
    expect(r.reason).toBe("threshold-not-met");
  });
});

describe("WE-08: exactly two thirds", () => {
  it.each([
    [
      "proportional",
      [
        [2, 1],
        [4, 2],
        [2, 1],
        [6, 3],
      ],
      { adopted: true, for: "2/3", against: "1/3", base: "1", share: "2/3", percent: "66.67" },
    ],
    [
      "proportional",
      [
        [2, 1],
        [4, 2],
        [2, 1],
        [6, 4],
      ],
      { adopted: false, for: "49/75", against: "26/75", base: "1", share: "49/75", percent: "65.33" },
    ],
    [
      "headcount",
      [
        [2, 1],
        [4, 2],
        [2, 1],
        [6, 3],
      ],
      { adopted: true, for: "14", against: "7", base: "21", share: "2/3", percent: "66.67" },
    ],
    [
      "headcount",
      [
        [2, 1],
        [4, 2],
        [2, 1],
        [6, 4],
      ],
      { adopted: false, for: "14", against: "8", base: "22", share: "7/11", percent: "63.64" },
    ],
  ] as const)("%s %j at 2/3, at least", (method, votes, want) => {
    const r = alpha(method, votes, twoThirds);
    expect(figures(r)).toEqual({ ...want, reason: want.adopted ? "threshold-met" : "threshold-not-met" });
  });

  it("exactly 2/3 does not pass a strict 2/3", () => {
    expect(
      alpha(
        "proportional",
        [
          [2, 1],
          [4, 2],
          [2, 1],
          [6, 3],
        ],
        { threshold: q("2/3"), strict: true },
      ).adopted,
    ).toBe(false);
  });

  it('exactly 2/3 through a tally file whose threshold is "2/3" and strictness defaulted', () => {
    const parsed = parseTallyFile({
      rule: { method: "headcount", threshold: "2/3" },
      ballots: [
        { voter: "a", choice: "for" },
        { voter: "b", choice: "for" },
        { voter: "c", choice: "against" },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.file.rule.strict).toBe(false);
    expect(tallyFile(parsed.file)).toMatchObject({ adopted: true, share: "2/3", percent: "66.67" });
  });
});

describe("WE-09 and WE-10: abstentions under the two bases", () => {
  const head = (f: number, a: number, ab: number) => ({ colleges: [], unassigned: { for: n(f), against: n(a), abstain: n(ab) } });
  it.each([
    ["WE-09", "cast", [20, 10, 1], twoThirds, { adopted: true, for: "20", against: "10", base: "30", share: "2/3", percent: "66.67" }],
    [
      "WE-09",
      "present",
      [20, 10, 1],
      twoThirds,
      { adopted: false, for: "20", against: "10", base: "31", share: "20/31", percent: "64.52" },
    ],
    ["WE-10", "cast", [18, 15, 7], {}, { adopted: true, for: "18", against: "15", base: "33", share: "6/11", percent: "54.55" }],
    ["WE-10", "present", [18, 15, 7], {}, { adopted: false, for: "18", against: "15", base: "40", share: "9/20", percent: "45.00" }],
  ] as const)("%s, base %s", (_, base, [f, a, ab], over, want) => {
    const r = combine(rule({ method: "headcount", base, ...over }), head(f, a, ab));
    expect(figures(r)).toEqual({ ...want, reason: want.adopted ? "threshold-met" : "threshold-not-met" });
  });

  it.each([
    ["cast", "6/11", true],
    ["present", "9/20", false],
  ] as const)("WE-10 through a tally file, base %s", (base, share, adopted) => {
    const ballots = [...Array(40).keys()].map((i) => ({ voter: `m${i + 1}`, choice: i < 18 ? "for" : i < 33 ? "against" : "abstain" }));
    const parsed = parseTallyFile({ rule: { method: "headcount", base }, colleges: [], ballots });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(tallyFile(parsed.file)).toMatchObject({ share, adopted });
  });
});

describe("WE-11: a college where everyone abstains", () => {
  const votes: Votes[] = [
    [6, 2, 0],
    [3, 3, 1],
    [0, 0, 5],
    [8, 4, 2],
  ];
  it("P-EXP: 61/96 adopted at one half", () => {
    const r = alpha("proportional", votes);
    expect(figures(r)).toEqual({
      adopted: true,
      reason: "threshold-met",
      for: "61/120",
      against: "7/24",
      base: "4/5",
      share: "61/96",
      percent: "63.54",
    });
    expect(r.colleges[2]).toMatchObject({ id: "C3", counted: false });
  });

  it("P-EXP: rejected at two thirds", () => {
    expect(figures(alpha("proportional", votes, twoThirds))).toMatchObject({ adopted: false, share: "61/96" });
  });

  it("P-PRES: 131/280 rejected", () => {
    const r = alpha("proportional", votes, { base: "present" });
    expect(figures(r)).toEqual({
      adopted: false,
      reason: "threshold-not-met",
      for: "131/280",
      against: "73/280",
      base: "1",
      share: "131/280",
      percent: "46.79",
    });
    // Abstentions are in the base: for + against falls short of it.
    expect(r.for.add(r.against).lt(r.base)).toBe(true);
  });

  it.each([
    ["one half", {}],
    ["two thirds", twoThirds],
  ] as const)("WTA: 50 vs 0 adopted at %s", (_, over) => {
    const r = alpha("college-bloc", votes, over);
    expect(figures(r)).toEqual({
      adopted: true,
      reason: "threshold-met",
      for: "1/2",
      against: "0",
      base: "1/2",
      share: "1",
      percent: "100.00",
    });
    expect(r.colleges.map((c) => c.counted)).toEqual([true, false, false, true]);
  });

  it("WTA under present: abstentions weigh like against, 50 vs 50 rejected", () => {
    const r = alpha("college-bloc", votes, { base: "present" });
    expect(figures(r)).toMatchObject({ adopted: false, for: "1/2", against: "1/2", base: "1" });
  });
});

describe("WE-12: proportional and winner-takes-the-college diverge", () => {
  it.each([
    [
      "(a)",
      "proportional",
      [
        [10, 0],
        [4, 6],
        [4, 6],
        [10, 0],
      ],
      true,
      "7/10",
    ],
    [
      "(a)",
      "college-bloc",
      [
        [10, 0],
        [4, 6],
        [4, 6],
        [10, 0],
      ],
      false,
      "1/2",
    ],
    [
      "(a)",
      "headcount",
      [
        [10, 0],
        [4, 6],
        [4, 6],
        [10, 0],
      ],
      true,
      "7/10",
    ],
    [
      "(b)",
      "proportional",
      [
        [6, 4],
        [6, 4],
        [0, 10],
        [0, 10],
      ],
      false,
      "9/25",
    ],
    [
      "(b)",
      "college-bloc",
      [
        [6, 4],
        [6, 4],
        [0, 10],
        [0, 10],
      ],
      true,
      "3/5",
    ],
    [
      "(b)",
      "headcount",
      [
        [6, 4],
        [6, 4],
        [0, 10],
        [0, 10],
      ],
      false,
      "3/10",
    ],
  ] as const)("%s %s", (_, method, votes, adopted, share) => {
    const r = alpha(method, votes);
    expect(r.adopted).toBe(adopted);
    expect(r.share!.toString()).toBe(share);
  });

  it("(a) college-bloc: 50 vs 50", () => {
    expect(
      figures(
        alpha("college-bloc", [
          [10, 0],
          [4, 6],
          [4, 6],
          [10, 0],
        ]),
      ),
    ).toMatchObject({ for: "1/2", against: "1/2" });
  });
});

describe("WE-13: quorum", () => {
  it.each([
    [1, 5, 120, "24"],
    [1, 5, 121, "121/5"],
    [1, 4, 120, "30"],
    [1, 2, 30, "15"],
  ])("quorumRequired(%i/%i, %i) = %s", (a, b, members, want) => {
    expect(quorumRequired(Rational.of(a, b), n(members)).toString()).toBe(want);
  });

  /** 120 members; 15 present, 2 postal, 6 represented by present members: 23 in all. */
  function agm(extraPresent: number, quorum: string | null): TallyFile {
    const electorate = [...Array(120).keys()].map((i) => ({ voter: `m${i + 1}`, weight: Rational.ONE }));
    const present = [...Array(15 + extraPresent).keys()].map((i) => `m${i + 1}`);
    const postal = ["m101", "m102"];
    const proxies = [...Array(6).keys()].map((i) => ({ principal: `m${111 + i}`, holder: `m${i + 1}` }));
    // 12 for, 9 against, 2 abstentions among present, postal and represented.
    const voters = [...present.slice(0, 15), ...postal, ...proxies.map((p) => p.principal)];
    const ballots: TallyFileBallot[] = voters.map((voter, i) => ({
      voter,
      choice: i < 12 ? "for" : i < 21 ? "against" : "abstain",
      castBy: proxies.find((p) => p.principal === voter)?.holder ?? voter,
    }));
    return {
      rule: {
        ...rule({ method: "headcount" }),
        ...(quorum ? { quorum: { fraction: q(quorum), basis: "headcount" as const } } : {}),
      },
      colleges: [],
      electorate,
      participants: [...present, ...postal],
      proxies,
      ballots,
    };
  }

  it("23 of 120 at 1/5: not reached (24 required), the figures still computed", () => {
    expect(tallyFile(agm(0, "1/5"))).toMatchObject({
      adopted: false,
      reason: "quorum-not-reached",
      quorum: { required: "24", present: "23", reached: false },
      for: "12",
      against: "9",
      share: "4/7",
    });
  });

  it("24 of 120 at 1/5: reached (at least), 12 vs 9 adopted", () => {
    expect(tallyFile(agm(1, "1/5"))).toMatchObject({
      adopted: true,
      reason: "threshold-met",
      quorum: { required: "24", present: "24", reached: true },
    });
  });

  it("second call, no quorum: 12/21 = 4/7 adopted and no quorum key", () => {
    const out = tallyFile(agm(0, null));
    expect(out).toMatchObject({ adopted: true, share: "4/7", base: "21" });
    expect(out).not.toHaveProperty("quorum");
  });

  it("AGE, 1/4 then 1/5: 23 is short of 30 and of 24", () => {
    expect(tallyFile(agm(0, "1/4"))).toMatchObject({ quorum: { required: "30", present: "23", reached: false } });
  });

  it("combine: quorum figures exactly at the requirement are reached; below, nothing is decided", () => {
    const votes = { colleges: [], unassigned: { for: n(12), against: n(9), abstain: n(2) } };
    const r = rule({ method: "headcount", quorum: { fraction: q("1/5"), basis: "headcount" } });
    expect(combine(r, { ...votes, quorum: { required: n(24), present: n(24) } })).toMatchObject({
      adopted: true,
      quorum: { reached: true },
    });
    expect(combine(r, { ...votes, quorum: { required: n(24), present: n(23) } })).toMatchObject({
      adopted: false,
      reason: "quorum-not-reached",
    });
  });

  it("quorum-not-reached comes before no-votes", () => {
    const r = rule({ quorum: { fraction: q("1/5"), basis: "headcount" } });
    expect(combine(r, { colleges: [], quorum: { required: n(24), present: n(0) } }).reason).toBe("quorum-not-reached");
    expect(combine(r, { colleges: [], quorum: { required: n(24), present: n(24) } }).reason).toBe("no-votes");
  });

  it("a rule with a quorum needs its figures", () => {
    expect(() => combine(rule({ quorum: { fraction: q("1/5"), basis: "headcount" } }), { colleges: [] })).toThrow(/quorum/);
  });

  it("by weight: members' own weights", () => {
    const file: TallyFile = {
      rule: { ...rule({ method: "headcount" }), quorum: { fraction: q("1/2"), basis: "weight" } },
      colleges: [],
      electorate: [
        { voter: "a", weight: q("3") },
        { voter: "b", weight: q("1") },
        { voter: "c", weight: q("1") },
      ],
      proxies: [],
      ballots: [{ voter: "a", choice: "for", castBy: "a" }],
    };
    expect(tallyFile(file)).toMatchObject({ quorum: { required: "5/2", present: "3", reached: true }, for: "3", adopted: true });
  });

  it("without participants, voters and holders who cast a ballot participate, with those they represent", () => {
    const file = agm(0, "1/5");
    delete file.participants;
    // 15 present + 2 postal + 6 represented, all voting: 23.
    expect(tallyFile(file)).toMatchObject({ quorum: { present: "23", reached: false } });
  });
});

describe("WE-14: proxies", () => {
  it.each([
    ["cooperative", 19, 1],
    ["cooperative", 20, 1],
    ["cooperative", 45, 2],
    ["cooperative", 60, 3],
    ["cooperative", 0, 1],
    ["cooperative", 39, 1],
    ["cooperative", 40, 2],
    [2, 30, 2],
    [0, 30, 0],
  ] as const)("(c) proxyCap(%j, %i) = %i", (cap, members, want) => {
    expect(proxyCap(cap, members)).toBe(want);
  });

  it.each([-1, 1.5, Number.NaN])("refuses a cap of %d", (cap) => {
    expect(() => proxyCap(cap, 30)).toThrow(RangeError);
  });

  const proxiesA3B2C1 = [
    { principal: "p1", holder: "A" },
    { principal: "p2", holder: "B" },
    { principal: "p3", holder: "A" },
    { principal: "p4", holder: "C" },
    { principal: "p5", holder: "A" },
    { principal: "p6", holder: "B" },
  ];

  it("(a) cap 2, holders with 3/2/1 proxies: 5 valid, A's third is void", () => {
    const { valid, void: voided } = classifyProxies(proxiesA3B2C1, 2);
    expect(valid.map((p) => p.principal)).toEqual(["p1", "p2", "p3", "p4", "p6"]);
    expect(voided.map((p) => p.principal)).toEqual(["p5"]);
  });

  it("no cap: every proxy is valid", () => {
    expect(classifyProxies(proxiesA3B2C1, null).valid).toHaveLength(6);
  });

  /** Association of 30 members, quorum one half, at most 2 proxies per present member. */
  function association(present: string[], proxies: { principal: string; holder: string }[], ballots: TallyFileBallot[] = []): TallyFile {
    return {
      rule: { ...rule({ method: "headcount" }), quorum: { fraction: q("1/2"), basis: "headcount" }, proxy: { maxPerHolder: 2 } },
      colleges: [],
      electorate: [...Array(30).keys()].map((i) => ({ voter: `m${i + 1}`, weight: Rational.ONE })),
      participants: present,
      proxies,
      ballots,
    };
  }
  const members = (from: number, to: number) => [...Array(to - from + 1).keys()].map((i) => `m${from + i}`);

  it("(a) present 9, proxies A 3, B 2, C 1: 14 < 15, quorum not reached", () => {
    // m1 = A, m2 = B, m3 = C.
    const proxies = [
      { principal: "m20", holder: "m1" },
      { principal: "m21", holder: "m1" },
      { principal: "m22", holder: "m1" },
      { principal: "m23", holder: "m2" },
      { principal: "m24", holder: "m2" },
      { principal: "m25", holder: "m3" },
    ];
    const ballots: TallyFileBallot[] = [
      { voter: "m1", choice: "for", castBy: "m1" },
      { voter: "m22", choice: "for", castBy: "m1" },
    ];
    const out = tallyFile(association(members(1, 9), proxies, ballots));
    expect(out).toMatchObject({
      adopted: false,
      reason: "quorum-not-reached",
      quorum: { required: "15", present: "14", reached: false },
      rejectedBallots: [{ voter: "m22", reason: "proxy-over-cap" }],
      for: "1",
    });
    // Ignoring the cap would wrongly give 15.
    const uncapped = association(members(1, 9), proxies, ballots);
    delete uncapped.rule.proxy;
    expect(tallyFile(uncapped)).toMatchObject({ quorum: { present: "15", reached: true } });
  });

  describe("(b) present 10, 8 valid proxies: 18 ≥ 15; 9 for, 6 against, 3 abstentions", () => {
    const proxies = members(11, 18).map((principal, i) => ({ principal, holder: `m${1 + Math.floor(i / 2)}` }));
    const choices = [...Array(18).keys()].map((i) => (i < 9 ? "for" : i < 15 ? "against" : "abstain") as TallyFileBallot["choice"]);
    const ballots: TallyFileBallot[] = members(1, 18).map((voter, i) => ({
      voter,
      choice: choices[i]!,
      castBy: proxies.find((p) => p.principal === voter)?.holder ?? voter,
    }));
    it.each([
      ["cast", true, "3/5"],
      ["present", false, "1/2"],
    ] as const)("base %s: adopted %s at %s", (base, adopted, share) => {
      const file = association(members(1, 10), proxies, ballots);
      file.rule.base = base;
      expect(tallyFile(file)).toMatchObject({
        adopted,
        share,
        reason: adopted ? "threshold-met" : "threshold-not-met",
        quorum: { required: "15", present: "18", reached: true },
        rejectedBallots: [],
      });
    });
  });

  it("(c) the cooperative cap uses the electorate's size", () => {
    // 45 members: 2 proxies each, the third given to m1 is void.
    const file: TallyFile = {
      rule: { ...rule({ method: "headcount" }), proxy: { maxPerHolder: "cooperative" } },
      colleges: [],
      electorate: members(1, 45).map((voter) => ({ voter, weight: Rational.ONE })),
      proxies: [
        { principal: "m2", holder: "m1" },
        { principal: "m3", holder: "m1" },
        { principal: "m4", holder: "m1" },
      ],
      ballots: ["m2", "m3", "m4"].map((voter) => ({ voter, choice: "for", castBy: "m1" })),
    };
    expect(tallyFile(file)).toMatchObject({ for: "2", rejectedBallots: [{ voter: "m4", reason: "proxy-over-cap" }] });
  });

  it("(d) a proxy's vote counts in the principal's college", () => {
    const parsed = parseTallyFile({
      colleges: ALPHA.map((weight, i) => ({ id: `C${i + 1}`, weight })),
      electorate: [
        { voter: "collectivite", college: "C3" },
        { voter: "salarie", college: "C4" },
      ],
      proxies: [{ principal: "collectivite", holder: "salarie" }],
      ballots: [
        { voter: "collectivite", college: "C3", choice: "for", castBy: "salarie" },
        { voter: "salarie", college: "C4", choice: "against" },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.error);
    const out = tallyFile(parsed.file) as { colleges: { id: string; for: string; against: string }[] };
    expect(out.colleges.find((c) => c.id === "C3")).toMatchObject({ for: "1", against: "0" });
    expect(out.colleges.find((c) => c.id === "C4")).toMatchObject({ for: "0", against: "1" });
    expect(out).toMatchObject({ for: "1/5", against: "1/5", adopted: false });
  });

  it("(d) a ballot counted in another college than its voter's is malformed", () => {
    const parsed = parseTallyFile({
      colleges: ALPHA.map((weight, i) => ({ id: `C${i + 1}`, weight })),
      electorate: [
        { voter: "collectivite", college: "C3" },
        { voter: "salarie", college: "C4" },
      ],
      proxies: [{ principal: "collectivite", holder: "salarie" }],
      ballots: [{ voter: "collectivite", college: "C4", choice: "for", castBy: "salarie" }],
    });
    expect(parsed).toEqual({ ok: false, error: expect.stringMatching(/^ballots\[0\]\.college: .*principal's college/) });
  });
});

describe("rejected ballots", () => {
  const file = (): TallyFile => ({
    rule: rule({ method: "headcount", proxy: { maxPerHolder: 1 } }),
    colleges: [],
    electorate: ["a", "b", "c", "d", "e"].map((voter) => ({ voter, weight: Rational.ONE })),
    proxies: [
      { principal: "b", holder: "a" },
      { principal: "c", holder: "a" },
      { principal: "d", holder: "outsider" },
    ],
    ballots: [
      { voter: "stranger", choice: "for", castBy: "stranger" },
      { voter: "a", choice: "for", castBy: "a" },
      { voter: "b", choice: "for", castBy: "a" },
      { voter: "c", choice: "for", castBy: "a" },
      { voter: "d", choice: "for", castBy: "outsider" },
      { voter: "e", choice: "against", castBy: "a" },
    ],
  });

  it("are listed in ballot order with their reason, and count nowhere", () => {
    expect(tallyFile(file())).toMatchObject({
      for: "2",
      against: "0",
      base: "2",
      rejectedBallots: [
        { voter: "stranger", reason: "not-eligible" },
        { voter: "c", reason: "proxy-over-cap" },
        // A holder outside the electorate holds no valid proxy.
        { voter: "d", reason: "no-proxy" },
        { voter: "e", reason: "no-proxy" },
      ],
    });
  });

  it("do not count for quorum", () => {
    const f = file();
    f.rule.quorum = { fraction: q("1/2"), basis: "headcount" };
    // a, and b whom a represents; not the stranger nor d.
    expect(tallyFile(f)).toMatchObject({ quorum: { required: "5/2", present: "2", reached: false } });
  });

  it("a ballot weight is its own, else the electorate's, else 1", () => {
    const out = tallyFile({
      rule: rule({ method: "headcount" }),
      colleges: [],
      electorate: [
        { voter: "a", weight: q("2") },
        { voter: "b", weight: q("5") },
      ],
      proxies: [],
      ballots: [
        { voter: "a", choice: "for", castBy: "a" },
        { voter: "b", choice: "against", weight: q("3/2"), castBy: "b" },
      ],
    });
    expect(out).toMatchObject({ for: "2", against: "3/2", base: "7/2" });
  });
});

describe("the engine's edges", () => {
  it("no ballot at all: no-votes, share and percent null", () => {
    const r = combine(rule(), { colleges: colleges(ALPHA, []) });
    expect(figures(r)).toEqual({ adopted: false, reason: "no-votes", for: "0", against: "0", base: "0", share: null, percent: null });
  });

  it("every college abstaining under cast with equal-share: no-votes", () => {
    const r = combine(rule({ emptyCollege: "equal-share" }), { colleges: colleges(PARITY, [[0, 0, 3], [0, 0, 1], null]) });
    expect(r.reason).toBe("no-votes");
  });

  it("count-against with every college silent: the base stays, nothing adopts", () => {
    const r = combine(rule({ emptyCollege: "count-against" }), { colleges: colleges(PARITY, []) });
    expect(figures(r)).toMatchObject({ adopted: false, reason: "threshold-not-met", base: "1", share: "0" });
  });

  it("unassigned ballots count only by headcount", () => {
    const input = { colleges: colleges(PARITY, [[1, 0]]), unassigned: { for: n(0), against: n(3), abstain: n(0) } };
    expect(combine(rule(), input).adopted).toBe(true);
    expect(combine(rule({ method: "headcount" }), input)).toMatchObject({ adopted: false });
  });

  it("refuses negative sums and duplicate colleges", () => {
    expect(() => combine(rule(), { colleges: [{ ...colleges(PARITY, [])[0]!, for: n(-1) }] })).toThrow(RangeError);
    expect(() => combine(rule(), { colleges: [...colleges(PARITY, []), ...colleges(PARITY, [])] })).toThrow(/twice/);
  });

  it.each([
    ["1/2", true],
    ["2/3", false],
    ["3/4", false],
    ["1", false],
  ])("defaultStrict(%s) is %s", (t, want) => {
    expect(defaultStrict(q(t))).toBe(want);
  });

  it("DEFAULT_RULE: proportional, cast, more than one half, neutralise", () => {
    expect(DEFAULT_RULE).toMatchObject({
      method: "proportional",
      base: "cast",
      strict: true,
      emptyCollege: "neutralise",
      headcountBelowColleges: 0,
    });
    expect(DEFAULT_RULE.threshold.toString()).toBe("1/2");
  });

  it("resultToJson: DESIGN §5 keys in order, fractions reduced", () => {
    const r = combine(rule({ quorum: { fraction: q("1/5"), basis: "headcount" } }), {
      colleges: colleges(
        ["1/2", "3/10", "1/5"],
        [
          [5, 0],
          [0, 6],
        ],
      ),
      quorum: { required: n(24), present: n(23) },
    });
    const json = resultToJson(r);
    expect(Object.keys(json)).toEqual([
      "adopted",
      "reason",
      "for",
      "against",
      "base",
      "share",
      "percent",
      "quorum",
      "colleges",
      "warnings",
      "headcountFallback",
    ]);
    expect(json).toEqual({
      adopted: false,
      reason: "quorum-not-reached",
      for: "1/2",
      against: "3/10",
      base: "4/5",
      share: "5/8",
      percent: "62.50",
      quorum: { required: "24", present: "23", reached: false },
      colleges: [
        { id: "C1", for: "5", against: "0", abstain: "0", weight: "1/2", effectiveWeight: "1/2", counted: true },
        { id: "C2", for: "0", against: "6", abstain: "0", weight: "3/10", effectiveWeight: "3/10", counted: true },
        { id: "C3", for: "0", against: "0", abstain: "0", weight: "1/5", effectiveWeight: "0", counted: false },
      ],
      warnings: ["college C1 effective weight 5/8 exceeds 1/2"],
      headcountFallback: false,
    });
  });

  it("tallyFile puts rejectedBallots after colleges", () => {
    const out = tallyFile(fileFromVotes("proportional", ALPHA, [[1, 0]]));
    expect(Object.keys(out)).toEqual([
      "adopted",
      "reason",
      "for",
      "against",
      "base",
      "share",
      "percent",
      "colleges",
      "rejectedBallots",
      "warnings",
      "headcountFallback",
    ]);
  });
});

describe("parseTallyFile", () => {
  const alphaColleges = ALPHA.map((weight, i) => ({ id: `C${i + 1}`, weight }));
  it.each([
    [
      "a choice",
      {
        colleges: alphaColleges,
        ballots: [
          { voter: "a", college: "C1", choice: "for" },
          { voter: "b", college: "C1", choice: "oui" },
        ],
      },
      /^ballots\[1\]\.choice: expected "for", "against" or "abstain", got "oui"$/,
    ],
    [
      "the same voter twice",
      {
        colleges: alphaColleges,
        ballots: [
          { voter: "a", college: "C1", choice: "for" },
          { voter: "a", college: "C2", choice: "for" },
        ],
      },
      /^ballots\[1\]\.voter: "a" already voted in ballots\[0\]$/,
    ],
    [
      "no college under proportional",
      { colleges: alphaColleges, ballots: [{ voter: "a", choice: "for" }] },
      /^ballots\[0\]\.college: is required/,
    ],
    [
      "an unknown college under college-bloc",
      { rule: { method: "college-bloc" }, colleges: alphaColleges, ballots: [{ voter: "a", college: "C9", choice: "for" }] },
      /^ballots\[0\]\.college: "C9" is not among/,
    ],
    [
      "a zero weight",
      { rule: { method: "headcount" }, ballots: [{ voter: "a", choice: "for", weight: "0" }] },
      /^ballots\[0\]\.weight: expected a positive decimal or fraction/,
    ],
    [
      "a word as a weight",
      { rule: { method: "headcount" }, ballots: [{ voter: "a", choice: "for", weight: "un" }] },
      /^ballots\[0\]\.weight: /,
    ],
    ["a threshold above 1", { rule: { threshold: "3/2" }, ballots: [] }, /^rule\.threshold: must be greater than 0 and at most 1/],
    ["a threshold of zero", { rule: { threshold: "0%" }, ballots: [] }, /^rule\.threshold: must be greater than 0/],
    [
      "a bare percentage as a college weight",
      { colleges: [{ id: "C1", weight: "30" }], ballots: [] },
      /^colleges\[0\]\.weight: .*write "30%" for a percentage/,
    ],
    [
      "duplicate college ids",
      { colleges: [alphaColleges[0], alphaColleges[0]], ballots: [] },
      /^colleges\[1\]\.id: college id "C1" is already used/,
    ],
    [
      "an unknown method",
      { rule: { method: "majority" }, ballots: [] },
      /^rule\.method: expected "proportional", "college-bloc" or "headcount", got "majority"$/,
    ],
    [
      "a quorum without electorate",
      { rule: { quorum: { fraction: "1/5" } }, ballots: [] },
      /^electorate: is required when rule\.quorum is given/,
    ],
    ["a negative proxy cap", { rule: { proxy: { maxPerHolder: -1 } }, ballots: [] }, /^rule\.proxy\.maxPerHolder: /],
    ["no ballots", { rule: {} }, /^ballots: is required$/],
    ["an array", [], /JSON object/],
  ] as const)("names the field for %s", (_, json, message) => {
    const parsed = parseTallyFile(json);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it("applies the defaults and ignores keys that begin with $", () => {
    const parsed = parseTallyFile({
      $comment: "top",
      rule: { $note: "rule" },
      colleges: [{ id: "C1", weight: "100%", $c: 1 }],
      ballots: [{ voter: "a", college: "C1", choice: "for", $why: "x" }],
    });
    if (!parsed.ok) throw new Error(parsed.error);
    const { rule: r, ballots, colleges: cs, proxies } = parsed.file;
    expect([r.method, r.base, r.threshold.toString(), r.strict, r.emptyCollege, r.headcountBelowColleges]).toEqual([
      "proportional",
      "cast",
      "1/2",
      true,
      "neutralise",
      0,
    ]);
    expect(r.quorum).toBeUndefined();
    expect(cs[0]!.weight.toString()).toBe("1");
    expect(ballots).toEqual([{ voter: "a", college: "C1", choice: "for", castBy: "a" }]);
    expect(proxies).toEqual([]);
  });

  it.each([
    ["66.67%", "6667/10000", false],
    ["2/3", "2/3", false],
    ["0.5", "1/2", true],
    ["50%", "1/2", true],
    ["3/4", "3/4", false],
  ])("reads the threshold %j as %s (strict by default: %s)", (threshold, want, strict) => {
    const parsed = parseTallyFile({ rule: { threshold }, ballots: [] });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.file.rule.threshold.toString()).toBe(want);
    expect(parsed.file.rule.strict).toBe(strict);
  });

  it("reads weights as decimals or fractions, quorum basis and cooperative caps", () => {
    const parsed = parseTallyFile({
      rule: {
        method: "headcount",
        strict: true,
        threshold: "2/3",
        quorum: { fraction: "20%", basis: "weight" },
        proxy: { maxPerHolder: "cooperative" },
      },
      electorate: [{ voter: "a", weight: "1.5" }, { voter: "b" }],
      ballots: [{ voter: "a", choice: "abstain", weight: "3/2", castBy: "b" }],
    });
    if (!parsed.ok) throw new Error(parsed.error);
    const f = parsed.file;
    expect(f.rule.strict).toBe(true);
    expect(f.rule.quorum?.fraction.toString()).toBe("1/5");
    expect(f.rule.quorum?.basis).toBe("weight");
    expect(f.rule.proxy).toEqual({ maxPerHolder: "cooperative" });
    expect(f.electorate!.map((e) => e.weight.toString())).toEqual(["3/2", "1"]);
    expect(f.ballots[0]!.weight!.toString()).toBe("3/2");
    expect(f.ballots[0]!.castBy).toBe("b");
  });
});

/** A tally file from headcounts per college: members m1, m2… each of weight 1. */
function fileFromVotes(method: Method, weights: readonly string[], votes: readonly Votes[]): TallyFile {
  const ballots: TallyFileBallot[] = [];
  weights.forEach((_, i) => {
    const [f, a, ab = 0] = votes[i] ?? [0, 0, 0];
    const add = (k: number, choice: TallyFileBallot["choice"]) => {
      for (let j = 0; j < k; j++) {
        const voter = `m${ballots.length + 1}`;
        ballots.push({ voter, college: `C${i + 1}`, choice, castBy: voter });
      }
    };
    add(f, "for");
    add(a, "against");
    add(ab, "abstain");
  });
  return {
    rule: rule({ method }),
    colleges: weights.map((w, i) => ({ id: `C${i + 1}`, weight: q(w) })),
    proxies: [],
    ballots,
  };
}
