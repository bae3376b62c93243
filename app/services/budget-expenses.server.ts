// Expenses: submitted against a charge line with an optional receipt, then approved or refused.
import { approve, type ExpenseAmount } from "~/domain/budget";
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

export async function submitExpense(
  db: Db,
  input: { entity: BudgetEntity; budgetId: string; userId: string; lineId: string; payee: string; spentOn: string; amountCents: number; description: string; resolutionId: string | null; receipt: { name: string; bytes: Uint8Array } | null; now?: Date },
) {
  const now = input.now ?? new Date();
  const budget = await budgetOrThrow(db, input.entity.id, input.budgetId);
  if (budget.status !== "adopted") throw new AppError("budget.notAdopted", {}, 409);
  if (input.spentOn < budget.fiscal_start || input.spentOn > budget.fiscal_end) throw new AppError("expenses.outsideYear", { start: budget.fiscal_start, end: budget.fiscal_end }, 422, "spentOn");
  const line = (await b.listLines(db, budget.id)).find((l) => l.id === input.lineId && l.kind === "charge");
  if (!line) throw new AppError("errors.invalidChoice", { field: "lineId" }, 422, "lineId");
  if (input.resolutionId) {
    const r = await findResolution(db, input.entity.id, input.resolutionId);
    if (!r || r.outcome !== "adopted") throw new AppError("errors.invalidChoice", { field: "resolutionId" }, 422, "resolutionId");
  }
  const id = newId();
  let receipt: { key: string; name: string; type: string } | null = null;
  if (input.receipt) {
    const check = checkDocument(input.receipt.name, input.receipt.bytes, RECEIPT_TYPES);
    if (!check.ok) throw new AppError(`receipts.${check.reason}`, { max: 10 }, 422, "receipt");
    receipt = { key: `receipts/${budget.id}/${id}.${check.extension}`, name: input.receipt.name.replace(/[\\/]/g, "_").slice(0, 200), type: check.mediaType };
    saveUpload(receipt.key, input.receipt.bytes);
  }
  await db.transaction().execute(async (trx) => {
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
  return { id };
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
    const expense = await b.findExpense(trx, budget.id, input.expenseId);
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
