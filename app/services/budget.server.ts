// The shared budget: plan, contributions, expenses with approvals, adoption by vote.
import { approve, budgetTotals, lineFollowUp, scicAllocation, transferNeedsVote, type ContributionType, type ExpenseAmount, type LineKind } from "~/domain/budget";
import { checkDocument, RECEIPT_TYPES } from "~/domain/files";
import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { AppError, notFound } from "~/lib/errors";
import { getFixedT } from "~/lib/i18n";
import { newId } from "~/lib/ids.server";
import { formatMoney, type Locale } from "~/lib/locale";
import { saveUpload } from "~/lib/storage.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as b from "~/queries/budget.server";
import { findMember } from "~/queries/members.server";
import { findResolution, findResolutionByNumber } from "~/queries/resolutions.server";
import { findRule, listRules } from "~/queries/rules.server";
import { moveMoney } from "./budget-decisions.server";
import { createResolution, draftResolution } from "./resolutions.server";

export interface BudgetEntity {
  id: string;
  budget_rule_id: string | null;
  expense_approvals: number;
  expense_resolution_threshold_cents: number | null;
  transfer_threshold_cents: number | null;
}

async function budgetOrThrow(db: Db, entityId: string, budgetId: string) {
  const budget = await b.findBudget(db, entityId, budgetId);
  if (!budget) notFound();
  return budget;
}

function assertDraft(budget: b.BudgetRow) {
  if (budget.status !== "draft") throw new AppError("budget.notDraft", {}, 409);
}

export async function createBudget(db: Db, input: { entityId: string; actorId: string; name: string; fiscalStart: string; fiscalEnd: string; now?: Date }) {
  if (input.fiscalEnd <= input.fiscalStart) throw new AppError("budget.yearOrder", {}, 422, "fiscalEnd");
  const now = input.now ?? new Date();
  const id = newId();
  await b.insertBudget(db, { id, entity_id: input.entityId, name: input.name, fiscal_start: input.fiscalStart, fiscal_end: input.fiscalEnd, status: "draft", resolution_id: null, created_by: input.actorId, created_at: now.toISOString() });
  await insertAuditEvent(db, { entityId: input.entityId, userId: input.actorId, action: "budget.created", subject: { type: "budget", id }, detail: { name: input.name }, now });
  return { id };
}

export interface LineInput {
  kind: LineKind;
  category: string;
  label: string;
  plannedCents: number;
  memberId: string | null;
  collegeId: string | null;
  notes: string | null;
}

export async function addLine(db: Db, input: { entityId: string; budgetId: string; line: LineInput }) {
  const budget = await budgetOrThrow(db, input.entityId, input.budgetId);
  assertDraft(budget);
  const l = input.line;
  await b.insertLine(db, { id: newId(), budget_id: budget.id, kind: l.kind, category: l.category, label: l.label, planned_cents: l.plannedCents, member_id: l.memberId, college_id: l.collegeId, notes: l.notes, position: await b.nextLinePosition(db, budget.id) });
}

export async function removeLine(db: Db, input: { entityId: string; budgetId: string; lineId: string }) {
  const budget = await budgetOrThrow(db, input.entityId, input.budgetId);
  assertDraft(budget);
  await b.deleteLine(db, budget.id, input.lineId);
}

/** The rule budgets are voted under: the entity's choice, else its first ordinary rule. */
async function budgetRule(db: Db, entity: BudgetEntity) {
  if (entity.budget_rule_id) {
    const rule = await findRule(db, entity.id, entity.budget_rule_id);
    if (rule && !rule.archived_at) return rule;
  }
  const rules = await listRules(db, entity.id);
  const rule = rules.find((r) => r.preset === "scic-sa-ago" || r.name.toUpperCase().startsWith("AGO")) ?? rules[0];
  if (!rule) throw new AppError("budget.noRule", {}, 409);
  return rule;
}

async function freeNumber(db: Db, entityId: string, prefix: string) {
  for (let n = 1; ; n++) {
    const number = `${prefix}-${n}`;
    if (!(await findResolutionByNumber(db, entityId, number))) return number;
  }
}

