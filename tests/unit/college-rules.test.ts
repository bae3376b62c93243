import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blocVote, moveAbstentions, secondRoundRule, SECOND_ROUND_BLOC, type CollegeOptions } from "~/domain/college-rules";
import { Rational } from "~/domain/rational";
import { toTallyRule, PRESETS, type VotingRule } from "~/domain/rules";
import { combine, DEFAULT_RULE, resultToJson, type Base, type CollegeTotals, type EmptyCollegeRule, type Method, type TallyRule } from "~/domain/tally";

const q = (text: string): Rational => {
  const r = Rational.parse(text);
  if (r === null) throw new Error(`test input ${text} does not parse`);
  return r;
};
const n = (x: number) => Rational.of(x);

/** Colleges with their weights and [for, against, abstain] headcounts, and optionally [eligible, present]. */
function colleges(weights: readonly string[], votes: readonly (readonly [number, number, number])[], turnout?: readonly (readonly [number, number])[]): CollegeTotals[] {
  return weights.map((w, i) => {
    const [f, a, ab] = votes[i] ?? [0, 0, 0];
    const t = turnout?.[i];
    return { id: `C${i + 1}`, weight: q(w), for: n(f), against: n(a), abstain: n(ab), ...(t ? { eligible: n(t[0]), present: n(t[1]) } : {}) };
  });
}

const rule = (over: Partial<TallyRule> = {}): TallyRule => ({ ...DEFAULT_RULE, ...over });
const QUARTERS = ["1/4", "1/4", "1/4", "1/4"] as const;
/** M Comme Médoc, art. 17 §1: abstention is consent, a college votes as a bloc above 60 %, else a second round; the AG decides at ¾. */
const MEDOC: TallyRule = rule({
  method: "college-bloc",
  threshold: q("3/4"),
  strict: false,
  college: { abstain: "for", bloc: { threshold: q("3/5"), strict: true, otherwise: "second-round" } },
});

describe("WE-01: abstention counted as for, a college votes as a bloc above 60 %", () => {
  it("10 for, 5 against, 5 abstain: 15/20 = 3/4 > 3/5, the college votes for with its whole weight", () => {
    const r = combine(MEDOC, { colleges: colleges(["1/4"], [[10, 5, 5]]) });
    expect(r.colleges[0]).toMatchObject({ id: "C1", counted: true, bloc: "for" });
    expect(r.colleges[0]!.effectiveWeight.toString()).toBe("1/4");
    // The college's figures are reported as voted.
    expect([r.colleges[0]!.for, r.colleges[0]!.against, r.colleges[0]!.abstain].map(String)).toEqual(["10", "5", "5"]);
    expect([r.for, r.against, r.base].map(String)).toEqual(["1/4", "0", "1/4"]);
    expect(r.adopted).toBe(true);
  });

  it("moves abstentions before the bloc threshold applies: left out, 10/15 = 2/3 also > 3/5", () => {
    const left = combine({ ...MEDOC, college: { ...MEDOC.college!, abstain: "left-out" } }, { colleges: colleges(["1/4"], [[10, 5, 5]]) });
    expect(left.colleges[0]!.bloc).toBe("for");
    // Counted as against: 10/20 = 1/2, neither side above 3/5.
    const against = combine({ ...MEDOC, college: { ...MEDOC.college!, abstain: "against" } }, { colleges: colleges(["1/4"], [[10, 5, 5]]) });
    expect(against.colleges[0]!.bloc).toBe("none");
    expect(against.reason).toBe("second-round");
  });
});

