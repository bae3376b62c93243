import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rational } from "~/domain/rational";
import {
  combine,
  resultToJson,
  type Base,
  type Choice,
  type CollegeTotals,
  type EmptyCollegeRule,
  type Method,
  type TallyRule,
} from "~/domain/tally";
import { tallyFile, type TallyFile, type TallyFileBallot } from "~/domain/tally-file";

const METHODS: Method[] = ["proportional", "college-bloc", "headcount"];
const BASES: Base[] = ["cast", "present"];
const EMPTY: EmptyCollegeRule[] = ["neutralise", "equal-share", "count-against"];

const small = fc.integer({ min: 0, max: 12 }).map((k) => Rational.of(k));
/** A member weight: whole, decimal or fraction. */
const memberWeight = fc.constantFrom("1", "2", "1/2", "3/2", "0.25", "7/3").map((t) => Rational.parse(t)!);
/** Colleges' weights, positive, any sum (the engine works on their ratios). */
const collegeWeight = fc.integer({ min: 1, max: 60 }).map((k) => Rational.of(k, 100));
/** Thresholds of at least one half, as statutes write them. */
const threshold = fc.constantFrom("1/2", "3/5", "2/3", "3/4", "6667/10000", "1").map((t) => Rational.parse(t)!);

const rule = (over: Partial<TallyRule> = {}) =>
  fc
    .record({
      method: fc.constantFrom(...METHODS),
      base: fc.constantFrom(...BASES),
      threshold,
      strict: fc.boolean(),
      emptyCollege: fc.constantFrom(...EMPTY),
      headcountBelowColleges: fc.integer({ min: 0, max: 4 }),
    })
    .map((r): TallyRule => ({ ...r, ...over }));

const totals = (count: { min: number; max: number }) =>
  fc
    .array(fc.record({ weight: collegeWeight, for: small, against: small, abstain: small }), { minLength: count.min, maxLength: count.max })
    .map((cs): CollegeTotals[] => cs.map((c, i) => ({ id: `C${i + 1}`, ...c })));

/** A whole vote: colleges, an electorate, proxies (some over the cap) and ballots (some cast by holders). */
const voteFile = fc
  .record({
    rule: rule(),
    weights: fc.array(collegeWeight, { minLength: 1, maxLength: 5 }),
    members: fc.integer({ min: 1, max: 25 }),
    seeds: fc.array(
      fc.record({
        college: fc.nat(),
        choice: fc.constantFrom<Choice>("for", "against", "abstain"),
        weight: fc.option(memberWeight, { nil: undefined }),
        byProxy: fc.boolean(),
        holder: fc.nat(),
      }),
      { maxLength: 25 },
    ),
    cap: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    quorum: fc.option(fc.constantFrom("1/5", "1/4", "1/2"), { nil: undefined }),
  })
  .map(({ rule: r, weights, members, seeds, cap, quorum }): TallyFile => {
    const colleges = weights.map((weight, i) => ({ id: `C${i + 1}`, weight }));
    const electorate = [...Array(members).keys()].map((i) => ({
      voter: `m${i}`,
      college: `C${(i % colleges.length) + 1}`,
      weight: Rational.ONE,
    }));
    const proxies: TallyFile["proxies"] = [];
    // One ballot per voter; voters beyond the electorate are not eligible.
    const ballots: TallyFileBallot[] = seeds.map((s, i) => {
      const voter = `m${i}`;
      const holder = `m${s.holder % (members + 2)}`;
      if (s.byProxy && holder !== voter) proxies.push({ principal: voter, holder });
      return {
        voter,
        college: electorate[i]?.college ?? `C${(s.college % colleges.length) + 1}`,
        choice: s.choice,
        ...(s.weight ? { weight: s.weight } : {}),
        castBy: s.byProxy ? holder : voter,
      };
    });
    return {
      rule: {
        ...r,
        ...(cap !== undefined ? { proxy: { maxPerHolder: cap } } : {}),
        ...(quorum ? { quorum: { fraction: Rational.parse(quorum)!, basis: "headcount" as const } } : {}),
      },
      colleges,
      electorate,
      proxies,
      ballots,
    };
  });

const GCD = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/** Every exact figure of a JSON result, wherever it is. */
function fractionsIn(json: Record<string, unknown>): string[] {
  const out = [json.for, json.against, json.base, json.share].filter((v): v is string => typeof v === "string");
  const quorum = json.quorum as { required: string; present: string } | undefined;
  if (quorum) out.push(quorum.required, quorum.present);
  for (const c of json.colleges as Record<string, string>[]) out.push(c.for!, c.against!, c.abstain!, c.weight!, c.effectiveWeight!);
  return out;
}

