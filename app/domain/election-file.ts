/**
 * The election form of the tally file (docs/election-file.md) once parsed: from a whole election
 * described in one file to its result. Two forms, as for resolutions: ballots (open elections) and
 * per-college totals (secret elections). The ballots form is counted by turning it into its totals
 * form, so both forms of the same election give the same result by construction. Pure; the parsing
 * and its messages are in app/schemas/election-file.ts, the command in db/tally.ts.
 */
import {
  countElection,
  electionResultToJson,
  type CandidateMarks,
  type ElectionBallotTotals,
  type ElectionCandidate,
  type ElectionCollegeTotals,
  type ElectionResult,
  type ElectionRule,
} from "./election";
import { Rational } from "./rational";
import { DEFAULT_RULE, type Choice } from "./tally";
import { screenBallots, type RejectedBallot as TallyRejectedBallot, type TallyFileCollege, type TallyFileElector, type TallyFileProxy } from "./tally-file";

export interface ElectionFileMark {
  candidate: string;
  choice: Choice;
}

export interface ElectionFileBallot {
  voter: string;
  college?: string;
  /** Absent: the electorate's weight for the voter, else 1. */
  weight?: Rational;
  castBy: string;
  /** Plurinominal: one "for" per approved candidate; approval: the voter's choice per candidate. */
  marks: ElectionFileMark[];
}

interface ElectionFileCommon {
  election: ElectionRule;
  /** The seed of a draw by lot. */
  seed?: string;
  colleges: TallyFileCollege[];
  candidates: ElectionCandidate[];
}

/** The ballots form. */
export interface ElectionFile extends ElectionFileCommon {
  proxy?: { maxPerHolder: number | "cooperative" };
  electorate?: TallyFileElector[];
  proxies: TallyFileProxy[];
  ballots: ElectionFileBallot[];
}

export interface ElectionFileTotals extends ElectionBallotTotals {
  /** Absent (or, under headcount, not a college of the list): members outside the colleges. */
  college?: string;
  channel?: string;
}

/** The totals form: no voter, no ballot. */
export interface ElectionTotalsFile extends ElectionFileCommon {
  totals: ElectionFileTotals[];
}

export type AnyElectionFile = ElectionFile | ElectionTotalsFile;

export type ElectionRejectionReason = TallyRejectedBallot["reason"] | "too-many-approvals";

export interface ElectionRejectedBallot {
  voter: string;
  reason: ElectionRejectionReason;
}

export function isElectionTotalsForm(file: AnyElectionFile): file is ElectionTotalsFile {
  return "totals" in file;
}

/**
 * The ballots the count takes and those it rejects: the proxies and the electorate as for a
 * resolution (screenBallots), then a ballot approving (voting for) more candidates than seats.
 */
export function screenElectionBallots(file: ElectionFile): {
  accepted: (ElectionFileBallot & { weight: Rational })[];
  rejectedBallots: ElectionRejectedBallot[];
} {
  const screened = screenBallots({
    rule: { ...DEFAULT_RULE, ...(file.proxy ? { proxy: file.proxy } : {}) },
    colleges: file.colleges,
    ...(file.electorate ? { electorate: file.electorate } : {}),
    proxies: file.proxies,
    ballots: file.ballots.map((b) => ({
      voter: b.voter,
      ...(b.college !== undefined ? { college: b.college } : {}),
      choice: "for" as const,
      ...(b.weight !== undefined ? { weight: b.weight } : {}),
      castBy: b.castBy,
    })),
  });
  // Voters are unique in a file: the screening's verdicts are found by voter.
  const rejected = new Map(screened.rejectedBallots.map((r) => [r.voter, r.reason]));
  const weights = new Map(screened.accepted.map((a) => [a.voter, a.weight]));
  const accepted: (ElectionFileBallot & { weight: Rational })[] = [];
  const rejectedBallots: ElectionRejectedBallot[] = [];
  for (const b of file.ballots) {
    const reason = rejected.get(b.voter) ?? (b.marks.filter((m) => m.choice === "for").length > file.election.seats ? "too-many-approvals" : undefined);
    if (reason !== undefined) rejectedBallots.push({ voter: b.voter, reason });
    else accepted.push({ ...b, weight: weights.get(b.voter)! });
  }
  return { accepted, rejectedBallots };
}

function emptyTotals(): ElectionBallotTotals {
  return { ballots: Rational.ZERO, blank: Rational.ZERO, marks: [] };
}

function addMark(t: ElectionBallotTotals, candidate: string, choice: Choice, weight: Rational): void {
  let m = t.marks.find((x) => x.candidate === candidate);
  if (m === undefined) {
    m = { candidate, for: Rational.ZERO, against: Rational.ZERO };
    t.marks.push(m);
  }
  if (choice === "for") m.for = m.for.add(weight);
  else if (choice === "against") m.against = (m.against ?? Rational.ZERO).add(weight);
  // Abstentions are what is left: ballots − for − against.
}

/**
 * The totals form of a ballots form: per college of the file (in its order) the accepted ballots'
 * weights, blank ballots' weights (plurinominal) and marks per candidate (in the candidates'
 * order); then one entry with no college for the ballots outside the colleges (headcount only).
 */
