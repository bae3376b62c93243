/**
 * The result of an election (issue 15): the marks summed per college and candidacy (open ballots:
 * one GROUP BY; secret ballots: the box's decrypted sums), counted by the pure domain
 * (app/domain/election.ts) with the college weights frozen at opening. At the close the elected
 * take their seats in the organ once the round that fills them is frozen: the mandates coming to
 * term end that day, and each elected member gets a mandate "elected by resolution n°…".
 */
import { hashJson } from "~/crypto/encoding";
import { countElection, electionResultToJson, type ElectionBallotTotals, type ElectionCollegeTotals, type ElectionResult, type ElectionRule, type TieBreakRule } from "~/domain/election";
import { WEIGHT_SCALE } from "~/domain/members";
import { atTermBy, electedCandidates, termEnd } from "~/domain/organs";
import type { MinutesElection } from "~/domain/minutes";
import { Rational } from "~/domain/rational";
import type { VotingRule } from "~/domain/rules";
import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { AppError } from "~/lib/errors";
import { endMandate, findOrgan, runningMandates } from "~/queries/organs.server";
import { findResolution, resolutionColleges, type ResolutionRow } from "~/queries/resolutions.server";
import * as q from "~/queries/seat-elections.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { appointInside } from "./organs.server";
import { secretElectionTotals } from "./seat-election-box.server";

const micro = (v: number | string | null | undefined) => Rational.fromScaled(BigInt(v ?? 0), WEIGHT_SCALE);

/** What a frozen result holds of an election, beside the resolution's usual figures. */
export interface FrozenElection {
  organ: { id: string; name: string };
  method: string;
  round: number;
  seats: number;
  tieBreak: string;
  reserved: { collegeId: string; collegeName: string; seats: number }[];
  candidates: { id: string; memberId: string; name: string; collegeName: string | null }[];
  /** electionResultToJson of the count: per candidate, exact fractions. */
  result: Record<string, unknown>;
  /** The seed of a draw by lot, drawn at random when the result was frozen (absent: a live result's provisional seed). */
  seed?: string;
  /** The elected, seated in the organ when the result was frozen (names), and those who could not be. */
  seated?: string[];
  unseated?: string[];
  /** A first round calling for a second: its elected (names), seated when the second round is frozen. */
  pending?: string[];
}

export function electionRuleOf(setup: { method: string; seats: number; absolute_majority: number; tie_break: string }, reserved: { collegeId: string; seats: number }[], rule: VotingRule, round: number): ElectionRule {
  return {
    method: setup.method === "approval" ? "approval" : "plurinominal",
    seats: setup.seats,
    seatsPerCollege: reserved.map((r) => ({ college: r.collegeId, seats: r.seats })),
    weighting: rule.method === "headcount" ? "headcount" : "proportional",
    round: round === 2 ? 2 : 1,
    absoluteMajority: round === 1 && setup.absolute_majority === 1,
    base: rule.base,
    threshold: rule.threshold,
    strict: rule.strict,
    tieBreak: setup.tie_break as TieBreakRule,
  };
}

