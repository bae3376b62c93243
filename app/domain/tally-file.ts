/**
 * The tally file (DESIGN.md §5, docs/tally-file.md) once parsed: from a whole vote described in
 * one file to its result, so that anyone can recompute it without the server. Two forms: the
 * ballots form (one line per ballot, for open votes) and the totals form (per-college totals and
 * participation figures only, for secret votes). The ballots form is counted by turning it into
 * its totals form, so both forms of the same vote give the same result by construction. Pure; the
 * parsing and its error messages are in app/schemas/tally-file.ts, the command in db/tally.ts.
 */
import { WEIGHT_SCALE, votingWeightText } from "./members";
import { classifyProxiesByStatute, hasProxyStatute, proxyCap } from "./proxies";
import { Rational } from "./rational";
import { collegeRuleJson, proxyRuleJson } from "./college-rules";
import { combine, quorumRequired, resultToJson, type Choice, type ChoiceTotals, type CollegeTotals, type TallyRule } from "./tally";

export interface TallyFileCollege {
  id: string;
  name?: string;
  weight: Rational;
}

export interface TallyFileElector {
  voter: string;
  college?: string;
  /** The member's own weight; "1" when the file does not say. */
  weight: Rational;
}

export interface TallyFileProxy {
  principal: string;
  holder: string;
}

export interface TallyFileBallot {
  voter: string;
  college?: string;
  choice: Choice;
  /** Absent: the electorate's weight for the voter, else 1. */
  weight?: Rational;
  /** Who cast it; the voter unless a proxy holder did. */
  castBy: string;
}

/** The ballots form. */
export interface TallyFile {
  rule: TallyRule;
  colleges: TallyFileCollege[];
  electorate?: TallyFileElector[];
  participants?: string[];
  proxies: TallyFileProxy[];
  ballots: TallyFileBallot[];
}

/** Sums of the member weights of one college's accepted votes (or of one channel of them). */
export interface TallyFileTotals extends ChoiceTotals {
  /** Absent: votes of members outside the colleges (counted when the vote is counted by headcount). */
  college?: string;
  /** Where these votes come from ("ballot-box", "paper", "show-of-hands"…): told, not used. */
  channel?: string;
}

/**
 * What the quorum needs when voters cannot be listed, in the quorum's basis: numbers of members
 * (basis "headcount", or no quorum), or sums of their own weights (basis "weight").
 */
export interface TallyFileParticipation {
  eligible: Rational;
  present: Rational;
  /** Per college of the file (its order), numbers of members: what a quorum per college (rule.college.quorum) needs. */
  colleges?: TallyFileCollegeParticipation[];
}

export interface TallyFileCollegeParticipation {
  college: string;
  eligible: Rational;
  present: Rational;
}

/** The totals form: no voter, no ballot, no per-ballot weight. */
export interface TotalsTallyFile {
  rule: TallyRule;
  colleges: TallyFileCollege[];
  totals: TallyFileTotals[];
  participation?: TallyFileParticipation;
  /** No ballot and no proxy (always empty), so that code reading either form finds none. */
  ballots: readonly never[];
  proxies: readonly never[];
  electorate?: undefined;
  participants?: undefined;
}

export type AnyTallyFile = TallyFile | TotalsTallyFile;

export type RejectionReason = "not-eligible" | "no-proxy" | "proxy-over-cap" | "proxy-other-college";

export interface RejectedBallot {
  voter: string;
  reason: RejectionReason;
}

/** An accepted ballot with its weight resolved (the ballot's, else the electorate's, else 1). */
export interface AcceptedBallot {
  voter: string;
  college?: string;
  choice: Choice;
  weight: Rational;
  castBy: string;
}

const ONE = Rational.ONE;

export function isTotalsForm(file: AnyTallyFile): file is TotalsTallyFile {
  return "totals" in file;
}

function zeroTotals(): ChoiceTotals {
  return { for: Rational.ZERO, against: Rational.ZERO, abstain: Rational.ZERO };
}

