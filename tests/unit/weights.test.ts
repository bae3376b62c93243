import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LEGAL_FORMS, type LegalForm } from "~/domain/legal-forms";
import { Rational } from "~/domain/rational";
import { getFixedT } from "~/lib/i18n";
import { formatDecimalText, type Locale } from "~/lib/locale";
import { equalWeights, formatWeight, parseWeight, percentLabel, validateWeights, weightInputText, type WeightViolation } from "~/domain/weights";

const SCIC_FORMS = ["scic-sa", "scic-sas", "scic-sarl"] as const satisfies readonly LegalForm[];

/** Colleges named A, B, C… with the weights typed. */
function colleges(...weights: string[]) {
  return weights.map((weight, i) => ({ name: String.fromCharCode(65 + i), weight }));
}

describe("parseWeight", () => {
  it.each([
    ["33.33", "3333/10000"],
    ["33,33", "3333/10000"],
    ["30 %", "3/10"],
    ["30", "3/10"],
    ["1/3", "1/3"],
    ["100", "1"],
  ])("reads %j as %s", (text, want) => {
    expect(parseWeight(text)?.toString()).toBe(want);
  });

  it.each(["", "abc", "1/0", "trente", "30%%"])("refuses %j", (text) => {
    expect(parseWeight(text)).toBeNull();
  });

  it("is Rational.parsePercent", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const a = parseWeight(text);
        const b = Rational.parsePercent(text);
        return a === null ? b === null : b !== null && a.eq(b);
      }),
    );
  });
});

describe("formatWeight", () => {
  it.each([
    ["1", "1/1"],
    ["1/3", "1/3"],
    ["3/10", "3/10"],
  ])("writes %s as %s", (fraction, want) => {
    expect(formatWeight(Rational.parse(fraction)!)).toBe(want);
  });

  it("is read back exactly by parseWeight, even for a whole (which toString would write as 1 %)", () => {
    expect(parseWeight(Rational.ONE.toString())!.eq(Rational.ONE)).toBe(false);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
        const w = Rational.of(n, d);
        return parseWeight(formatWeight(w))?.eq(w) === true;
      }),
    );
  });
});

describe("percentLabel", () => {
  it.each([
    ["1/20", "5"],
    ["3333/10000", "33.33"],
    ["1/8", "12.5"],
    ["1/3", "33.33"],
    ["2/3", "66.67"],
    ["1/11", "9.09"],
    ["1", "100"],
    ["1/10", "10"],
    ["0", "0"],
    ["9/10", "90"],
    ["9999/10000", "99.99"],
    ["201/2000", "10.05"],
    ["-1/20", "-5"],
  ])("labels %s as %s", (fraction, want) => {
    expect(percentLabel(Rational.parse(fraction)!)).toBe(want);
  });
});