/** The election's count as it stands (every figure from aggregates). */
export async function electionCount(db: Db, r: ResolutionRow, rule: VotingRule, drawSeed?: string): Promise<{ count: ElectionResult; frozen: FrozenElection } | null> {
  const setup = await q.findSetup(db, r.id);
  if (!setup) return null;
  const [reserved, candidacies, colleges, organ] = await Promise.all([q.reservedSeats(db, r.id), q.listCandidacies(db, r.id), resolutionColleges(db, r.id), findOrgan(db, r.entity_id, setup.organ_id)]);
  const slots = new Map<string | null, ElectionBallotTotals & { marks: { candidate: string; for: Rational; against: Rational; abstain: Rational }[] }>();
  const slot = (id: string | null) => {
    let s = slots.get(id);
    if (!s) slots.set(id, (s = { ballots: Rational.ZERO, blank: Rational.ZERO, marks: candidacies.map((c) => ({ candidate: c.id, for: Rational.ZERO, against: Rational.ZERO, abstain: Rational.ZERO })) }));
    return s;
  };
  const secret = rule.secret ? await secretElectionTotals(db, r.id) : null;
  if (secret) {
    for (const c of secret) {
      const s = slot(c.collegeId);
      s.ballots = s.ballots.add(c.ballots);
      for (const m of c.marks) {
        const mark = s.marks.find((x) => x.candidate === m.candidacyId);
        if (!mark) continue;
        mark.for = mark.for.add(m.for);
        if (m.against) mark.against = (mark.against ?? Rational.ZERO).add(m.against);
      }
    }
    // Approval per candidate: the box decrypts for and against; who abstained on a candidate is
    // what is left of the ballots, as an open ballot's abstain marks give it.
    if (secret.some((c) => c.marks.some((m) => m.against !== undefined))) {
      for (const s of slots.values()) for (const m of s.marks) m.abstain = s.ballots.sub(m.for).sub(m.against ?? Rational.ZERO);
    }
  } else {
    const [ballots, marks] = await Promise.all([q.ballotTotals(db, r.id), q.markTotals(db, r.id)]);
    for (const b of ballots) {
      const s = slot(b.collegeId);
      s.ballots = s.ballots.add(micro(b.w));
      s.blank = s.blank!.add(micro(b.blank));
    }
    for (const m of marks) {
      const mark = slot(m.collegeId).marks.find((x) => x.candidate === m.candidacyId);
      if (mark) mark[m.choice as "for" | "against" | "abstain"] = micro(m.w);
    }
  }
  const known = new Set(colleges.map((c) => c.college_id));
  const totals: ElectionCollegeTotals[] = colleges.map((c) => ({ id: c.college_id, weight: Rational.of(c.weight_num, c.weight_den), ...slot(c.college_id) }));
  let unassigned: ElectionBallotTotals | undefined;
  for (const [id, s] of slots) {
    if (id != null && known.has(id)) continue;
    unassigned = unassigned ?? { ballots: Rational.ZERO, blank: Rational.ZERO, marks: candidacies.map((c) => ({ candidate: c.id, for: Rational.ZERO, against: Rational.ZERO, abstain: Rational.ZERO })) };
    unassigned.ballots = unassigned.ballots.add(s.ballots);
    unassigned.blank = unassigned.blank!.add(s.blank ?? Rational.ZERO);
    unassigned.marks.forEach((m, i) => {
      const x = s.marks[i]!;
      m.for = m.for.add(x.for);
      m.against = m.against!.add(x.against ?? Rational.ZERO);
      m.abstain = m.abstain!.add(x.abstain ?? Rational.ZERO);
    });
  }
  const electionRule = electionRuleOf(setup, reserved, rule, r.round);
  // A draw by lot, if a tie needs one: the close draws its seed at random (nobody can know or
  // steer it before), freezes and publishes it; anyone recomputes the same draw from the tally
  // file. A live result breaks its ties with a provisional seed from the vote's figures.
  const seed = drawSeed ?? hashJson(["cogere/election-draw/v1", r.id, totals.map((t) => [t.id, t.ballots.toString(), t.marks.map((m) => [m.candidate, m.for.toString()])])]);
  const count = countElection(electionRule, {
    candidates: candidacies.map((c) => ({ id: c.id, name: c.name, ...(c.collegeId ? { college: c.collegeId } : {}), ...(c.bornOn ? { bornOn: c.bornOn } : {}), memberSince: c.joinedOn })),
    colleges: totals,
    ...(unassigned ? { unassigned } : {}),
    seed,
  });
  return {
    count,
    frozen: {
      organ: { id: setup.organ_id, name: organ?.name ?? "" },
      method: setup.method,
      round: r.round,
      seats: setup.seats,
      tieBreak: setup.tie_break,
      reserved: reserved.map((x) => ({ collegeId: x.collegeId, collegeName: x.collegeName, seats: x.seats })),
      candidates: candidacies.map((c) => ({ id: c.id, memberId: c.memberId, name: c.name, collegeName: c.collegeName })),
      result: electionResultToJson(count),
      ...(drawSeed ? { seed: drawSeed } : {}),
    },
  };
}

/** The tally a resolution's pages and exports read, for an election: concluded (seats filled) or not. */
export function electionTally(count: ElectionResult): Record<string, unknown> {
  const concluded = count.elected.length > 0 && !count.secondRound;
  return { adopted: concluded, reason: count.secondRound ? "second-round" : count.elected.length > 0 ? "elected" : "no-votes", colleges: [], warnings: count.warnings };
}

/** The elected of a first round, kept waiting for the second (frozen `pending`): seated when it is frozen. */
async function firstRoundElected(trx: Db, entityId: string, firstRoundId: string | null) {
  const first = firstRoundId ? await findResolution(trx, entityId, firstRoundId) : undefined;
  const election = first?.result ? (JSON.parse(first.result) as { election?: FrozenElection }).election : undefined;
  if (!first || !election?.pending) return { first, election, elected: [] };
  return { first, election, elected: electedCandidates(election).map((c) => ({ memberId: c.memberId, name: c.name, resolutionId: first.id })) };
}