describe("WE-02: no side above 60 %: a second round", () => {
  it("6 for, 9 against, 5 abstain: 11/20 = 55 % and 9/20 = 45 %, second round, not adopted", () => {
    const r = combine(MEDOC, { colleges: colleges(QUARTERS, [[6, 9, 5], [10, 0, 0], [10, 0, 0], [10, 0, 0]]) });
    expect(r.colleges.map((c) => c.bloc)).toEqual(["none", "for", "for", "for"]);
    expect(r.reason).toBe("second-round");
    expect(r.adopted).toBe(false);
    // The undecided college is left out of the figures shown.
    expect(r.colleges[0]!.counted).toBe(false);
    expect(resultToJson(r).reason).toBe("second-round");
  });

  it("with otherwise = neutralise the college is left out and the others decide", () => {
    const neutralise = { ...MEDOC, college: { abstain: "for" as const, bloc: { threshold: q("3/5"), strict: true, otherwise: "neutralise" as const } } };
    const r = combine(neutralise, { colleges: colleges(QUARTERS, [[6, 9, 5], [10, 0, 0], [10, 0, 0], [0, 10, 0]]) });
    expect(r.colleges.map((c) => [c.bloc, c.counted])).toEqual([
      ["none", false],
      ["for", true],
      ["for", true],
      ["against", true],
    ]);
    expect([r.for, r.against, r.base, r.share].map(String)).toEqual(["1/2", "1/4", "3/4", "2/3"]);
    expect(r.reason).toBe("threshold-not-met");
  });

  it("round 2: inside each college more than one half, otherwise the college is neutralised", () => {
    const round2 = secondRoundRule(MEDOC);
    expect(round2.college).toEqual({ abstain: "for", bloc: SECOND_ROUND_BLOC });
    expect(round2.threshold.eq(q("3/4"))).toBe(true);
    const r = combine(round2, { colleges: colleges(QUARTERS, [[6, 9, 5], [10, 0, 0], [10, 0, 0], [10, 0, 0]]) });
    // 11/20 > 1/2: the college now votes for.
    expect(r.colleges[0]!.bloc).toBe("for");
    expect(r.adopted).toBe(true);
    // A tie in round 2 neutralises the college, no third round.
    const tie = combine(round2, { colleges: colleges(QUARTERS, [[5, 10, 5], [10, 0, 0], [10, 0, 0], [0, 10, 0]]) });
    expect(tie.colleges[0]).toMatchObject({ bloc: "none", counted: false });
    expect(tie.reason).toBe("threshold-not-met");
  });

  it("toTallyRule gives the second round's rule for round 2", () => {
    const stored: VotingRule = {
      ...PRESETS["scic-sa-ago"].rule,
      method: "college-bloc",
      collegeAbstain: "for",
      collegeBloc: q("3/5"),
      collegeBlocStrict: true,
      collegeBlocOtherwise: "second-round",
      collegeQuorum: q("1/4"),
    };
    expect(toTallyRule(stored).college).toEqual({ abstain: "for", bloc: { threshold: q("3/5"), strict: true, otherwise: "second-round" }, quorum: q("1/4") });
    expect(toTallyRule(stored, "first", 2).college).toEqual({ abstain: "for", bloc: SECOND_ROUND_BLOC, quorum: q("1/4") });
    expect(toTallyRule(PRESETS["scic-sa-ago"].rule).college).toBeUndefined();
  });
});

describe("WE-03: four colleges of 25 %, the AG decides at ¾ (at least)", () => {
  it.each([
    ["for, for, for, against: 3/4, adopted", [[10, 0, 0], [10, 0, 0], [10, 0, 0], [0, 10, 0]], true, "3/4"],
    ["for, for, against, against: 1/2, rejected", [[10, 0, 0], [10, 0, 0], [0, 10, 0], [0, 10, 0]], false, "1/2"],
  ] as const)("%s", (_, votes, adopted, share) => {
    const r = combine(MEDOC, { colleges: colleges(QUARTERS, votes) });
    expect(r.adopted).toBe(adopted);
    expect(r.share?.toString()).toBe(share);
    expect(r.reason).toBe(adopted ? "threshold-met" : "threshold-not-met");
  });
});

