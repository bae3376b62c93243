// Expenses: submitted against a charge line with an optional receipt, then approved or refused.
import { approve, needsResolution, type ExpenseAmount } from "~/domain/budget";
import { checkDocument, RECEIPT_TYPES } from "~/domain/files";
import { isRole } from "~/domain/roles";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { saveUpload } from "~/lib/storage.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as b from "~/queries/budget.server";
import { findRoleGrant } from "~/queries/entities.server";
import { findResolution } from "~/queries/resolutions.server";
import { budgetOrThrow, type BudgetEntity } from "./budget.server";
import { notifyExpenseToApprove } from "./notifications.server";

export async function submitExpense(
  db: Db,
  input: { entity: BudgetEntity; budgetId: string; userId: string; lineId: string; payee: string; spentOn: string; amountCents: number; description: string; resolutionId: string | null; receipt: { name: string; bytes: Uint8Array } | null; now?: Date },
) {
  const now = input.now ?? new Date();
  const budget = await budgetOrThrow(db, input.entity.id, input.budgetId);
  if (budget.status !== "adopted") throw new AppError("budget.notAdopted", {}, 409);
  if (input.spentOn < budget.fiscal_start || input.spentOn > budget.fiscal_end) throw new AppError("expenses.outsideYear", { start: budget.fiscal_start, end: budget.fiscal_end }, 422, "spentOn");
  const line = await checkExpense(db, input.entity, budget.id, input);
  const id = newId();
  let receipt: { key: string; name: string; type: string } | null = null;
  if (input.receipt) {
    const check = checkDocument(input.receipt.name, input.receipt.bytes, RECEIPT_TYPES);
    if (!check.ok) throw new AppError(`receipts.${check.reason}`, { max: 10 }, 422, "receipt");
    receipt = { key: `receipts/${budget.id}/${id}.${check.extension}`, name: input.receipt.name.replace(/[\\/]/g, "_").slice(0, 200), type: check.mediaType };
  }
  await db.transaction().execute(async (trx) => {
    if (receipt && input.receipt) await saveUpload(trx, receipt.key, input.receipt.bytes, now);
    await b.insertExpense(trx, {
      id,
      budget_id: budget.id,
      line_id: line.id,
      payee: input.payee,
      spent_on: input.spentOn,
      amount_cents: input.amountCents,
      description: input.description,
      receipt_key: receipt?.key ?? null,
      receipt_name: receipt?.name ?? null,
      receipt_type: receipt?.type ?? null,
      resolution_id: input.resolutionId,
      status: "pending",
      submitted_by: input.userId,
      created_at: now.toISOString(),
    });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.userId, action: "expense.submitted", subject: { type: "budget", id: budget.id }, detail: { expenseId: id, amountCents: input.amountCents, payee: input.payee }, now });
  });
  await notifyExpenseToApprove(db, { entityId: input.entity.id, budgetId: budget.id, expenseId: id, submittedBy: input.userId, amountCents: input.amountCents, payee: input.payee, description: input.description, now });
  return { id };
}

/** What a submitted or corrected expense must cite: a charge line of the budget, and above the threshold an adopted resolution. */
async function checkExpense(db: Db, entity: BudgetEntity, budgetId: string, input: { lineId: string; amountCents: number; resolutionId: string | null }) {
  const line = (await b.listLines(db, budgetId)).find((l) => l.id === input.lineId && l.kind === "charge");
  if (!line) throw new AppError("errors.invalidChoice", { field: "lineId" }, 422, "lineId");
  if (input.resolutionId) {
    const r = await findResolution(db, entity.id, input.resolutionId);
    if (!r || r.outcome !== "adopted") throw new AppError("errors.invalidChoice", { field: "resolutionId" }, 422, "resolutionId");
  } else if (needsResolution(input.amountCents, { resolutionThresholdCents: entity.expense_resolution_threshold_cents })) {
    // Refused now: accepted, it could be neither approved nor corrected.
    throw new AppError("expenses.needsResolution", { amount: input.amountCents }, 422, "resolutionId");
  }
  return line;
}

/** An expense its author may still change: pending, and nobody has given an opinion on it yet. */
async function ownUndecidedExpense(trx: Db, input: { entity: BudgetEntity; budgetId: string; expenseId: string; userId: string }) {
  const budget = await budgetOrThrow(trx, input.entity.id, input.budgetId);
  // Locked, as by a decision: a correction and an approval at once are made one after the other.
  const expense = await b.findExpense(trx, budget.id, input.expenseId, "no key update");
  if (!expense || expense.submitted_by !== input.userId) notFound();
  if (expense.status !== "pending" || (await b.listApprovals(trx, [expense.id])).length > 0) throw new AppError("confirm.expenseLocked", {}, 409);
  return { budget, expense };
}