describe("tally properties", () => {
  it("permuting the ballots never changes the result", () => {
    fc.assert(
      fc.property(
        voteFile.chain((file) =>
          fc.tuple(
            fc.constant(file),
            fc.shuffledSubarray(file.ballots, { minLength: file.ballots.length, maxLength: file.ballots.length }),
          ),
        ),
        ([file, shuffled]) => {
          const before = tallyFile(file);
          const after = tallyFile({ ...file, ballots: shuffled });
          // The rejected list follows the ballots' order; which ballots it holds does not change.
          const sorted = (r: Record<string, unknown>) =>
            [...(r.rejectedBallots as { voter: string; reason: string }[])].sort((a, b) => a.voter.localeCompare(b.voter));
          expect(sorted(after)).toEqual(sorted(before));
          expect({ ...after, rejectedBallots: null }).toEqual({ ...before, rejectedBallots: null });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("under base cast, adding a for ballot never turns adopted into rejected (threshold at least one half, no fallback, no quorum)", () => {
    fc.assert(
      fc.property(
        rule({ base: "cast", headcountBelowColleges: 0 }),
        totals({ min: 0, max: 6 }),
        fc.record({ for: small, against: small, abstain: small }),
        fc.nat(),
        memberWeight,
        (r, colleges, unassigned, pick, weight) => {
          const before = combine(r, { colleges, unassigned });
          // Headcount may add the ballot without a college; the others need one.
          const target = r.method === "headcount" ? pick % (colleges.length + 1) : colleges.length === 0 ? -1 : pick % colleges.length;
          fc.pre(target >= 0);
          const more =
            target === colleges.length
              ? { colleges, unassigned: { ...unassigned, for: unassigned.for.add(weight) } }
              : { colleges: colleges.map((c, i) => (i === target ? { ...c, for: c.for.add(weight) } : c)), unassigned };
          const after = combine(r, more);
          if (before.adopted) expect(after.adopted).toBe(true);
          if (before.share && after.share) expect(after.share.gte(before.share)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("a share exactly equal to a threshold adopts when not strict, and not when strict", () => {
    // Thresholds above one half: at exactly one half a share equal to it is a tie, which never adopts.
    const above = fc
      .integer({ min: 1, max: 12 })
      .chain((den) => fc.integer({ min: Math.floor(den / 2) + 1, max: den }).map((num) => Rational.of(num, den)));
    fc.assert(
      fc.property(
        above,
        fc.constantFrom<Method>("proportional", "headcount"),
        fc.constantFrom<Base>("cast", "present"),
        fc.array(fc.tuple(collegeWeight, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 5 }),
        (t, method, base, spec) => {
          // In every college, for : against = t.num : (t.den - t.num) exactly, times a factor.
          const colleges: CollegeTotals[] = spec.map(([weight, k], i) => ({
            id: `C${i + 1}`,
            weight,
            for: Rational.of(t.num * BigInt(k)),
            against: Rational.of((t.den - t.num) * BigInt(k)),
            abstain: Rational.ZERO,
          }));
          const loose = combine(
            { method, base, threshold: t, strict: false, emptyCollege: "neutralise", headcountBelowColleges: 0 },
            { colleges },
          );
          expect(loose.share!.eq(t)).toBe(true);
          expect(loose.adopted).toBe(true);
          expect(loose.reason).toBe("threshold-met");
          const strict = combine(
            { method, base, threshold: t, strict: true, emptyCollege: "neutralise", headcountBelowColleges: 0 },
            { colleges },
          );
          expect(strict.adopted).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("every fraction in a result is reduced, with a positive denominator", () => {
    fc.assert(
      fc.property(voteFile, (file) => {
        for (const text of fractionsIn(tallyFile(file))) {
          const m = /^(-?\d+)(?:\/(\d+))?$/.exec(text);
          expect(m, text).not.toBeNull();
          if (m![2] !== undefined) {
            const [num, den] = [BigInt(m![1]!), BigInt(m![2])];
            expect(den > 1n, text).toBe(true);
            expect(GCD(num, den), text).toBe(1n);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("percent is the share rounded half-up to two decimals", () => {
    fc.assert(
      fc.property(rule(), totals({ min: 0, max: 6 }), (r, colleges) => {
        const json = resultToJson(combine({ ...r }, { colleges }));
        if (json.share === null) expect(json.percent).toBeNull();
        else {
          const share = Rational.parse(json.share as string)!;
          const percent = Rational.parse(json.percent as string)!;
          // |percent - 100·share| ≤ 1/200, and exactly 1/200 only when rounding up.
          const diff = percent.sub(share.mul(Rational.of(100)));
          expect(diff.abs().lte(Rational.of(1, 200))).toBe(true);
          if (diff.abs().eq(Rational.of(1, 200))) expect(diff.isPositive()).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("proportional, cast, neutralise: for + against = base", () => {
    fc.assert(
      fc.property(totals({ min: 0, max: 8 }), threshold, fc.integer({ min: 0, max: 4 }), (colleges, t, below) => {
        const r = combine(
          { method: "proportional", base: "cast", threshold: t, strict: false, emptyCollege: "neutralise", headcountBelowColleges: below },
          { colleges },
        );
        expect(r.for.add(r.against).eq(r.base)).toBe(true);
        if (!r.headcountFallback) {
          expect(r.base.eq(Rational.sum(r.colleges.filter((c) => c.counted).map((c) => c.effectiveWeight)))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("proportional, equal-share: the base is the weight of every college once anyone has voted", () => {
    fc.assert(
      fc.property(fc.constantFrom<Base>("cast", "present"), totals({ min: 1, max: 6 }), (base, colleges) => {
        const r = combine(
          {
            method: "proportional",
            base,
            threshold: Rational.of(1, 2),
            strict: true,
            emptyCollege: "equal-share",
            headcountBelowColleges: 0,
          },
          { colleges },
        );
        if (r.base.isPositive()) expect(r.base.eq(Rational.sum(colleges.map((c) => c.weight)))).toBe(true);
        else expect(r.reason).toBe("no-votes");
      }),
      { numRuns: 300 },
    );
  });
});