describe("a quorum per college", () => {
  const withQuorum = (method: Method, quorum = "1/2") => rule({ method, college: { abstain: "left-out", quorum: q(quorum) } });

  it.each(["proportional", "college-bloc"] as const)("%s: a college below its quorum is neutralised and reported so", (method) => {
    const cs = colleges(["1/2", "1/2"], [[1, 0, 0], [0, 3, 0]], [[4, 1], [4, 3]]);
    const r = combine(withQuorum(method), { colleges: cs });
    expect(r.colleges[0]).toMatchObject({ counted: false });
    expect(r.colleges[0]!.quorum).toEqual({ required: n(2), present: n(1), reached: false });
    expect(r.colleges[1]!.quorum).toEqual({ required: n(2), present: n(3), reached: true });
    expect(r.adopted).toBe(false);
    expect(r.for.isZero()).toBe(true);
    // Reached exactly ("at least"): counted.
    const exactly = combine(withQuorum(method), { colleges: colleges(["1/2", "1/2"], [[2, 0, 0], [0, 1, 0]], [[4, 2], [4, 2]]) });
    expect(exactly.colleges.every((c) => c.counted && c.quorum?.reached)).toBe(true);
  });

  it("is neutralised whatever emptyCollege says: nothing redistributed, nothing counted against", () => {
    for (const emptyCollege of ["neutralise", "equal-share", "count-against"] as const) {
      const r = combine({ ...withQuorum("proportional"), emptyCollege }, { colleges: colleges(["1/2", "1/4", "1/4"], [[1, 0, 0], [3, 1, 0], [1, 3, 0]], [[4, 1], [4, 4], [4, 4]]) });
      expect(r.colleges[0]!.effectiveWeight.isZero()).toBe(true);
      expect(r.base.toString()).toBe("1/2");
    }
  });

  it("needs the figures of each college", () => {
    expect(() => combine(withQuorum("proportional"), { colleges: colleges(["1"], [[1, 0, 0]]) })).toThrow(/eligible, present/);
  });

  it("is not applied when counting by headcount", () => {
    const r = combine(withQuorum("headcount"), { colleges: colleges(["1/2", "1/2"], [[1, 0, 0], [0, 3, 0]], [[4, 1], [4, 3]]) });
    expect(r.colleges.every((c) => c.quorum === undefined)).toBe(true);
    expect([r.for, r.against].map(String)).toEqual(["1", "3"]);
  });
});

describe("abstentions inside a college", () => {
  it.each([
    ["left-out", "cast", "3/5"],
    ["for", "cast", "4/5"],
    ["against", "cast", "3/10"],
    ["left-out", "present", "3/10"],
    ["for", "present", "4/5"],
    ["against", "present", "3/10"],
  ] as const)("%s under base %s: 3 for, 2 against, 5 abstain gives %s", (abstain, base, share) => {
    const r = combine(rule({ base, college: { abstain } }), { colleges: colleges(["1"], [[3, 2, 5]]) });
    expect(r.share?.toString()).toBe(share);
  });

  it("moveAbstentions leaves other figures alone", () => {
    const c = { for: n(1), against: n(2), abstain: n(3) };
    expect(moveAbstentions("left-out", c)).toBe(c);
    expect(moveAbstentions("against", c)).toEqual({ for: n(1), against: n(5), abstain: Rational.ZERO });
  });
});

describe("blocVote", () => {
  it.each([
    ["3/5", true, 15, 20, "for"],
    ["3/5", true, 12, 20, "none"],
    ["3/5", false, 12, 20, "for"],
    ["3/5", true, 5, 20, "against"],
    ["1/2", true, 10, 20, "none"],
    ["1/2", false, 10, 20, "none"],
  ] as const)("threshold %s strict %s: %d of %d -> %s", (t, strict, f, base, want) => {
    expect(blocVote({ threshold: q(t), strict, otherwise: "neutralise" }, n(f), n(base))).toBe(want);
  });
});

// ---- Properties ----

const small = fc.integer({ min: 0, max: 12 }).map((k) => Rational.of(k));
const collegeWeight = fc.integer({ min: 1, max: 60 }).map((k) => Rational.of(k, 100));
const threshold = fc.constantFrom("1/2", "3/5", "2/3", "3/4", "1").map((t) => Rational.parse(t)!);
const baseRule = fc
  .record({
    method: fc.constantFrom<Method>("proportional", "college-bloc", "headcount"),
    base: fc.constantFrom<Base>("cast", "present"),
    threshold,
    strict: fc.boolean(),
    emptyCollege: fc.constantFrom<EmptyCollegeRule>("neutralise", "equal-share", "count-against"),
    headcountBelowColleges: fc.integer({ min: 0, max: 4 }),
  })
  .map((r): TallyRule => r);