/** Its author corrects an expense until its first approval (or refusal); journaled with the amounts before and after. */
export async function correctExpense(
  db: Db,
  input: { entity: BudgetEntity; budgetId: string; expenseId: string; userId: string; lineId: string; payee: string; spentOn: string; amountCents: number; description: string; resolutionId: string | null; now?: Date },
) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const { budget, expense } = await ownUndecidedExpense(trx, input);
    if (input.spentOn < budget.fiscal_start || input.spentOn > budget.fiscal_end) throw new AppError("expenses.outsideYear", { start: budget.fiscal_start, end: budget.fiscal_end }, 422, "spentOn");
    const line = await checkExpense(trx, input.entity, budget.id, input);
    await b.updateExpense(trx, expense.id, { line_id: line.id, payee: input.payee, spent_on: input.spentOn, amount_cents: input.amountCents, description: input.description, resolution_id: input.resolutionId });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.userId, action: "expense.corrected", subject: { type: "budget", id: budget.id }, detail: { expenseId: expense.id, before: { amountCents: expense.amount_cents, payee: expense.payee }, amountCents: input.amountCents, payee: input.payee }, now });
  });
}

/** Its author withdraws an expense until its first approval (or refusal): it stays listed as withdrawn, counted nowhere. */
export async function withdrawExpense(db: Db, input: { entity: BudgetEntity; budgetId: string; expenseId: string; userId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const { budget, expense } = await ownUndecidedExpense(trx, input);
    await b.updateExpense(trx, expense.id, { status: "withdrawn", decided_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.userId, action: "expense.withdrawn", subject: { type: "budget", id: budget.id }, detail: { expenseId: expense.id, amountCents: expense.amount_cents, payee: expense.payee }, now });
  });
}

/**
 * Approves or refuses an expense: never by the person who submitted it, and only by someone who
 * held an approving role before it was submitted (domain/budget.ts `approve`); it counts as spent
 * once it has the approvals the entity asks for (and, above the threshold, an adopted resolution).
 */
export async function decideExpense(db: Db, input: { entity: BudgetEntity; budgetId: string; expenseId: string; userId: string; decision: "approve" | "refuse"; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const budget = await budgetOrThrow(trx, input.entity.id, input.budgetId);
    // Locked: decisions given at once are counted one after the other, each seeing those before
    // (N distinct approvers, the status changed once).
    const expense = await b.findExpense(trx, budget.id, input.expenseId, "no key update");
    if (!expense) notFound();
    const approvals = (await b.listApprovals(trx, [expense.id])).filter((a) => a.decision === "approve").map((a) => a.userId);
    const policy = { required: input.entity.expense_approvals, resolutionThresholdCents: input.entity.expense_resolution_threshold_cents };
    let hasAdoptedResolution = false;
    if (expense.resolution_id) hasAdoptedResolution = (await findResolution(trx, input.entity.id, expense.resolution_id))?.outcome === "adopted";
    const grant = await findRoleGrant(trx, input.entity.id, input.userId);
    const approver = { id: input.userId, role: grant && isRole(grant.role) ? grant.role : null, roleSince: grant?.grantedAt ?? null };
    const check = approve({ submittedBy: expense.submitted_by, submittedAt: expense.created_at, amountCents: expense.amount_cents, status: expense.status as ExpenseAmount["status"], hasAdoptedResolution }, approvals, approver, policy);
    if (!check.ok && (input.decision === "approve" || check.reason !== "needsResolution")) throw new AppError(`expenses.${check.reason}`, { amount: expense.amount_cents }, 409);
    await b.insertApproval(trx, { expense_id: expense.id, user_id: input.userId, decision: input.decision, created_at: now.toISOString() });
    const status = input.decision === "refuse" ? "rejected" : check.ok ? check.status : "pending";
    if (status !== "pending") await b.updateExpense(trx, expense.id, { status, decided_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.userId, action: input.decision === "approve" ? "expense.approved" : "expense.refused", subject: { type: "budget", id: budget.id }, detail: { expenseId: expense.id, amountCents: expense.amount_cents, status }, now });
    return { status };
  });
}
