/**
 * College voting rules as statutes write them (issue 15, LEGAL.md §2.3 and WE-01 to WE-03): what
 * abstentions count as inside a college, the internal threshold a college must reach to vote as a
 * bloc (and what happens when neither side reaches it), a quorum per college, and the rule of a
 * second round. Pure, exact fractions only; app/domain/tally.ts applies them when it counts by
 * college (proportional, college-bloc), never by headcount or its fallback.
 */
import { Rational } from "./rational";
import type { ChoiceTotals, CollegeTotals, TallyRule } from "./tally";

/**
 * Abstentions inside a college: `left-out` as the rule's base says (out of the base under `cast`,
 * in it under `present`: the engine's behaviour without this option), or counted as `for`
 * (« qui ne dit mot consent ») or as `against`.
 */
export type CollegeAbstain = "left-out" | "for" | "against";
export const COLLEGE_ABSTAIN: readonly CollegeAbstain[] = ["left-out", "for", "against"];

/** When no side of a college reaches its bloc threshold: the college is left out, or a second round is needed. */
export type BlocOtherwise = "neutralise" | "second-round";
export const BLOC_OTHERWISE: readonly BlocOtherwise[] = ["neutralise", "second-round"];

/** Under college-bloc: the college's whole weight goes to a side only if that side's share of the college's base beats `threshold`. */
export interface CollegeBloc {
  threshold: Rational;
  /** true: more than; false: at least. */
  strict: boolean;
  otherwise: BlocOtherwise;
}

export interface CollegeOptions {
  abstain: CollegeAbstain;
  bloc?: CollegeBloc;
  /** Fraction of a college's eligible members (headcount) who must take part; below it the college is neutralised. */
  quorum?: Rational;
}

export interface CollegeQuorum {
  required: Rational;
  present: Rational;
  reached: boolean;
}

/** How a college voted under college-bloc with a bloc threshold: a side, or neither reached it. */
export type BlocVote = "for" | "against" | "none";

const HALF = Rational.of(1, 2);

/** Round 2 (M Comme Médoc art. 17): inside each college simple majority, more than one half; otherwise the college is neutralised. */
export const SECOND_ROUND_BLOC: CollegeBloc = Object.freeze({ threshold: HALF, strict: true, otherwise: "neutralise" }) as CollegeBloc;

/** The rule of the second round of a vote whose first round ended in `second-round`: the same rule with the second round's bloc. */
export function secondRoundRule(rule: TallyRule): TallyRule {
  return { ...rule, college: { ...(rule.college ?? { abstain: "left-out" }), bloc: { ...SECOND_ROUND_BLOC } } };
}

/** Whether a rule's first round can end in a second round. */
export function hasSecondRound(rule: Pick<TallyRule, "method" | "college">): boolean {
  return rule.method === "college-bloc" && rule.college?.bloc?.otherwise === "second-round";
}

function checkShare(what: string, r: Rational): void {
  if (!r.isPositive() || r.gt(Rational.ONE)) throw new RangeError(`${what} must be greater than 0 and at most 1, got ${r}`);
}

export function checkCollegeOptions(options: CollegeOptions): void {
  if (!COLLEGE_ABSTAIN.includes(options.abstain)) throw new RangeError(`college.abstain must be one of ${COLLEGE_ABSTAIN.join(", ")}, got ${options.abstain}`);
  if (options.bloc) {
    checkShare("college.bloc.threshold", options.bloc.threshold);
    if (!BLOC_OTHERWISE.includes(options.bloc.otherwise)) throw new RangeError(`college.bloc.otherwise must be one of ${BLOC_OTHERWISE.join(", ")}, got ${options.bloc.otherwise}`);
  }
  if (options.quorum) checkShare("college.quorum", options.quorum);
}

/** A college's figures once its abstentions are moved to the side the rule says. */
export function moveAbstentions<T extends ChoiceTotals>(abstain: CollegeAbstain, c: T): T {
  if (abstain === "left-out" || c.abstain.isZero()) return c;
  return { ...c, [abstain]: c[abstain].add(c.abstain), abstain: Rational.ZERO };
}

/** A college's quorum: `fraction × eligible` members, reached when at least that many took part. */
export function collegeQuorum(fraction: Rational, c: CollegeTotals): CollegeQuorum {
  if (c.eligible === undefined || c.present === undefined) {
    throw new RangeError(`college ${c.id}: the rule has a quorum per college: its figures (eligible, present) must be given`);
  }
  if (c.eligible.isNegative() || c.present.isNegative()) throw new RangeError(`college ${c.id}: eligible and present must not be negative`);
  const required = fraction.mul(c.eligible);
  return { required, present: c.present, reached: c.present.gte(required) };
}

export interface PreparedColleges {
  /** The figures the method counts: abstentions moved to a side when the rule says so. */
  totals: CollegeTotals[];
  /** Per college (same order), its quorum when the rule has one per college. */
  quorums: (CollegeQuorum | undefined)[];
  /** Colleges below their quorum: neutralised (left out, nothing redistributed). */
  belowQuorum: ReadonlySet<string>;
}

/** The colleges as a college method counts them. Without college options, the colleges themselves. */
export function prepareColleges(rule: TallyRule, colleges: readonly CollegeTotals[]): PreparedColleges {
  const options = rule.college;
  if (!options || rule.method === "headcount") return { totals: [...colleges], quorums: colleges.map(() => undefined), belowQuorum: new Set() };
  checkCollegeOptions(options);
  const quorums = colleges.map((c) => (options.quorum ? collegeQuorum(options.quorum, c) : undefined));
  const belowQuorum = new Set(colleges.filter((_, i) => quorums[i]?.reached === false).map((c) => c.id));
  return { totals: colleges.map((c) => moveAbstentions(options.abstain, c)), quorums, belowQuorum };
}

/**
 * The side a college votes for as a bloc: the side whose share of the college's base beats the
 * threshold (`forSum / base`, `(base − forSum) / base`); "none" when neither does, or both do (a
 * threshold of one half, not strict, and a tie). `base` must be positive.
 */
export function blocVote(bloc: CollegeBloc, forSum: Rational, base: Rational): BlocVote {
  const beats = (share: Rational) => (bloc.strict ? share.gt(bloc.threshold) : share.gte(bloc.threshold));
  const forShare = forSum.div(base);
  const forWins = beats(forShare);
  const againstWins = beats(Rational.ONE.sub(forShare));
  if (forWins === againstWins) return "none";
  return forWins ? "for" : "against";
}

/** `rule.college` of a tally file (docs/tally-file.md §2). */
export function collegeRuleJson(options: CollegeOptions) {
  return {
    abstain: options.abstain,
    ...(options.bloc ? { bloc: { threshold: options.bloc.threshold.toString(), strict: options.bloc.strict, otherwise: options.bloc.otherwise } } : {}),
    ...(options.quorum ? { quorum: options.quorum.toString() } : {}),
  };
}

/** `rule.proxy` of a tally file: the cap per holder first, then the statutes' own rules when set. */
export function proxyRuleJson(proxy: NonNullable<TallyRule["proxy"]>) {
  return {
    ...(proxy.maxPerHolder !== undefined ? { maxPerHolder: proxy.maxPerHolder } : {}),
    ...(proxy.sameCollege ? { sameCollege: true } : {}),
    ...(proxy.maxPerCollege !== undefined ? { maxPerCollege: proxy.maxPerCollege } : {}),
  };
}