describe("validateWeights for a SCIC", () => {
  it.each([
    { why: "30/30/20/20", weights: ["30", "30", "20", "20"] },
    { why: "ten colleges of 10 %", weights: Array<string>(10).fill("10") },
    { why: "50/25/25: exactly 50 % is allowed", weights: ["50", "25", "25"] },
    { why: "three thirds as fractions", weights: ["1/3", "1/3", "1/3"] },
    { why: "percent signs and French commas", weights: ["33,5 %", "33.5%", "33"] },
    { why: "fractions and percentages mixed", weights: ["1/4", "25", "50 %"] },
  ])("accepts $why", ({ weights }) => {
    for (const form of SCIC_FORMS) {
      expect(validateWeights(form, colleges(...weights)).violations).toEqual([]);
    }
  });

  it.each<{ why: string; weights: string[]; violations: WeightViolation[] }>([
    {
      why: "30/30/15/15/5/5: the two 5 % colleges are under the floor, nothing else",
      weights: ["30", "30", "15", "15", "5", "5"],
      violations: [
        { code: "belowMin", college: "E", percent: "5", min: "10" },
        { code: "belowMin", college: "F", percent: "5", min: "10" },
      ],
    },
    {
      why: "60/20/20: the 60 % college may not decide alone",
      weights: ["60", "20", "20"],
      violations: [{ code: "aboveMax", college: "A", percent: "60", max: "50" }],
    },
    {
      why: "50/50: two colleges are too few",
      weights: ["50", "50"],
      violations: [{ code: "tooFewColleges", count: 2, min: 3 }],
    },
    {
      why: "40/40/10 sums to 90 %",
      weights: ["40", "40", "10"],
      violations: [{ code: "sumNot100", sum: "90" }],
    },
    {
      why: "three of 33.33 sum to 99.99 %, not 100 %",
      weights: ["33.33", "33.33", "33.33"],
      violations: [{ code: "sumNot100", sum: "99.99" }],
    },
    {
      why: "eleven colleges of 1/11: each under 10 % and too many, but the sum is exact",
      weights: Array<string>(11).fill("1/11"),
      violations: [
        ..."ABCDEFGHIJK".split("").map((college): WeightViolation => ({ code: "belowMin", college, percent: "9.09", min: "10" })),
        { code: "tooManyColleges", count: 11, max: 10 },
      ],
    },
    {
      why: "eleven colleges of 9.09 %: the rounded sum is not 100 % either",
      weights: Array<string>(11).fill("9.09"),
      violations: [
        ..."ABCDEFGHIJK".split("").map((college): WeightViolation => ({ code: "belowMin", college, percent: "9.09", min: "10" })),
        { code: "tooManyColleges", count: 11, max: 10 },
        { code: "sumNot100", sum: "99.99" },
      ],
    },
    {
      why: "an unparsable weight, and no sum without it",
      weights: ["abc", "50", "50"],
      violations: [{ code: "unparsable", college: "A", text: "abc" }],
    },
    {
      why: "a zero weight is under the floor",
      weights: ["0", "50", "50"],
      violations: [{ code: "belowMin", college: "A", percent: "0", min: "10" }],
    },
    {
      why: "9.99 % is under the floor, 50.01 % over the cap",
      weights: ["9.99", "50.01", "40"],
      violations: [
        { code: "belowMin", college: "A", percent: "9.99", min: "10" },
        { code: "aboveMax", college: "B", percent: "50.01", max: "50" },
      ],
    },
    {
      why: "no college at all",
      weights: [],
      violations: [{ code: "tooFewColleges", count: 0, min: 3 }],
    },
  ])("refuses $why", ({ weights, violations }) => {
    for (const form of SCIC_FORMS) {
      expect(validateWeights(form, colleges(...weights)).violations).toEqual(violations);
    }
  });

  it("lists every problem, per college first, then the count, then the sum", () => {
    expect(validateWeights("scic-sas", colleges("70", "5")).violations).toEqual([
      { code: "aboveMax", college: "A", percent: "70", max: "50" },
      { code: "belowMin", college: "B", percent: "5", min: "10" },
      { code: "tooFewColleges", count: 2, min: 3 },
      { code: "sumNot100", sum: "75" },
    ]);
  });

  it("skips the sum, but not the other checks, when a weight is unreadable", () => {
    expect(validateWeights("scic-sas", colleges("70", "x")).violations).toEqual([
      { code: "aboveMax", college: "A", percent: "70", max: "50" },
      { code: "unparsable", college: "B", text: "x" },
      { code: "tooFewColleges", count: 2, min: 3 },
    ]);
  });

  it("returns the parsed weights in input order, null where unreadable", () => {
    const { weights } = validateWeights("scic-sa", colleges("1/3", "abc", "33,5 %"));
    expect(weights.map((w) => w?.toString() ?? null)).toEqual(["1/3", null, "67/200"]);
  });
});

describe("validateWeights for an association or another form", () => {
  it.each<{ form: LegalForm; weights: string[]; violations: WeightViolation[] }>([
    { form: "association", weights: ["70", "30"], violations: [] },
    { form: "association", weights: ["100"], violations: [] },
    { form: "association", weights: ["95", "5"], violations: [] },
    { form: "association", weights: ["0", "100"], violations: [{ code: "notPositive", college: "A" }] },
    { form: "association", weights: ["-10", "110"], violations: [{ code: "notPositive", college: "A" }] },
    { form: "association", weights: ["70", "20"], violations: [{ code: "sumNot100", sum: "90" }] },
    { form: "association", weights: [], violations: [{ code: "tooFewColleges", count: 0, min: 1 }] },
    { form: "other", weights: ["60", "20", "10", "5", "5"], violations: [] },
    { form: "other", weights: ["1/7", "6/7"], violations: [] },
    {
      form: "other",
      weights: Array<string>(12).fill("1/12"),
      violations: [],
    },
    { form: "other", weights: ["abc", "100"], violations: [{ code: "unparsable", college: "A", text: "abc" }] },
  ])("$form $weights", ({ form, weights, violations }) => {
    expect(validateWeights(form, colleges(...weights)).violations).toEqual(violations);
  });
});

