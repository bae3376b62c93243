/**
 * What waits for someone (the dashboard's to-do list), and whether an online vote can still
 * reach its quorum. Pure rules: the figures come from aggregates read elsewhere.
 */
import { approve, type ApprovalPolicy } from "./budget";
import { Rational } from "./rational";
import type { Role } from "./roles";

// Quorum of an online vote

export type QuorumOutlook = "reached" | "possible" | "impossible";

export interface QuorumInput {
  basis: "headcount" | "weight";
  /** "At least" this much (a number of members, or a weight). */
  required: Rational;
  /** Counted as present so far (voters, holders who cast, principals represented). */
  present: Rational;
  /** The most that could ever be present online: voters with an account, those already present, principals of a proxy to someone with an account. */
  reachable: Rational;
}

/** Reached; or still possible; or impossible online: even if everyone who can vote online did, it would fall short. */
export function quorumOutlook(q: QuorumInput): QuorumOutlook {
  if (q.present.gte(q.required)) return "reached";
  return Rational.max(q.reachable, q.present).gte(q.required) ? "possible" : "impossible";
}

/** The quorum as people read it: by head, the whole number of members needed (1/5 of 12 = 2.4 → 3). */
export function quorumNeeded(basis: QuorumInput["basis"], required: Rational): Rational {
  if (basis === "weight" || required.den === 1n) return required;
  const floor = required.num / required.den;
  return Rational.of(required.isNegative() ? floor : floor + 1n);
}

/** How many more members (by head) must take part for the quorum; 0 once reached. */
export function quorumMissing(basis: QuorumInput["basis"], required: Rational, present: Rational): Rational {
  const left = quorumNeeded(basis, required).sub(present);
  return left.isPositive() ? left : Rational.ZERO;
}

// Votes

export interface OpenVoteInput {
  /** ISO instants; null: no limit. */
  opensAt: string | null;
  closesAt: string | null;
  voted: boolean;
  /** The member gave a proxy for this vote: the holder votes for them. */
  proxyGiven: boolean;
}

/** Whether the vote window is open at `now` (ISO instants compare as text). */
export function votingWindowOpen(v: Pick<OpenVoteInput, "opensAt" | "closesAt">, now: string): boolean {
  return (!v.opensAt || v.opensAt <= now) && (!v.closesAt || v.closesAt > now);
}

/** An open vote is still to do for a member who has neither voted nor handed their vote to a holder. */
export function voteIsToDo(v: OpenVoteInput, now: string): boolean {
  return votingWindowOpen(v, now) && !v.voted && !v.proxyGiven;
}

// Meetings

export interface ConvenedMeetingInput {
  status: string;
  startsAt: string;
  postalDeadline: string | null;
}

/** A proxy or a postal vote may still be given: convened, not yet open, before the postal deadline. */
export function remoteOptionsOpen(m: ConvenedMeetingInput, now: string): boolean {
  return m.status === "convened" && m.startsAt > now && (!m.postalDeadline || now <= m.postalDeadline);
}

/** A meeting the member still has to act on: options open, and no proxy given nor postal vote sent. */
export function meetingIsToDo(m: ConvenedMeetingInput & { proxyGiven: boolean; postalVotes: number }, now: string): boolean {
  return remoteOptionsOpen(m, now) && !m.proxyGiven && m.postalVotes === 0;
}

export type NoticeState = "due" | "late";

/** A draft meeting still to convene: "due" until its last notice day ("YYYY-MM-DD"), "late" after; null once held. */
export function noticeState(m: { status: string; startsAt: string }, latestNoticeDay: string, today: string, now: string): NoticeState | null {
  if (m.status !== "draft" || m.startsAt <= now) return null;
  return today <= latestNoticeDay ? "due" : "late";
}

// Reading

/** Published (a result, final minutes) since the person last marked their list as read; everything recent when never. */
export function isNewSince(at: string | null, seenAt: string | null, since: string): boolean {
  if (!at) return false;
  return at > (seenAt ?? since);
}

/** How far back "new" goes for someone who never marked the list as read. */
export const FIRST_VISIT_DAYS = 30;

export function firstVisitSince(now: Date): string {
  return new Date(now.getTime() - FIRST_VISIT_DAYS * 86_400_000).toISOString();
}

// Expenses

export interface PendingExpenseInput {
  submittedBy: string;
  submittedAt: string;
  amountCents: number;
  hasAdoptedResolution: boolean;
  /** Users who approved it so far. */
  approvals: readonly string[];
  /** Users who decided on it (approved or refused). */
  deciders: readonly string[];
}

/**
 * A pending expense waits for this person's decision when they may decide on it now (the rules
 * of `approve`). One that needs a resolution it lacks still waits: it can only be refused.
 */
export function expenseAwaitsMe(e: PendingExpenseInput, me: { id: string; role: Role | null; roleSince: string | null }, policy: ApprovalPolicy): boolean {
  if (e.deciders.includes(me.id)) return false;
  const check = approve({ submittedBy: e.submittedBy, submittedAt: e.submittedAt, amountCents: e.amountCents, status: "pending", hasAdoptedResolution: e.hasAdoptedResolution }, e.approvals, me, policy);
  return check.ok || check.reason === "needsResolution";
}