/**
 * Proposes the budget to the vote: a draft resolution under the entity's budget rule carries it.
 * The budget is adopted when that resolution is; a rejection sends it back to draft.
 */
export async function proposeBudget(db: Db, input: { entity: BudgetEntity; actorId: string; budgetId: string; locale: Locale; now?: Date }) {
  const budget = await budgetOrThrow(db, input.entity.id, input.budgetId);
  assertDraft(budget);
  const lines = await b.listLines(db, budget.id);
  if (lines.length === 0) throw new AppError("budget.empty", {}, 409);
  const rule = await budgetRule(db, input.entity);
  const t = getFixedT(input.locale);
  const money = (c: number) => formatMoney(input.locale, c);
  const totals = budgetTotals(lines.map((l) => ({ kind: l.kind as LineKind, plannedCents: l.planned_cents })));
  const table = (kind: LineKind) => [
    `| ${t("budget.category")} | ${t("budget.label")} | ${t("budget.planned")} |`,
    "|---|---|---:|",
    ...lines.filter((l) => l.kind === kind).map((l) => `| ${l.category.replace(/\|/g, "/")} | ${l.label.replace(/\|/g, "/")} | ${money(l.planned_cents)} |`),
  ];
  const body = [
    t("budget.resolutionIntro", { name: budget.name, start: budget.fiscal_start, end: budget.fiscal_end }),
    "",
    `**${t("budget.charges")}**`,
    "",
    ...table("charge"),
    "",
    `**${t("budget.incomes")}**`,
    "",
    ...table("income"),
    "",
    t("budget.resolutionTotals", { charges: money(totals.charges), income: money(totals.income), balance: money(totals.balance) }),
  ].join("\n");
  return db.transaction().execute(async (trx) => {
    assertDraft(await budgetOrThrow(trx, input.entity.id, input.budgetId));
    const { id: resolutionId, number } = await draftResolution(trx, {
      entityId: input.entity.id,
      actorId: input.actorId,
      budgetId: budget.id,
      resolution: { number: await freeNumber(trx, input.entity.id, `B${budget.fiscal_start.slice(0, 4)}`), title: t("budget.resolutionTitle", { name: budget.name }), body, note: null, ruleId: rule.id, kind: "ordinary", recommendation: "for" },
      now: input.now,
    });
    await b.updateBudget(trx, budget.id, { status: "proposed", resolution_id: resolutionId });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.actorId, action: "budget.proposed", subject: { type: "budget", id: budget.id }, detail: { resolutionId }, now: input.now ?? new Date() });
    return { resolutionId, number };
  });
}

export async function closeBudget(db: Db, input: { entityId: string; actorId: string; budgetId: string; now?: Date }) {
  const budget = await budgetOrThrow(db, input.entityId, input.budgetId);
  if (budget.status !== "adopted") throw new AppError("budget.notAdopted", {}, 409);
  const now = input.now ?? new Date();
  await b.updateBudget(db, budget.id, { status: "closed", closed_at: now.toISOString() });
  await insertAuditEvent(db, { entityId: input.entityId, userId: input.actorId, action: "budget.closed", subject: { type: "budget", id: budget.id }, now });
}

// Contributions: money and help from partners, which never change any voting weight.

export async function addContribution(db: Db, input: { entityId: string; budgetId: string; memberId: string; type: ContributionType; description: string | null; publicAid: boolean; pledgedCents: number; pledgedOn: string; receivedCents: number; receivedOn: string | null; now?: Date }) {
  const budget = await budgetOrThrow(db, input.entityId, input.budgetId);
  const member = await findMember(db, input.entityId, input.memberId);
  if (!member) throw new AppError("errors.invalidChoice", { field: "memberId" }, 422, "memberId");
  await b.insertContribution(db, {
    id: newId(),
    budget_id: budget.id,
    member_id: member.id,
    type: input.type,
    description: input.description,
    public_aid: input.publicAid && input.type === "grant" ? 1 : 0,
    pledged_cents: input.pledgedCents,
    pledged_on: input.pledgedOn,
    received_cents: input.receivedCents,
    received_on: input.receivedOn,
    created_at: (input.now ?? new Date()).toISOString(),
  });
}

