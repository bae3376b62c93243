// What a closed vote decides about the budget: adopting it (or sending it back to draft), or
// moving money between lines. Called by closeResolution in the same transaction.
import type { Db } from "~/lib/db.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as b from "~/queries/budget.server";

export async function applyBudgetDecision(db: Db, input: { entityId: string; resolutionId: string; outcome: "adopted" | "rejected"; tally: Record<string, unknown>; now: Date }) {
  const at = input.now.toISOString();
  const budget = await b.findBudgetByResolution(db, input.resolutionId);
  if (budget && budget.status === "proposed") {
    const adopted = input.outcome === "adopted";
    await b.updateBudget(db, budget.id, adopted ? { status: "adopted", adopted_at: at } : { status: "draft", resolution_id: null });
    await insertAuditEvent(db, {
      entityId: input.entityId,
      action: adopted ? "budget.adopted" : "budget.rejected",
      subject: { type: "budget", id: budget.id },
      detail: { resolutionId: input.resolutionId, outcome: input.outcome, for: input.tally.for, against: input.tally.against, share: input.tally.share, tallyReason: input.tally.reason },
      now: input.now,
    });
  }
  const transfer = await b.findTransferByResolution(db, input.resolutionId);
  if (transfer && transfer.status === "pending") {
    if (input.outcome === "adopted") await moveMoney(db, transfer);
    await b.updateTransfer(db, transfer.id, input.outcome === "adopted" ? "applied" : "rejected");
    await insertAuditEvent(db, { entityId: input.entityId, action: input.outcome === "adopted" ? "budget.transfer.applied" : "budget.transfer.rejected", subject: { type: "budget", id: transfer.budget_id }, detail: { transferId: transfer.id, amountCents: transfer.amount_cents }, now: input.now });
  }
}

/**
 * Moves planned money from one line to another, inside the caller's transaction. The budget's row
 * is locked first and the lines read after: two transfers at once (PostgreSQL runs them side by
 * side) move their money one after the other, never both from the same old amounts.
 */
export async function moveMoney(db: Db, t: { budget_id: string; from_line_id: string; to_line_id: string; amount_cents: number }) {
  await b.lockBudget(db, t.budget_id);
  const lines = await b.listLines(db, t.budget_id);
  const from = lines.find((l) => l.id === t.from_line_id);
  const to = lines.find((l) => l.id === t.to_line_id);
  if (!from || !to) return;
  await b.updateLine(db, t.budget_id, from.id, { planned_cents: Math.max(0, from.planned_cents - t.amount_cents) });
  await b.updateLine(db, t.budget_id, to.id, { planned_cents: to.planned_cents + t.amount_cents });
}