/** Everyone the file names as a voter, a ballot's caster, a principal or a holder. */
function peopleNamed(file: TallyFile): number {
  const people = new Set<string>();
  for (const b of file.ballots) people.add(b.voter).add(b.castBy);
  for (const p of file.proxies) people.add(p.principal).add(p.holder);
  return people.size;
}

/**
 * The ballots the engine counts and those it rejects (DESIGN.md §5), with the participation
 * figures of the quorum when the rule has one.
 */
export function screenBallots(file: TallyFile): { accepted: AcceptedBallot[]; rejectedBallots: RejectedBallot[]; participation?: TallyFileParticipation } {
  const rule = file.rule;
  const electorate = file.electorate ? new Map(file.electorate.map((e) => [e.voter, e])) : null;

  // 1. Proxies, in file order: a holder's earliest ones within the cap are valid, and under the
  // statutes' own rules only those given within the principal's college, within the cap per college.
  const cap = rule.proxy?.maxPerHolder !== undefined ? proxyCap(rule.proxy.maxPerHolder, electorate ? electorate.size : peopleNamed(file)) : null;
  const statute = hasProxyStatute(rule.proxy)
    ? { sameCollege: rule.proxy!.sameCollege ?? false, maxPerCollege: rule.proxy!.maxPerCollege ?? null, collegeOf: (m: string) => electorate?.get(m)?.college }
    : null;
  const classified = classifyProxiesByStatute(file.proxies, cap, statute);
  // The holder must be a member: outside a given electorate the proxy is worth nothing.
  const valid = classified.valid.filter((p) => electorate === null || electorate.has(p.holder));
  // Looked up by (principal, holder): a ballot cast by someone else needs that very proxy.
  const pair = (principal: string, holder: string) => JSON.stringify([principal, holder]);
  const validPairs = new Set(valid.map((p) => pair(p.principal, p.holder)));
  const voidPairs = new Map(
    classified.void.map((v): [string, RejectionReason] => [pair(v.proxy.principal, v.proxy.holder), v.reason === "other-college" ? "proxy-other-college" : "proxy-over-cap"]),
  );

  // 2. Ballots, in file order.
  const accepted: AcceptedBallot[] = [];
  const rejectedBallots: RejectedBallot[] = [];
  for (const b of file.ballots) {
    let reason: RejectionReason | null = null;
    if (electorate !== null && !electorate.has(b.voter)) reason = "not-eligible";
    else if (b.castBy !== b.voter && !validPairs.has(pair(b.voter, b.castBy))) {
      reason = voidPairs.get(pair(b.voter, b.castBy)) ?? "no-proxy";
    }
    if (reason !== null) {
      rejectedBallots.push({ voter: b.voter, reason });
      continue;
    }
    const weight = b.weight ?? electorate?.get(b.voter)?.weight ?? ONE;
    accepted.push({ voter: b.voter, ...(b.college !== undefined ? { college: b.college } : {}), choice: b.choice, weight, castBy: b.castBy });
  }
  if (!rule.quorum && !rule.college?.quorum) return { accepted, rejectedBallots };

  // 3. Quorum: participants, plus those represented by a valid proxy whose holder participates.
  if (electorate === null) throw new RangeError("a quorum needs an electorate");
  const participants = new Set<string>(file.participants ?? accepted.flatMap((b) => [b.voter, b.castBy]));
  for (const p of valid) if (participants.has(p.holder)) participants.add(p.principal);
  const present = [...participants].filter((m) => electorate.has(m));
  const count = (members: Iterable<string>) =>
    rule.quorum?.basis === "weight" ? Rational.sum([...members].map((m) => electorate.get(m)!.weight)) : Rational.of([...members].length);
  const participation: TallyFileParticipation = { eligible: count(electorate.keys()), present: count(present) };
  if (rule.college?.quorum) {
    // A quorum per college counts members (headcount), in the college the electorate gives them.
    const inCollege = (members: Iterable<string>, college: string) => Rational.of([...members].filter((m) => electorate.get(m)!.college === college).length);
    participation.colleges = file.colleges.map((c) => ({ college: c.id, eligible: inCollege(electorate.keys(), c.id), present: inCollege(present, c.id) }));
  }
  return { accepted, rejectedBallots, participation };
}

