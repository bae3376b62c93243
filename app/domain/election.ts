/**
 * The count of an election (issue 15): seats to fill among candidates, by plurinominal majority
 * (each voter approves up to as many candidates as seats; one or two rounds) or by approval per
 * candidate (for / against / abstain on each, elected above a threshold). Pure and exact, from
 * aggregates as one SQL GROUP BY (or a secret ballot box's decrypted sums) gives them: per college,
 * the weight of the ballots cast and, per candidate, the weights of the marks. Ties: election-ties.ts.
 * The format and worked examples: docs/election-file.md.
 */
import { breakTie, isDay, type TieBreak, type TieBreakRule, type TiedCandidate } from "./election-ties";
import { Rational } from "./rational";
import { combine, type Base, type CollegeTotals, type TallyRule } from "./tally";

export type { TieBreak, TieBreakRule } from "./election-ties";
export { electionResultToJson } from "./election-json";

export type ElectionMethod = "plurinominal" | "approval";
export type ElectionWeighting = "proportional" | "headcount";

export interface ReservedSeats {
  college: string;
  seats: number;
}

export interface ElectionRule {
  method: ElectionMethod;
  /** Seats to fill in this round (in a second round: the seats the first left). */
  seats: number;
  /** Seats reserved to candidates of a college, filled first; the others are open to all. */
  seatsPerCollege?: ReservedSeats[];
  /** proportional: college weights as for resolutions; headcount: member weights, no colleges. */
  weighting: ElectionWeighting;
  /** Plurinominal: 1 or 2 (approval: 1). */
  round: 1 | 2;
  /** Plurinominal, round 1: elected only with more than half of the base. */
  absoluteMajority: boolean;
  /** "cast": blank ballots (plurinominal) and abstentions (approval) are not in the base. */
  base: Base;
  /** Approval: the share of for a candidate needs (as a resolution's threshold). */
  threshold: Rational;
  strict: boolean;
  tieBreak: TieBreakRule;
}

export interface ElectionCandidate extends TiedCandidate {
  name?: string;
  /** The college whose reserved seats the candidate may take. */
  college?: string;
}

/** Sums of the member weights of one kind of mark on one candidate. */
export interface CandidateMarks {
  candidate: string;
  /** Plurinominal: the approvals; approval: the for. */
  for: Rational;
  against?: Rational;
  /** Approval: absent, the ballots that said neither for nor against (ballots − for − against). */
  abstain?: Rational;
}

export interface ElectionBallotTotals {
  /** Σ member weights of the accepted ballots. */
  ballots: Rational;
  /** Plurinominal: Σ member weights of the ballots approving nobody (part of `ballots`). */
  blank?: Rational;
  marks: CandidateMarks[];
}

export interface ElectionCollegeTotals extends ElectionBallotTotals {
  id: string;
  weight: Rational;
}

export interface ElectionInput {
  candidates: ElectionCandidate[];
  colleges: ElectionCollegeTotals[];
  /** Ballots of members outside the colleges: counted only under headcount. */
  unassigned?: ElectionBallotTotals;
  /** The seed of a draw by lot, when one may be needed. */
  seed?: string;
}

export interface CandidateCollegeResult {
  id: string;
  for: Rational;
  /** Approval only. */
  against?: Rational;
  abstain?: Rational;
  effectiveWeight: Rational;
  counted: boolean;
}

export interface CandidateResult {
  id: string;
  name?: string;
  college?: string;
  /** 1 + the number of candidates ranked strictly before (tied candidates share a rank). */
  rank: number;
  elected: boolean;
  /** Elected on a seat reserved to the candidate's college. */
  reservedSeat: boolean;
  /** Weighted for (plurinominal: approvals). */
  for: Rational;
  /** Approval only. */
  against?: Rational;
  base: Rational;
  share: Rational | null;
  percent: string | null;
  /** Meets what election needs: the absolute majority, a vote at all, or the approval threshold. */
  requirementMet: boolean;
  colleges: CandidateCollegeResult[];
}

export interface ElectionCollegeResult {
  id: string;
  weight: Rational;
  ballots: Rational;
  blank: Rational;
}