describe("validateWeights for an alliance paritaire", () => {
  it.each<{ weights: string[]; violations: WeightViolation[] }>([
    { weights: ["25", "25", "25", "25"], violations: [] },
    { weights: ["50", "50"], violations: [] },
    { weights: ["1/3", "1/3", "1/3"], violations: [] },
    { weights: ["30", "30", "20", "20"], violations: [{ code: "notEqual" }] },
    { weights: ["1/3", "33.33", "1/3"], violations: [{ code: "notEqual" }, { code: "sumNot100Rounded", sum: "100", fraction: "29999/30000" }] },
    { weights: ["30", "30", "30"], violations: [{ code: "sumNot100", sum: "90" }] },
    { weights: ["100"], violations: [{ code: "tooFewColleges", count: 1, min: 2 }] },
    { weights: ["abc", "50"], violations: [{ code: "unparsable", college: "A", text: "abc" }] },
    {
      weights: ["abc", "60", "40"],
      violations: [{ code: "unparsable", college: "A", text: "abc" }, { code: "notEqual" }],
    },
  ])("$weights", ({ weights, violations }) => {
    expect(validateWeights("alliance", colleges(...weights)).violations).toEqual(violations);
  });
});

describe("equalWeights", () => {
  it.each([
    { count: 1, each: "1" },
    { count: 3, each: "1/3" },
    { count: 4, each: "1/4" },
    { count: 7, each: "1/7" },
  ])("splits into $count parts of $each", ({ count, each }) => {
    const parts = equalWeights(count);
    expect(parts).toHaveLength(count);
    expect(parts.map(String)).toEqual(Array<string>(count).fill(each));
  });

  it.each([0, -1, 2.5, Number.NaN])("refuses %s parts", (count) => {
    expect(() => equalWeights(count)).toThrow(RangeError);
  });

  it("always sums to exactly 1", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), (n) => Rational.sum(equalWeights(n)).eq(Rational.ONE)));
  });

  it("validates for every SCIC form from 3 to 10 colleges, typed as fractions", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 10 }), fc.constantFrom(...SCIC_FORMS), (n, form) => {
        const typed = equalWeights(n).map((w, i) => ({ name: `C${i}`, weight: formatWeight(w) }));
        return validateWeights(form, typed).violations.length === 0;
      }),
    );
  });

  it("validates for an alliance from 2 colleges up, and for free forms from 1", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.constantFrom(...LEGAL_FORMS), (n, form) => {
        const typed = equalWeights(n).map((w, i) => ({ name: `C${i}`, weight: formatWeight(w) }));
        const { violations } = validateWeights(form, typed);
        const scic = (SCIC_FORMS as readonly LegalForm[]).includes(form);
        const fine = scic ? n >= 3 && n <= 10 : form === "alliance" ? n >= 2 : true;
        return fine === (violations.length === 0);
      }),
    );
  });
});

describe("validateWeights properties", () => {
  const weightText = fc.oneof(
    fc.integer({ min: -20, max: 120 }).map(String),
    fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 12 })).map(([a, b]) => `${a}/${b}`),
    fc.constantFrom("abc", "", "1/0", "33,33 %"),
  );
  const collegeList = fc.array(weightText, { maxLength: 12 }).map((ws) => colleges(...ws));

  it("reports sumNot100 exactly when every weight is readable and the exact sum is not 1", () => {
    fc.assert(
      fc.property(fc.constantFrom(...LEGAL_FORMS), collegeList, (form, list) => {
        const { weights, violations } = validateWeights(form, list);
        const readable = weights.every((w) => w !== null);
        const sumWrong = list.length > 0 && readable && !Rational.sum(weights as Rational[]).eq(Rational.ONE);
        return violations.some((v) => v.code === "sumNot100" || v.code === "sumNot100Rounded") === sumWrong;
      }),
    );
  });

  it("keeps per-college problems in input order, then counts, then equality, then the sum", () => {
    const rank: Record<WeightViolation["code"], number> = {
      unparsable: 0,
      notPositive: 0,
      belowMin: 0,
      aboveMax: 0,
      tooFewColleges: 1,
      tooManyColleges: 1,
      notEqual: 2,
      sumNot100: 3,
      sumNot100Rounded: 3,
    };
    fc.assert(
      fc.property(fc.constantFrom(...LEGAL_FORMS), collegeList, (form, list) => {
        const { violations } = validateWeights(form, list);
        const ranks = violations.map((v) => rank[v.code]);
        const ordered = ranks.every((r, i) => i === 0 || ranks[i - 1]! <= r);
        const names = violations.flatMap((v) => ("college" in v ? [v.college] : []));
        const inInputOrder = names.every((n, i) => i === 0 || names[i - 1]! < n);
        return ordered && inInputOrder;
      }),
    );
  });

  it("for a SCIC, flags a college exactly when its weight is outside [10 %, 50 %]", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCIC_FORMS), collegeList, (form, list) => {
        const { weights, violations } = validateWeights(form, list);
        return list.every((c, i) => {
          const w = weights[i];
          const flagged = violations.some((v) => "college" in v && v.college === c.name);
          const outside = w == null || w.lt(Rational.of(1, 10)) || w.gt(Rational.of(1, 2));
          return flagged === outside;
        });
      }),
    );
  });
});