export async function receiveContribution(db: Db, input: { entityId: string; budgetId: string; contributionId: string; receivedCents: number; receivedOn: string }) {
  const budget = await budgetOrThrow(db, input.entityId, input.budgetId);
  await b.updateContribution(db, budget.id, input.contributionId, { received_cents: input.receivedCents, received_on: input.receivedOn });
}

// Expenses

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
  await b.insertExpense(db, {
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
  await insertAuditEvent(db, { entityId: input.entity.id, userId: input.userId, action: "expense.submitted", subject: { type: "budget", id: budget.id }, detail: { expenseId: id, amountCents: input.amountCents, payee: input.payee }, now });
  return { id };
}

/**
 * Approves or refuses an expense: never by the person who submitted it; it counts as spent
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
    const check = approve({ submittedBy: expense.submitted_by, amountCents: expense.amount_cents, status: expense.status as ExpenseAmount["status"], hasAdoptedResolution }, approvals, input.userId, policy);
    if (!check.ok && (input.decision === "approve" || check.reason !== "needsResolution")) throw new AppError(`expenses.${check.reason}`, { amount: expense.amount_cents }, 409);
    await b.insertApproval(trx, { expense_id: expense.id, user_id: input.userId, decision: input.decision, created_at: now.toISOString() });
    const status = input.decision === "refuse" ? "rejected" : check.ok ? check.status : "pending";
    if (status !== "pending") await b.updateExpense(trx, expense.id, { status, decided_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.userId, action: `expense.${input.decision}`, subject: { type: "budget", id: budget.id }, detail: { expenseId: expense.id, status }, now });
    return { status };
  });
}

// Transfers between lines

/** Moves money between lines: at once below the threshold, else through a draft resolution. */
export async function requestTransfer(db: Db, input: { entity: BudgetEntity; actorId: string; budgetId: string; fromLineId: string; toLineId: string; amountCents: number; locale: Locale; now?: Date }) {
  const now = input.now ?? new Date();
  const budget = await budgetOrThrow(db, input.entity.id, input.budgetId);
  if (budget.status !== "adopted") throw new AppError("budget.notAdopted", {}, 409);
  const lines = await b.listLines(db, budget.id);
  const from = lines.find((l) => l.id === input.fromLineId);
  const to = lines.find((l) => l.id === input.toLineId);
  if (!from || !to || from.id === to.id) throw new AppError("errors.invalidChoice", { field: "toLineId" }, 422, "toLineId");
  if (input.amountCents > from.planned_cents) throw new AppError("budget.transferTooBig", { available: from.planned_cents / 100 }, 422, "amount"); // euros, for the message's currency format
  const id = newId();
  const transfer = { id, budget_id: budget.id, from_line_id: from.id, to_line_id: to.id, amount_cents: input.amountCents, created_by: input.actorId, created_at: now.toISOString() };
  if (!transferNeedsVote(input.amountCents, input.entity.transfer_threshold_cents)) {
    await db.transaction().execute(async (trx) => {
      await b.insertTransfer(trx, { ...transfer, status: "applied", resolution_id: null });
      await moveMoney(trx, transfer);
      await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.actorId, action: "budget.transfer.applied", subject: { type: "budget", id: budget.id }, detail: { transferId: id, amountCents: input.amountCents }, now });
    });
    return { applied: true as const, resolutionId: null, number: null };
  }
  const rule = await budgetRule(db, input.entity);
  const t = getFixedT(input.locale);
  return db.transaction().execute(async (trx) => {
    const { id: resolutionId, number } = await draftResolution(trx, {
      entityId: input.entity.id,
      actorId: input.actorId,
      resolution: {
        number: await freeNumber(trx, input.entity.id, `V${budget.fiscal_start.slice(0, 4)}`),
        title: t("budget.transferTitle", { name: budget.name }),
        body: t("budget.transferBody", { amount: formatMoney(input.locale, input.amountCents), from: from.label, to: to.label, name: budget.name }),
        note: null,
        ruleId: rule.id,
        kind: "ordinary",
        recommendation: null,
      },
      now,
    });
    await b.insertTransfer(trx, { ...transfer, status: "pending", resolution_id: resolutionId });
    return { applied: false as const, resolutionId, number };
  });
}