export function toElectionTotalsForm(file: ElectionFile): { file: ElectionTotalsFile; rejectedBallots: ElectionRejectedBallot[] } {
  const { accepted, rejectedBallots } = screenElectionBallots(file);
  const plurinominal = file.election.method === "plurinominal";
  const byCollege = new Map<string, ElectionBallotTotals>(file.colleges.map((c) => [c.id, emptyTotals()]));
  let outside: ElectionBallotTotals | undefined;
  for (const b of accepted) {
    let t = b.college === undefined ? undefined : byCollege.get(b.college);
    if (t === undefined) {
      if (file.election.weighting !== "headcount") throw new RangeError(`ballot of ${b.voter}: no known college under proportional weighting`);
      t = outside ??= emptyTotals();
    }
    t.ballots = t.ballots.add(b.weight);
    if (plurinominal && b.marks.length === 0) t.blank = t.blank!.add(b.weight);
    for (const m of b.marks) addMark(t, m.candidate, m.choice, b.weight);
  }
  const order = new Map(file.candidates.map((c, i) => [c.id, i]));
  const entry = (t: ElectionBallotTotals, college?: string): ElectionFileTotals => ({
    ...(college !== undefined ? { college } : {}),
    ballots: t.ballots,
    ...(plurinominal ? { blank: t.blank ?? Rational.ZERO } : {}),
    marks: [...t.marks]
      .sort((a, b) => order.get(a.candidate)! - order.get(b.candidate)!)
      .map((m): CandidateMarks => ({ candidate: m.candidate, for: m.for, ...(plurinominal ? {} : { against: m.against ?? Rational.ZERO }) })),
  });
  return {
    file: {
      election: file.election,
      ...(file.seed !== undefined ? { seed: file.seed } : {}),
      colleges: file.colleges,
      candidates: file.candidates,
      totals: [...[...byCollege].map(([college, t]) => entry(t, college)), ...(outside ? [entry(outside)] : [])],
    },
    rejectedBallots,
  };
}

/**
 * Adds an entry's figures to a sum. Approval: a candidate's abstentions not given are what is left
 * of the entry's ballots (ballots − for − against), a candidate the entry does not mark included.
 */
function addTotals(sum: ElectionBallotTotals, t: ElectionBallotTotals, candidates: readonly ElectionCandidate[], approval: boolean): void {
  sum.ballots = sum.ballots.add(t.ballots);
  sum.blank = (sum.blank ?? Rational.ZERO).add(t.blank ?? Rational.ZERO);
  const marks = approval ? candidates.map((c) => t.marks.find((m) => m.candidate === c.id) ?? { candidate: c.id, for: Rational.ZERO }) : t.marks;
  for (const m of marks) {
    const against = m.against ?? Rational.ZERO;
    const abstain = approval ? m.abstain ?? t.ballots.sub(m.for).sub(against) : Rational.ZERO;
    let s = sum.marks.find((x) => x.candidate === m.candidate);
    if (s === undefined) {
      s = { candidate: m.candidate, for: Rational.ZERO, against: Rational.ZERO, abstain: Rational.ZERO };
      sum.marks.push(s);
    }
    s.for = s.for.add(m.for);
    s.against = s.against!.add(against);
    s.abstain = s.abstain!.add(abstain);
  }
}

/** The count's input from a totals form: entries of one college (several channels) added up. */
function electionInput(file: ElectionTotalsFile) {
  const approval = file.election.method === "approval";
  const known = new Map<string, ElectionBallotTotals>(file.colleges.map((c) => [c.id, emptyTotals()]));
  let unassigned: ElectionBallotTotals | undefined;
  for (const t of file.totals) {
    let sum = t.college === undefined ? undefined : known.get(t.college);
    if (sum === undefined) {
      if (t.college !== undefined && file.election.weighting !== "headcount")
        throw new RangeError(`totals of college ${t.college}, not a college of the file, under proportional weighting`);
      sum = unassigned ??= emptyTotals();
    }
    addTotals(sum, t, file.candidates, approval);
  }
  const colleges: ElectionCollegeTotals[] = file.colleges.map((c) => ({ id: c.id, weight: c.weight, ...known.get(c.id)! }));
  return {
    candidates: file.candidates,
    colleges,
    ...(unassigned ? { unassigned } : {}),
    ...(file.seed !== undefined ? { seed: file.seed } : {}),
  };
}

/** The count of a parsed election file, either form, with the ballots it rejected. */
export function countElectionFile(file: AnyElectionFile): { result: ElectionResult; rejectedBallots: ElectionRejectedBallot[] } {
  const { file: totals, rejectedBallots } = isElectionTotalsForm(file) ? { file, rejectedBallots: [] } : toElectionTotalsForm(file);
  return { result: countElection(totals.election, electionInput(totals)), rejectedBallots };
}

/**
 * The result of a parsed election file, either form, as JSON: electionResultToJson with
 * `rejectedBallots` before `warnings` (always empty for the totals form).
 */
export function electionFile(file: AnyElectionFile): Record<string, unknown> {
  const { result, rejectedBallots } = countElectionFile(file);
  const { warnings, ...head } = electionResultToJson(result);
  return { ...head, rejectedBallots, warnings };
}