const totals = fc
  .array(
    fc.record({ weight: collegeWeight, for: small, against: small, abstain: small, eligible: fc.integer({ min: 0, max: 12 }), present: fc.integer({ min: 0, max: 12 }) }),
    { minLength: 0, maxLength: 6 },
  )
  .map((cs): CollegeTotals[] => cs.map((c, i) => ({ ...c, id: `C${i + 1}`, eligible: n(Math.max(c.eligible, c.present)), present: n(c.present) })));
const options = fc.record(
  {
    abstain: fc.constantFrom("left-out" as const, "for" as const, "against" as const),
    // A side with every vote of its college always beats these (1, strict, it could not).
    bloc: fc.record({ threshold: fc.constantFrom("1/2", "3/5", "2/3", "3/4").map((t) => Rational.parse(t)!), strict: fc.boolean(), otherwise: fc.constantFrom("neutralise" as const, "second-round" as const) }),
    quorum: fc.constantFrom("1/5", "1/2", "1").map((t) => Rational.parse(t)!),
  },
  { requiredKeys: ["abstain"] },
) as fc.Arbitrary<CollegeOptions>;

describe("college rules: properties", () => {
  it("abstentions left out, no bloc, no quorum per college: exactly the engine without college options", () => {
    fc.assert(
      fc.property(baseRule, totals, (r, cs) => {
        expect(resultToJson(combine({ ...r, college: { abstain: "left-out" } }, { colleges: cs }))).toEqual(resultToJson(combine(r, { colleges: cs })));
      }),
      { numRuns: 500 },
    );
  });

  it("permuting the colleges permutes their results and changes nothing else", () => {
    fc.assert(
      fc.property(
        baseRule,
        options,
        totals.chain((cs) => fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length, maxLength: cs.length }))),
        (r, college, [cs, shuffled]) => {
          const a = resultToJson(combine({ ...r, college }, { colleges: cs }));
          const b = resultToJson(combine({ ...r, college }, { colleges: shuffled }));
          const byId = (json: Record<string, unknown>) => [...(json.colleges as { id: string }[])].sort((x, y) => x.id.localeCompare(y.id));
          expect(byId(b)).toEqual(byId(a));
          expect({ ...b, colleges: null, warnings: [...(b.warnings as string[])].sort() }).toEqual({ ...a, colleges: null, warnings: [...(a.warnings as string[])].sort() });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("under abstain = for and base cast, adding a for ballot never turns adopted into rejected (bloc otherwise neutralise)", () => {
    fc.assert(
      fc.property(
        baseRule.map((r) => ({ ...r, base: "cast" as const, headcountBelowColleges: 0, method: r.method === "headcount" ? ("proportional" as const) : r.method })),
        options.map((o) => ({ ...o, abstain: "for" as const, ...(o.bloc ? { bloc: { ...o.bloc, otherwise: "neutralise" as const } } : {}) })),
        totals.filter((cs) => cs.length > 0),
        fc.nat(),
        fc.constantFrom("for" as const, "abstain" as const),
        (r, college, cs, pick, choice) => {
          const full = { ...r, college };
          const before = combine(full, { colleges: cs });
          const target = pick % cs.length;
          const after = combine(full, { colleges: cs.map((c, i) => (i === target ? { ...c, [choice]: c[choice].add(Rational.ONE) } : c)) });
          if (before.adopted) expect(after.adopted).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("a second round is called only under college-bloc, and never adopts", () => {
    fc.assert(
      fc.property(baseRule, options, totals, (r, college, cs) => {
        const res = combine({ ...r, college }, { colleges: cs });
        if (res.reason === "second-round") {
          expect(res.adopted).toBe(false);
          expect(r.method).toBe("college-bloc");
          expect(college.bloc?.otherwise).toBe("second-round");
          expect(res.colleges.some((c) => c.bloc === "none")).toBe(true);
        }
        // The second round's rule never calls a third one.
        expect(combine(secondRoundRule({ ...r, college }), { colleges: cs }).reason).not.toBe("second-round");
      }),
      { numRuns: 500 },
    );
  });
});
