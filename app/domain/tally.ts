/**
 * The tally engine (DESIGN.md §3 "Tally methods", "Base", "Threshold", "A college with nothing
 * in its base", §5 "The tally file"). Pure: it combines aggregates (sums of member weights per
 * college and choice, as one SQL query or a tally file gives them) into a result, with exact
 * fractions only. Worked examples: LEGAL.md §7 (WE-04 to WE-14).
 */
import { hasSecondRound, prepareColleges, blocVote, type BlocVote, type CollegeOptions, type CollegeQuorum, type PreparedColleges } from "./college-rules";
import { Rational } from "./rational";

export type Method = "proportional" | "college-bloc" | "headcount";
export type Base = "cast" | "present";
export type EmptyCollegeRule = "neutralise" | "equal-share" | "count-against";
export type Choice = "for" | "against" | "abstain";

export interface TallyRule {
  method: Method;
  base: Base;
  threshold: Rational;
  strict: boolean;
  emptyCollege: EmptyCollegeRule;
  headcountBelowColleges: number;
  quorum?: { fraction: Rational; basis: "headcount" | "weight" };
  /**
   * Proxies: a cap per holder (absent: none), and the statutes' own rules: the holder must be in
   * the principal's college, at most `maxPerCollege` proxies per holder from one college.
   */
  proxy?: { maxPerHolder?: number | "cooperative"; sameCollege?: boolean; maxPerCollege?: number };
  /** Rules inside each college (app/domain/college-rules.ts); absent: none of them. */
  college?: CollegeOptions;
}

/** Sums of the member weights of accepted ballots, per college. */
export interface CollegeTotals {
  id: string;
  weight: Rational;
  for: Rational;
  against: Rational;
  abstain: Rational;
  /** Members of the college who may vote, and those who took part (headcount): needed by a quorum per college. */
  eligible?: Rational;
  present?: Rational;
}

export interface ChoiceTotals {
  for: Rational;
  against: Rational;
  abstain: Rational;
}

export interface CollegeResult {
  id: string;
  for: Rational;
  against: Rational;
  abstain: Rational;
  weight: Rational;
  effectiveWeight: Rational;
  counted: boolean;
  /** When the rule has a quorum per college; a college below it is neutralised. */
  quorum?: CollegeQuorum;
  /** Under college-bloc with a bloc threshold: the side the college voted for, "none" when neither reached it. */
  bloc?: BlocVote;
}

/** `second-round`: under college-bloc, a college's sides both stayed below its bloc threshold and the rule calls a second round. */
export type Reason = "threshold-met" | "threshold-not-met" | "quorum-not-reached" | "no-votes" | "second-round";

export interface TallyResult {
  adopted: boolean;
  reason: Reason;
  for: Rational;
  against: Rational;
  base: Rational;
  share: Rational | null;
  percent: string | null;
  quorum?: { required: Rational; present: Rational; reached: boolean };
  colleges: CollegeResult[];
  warnings: string[];
  /** true when headcountBelowColleges made a college method count by headcount */
  headcountFallback: boolean;
}

const HALF = Rational.of(1, 2);

export const DEFAULT_RULE: TallyRule = Object.freeze({
  method: "proportional",
  base: "cast",
  threshold: HALF,
  strict: true,
  emptyCollege: "neutralise",
  headcountBelowColleges: 0,
}) as TallyRule;

/** Default strictness per DESIGN: true when the threshold is exactly one half, else false. */
export function defaultStrict(threshold: Rational): boolean {
  return threshold.eq(HALF);
}

/** fraction × electorate size (or total weight), exact: 120 × 1/5 = 24, 121 × 1/5 = 121/5. */
export function quorumRequired(fraction: Rational, electorate: Rational): Rational {
  return fraction.mul(electorate);
}

/** Figures the rule looks at inside one college: its base under the rule's `base`. */
function collegeBase(rule: TallyRule, c: ChoiceTotals): Rational {
  const cast = c.for.add(c.against);
  return rule.base === "cast" ? cast : cast.add(c.abstain);
}

function checkTotals(where: string, c: ChoiceTotals): void {
  for (const key of ["for", "against", "abstain"] as const) {
    if (c[key].isNegative()) throw new RangeError(`${where}: ${key} must not be negative, got ${c[key]}`);
  }
}

interface Counted {
  for: Rational;
  against: Rational;
  base: Rational;
  colleges: CollegeResult[];
  /** Under college-bloc with a bloc threshold, per voiced college (none for a silent one or one below its quorum); `undecided`: a voiced college where neither side reached it. */
  blocs?: (BlocVote | undefined)[];
  undecided?: boolean;
}

function reported(c: CollegeTotals, effectiveWeight: Rational, counted: boolean): CollegeResult {
  return {
    id: c.id,
    for: c.for,
    against: c.against,
    abstain: c.abstain,
    weight: c.weight,
    effectiveWeight,
    counted,
  };
}