export interface ElectionResult {
  method: ElectionMethod;
  weighting: ElectionWeighting;
  round: 1 | 2;
  seats: number;
  /** In the order of the candidates' list below. */
  elected: string[];
  seatsLeft: number;
  /** Reserved seats left unfilled, per college. */
  reservedLeft: ReservedSeats[];
  /** Plurinominal round 1 with an absolute majority required and seats left. */
  secondRound: boolean;
  colleges: ElectionCollegeResult[];
  /** Ranked: by rank, the elected first, then in the tie-breaks' order, then as given. */
  candidates: CandidateResult[];
  tieBreaks: (TieBreak & { college?: string; seats: number })[];
  warnings: string[];
}

const HALF = Rational.of(1, 2);
const ZERO = Rational.ZERO;

function positiveInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${what} must be a whole number of at least 1, got ${n}`);
}

function nonNegative(r: Rational, what: string): void {
  if (r.isNegative()) throw new RangeError(`${what} must not be negative, got ${r}`);
}

function checkRule(rule: ElectionRule): ReservedSeats[] {
  positiveInteger(rule.seats, "seats");
  if (rule.round !== 1 && rule.round !== 2) throw new RangeError(`round must be 1 or 2, got ${rule.round}`);
  if (rule.method === "approval" && rule.round !== 1) throw new RangeError("an approval election has one round");
  if (!rule.threshold.isPositive() || rule.threshold.gt(Rational.ONE)) throw new RangeError(`threshold must be in (0, 1], got ${rule.threshold}`);
  const reserved = rule.seatsPerCollege ?? [];
  const seen = new Set<string>();
  for (const r of reserved) {
    positiveInteger(r.seats, `reserved seats of college ${r.college}`);
    if (seen.has(r.college)) throw new RangeError(`college ${r.college} has its reserved seats twice`);
    seen.add(r.college);
  }
  const total = reserved.reduce((s, r) => s + r.seats, 0);
  if (total > rule.seats) throw new RangeError(`reserved seats (${total}) exceed the seats (${rule.seats})`);
  return reserved;
}

/** Per candidate id, its marks in one college (or outside the colleges), checked. */
function marksOf(rule: ElectionRule, where: string, t: ElectionBallotTotals, known: ReadonlySet<string>) {
  nonNegative(t.ballots, `${where}: ballots`);
  const blank = rule.method === "plurinominal" ? t.blank ?? ZERO : ZERO;
  nonNegative(blank, `${where}: blank`);
  if (blank.gt(t.ballots)) throw new RangeError(`${where}: blank (${blank}) exceeds ballots (${t.ballots})`);
  // What one ballot can give a candidate: an approval only on a ballot that is not blank.
  const voting = t.ballots.sub(blank);
  const out = new Map<string, { for: Rational; against: Rational; abstain: Rational }>();
  let approvals = ZERO;
  for (const m of t.marks) {
    if (!known.has(m.candidate)) throw new RangeError(`${where}: ${m.candidate} is not a candidate`);
    if (out.has(m.candidate)) throw new RangeError(`${where}: candidate ${m.candidate} has its marks twice`);
    const against = rule.method === "approval" ? m.against ?? ZERO : ZERO;
    nonNegative(m.for, `${where}: for ${m.candidate}`);
    nonNegative(against, `${where}: against ${m.candidate}`);
    const abstain = rule.method === "approval" ? m.abstain ?? t.ballots.sub(m.for).sub(against) : ZERO;
    nonNegative(abstain, `${where}: abstain ${m.candidate} (for and against exceed the ballots)`);
    if (m.for.add(against).add(abstain).gt(voting)) throw new RangeError(`${where}: the marks on ${m.candidate} exceed the ballots (${voting})`);
    approvals = approvals.add(m.for);
    out.set(m.candidate, { for: m.for, against, abstain });
  }
  // Nobody approves more candidates than there are seats.
  const cap = voting.mul(Rational.of(rule.seats));
  if (approvals.gt(cap)) throw new RangeError(`${where}: ${approvals} approvals exceed seats × ballots (${cap})`);
  return { ballots: t.ballots, blank, base: rule.base === "cast" ? voting : t.ballots, marks: out };
}

/** The rule a candidate of an approval election is counted by: a resolution's. */
export function approvalTallyRule(rule: ElectionRule): TallyRule {
  return {
    method: rule.weighting === "headcount" ? "headcount" : "proportional",
    base: rule.base,
    threshold: rule.threshold,
    strict: rule.strict,
    emptyCollege: "neutralise",
    headcountBelowColleges: 0,
  };
}

type Scored = Omit<CandidateResult, "rank" | "elected" | "reservedSeat">;

function scoreCandidates(rule: ElectionRule, input: ElectionInput, warnings: string[]): Scored[] {
  const known = new Set<string>();
  for (const c of input.candidates) {
    if (c.id === "" || known.has(c.id)) throw new RangeError(`candidate id "${c.id}" is empty or given twice`);
    known.add(c.id);
    for (const day of [c.bornOn, c.memberSince])
      if (day !== undefined && !isDay(day)) throw new RangeError(`candidate ${c.id}: "${day}" is not a day YYYY-MM-DD`);
  }
  const ids = new Set<string>();
  const colleges = input.colleges.map((c) => {
    if (ids.has(c.id)) throw new RangeError(`college ${c.id} appears twice`);
    ids.add(c.id);
    nonNegative(c.weight, `college ${c.id}: weight`);
    return { id: c.id, weight: c.weight, ...marksOf(rule, `college ${c.id}`, c, known) };
  });
  const outside = input.unassigned ? marksOf(rule, "unassigned ballots", input.unassigned, known) : undefined;
  const none = { for: ZERO, against: ZERO, abstain: ZERO };
  const about = (c: ElectionCandidate) => ({
    id: c.id,
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(c.college !== undefined ? { college: c.college } : {}),
  });

  if (rule.method === "approval") {
    const tallyRule = approvalTallyRule(rule);
    return input.candidates.map((cand): Scored => {
      const totals: CollegeTotals[] = colleges.map((c) => ({ id: c.id, weight: c.weight, ...(c.marks.get(cand.id) ?? { ...none, abstain: c.ballots }) }));
      const unassigned = outside ? outside.marks.get(cand.id) ?? { ...none, abstain: outside.ballots } : undefined;
      const r = combine(tallyRule, { colleges: totals, ...(unassigned ? { unassigned } : {}) });
      warnings.push(...r.warnings.map((w) => `candidate ${cand.id}: ${w}`));
      return {
        ...about(cand),
        for: r.for,
        against: r.against,
        base: r.base,
        share: r.share,
        percent: r.percent,
        requirementMet: r.adopted,
        colleges: r.colleges.map((c) => ({
          id: c.id,
          for: c.for,
          against: c.against,
          abstain: c.abstain,
          effectiveWeight: c.effectiveWeight,
          counted: c.counted,
        })),
      };
    });
  }

  // Plurinominal: one base for every candidate.
  const byColleges = rule.weighting === "proportional";
  const counted = colleges.map((c) => byColleges && c.base.isPositive());
  const base = byColleges
    ? Rational.sum(colleges.filter((_, i) => counted[i]).map((c) => c.weight))
    : Rational.sum([...colleges.map((c) => c.base), outside?.base ?? ZERO]);
  if (byColleges && base.isPositive()) {
    const total = Rational.sum(colleges.map((c) => c.weight));
    colleges.forEach((c, i) => {
      const relative = c.weight.div(base);
      if (counted[i] && relative.gt(HALF) && relative.gt(c.weight.div(total))) warnings.push(`college ${c.id} effective weight ${relative} exceeds 1/2`);
    });
  }
  const majority = rule.round === 1 && rule.absoluteMajority;
  return input.candidates.map((cand): Scored => {
    const approvals = colleges.map((c) => c.marks.get(cand.id)?.for ?? ZERO);
    const score = byColleges
      ? Rational.sum(colleges.map((c, i) => (counted[i] ? c.weight.mul(approvals[i]!).div(c.base) : ZERO)))
      : Rational.sum([...approvals, outside?.marks.get(cand.id)?.for ?? ZERO]);
    const share = base.isPositive() ? score.div(base) : null;
    return {
      ...about(cand),
      for: score,
      base,
      share,
      percent: share === null ? null : share.toPercent(2),
      requirementMet: share !== null && (majority ? share.gt(HALF) : score.isPositive()),
      colleges: colleges.map((c, i) => ({ id: c.id, for: approvals[i]!, effectiveWeight: counted[i] ? c.weight : ZERO, counted: counted[i]! })),
    };
  });
}

/** -1 when a ranks before b: meeting the requirement first, then the greater share. */
function compareScores(a: Scored, b: Scored): number {
  if (a.requirementMet !== b.requirementMet) return a.requirementMet ? -1 : 1;
  if (a.share === null || b.share === null) return a.share === b.share ? 0 : a.share === null ? 1 : -1;
  return b.share.cmp(a.share);
}

/** Counts an election from its aggregates. Throws RangeError on inconsistent input. */
export function countElection(rule: ElectionRule, input: ElectionInput): ElectionResult {
  const reserved = checkRule(rule);
  const warnings: string[] = [];
  const scored = scoreCandidates(rule, input, warnings);
  const byId = new Map(input.candidates.map((c) => [c.id, c]));

  // Groups of equal standing, best first; only candidates meeting the requirement may be elected.
  const sorted = [...scored].sort(compareScores);
  const groups: Scored[][] = [];
  for (const s of sorted) {
    const last = groups.at(-1);
    if (last && compareScores(last[0]!, s) === 0) last.push(s);
    else groups.push([s]);
  }
  const rank = new Map<string, number>();
  let before = 0;
  for (const g of groups) {
    for (const s of g) rank.set(s.id, before + 1);
    before += g.length;
  }

  const elected = new Set<string>();
  const onReserved = new Set<string>();
  const tieBreaks: ElectionResult["tieBreaks"] = [];
  /** Fills `seats` from the groups in order among the candidates `may` allows; returns the seats left. */
  const fill = (seats: number, may: (s: Scored) => boolean, college?: string): number => {
    for (const g of groups) {
      if (seats === 0) break;
      const members = g.filter((s) => s.requirementMet && !elected.has(s.id) && may(s));
      if (members.length === 0) continue;
      let chosen = members.map((s) => s.id);
      if (members.length > seats) {
        const tie = breakTie(
          members.map((s) => byId.get(s.id)!),
          rule.tieBreak,
          input.seed
        );
        tieBreaks.push({ ...(college !== undefined ? { college } : {}), seats, ...tie });
        chosen = tie.order.slice(0, seats);
      }
      for (const id of chosen) {
        elected.add(id);
        if (college !== undefined) onReserved.add(id);
      }
      seats -= chosen.length;
    }
    return seats;
  };
  const reservedLeft: ReservedSeats[] = [];
  for (const r of reserved) {
    const left = fill(r.seats, (s) => s.college === r.college, r.college);
    if (left > 0) reservedLeft.push({ college: r.college, seats: left });
  }
  const openLeft = fill(rule.seats - reserved.reduce((n, r) => n + r.seats, 0), () => true);
  const seatsLeft = openLeft + reservedLeft.reduce((n, r) => n + r.seats, 0);

  // Output order: rank, the elected first, the tie-breaks' order, then the candidates' order.
  const position = new Map(input.candidates.map((c, i) => [c.id, i]));
  const tiePlace = new Map<string, [number, number]>();
  tieBreaks.forEach((t, i) => t.order.forEach((id, j) => tiePlace.set(id, [i, j])));
  const key = (id: string): number[] => [rank.get(id)!, elected.has(id) ? 0 : 1, ...(tiePlace.get(id) ?? [Infinity, 0]), position.get(id)!];
  const candidates = scored
    .map((s): CandidateResult => ({ ...s, rank: rank.get(s.id)!, elected: elected.has(s.id), reservedSeat: onReserved.has(s.id) }))
    .sort((a, b) => {
      const [ka, kb] = [key(a.id), key(b.id)];
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
      return 0;
    });
  for (const r of reservedLeft) warnings.push(`college ${r.college}: ${r.seats} reserved seat(s) left unfilled`);

  return {
    method: rule.method,
    weighting: rule.weighting,
    round: rule.round,
    seats: rule.seats,
    elected: candidates.filter((c) => c.elected).map((c) => c.id),
    seatsLeft,
    reservedLeft,
    secondRound: rule.method === "plurinominal" && rule.round === 1 && rule.absoluteMajority && seatsLeft > 0,
    colleges: input.colleges.map((c) => ({ id: c.id, weight: c.weight, ballots: c.ballots, blank: rule.method === "plurinominal" ? c.blank ?? ZERO : ZERO })),
    candidates,
    tieBreaks,
    warnings,
  };
}
