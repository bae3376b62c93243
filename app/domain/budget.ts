/**
 * The shared budget, in integer cents (DESIGN.md §3 "Budget", LEGAL.md WE-16): totals and
 * balance, follow-up per line, expense approvals, transfers, and the SCIC allocation of the result.
 */
import { can, type Role } from "./roles";

export type LineKind = "charge" | "income";

export interface LineAmounts {
  kind: LineKind;
  plannedCents: number;
}

/** Charges, income and the balance (income − charges). */
export function budgetTotals(lines: readonly LineAmounts[]) {
  let charges = 0;
  let income = 0;
  for (const l of lines) {
    if (l.kind === "charge") charges += l.plannedCents;
    else income += l.plannedCents;
  }
  return { charges, income, balance: income - charges };
}

export interface ExpenseAmount {
  amountCents: number;
  status: "pending" | "approved" | "rejected";
  /** "YYYY-MM-DD" */
  spentOn: string;
}

/**
 * A charge line followed up on `today`: approved expenses dated in the future are committed,
 * those dated today or before are spent; pending and refused ones count for nothing yet.
 */
export function lineFollowUp(plannedCents: number, expenses: readonly ExpenseAmount[], today: string) {
  let committed = 0;
  let spent = 0;
  let pending = 0;
  for (const e of expenses) {
    if (e.status === "approved") {
      if (e.spentOn > today) committed += e.amountCents;
      else spent += e.amountCents;
    } else if (e.status === "pending") pending += e.amountCents;
  }
  const remaining = plannedCents - committed - spent;
  return { planned: plannedCents, committed, spent, pending, remaining, overspent: remaining < 0 };
}

export interface ApprovalPolicy {
  /** Approvals an expense needs (default 2). */
  required: number;
  /** Above this amount, an expense also needs an adopted resolution; null: never. */
  resolutionThresholdCents: number | null;
}

export type ApprovalRefusal = "selfApproval" | "notApprover" | "roleTooRecent" | "alreadyDecided" | "needsResolution" | "notPending";

/**
 * Whether `approver` may approve (or refuse) this expense now, and what it becomes if they
 * approve. The person who submitted an expense never decides on it; each approver counts once;
 * and only someone who already held an approving role before the expense was submitted decides
 * on it, so that roles given afterwards (by whoever submitted it) cannot make up the approvals.
 * Times are ISO-8601 UTC strings, which compare as text.
 */
export function approve(
  expense: { submittedBy: string; submittedAt: string; amountCents: number; status: "pending" | "approved" | "rejected"; hasAdoptedResolution: boolean },
  approvals: readonly string[],
  approver: { id: string; role: Role | null; roleSince: string | null },
  policy: ApprovalPolicy,
): { ok: false; reason: ApprovalRefusal } | { ok: true; approvals: number; status: "pending" | "approved" } {
  if (expense.status !== "pending") return { ok: false, reason: "notPending" };
  if (approver.id === expense.submittedBy) return { ok: false, reason: "selfApproval" };
  if (!can(approver.role, "expense.approve") || approver.roleSince == null) return { ok: false, reason: "notApprover" };
  if (approver.roleSince >= expense.submittedAt) return { ok: false, reason: "roleTooRecent" };
  if (approvals.includes(approver.id)) return { ok: false, reason: "alreadyDecided" };
  if (needsResolution(expense.amountCents, policy) && !expense.hasAdoptedResolution) return { ok: false, reason: "needsResolution" };
  const count = approvals.length + 1;
  return { ok: true, approvals: count, status: count >= Math.max(1, policy.required) ? "approved" : "pending" };
}

export function needsResolution(amountCents: number, policy: Pick<ApprovalPolicy, "resolutionThresholdCents">): boolean {
  return policy.resolutionThresholdCents != null && amountCents > policy.resolutionThresholdCents;
}

/** Moving money between lines above the threshold needs a vote; below, it applies at once. */
export function transferNeedsVote(amountCents: number, thresholdCents: number | null): boolean {
  return thresholdCents != null && amountCents > thresholdCents;
}

/** Divides cents rounding up: reserves are minimums, so a fraction of a cent goes to them. */
function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}

/**
 * The allocation of a SCIC's result (LEGAL.md §2.5): at least 15 % to the legal reserve, then
 * at least half of the rest to statutory reserves (57.5 % in all at least), and the public aid
 * of the year to reserves before any remuneration of shares.
 */
export function scicAllocation(resultCents: number, publicAidCents = 0) {
  if (!Number.isSafeInteger(resultCents) || !Number.isSafeInteger(publicAidCents)) throw new RangeError("amounts must be whole cents");
  if (resultCents <= 0) return { result: resultCents, legalReserve: 0, statutoryReserveMin: 0, reservesMin: 0, publicAid: publicAidCents, maxForShares: 0 };
  const legalReserve = ceilDiv(resultCents * 15, 100);
  const statutoryReserveMin = ceilDiv(resultCents - legalReserve, 2);
  const reservesMin = legalReserve + statutoryReserveMin;
  const available = resultCents - reservesMin;
  return { result: resultCents, legalReserve, statutoryReserveMin, reservesMin, publicAid: publicAidCents, maxForShares: Math.max(0, available - Math.max(0, publicAidCents)) };
}

/** Kinds of partner contribution; none of them ever weighs in a vote. */
export const CONTRIBUTION_TYPES = ["capital", "current-account", "grant", "in-kind", "fee"] as const;
export type ContributionType = (typeof CONTRIBUTION_TYPES)[number];