/**
 * Inside the closing transaction: the elected take their seats, once the round that fills them is
 * frozen. A first round that calls for a second seats nobody and ends no mandate (the outgoing
 * keep their seats between the rounds); its elected are said `pending`. The round that concludes
 * (a single round, or the second) ends the running mandates of the organ whose term ends by its
 * close ("term"), a re-elected member's included, then seats the first round's elected (by the
 * first round's resolution) and its own. A member the organ has no seat for stays unseated, said
 * in the result (never a failed close).
 */
export async function seatElected(trx: Db, input: { entityId: string; actorId: string | null; resolutionId: string; frozen: FrozenElection; termMonths: number | null; closedAt: Date; now: Date }) {
  const own = electedCandidates(input.frozen).map((c) => ({ memberId: c.memberId, name: c.name, resolutionId: input.resolutionId }));
  if (input.frozen.result.secondRound === true) return { seated: [], unseated: [], pending: own.map((e) => e.name) };
  const round = await findResolution(trx, input.entityId, input.resolutionId);
  const first = round?.round === 2 ? (await firstRoundElected(trx, input.entityId, round.first_round_id)).elected : [];
  return conclude(trx, { ...input, organId: input.frozen.organ.id, day: isoDateInParis(input.closedAt), elected: [...first, ...own] });
}

/**
 * Inside the withdrawal of an election's second round, before its vote: the election concludes
 * with its first round. The first round's elected take their seats that day, as the second
 * round's close would have seated them (the mandates at term end first); the seats left stay
 * vacant. Null when the first round left nobody waiting.
 */
export async function seatFirstRoundOnWithdrawal(trx: Db, input: { entityId: string; actorId: string | null; secondRound: ResolutionRow; now: Date }) {
  const { first, election, elected } = await firstRoundElected(trx, input.entityId, input.secondRound.first_round_id);
  if (!first || !election || elected.length === 0) return null;
  const setup = await q.findSetup(trx, first.id);
  return conclude(trx, { entityId: input.entityId, actorId: input.actorId, resolutionId: first.id, organId: election.organ.id, termMonths: setup?.term_months ?? null, day: isoDateInParis(input.now), elected, now: input.now });
}

/** Ends the organ's mandates at term by `day` (and those of the re-elected), then seats the elected. */
async function conclude(
  trx: Db,
  input: { entityId: string; actorId: string | null; resolutionId: string; organId: string; termMonths: number | null; day: string; elected: { memberId: string; name: string; resolutionId: string }[]; now: Date },
) {
  const { organId, day, elected } = input;
  // The organ locked first, as an appointment locks it: the mandates ended and the seats taken
  // are read from one state, which no appointment at the same moment changes in between.
  await findOrgan(trx, input.entityId, organId, "update");
  for (const m of await runningMandates(trx, organId)) {
    if (atTermBy(m, day) || elected.some((e) => e.memberId === m.memberId)) {
      await endMandate(trx, m.id, day, "term");
      await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "mandate.ended", subject: { type: "organ", id: organId }, detail: { memberId: m.memberId, endedOn: day, reason: "term", resolutionId: input.resolutionId }, now: input.now });
    }
  }
  const seated: string[] = [];
  const unseated: string[] = [];
  for (const e of elected) {
    try {
      await appointInside(trx, { entityId: input.entityId, actorId: input.actorId, organId, mandate: { memberId: e.memberId, role: "member", startsOn: day, endsOn: termEnd(day, input.termMonths), appointedBy: "election", resolutionId: e.resolutionId }, now: input.now });
      seated.push(e.name);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      unseated.push(e.name);
    }
  }
  return { seated, unseated };
}

/** The election as the minutes state it: names instead of ids, the exact figures kept. */
export function minutesElection(e: FrozenElection): MinutesElection {
  const r = e.result as { method: string; seats: number; elected: string[]; seatsLeft: number; secondRound: boolean; candidates: { id: string; for: string; against?: string; share: string | null; elected: boolean }[]; tieBreaks: { candidates: string[]; by: string[]; order: string[]; seed?: string }[] };
  const who = new Map(e.candidates.map((c) => [c.id, c]));
  const name = (id: string) => who.get(id)?.name ?? id;
  return {
    organ: e.organ.name,
    seats: r.seats,
    method: r.method,
    candidates: r.candidates.map((c) => ({ name: name(c.id), college: who.get(c.id)?.collegeName ?? null, for: c.for, against: c.against ?? null, share: c.share, elected: c.elected })),
    elected: r.elected.map(name),
    seatsLeft: r.seatsLeft,
    secondRound: r.secondRound,
    ties: r.tieBreaks.map((x) => ({ names: x.candidates.map(name), by: x.by, order: x.order.map(name), seed: x.seed ?? null })),
  };
}