describe("a sum that rounds to 100 % without being 100 %", () => {
  /** The message as the colleges page renders it: the percentages in the locale's notation. */
  function message(locale: Locale, v: WeightViolation): string {
    const params: Record<string, string | number> = { ...v };
    if ("sum" in v) params.sum = formatDecimalText(locale, v.sum);
    return getFixedT(locale)(`weights.${v.code}`, params);
  }
  const sumOf = (weights: string[]) => validateWeights("scic-sas", colleges(...weights)).violations.find((v) => v.code.startsWith("sumNot100"))!;

  it.each([
    { weights: ["1/3", "1/3", "33.33"], fraction: "29999/30000" },
    { weights: ["1/3", "1/3", "33.334"], fraction: "150001/150000" },
    { weights: ["33.333", "33.333", "33.333"], fraction: "99999/100000" },
  ])("$weights: the exact sum $fraction is shown", ({ weights, fraction }) => {
    const v = sumOf(weights);
    expect(v).toEqual({ code: "sumNot100Rounded", sum: "100", fraction });
    const fr = message("fr", v);
    const en = message("en", v);
    expect(fr).toBe(`Les poids totalisent ${fraction}, soit 100\u202f% une fois arrondi, et non 100\u202f% exactement.`);
    expect(en).toBe(`The weights add up to ${fraction}, which rounds to 100%, not exactly 100%.`);
  });

  it("a difference rounding shows keeps the percentage alone", () => {
    const v = sumOf(["33.33", "33.33", "33.33"]);
    expect(v).toEqual({ code: "sumNot100", sum: "99.99" });
    expect(message("fr", v)).toBe("Les poids totalisent 99,99 % au lieu de 100 % exactement.");
    expect(message("en", v)).toBe("The weights add up to 99.99% instead of exactly 100%.");
  });

  it("shows the exact fraction whenever the sum misses 1 by less than rounding shows", () => {
    // Equal parts, the last one off by ±1/d with d > 20 000: under half of 0.01 %.
    const nearlyOne = fc.tuple(fc.integer({ min: 1, max: 10 }), fc.constantFrom(-1n, 1n), fc.bigInt({ min: 20_001n, max: 10_000_000n })).map(([n, sign, d]) => {
      const parts = equalWeights(n);
      parts[n - 1] = parts[n - 1]!.add(Rational.of(sign, d));
      return parts.map(formatWeight);
    });
    fc.assert(
      fc.property(nearlyOne, fc.constantFrom(...LEGAL_FORMS), (ws, form) => {
        const sum = Rational.sum(ws.map((w) => parseWeight(w)!));
        const v = validateWeights(form, colleges(...ws)).violations.find((x) => x.code.startsWith("sumNot100"));
        return percentLabel(sum) === "100" && v?.code === "sumNot100Rounded" && v.sum === "100" && Rational.parse(v.fraction)!.eq(sum);
      }),
    );
  });
});

describe("weightInputText", () => {
  it.each([
    ["3/10", "30"],
    ["1/8", "12.5"],
    ["1/3", "1/3"],
    ["3333/10000", "33.33"],
    ["1/1", "100"],
  ])("%s is typed back as %s, which parses to the same weight", (fraction, text) => {
    const r = Rational.parse(fraction)!;
    expect(weightInputText(r)).toBe(text);
    expect(parseWeight(text)!.eq(r)).toBe(true);
  });
});
