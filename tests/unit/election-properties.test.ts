import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ElectionMethod, type ElectionResult, type ElectionRule } from "~/domain/election";
import {
  countElectionFile,
  electionFile,
  toElectionTotalsForm,
  type ElectionFile,
  type ElectionFileBallot,
  type ElectionFileMark,
} from "~/domain/election-file";
import { Rational } from "~/domain/rational";
import type { Choice } from "~/domain/tally";

const CANDIDATES = ["k0", "k1", "k2", "k3", "k4", "k5"];
const memberWeight = fc.constantFrom("1", "1", "2", "1/2", "3/2").map((t) => Rational.parse(t)!);
const collegeWeight = fc.integer({ min: 1, max: 60 }).map((k) => Rational.of(k, 100));
/** Approval thresholds of at least one half (below it, "a tie never elects" may undo a gain, as for resolutions). */
const threshold = fc.constantFrom("1/2", "3/5", "2/3", "1").map((t) => Rational.parse(t)!);

/** A whole election: rule, colleges, candidates (some with dates, some reserved colleges) and ballots, some over the cap. */
const electionArb = (methods: ElectionMethod[] = ["plurinominal", "approval"]) =>
  fc
    .record({
      method: fc.constantFrom(...methods),
      seats: fc.integer({ min: 1, max: 4 }),
      weighting: fc.constantFrom("proportional" as const, "headcount" as const),
      round: fc.constantFrom(1 as const, 2 as const),
      absoluteMajority: fc.boolean(),
      base: fc.constantFrom("cast" as const, "present" as const),
      threshold,
      strict: fc.boolean(),
      tieBreak: fc.constantFrom("age" as const, "seniority" as const, "lot" as const),
      weights: fc.array(collegeWeight, { minLength: 1, maxLength: 3 }),
      candidates: fc.array(fc.record({ college: fc.nat(), bornOn: fc.option(fc.constantFrom("1950-01-01", "1960-06-15", "1975-03-03"), { nil: undefined }) }), {
        minLength: 1,
        maxLength: CANDIDATES.length,
      }),
      reserve: fc.array(fc.nat(), { maxLength: 2 }),
      ballots: fc.array(
        fc.record({
          college: fc.nat(),
          weight: fc.option(memberWeight, { nil: undefined }),
          marks: fc.array(fc.tuple(fc.nat({ max: CANDIDATES.length - 1 }), fc.constantFrom<Choice>("for", "for", "against", "abstain")), { maxLength: 6 }),
        }),
        { maxLength: 18 }
      ),
    })
    .map((g): ElectionFile => {
      const colleges = g.weights.map((weight, i) => ({ id: `C${i + 1}`, weight }));
      const candidates = g.candidates.map((c, i) => ({
        id: CANDIDATES[i]!,
        college: `C${(c.college % colleges.length) + 1}`,
        ...(c.bornOn ? { bornOn: c.bornOn } : {}),
      }));
      const ids = new Set(candidates.map((c) => c.id));
      // Reserved seats: at most the seats, one entry per college.
      const reserved = new Map<string, number>();
      let left = g.seats;
      for (const r of g.reserve) {
        const college = `C${(r % colleges.length) + 1}`;
        if (left === 0 || reserved.has(college)) continue;
        reserved.set(college, 1);
        left -= 1;
      }
      const plurinominal = g.method === "plurinominal";
      const ballots = g.ballots.map((b, i): ElectionFileBallot => {
        const seen = new Set<string>();
        const marks: ElectionFileMark[] = [];
        for (const [k, choice] of b.marks) {
          const candidate = CANDIDATES[k]!;
          if (!ids.has(candidate) || seen.has(candidate)) continue;
          seen.add(candidate);
          if (!plurinominal || choice === "for") marks.push({ candidate, choice: plurinominal ? "for" : choice });
        }
        return { voter: `m${i}`, college: `C${(b.college % colleges.length) + 1}`, ...(b.weight ? { weight: b.weight } : {}), castBy: `m${i}`, marks };
      });
      const rule: ElectionRule = {
        method: g.method,
        seats: g.seats,
        ...(reserved.size > 0 ? { seatsPerCollege: [...reserved].map(([college, seats]) => ({ college, seats })) } : {}),
        weighting: g.weighting,
        round: plurinominal ? g.round : 1,
        absoluteMajority: g.absoluteMajority,
        base: g.base,
        threshold: g.threshold,
        strict: g.strict,
        tieBreak: g.tieBreak,
      };
      return { election: rule, seed: "property", colleges, candidates, proxies: [], ballots };
    });

/** The count's result object (not its JSON) for a ballots form. */
const resultOf = (file: ElectionFile): ElectionResult => countElectionFile(file).result;

const sameStanding = (a: ElectionResult["candidates"][number], b: ElectionResult["candidates"][number]) =>
  a.requirementMet === b.requirementMet && (a.share === null ? b.share === null : b.share !== null && a.share.eq(b.share));