/**
 * The totals form of a ballots form: per college (every college of the file, in its order) the
 * sums of the accepted ballots' weights, then one entry with no college for the ballots outside
 * the colleges (headcount only), and the participation figures of the quorum.
 */
export function toTotalsForm(file: TallyFile): { file: TotalsTallyFile; rejectedBallots: RejectedBallot[] } {
  const { accepted, rejectedBallots, participation } = screenBallots(file);
  const totals = new Map<string, ChoiceTotals>(file.colleges.map((c) => [c.id, zeroTotals()]));
  let unassigned: ChoiceTotals | undefined;
  for (const b of accepted) {
    let bucket = b.college === undefined ? undefined : totals.get(b.college);
    if (bucket === undefined) {
      if (file.rule.method !== "headcount") throw new RangeError(`ballot of ${b.voter}: no known college under ${file.rule.method}`);
      bucket = unassigned ??= zeroTotals();
    }
    bucket[b.choice] = bucket[b.choice].add(b.weight);
  }
  return {
    file: {
      rule: file.rule,
      colleges: file.colleges,
      totals: [...[...totals].map(([college, t]) => ({ college, ...t })), ...(unassigned ? [unassigned] : [])],
      ...(participation ? { participation } : {}),
      ballots: [],
      proxies: [],
    },
    rejectedBallots,
  };
}

/** The engine's result for a totals form (resultToJson order). */
function tallyTotals(file: TotalsTallyFile): Record<string, unknown> {
  const rule = file.rule;
  const known = new Map<string, ChoiceTotals>(file.colleges.map((c) => [c.id, zeroTotals()]));
  let unassigned: ChoiceTotals | undefined;
  for (const t of file.totals) {
    let bucket = t.college === undefined ? undefined : known.get(t.college);
    if (bucket === undefined) {
      // Outside the colleges: counted only by headcount (the rule's, or its fallback).
      if (t.college !== undefined && rule.method !== "headcount") throw new RangeError(`totals of college ${t.college}, not a college of the file, under ${rule.method}`);
      bucket = unassigned ??= zeroTotals();
    }
    for (const choice of ["for", "against", "abstain"] as const) bucket[choice] = bucket[choice].add(t[choice]);
  }
  let quorum: { required: Rational; present: Rational } | undefined;
  if (rule.quorum) {
    const p = file.participation;
    if (p === undefined) throw new RangeError("a quorum needs the participation figures");
    quorum = { required: quorumRequired(rule.quorum.fraction, p.eligible), present: p.present };
  }
  const turnout = new Map((file.participation?.colleges ?? []).map((c) => [c.college, c]));
  if (rule.college?.quorum && rule.method !== "headcount") {
    for (const c of file.colleges) if (!turnout.has(c.id)) throw new RangeError(`a quorum per college needs the participation figures of college ${c.id}`);
  }
  const colleges: CollegeTotals[] = file.colleges.map((c) => {
    const t = rule.college?.quorum ? turnout.get(c.id) : undefined;
    return { id: c.id, weight: c.weight, ...known.get(c.id)!, ...(t ? { eligible: t.eligible, present: t.present } : {}) };
  });
  return resultToJson(combine(rule, { colleges, ...(unassigned ? { unassigned } : {}), ...(quorum ? { quorum } : {}) }));
}

/**
 * The result of a parsed tally file, either form, as JSON: the engine's result (resultToJson)
 * with `rejectedBallots` after `colleges`, in the order of DESIGN.md §5 (always empty for the
 * totals form, whose totals are of accepted votes only).
 */
export function tallyFile(file: AnyTallyFile): Record<string, unknown> {
  const { file: totals, rejectedBallots } = isTotalsForm(file) ? { file, rejectedBallots: [] } : toTotalsForm(file);
  const { warnings, headcountFallback, ...head } = tallyTotals(totals);
  return { ...head, rejectedBallots, warnings, headcountFallback };
}