// Following the budget

export async function budgetFollowUp(db: Db, budget: b.BudgetRow, today: string = isoDateInParis()) {
  const [lines, totals, contributions] = await Promise.all([b.listLines(db, budget.id), b.expenseTotals(db, budget.id), b.listContributions(db, budget.id)]);
  const expensesOf = (lineId: string): ExpenseAmount[] => totals.filter((x) => x.lineId === lineId).map((x) => ({ amountCents: Number(x.cents), status: x.status as ExpenseAmount["status"], spentOn: x.spentOn }));
  const rows = lines.map((l) => ({
    id: l.id,
    kind: l.kind as LineKind,
    category: l.category,
    label: l.label,
    memberName: l.memberName,
    collegeName: l.collegeName,
    notes: l.notes,
    ...lineFollowUp(l.planned_cents, expensesOf(l.id), today),
  }));
  const byPartner = new Map<string, { name: string; college: string | null; pledged: number; received: number }>();
  const byCollege = new Map<string, { pledged: number; received: number }>();
  for (const c of contributions) {
    const p = byPartner.get(c.member_id) ?? { name: c.memberName, college: c.collegeName, pledged: 0, received: 0 };
    p.pledged += c.pledged_cents;
    p.received += c.received_cents;
    byPartner.set(c.member_id, p);
    const key = c.collegeName ?? "";
    const k = byCollege.get(key) ?? { pledged: 0, received: 0 };
    k.pledged += c.pledged_cents;
    k.received += c.received_cents;
    byCollege.set(key, k);
  }
  const charges = rows.filter((r) => r.kind === "charge");
  return {
    lines: rows,
    totals: budgetTotals(lines.map((l) => ({ kind: l.kind as LineKind, plannedCents: l.planned_cents }))),
    spent: charges.reduce((n, r) => n + r.spent, 0),
    committed: charges.reduce((n, r) => n + r.committed, 0),
    contributions,
    partners: [...byPartner.values()].sort((a, b2) => a.name.localeCompare(b2.name)),
    colleges: [...byCollege.entries()].map(([name, v]) => ({ name: name || null, ...v })),
    publicAidCents: contributions.filter((c) => c.public_aid === 1).reduce((n, c) => n + c.received_cents, 0),
  };
}

/** Prepares the allocation of the year's result for the annual AGO, as a draft resolution. */
export async function prepareAllocation(db: Db, input: { entity: BudgetEntity; actorId: string; budgetId: string; resultCents: number; publicAidCents: number; locale: Locale; now?: Date }) {
  const budget = await budgetOrThrow(db, input.entity.id, input.budgetId);
  const a = scicAllocation(input.resultCents, input.publicAidCents);
  const t = getFixedT(input.locale);
  const money = (c: number) => formatMoney(input.locale, c);
  const rule = await budgetRule(db, input.entity);
  const { id, number } = await createResolution(db, {
    entityId: input.entity.id,
    actorId: input.actorId,
    resolution: {
      number: await freeNumber(db, input.entity.id, `A${budget.fiscal_start.slice(0, 4)}`),
      title: t("allocation.resolutionTitle", { name: budget.name }),
      body: t("allocation.resolutionBody", { result: money(a.result), legal: money(a.legalReserve), statutory: money(a.statutoryReserveMin), reserves: money(a.reservesMin), aid: money(a.publicAid), shares: money(a.maxForShares) }),
      note: null,
      ruleId: rule.id,
      kind: "ordinary",
      recommendation: "for",
    },
    now: input.now,
  });
  return { resolutionId: id, number, allocation: a };
}