describe("election properties", () => {
  it("approval counts never exceed seats × voters (the accepted ballots' weights)", () => {
    fc.assert(
      fc.property(electionArb(), (file) => {
        const { file: totals, rejectedBallots } = toElectionTotalsForm(file);
        const rejected = new Set(rejectedBallots.map((r) => r.voter));
        const voters = Rational.sum(file.ballots.filter((b) => !rejected.has(b.voter)).map((b) => b.weight ?? Rational.ONE));
        const approvals = Rational.sum(totals.totals.flatMap((t) => t.marks.map((m) => m.for)));
        expect(approvals.lte(voters.mul(Rational.of(file.election.seats)))).toBe(true);
        // And every ballot with more approvals than seats is rejected, and only those (no electorate, no proxy here).
        const over = file.ballots.filter((b) => b.marks.filter((m) => m.choice === "for").length > file.election.seats).map((b) => b.voter);
        expect(rejectedBallots).toEqual(over.map((voter) => ({ voter, reason: "too-many-approvals" })));
      }),
      { numRuns: 300 }
    );
  });

  it("the elected are exactly the top ones: reserved seats to their college's best, the other seats by rank", () => {
    fc.assert(
      fc.property(electionArb(), (file) => {
        const r = resultOf(file);
        const rule = file.election;
        const elected = r.candidates.filter((c) => c.elected);
        expect(r.elected).toEqual(elected.map((c) => c.id));
        expect(elected.every((c) => c.requirementMet)).toBe(true);
        expect(elected.length).toBe(rule.seats - r.seatsLeft);
        // Ranks follow the standing: meeting the requirement first, then the share.
        r.candidates.forEach((c, i) => {
          const next = r.candidates[i + 1];
          if (next) expect(c.rank <= next.rank).toBe(true);
          if (next && c.rank === next.rank) expect(sameStanding(c, next)).toBe(true);
        });
        const beats = (a: (typeof elected)[number], b: (typeof elected)[number]) =>
          a.requirementMet && (!b.requirementMet || (a.share !== null && (b.share === null || a.share.gt(b.share))));
        /** Whoever was left out of a pool ranks after everyone the pool elected, or lost a recorded tie-break to them. */
        const topOf = (pool: typeof elected, chosen: typeof elected) => {
          for (const out of pool.filter((c) => !c.elected && c.requirementMet)) {
            for (const inn of chosen) {
              expect(beats(out, inn)).toBe(false);
              if (sameStanding(out, inn)) expect(r.tieBreaks.some((t) => t.candidates.includes(out.id) && t.candidates.includes(inn.id))).toBe(true);
            }
          }
        };
        const reserved = rule.seatsPerCollege ?? [];
        for (const seat of reserved) {
          const ofCollege = r.candidates.filter((c) => c.college === seat.college);
          const chosen = ofCollege.filter((c) => c.reservedSeat);
          const eligible = ofCollege.filter((c) => c.requirementMet).length;
          expect(chosen.length).toBe(Math.min(seat.seats, eligible));
          expect(r.reservedLeft.find((x) => x.college === seat.college)?.seats ?? 0).toBe(seat.seats - chosen.length);
          topOf(ofCollege, chosen);
        }
        const open = rule.seats - reserved.reduce((n, s) => n + s.seats, 0);
        const onOpen = elected.filter((c) => !c.reservedSeat);
        const candidatesLeft = r.candidates.filter((c) => c.requirementMet && !c.reservedSeat).length;
        expect(onOpen.length).toBe(Math.min(open, candidatesLeft));
        topOf(r.candidates, onOpen);
        expect(r.secondRound).toBe(rule.method === "plurinominal" && rule.round === 1 && rule.absoluteMajority && r.seatsLeft > 0);
      }),
      { numRuns: 500 }
    );
  });

  it("permuting the ballots changes nothing", () => {
    fc.assert(
      fc.property(
        electionArb().chain((file) =>
          fc.tuple(fc.constant(file), fc.shuffledSubarray(file.ballots, { minLength: file.ballots.length, maxLength: file.ballots.length }))
        ),
        ([file, shuffled]) => {
          const before = electionFile(file);
          const after = electionFile({ ...file, ballots: shuffled });
          const sorted = (r: Record<string, unknown>) => [...(r.rejectedBallots as { voter: string }[])].sort((a, b) => a.voter.localeCompare(b.voter));
          expect(sorted(after)).toEqual(sorted(before));
          expect({ ...after, rejectedBallots: null }).toEqual({ ...before, rejectedBallots: null });
        }
      ),
      { numRuns: 300 }
    );
  });

  it("the totals form of a ballots form gives the same result", () => {
    fc.assert(
      fc.property(electionArb(), (file) => {
        const { file: totals } = toElectionTotalsForm(file);
        expect({ ...electionFile(totals), rejectedBallots: null }).toEqual({ ...electionFile(file), rejectedBallots: null });
      }),
      { numRuns: 200 }
    );
  });

  it("adding an approval to a candidate never makes them lose a seat they had, nothing else changing", () => {
    fc.assert(
      fc.property(electionArb(), fc.nat(), fc.nat(), (file, pickBallot, pickCandidate) => {
        const before = resultOf(file);
        const winner = before.candidates.filter((c) => c.elected)[pickCandidate % Math.max(1, before.elected.length)];
        fc.pre(winner !== undefined && file.ballots.length > 0);
        // A ballot with room for one more approval that does not approve the winner yet.
        const i = pickBallot % file.ballots.length;
        const b = file.ballots[i]!;
        const fors = b.marks.filter((m) => m.choice === "for");
        fc.pre(fors.length < file.election.seats && !fors.some((m) => m.candidate === winner!.id));
        const marks = [...b.marks.filter((m) => m.candidate !== winner!.id), { candidate: winner!.id, choice: "for" as const }];
        const after = resultOf({ ...file, ballots: file.ballots.map((x, j) => (j === i ? { ...x, marks } : x)) });
        expect(after.elected).toContain(winner!.id);
      }),
      { numRuns: 1000 }
    );
  });
});