// ---- Writing the totals form as JSON (what the app exports and the verifier rebuilds) ----

/** An exact amount as the file writes it: a decimal when it has one ("2.5"), else a fraction ("1/3"). */
export function amountText(r: Rational): string {
  const micro = r.mul(Rational.of(WEIGHT_SCALE));
  return micro.den === 1n && !r.isNegative() ? votingWeightText(micro.num) : r.toString();
}

/** The rule member of a tally file. */
export function tallyRuleJson(t: TallyRule) {
  return {
    method: t.method,
    base: t.base,
    threshold: t.threshold.toString(),
    strict: t.strict,
    emptyCollege: t.emptyCollege,
    headcountBelowColleges: t.headcountBelowColleges,
    ...(t.quorum ? { quorum: { fraction: t.quorum.fraction.toString(), basis: t.quorum.basis } } : {}),
    ...(t.proxy ? { proxy: proxyRuleJson(t.proxy) } : {}),
    ...(t.college ? { college: collegeRuleJson(t.college) } : {}),
  };
}

export interface TotalsJson {
  college?: string;
  channel?: string;
  for: string;
  against: string;
  abstain: string;
}

export function totalsJson(t: TallyFileTotals): TotalsJson {
  return {
    ...(t.college !== undefined ? { college: t.college } : {}),
    ...(t.channel !== undefined ? { channel: t.channel } : {}),
    for: amountText(t.for),
    against: amountText(t.against),
    abstain: amountText(t.abstain),
  };
}

export function participationJson(p: TallyFileParticipation) {
  return {
    eligible: amountText(p.eligible),
    present: amountText(p.present),
    ...(p.colleges ? { colleges: p.colleges.map((c) => ({ college: c.college, eligible: amountText(c.eligible), present: amountText(c.present) })) } : {}),
  };
}

/** A whole totals form as JSON, ready for `npm run tally`. */
export function totalsFormJson(file: TotalsTallyFile) {
  return {
    rule: tallyRuleJson(file.rule),
    colleges: file.colleges.map((c) => ({ id: c.id, ...(c.name !== undefined ? { name: c.name } : {}), weight: c.weight.toString() })),
    totals: file.totals.map(totalsJson),
    ...(file.participation ? { participation: participationJson(file.participation) } : {}),
  };
}

/** The box's id for "no college" (members outside any college, headcount votes). */
export const NO_COLLEGE = "none";

/**
 * The totals of a secret vote's decrypted ballot box: per college (the box's order), its totals
 * in millionths in the order of the question's answers, which must be for, against and abstain.
 * Colleges among `known` (the vote's colleges) keep their id; the others — "none", and colleges
 * that have no weight in the vote — are added up in one last entry with no college.
 */
export function boxTotals(
  answers: readonly string[],
  colleges: readonly { id: string; totals: readonly (string | bigint)[] }[],
  known: ReadonlySet<string>,
  channel = "ballot-box",
): TallyFileTotals[] {
  const index = (["for", "against", "abstain"] as const).map((choice) => {
    const i = answers.indexOf(choice);
    if (i < 0 || answers.length !== 3) throw new RangeError(`the question's answers must be "for", "against" and "abstain", got ${JSON.stringify(answers)}`);
    return i;
  });
  const out: TallyFileTotals[] = [];
  let outside: TallyFileTotals | undefined;
  for (const c of colleges) {
    const [f, a, ab] = index.map((i) => Rational.fromScaled(BigInt(c.totals[i] ?? 0), WEIGHT_SCALE)) as [Rational, Rational, Rational];
    if (c.id !== NO_COLLEGE && known.has(c.id)) {
      out.push({ college: c.id, channel, for: f, against: a, abstain: ab });
      continue;
    }
    outside ??= { channel, for: Rational.ZERO, against: Rational.ZERO, abstain: Rational.ZERO };
    outside.for = outside.for.add(f);
    outside.against = outside.against.add(a);
    outside.abstain = outside.abstain.add(ab);
  }
  return outside ? [...out, outside] : out;
}