function countHeadcount(rule: TallyRule, colleges: readonly CollegeTotals[], unassigned: ChoiceTotals | undefined): Counted {
  const all: ChoiceTotals[] = [...colleges, ...(unassigned ? [unassigned] : [])];
  const forSum = Rational.sum(all.map((c) => c.for));
  const againstSum = Rational.sum(all.map((c) => c.against));
  const abstainSum = Rational.sum(all.map((c) => c.abstain));
  const cast = forSum.add(againstSum);
  return {
    for: forSum,
    against: againstSum,
    base: rule.base === "cast" ? cast : cast.add(abstainSum),
    colleges: colleges.map((c) => reported(c, Rational.ZERO, false)),
  };
}

function countProportional(rule: TallyRule, raw: readonly CollegeTotals[], prepared: PreparedColleges): Counted {
  const colleges = prepared.totals;
  const neutral = colleges.map((c) => prepared.belowQuorum.has(c.id));
  const bases = colleges.map((c) => collegeBase(rule, c));
  const silent = bases.map((b, i) => !neutral[i] && b.isZero());
  const voiced = silent.filter((s, i) => !s && !neutral[i]).length;
  const silentWeight = Rational.sum(colleges.filter((_, i) => silent[i]).map((c) => c.weight));
  const bonus = rule.emptyCollege === "equal-share" && voiced > 0 ? silentWeight.div(Rational.of(voiced)) : Rational.ZERO;

  let forSum = Rational.ZERO;
  let againstSum = Rational.ZERO;
  let base = Rational.ZERO;
  const results = colleges.map((c, i) => {
    if (neutral[i]) return reported(raw[i]!, Rational.ZERO, false);
    if (silent[i]) {
      if (rule.emptyCollege === "count-against") {
        // Its weight stays in the base, given to no side.
        base = base.add(c.weight);
        return reported(raw[i]!, c.weight, true);
      }
      return reported(raw[i]!, Rational.ZERO, false);
    }
    const effective = c.weight.add(bonus);
    const b = bases[i]!;
    forSum = forSum.add(effective.mul(c.for).div(b));
    againstSum = againstSum.add(effective.mul(c.against).div(b));
    base = base.add(effective);
    return reported(raw[i]!, effective, true);
  });
  return { for: forSum, against: againstSum, base, colleges: results };
}

function countCollegeBloc(rule: TallyRule, raw: readonly CollegeTotals[], prepared: PreparedColleges): Counted {
  type Outcome = "for" | "against" | "tie" | "silent";
  const colleges = prepared.totals;
  const bloc = rule.college?.bloc;
  const blocs: (BlocVote | undefined)[] = [];
  let undecided = false;
  const outcomes: Outcome[] = colleges.map((c, i) => {
    const collegeTotal = collegeBase(rule, c);
    // Below its quorum: neutralised, as a tie is.
    if (prepared.belowQuorum.has(c.id)) return "tie";
    if (collegeTotal.isZero()) return "silent";
    if (bloc) {
      const vote = (blocs[i] = blocVote(bloc, c.for, collegeTotal));
      if (vote === "none") undecided = true;
      return vote === "none" ? "tie" : vote;
    }
    // Under `present`, abstentions weigh like against.
    const against = rule.base === "cast" ? c.against : c.against.add(c.abstain);
    const cmp = c.for.cmp(against);
    return cmp > 0 ? "for" : cmp < 0 ? "against" : "tie";
  });
  const winners = outcomes.filter((o) => o === "for" || o === "against").length;
  const silentWeight = Rational.sum(colleges.filter((_, i) => outcomes[i] === "silent").map((c) => c.weight));
  const bonus = rule.emptyCollege === "equal-share" && winners > 0 ? silentWeight.div(Rational.of(winners)) : Rational.ZERO;

  let forSum = Rational.ZERO;
  let againstSum = Rational.ZERO;
  let base = Rational.ZERO;
  const results = colleges.map((c, i) => {
    const outcome = outcomes[i]!;
    if (outcome === "for" || outcome === "against") {
      const effective = c.weight.add(bonus);
      if (outcome === "for") forSum = forSum.add(effective);
      else againstSum = againstSum.add(effective);
      base = base.add(effective);
      return reported(raw[i]!, effective, true);
    }
    if (outcome === "silent" && rule.emptyCollege === "count-against") {
      base = base.add(c.weight);
      return reported(raw[i]!, c.weight, true);
    }
    // A tie neutralises the college whatever emptyCollege says.
    return reported(raw[i]!, Rational.ZERO, false);
  });
  return { for: forSum, against: againstSum, base, colleges: results, ...(bloc ? { blocs, undecided } : {}) };
}

/**
 * Counted colleges whose share of the base went above one half only because other colleges
 * were neutralised or their weight redistributed: that college then decides alone.
 */
function weightWarnings(counted: Counted, colleges: readonly CollegeTotals[]): string[] {
  if (!counted.base.isPositive()) return [];
  const total = Rational.sum(colleges.map((c) => c.weight));
  if (!total.isPositive()) return [];
  const warnings: string[] = [];
  counted.colleges.forEach((c) => {
    if (!c.counted) return;
    const relative = c.effectiveWeight.div(counted.base);
    if (relative.gt(HALF) && relative.gt(c.weight.div(total))) {
      warnings.push(`college ${c.id} effective weight ${relative} exceeds 1/2`);
    }
  });
  return warnings;
}

/**
 * Combines aggregates. `unassigned` holds ballots with no college (only meaningful for headcount).
 * `quorum` is the already-counted quorum figures, when the rule has a quorum.
 */
export function combine(
  rule: TallyRule,
  input: { colleges: CollegeTotals[]; unassigned?: ChoiceTotals; quorum?: { required: Rational; present: Rational } },
): TallyResult {
  const colleges = input.colleges;
  const ids = new Set<string>();
  for (const c of colleges) {
    if (ids.has(c.id)) throw new RangeError(`college ${c.id} appears twice`);
    ids.add(c.id);
    if (c.weight.isNegative()) throw new RangeError(`college ${c.id}: weight must not be negative, got ${c.weight}`);
    checkTotals(`college ${c.id}`, c);
  }
  if (input.unassigned) checkTotals("unassigned ballots", input.unassigned);
  if (!Number.isSafeInteger(rule.headcountBelowColleges) || rule.headcountBelowColleges < 0) {
    throw new RangeError(`headcountBelowColleges must be a non-negative integer, got ${rule.headcountBelowColleges}`);
  }
  if (rule.quorum && !input.quorum) {
    // Silently skipping the quorum could adopt a resolution the assembly could not decide.
    throw new RangeError("the rule has a quorum: its figures (required, present) must be given");
  }

  // The college options apply when counting by college: abstentions moved, colleges below their quorum left out.
  const prepared = prepareColleges(rule, colleges);
  const voiced = prepared.totals.filter((c) => !prepared.belowQuorum.has(c.id) && collegeBase(rule, c).isPositive()).length;
  const headcountFallback = rule.method !== "headcount" && rule.headcountBelowColleges > 0 && voiced < rule.headcountBelowColleges;

  let counted: Counted;
  let warnings: string[] = [];
  if (rule.method === "headcount" || headcountFallback) {
    counted = countHeadcount(rule, colleges, input.unassigned);
  } else {
    counted = rule.method === "proportional" ? countProportional(rule, colleges, prepared) : countCollegeBloc(rule, colleges, prepared);
    warnings = weightWarnings(counted, colleges);
    counted.colleges = counted.colleges.map((c, i) => {
      const quorum = prepared.quorums[i];
      const bloc = counted.blocs?.[i];
      return { ...c, ...(quorum ? { quorum } : {}), ...(bloc ? { bloc } : {}) };
    });
  }
  // No side of a college reached its bloc threshold, and the statutes call a second round then.
  const secondRound = hasSecondRound(rule) && counted.undecided === true;

  const share = counted.base.isPositive() ? counted.for.div(counted.base) : null;
  const percent = share === null ? null : share.toPercent(2);
  const meets = share !== null && (rule.strict ? share.gt(rule.threshold) : share.gte(rule.threshold));
  // A tie never adopts: there is no casting vote at an assembly.
  const thresholdMet = meets && !counted.for.eq(counted.against);

  const quorum = input.quorum
    ? { required: input.quorum.required, present: input.quorum.present, reached: input.quorum.present.gte(input.quorum.required) }
    : undefined;

  let reason: Reason;
  if (quorum && !quorum.reached) reason = "quorum-not-reached";
  else if (secondRound) reason = "second-round";
  else if (share === null) reason = "no-votes";
  else reason = thresholdMet ? "threshold-met" : "threshold-not-met";

  return {
    adopted: reason === "threshold-met",
    reason,
    for: counted.for,
    against: counted.against,
    base: counted.base,
    share,
    percent,
    ...(quorum ? { quorum } : {}),
    colleges: counted.colleges,
    warnings,
    headcountFallback,
  };
}

/** JSON form of a result, per DESIGN §5: fractions reduced as "n/d" or "n". */
export function resultToJson(r: TallyResult): Record<string, unknown> {
  return {
    adopted: r.adopted,
    reason: r.reason,
    for: r.for.toString(),
    against: r.against.toString(),
    base: r.base.toString(),
    share: r.share === null ? null : r.share.toString(),
    percent: r.percent,
    ...(r.quorum
      ? { quorum: { required: r.quorum.required.toString(), present: r.quorum.present.toString(), reached: r.quorum.reached } }
      : {}),
    colleges: r.colleges.map((c) => ({
      id: c.id,
      for: c.for.toString(),
      against: c.against.toString(),
      abstain: c.abstain.toString(),
      weight: c.weight.toString(),
      effectiveWeight: c.effectiveWeight.toString(),
      counted: c.counted,
      ...(c.quorum ? { quorum: { required: c.quorum.required.toString(), present: c.quorum.present.toString(), reached: c.quorum.reached } } : {}),
      ...(c.bloc ? { bloc: c.bloc } : {}),
    })),
    warnings: [...r.warnings],
    headcountFallback: r.headcountFallback,
  };
}
