// The shared budget: its plan and lines, adoption by vote, transfers, follow-up and allocation.
// Contributions and expenses are in budget-contributions.server.ts and budget-expenses.server.ts.
import { budgetTotals, lineFollowUp, scicAllocation, transferNeedsVote, type ExpenseAmount, type LineKind } from "~/domain/budget";
import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { AppError, notFound } from "~/lib/errors";
import { getFixedT } from "~/lib/i18n";
import { newId } from "~/lib/ids.server";
import { formatMoney, type Locale } from "~/lib/locale";
import { insertAuditEvent } from "~/queries/audit.server";
import * as b from "~/queries/budget.server";
import { findCollege } from "~/queries/colleges.server";
import { lockEntity } from "~/queries/entities.server";
import { findMember } from "~/queries/members.server";
import { findResolutionByNumber } from "~/queries/resolutions.server";
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

/** The budget of the URL, inside the entity of the URL, or 404. */
/** The budget, or 404; `lock`: its row stays locked until the transaction ends (db/dialect.ts lockRows). */
export async function budgetOrThrow(db: Db, entityId: string, budgetId: string, lock?: Parameters<typeof b.findBudget>[3]) {
  const budget = await b.findBudget(db, entityId, budgetId, lock);
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

/** A line's member and college, when given, must be the entity's (and the college not archived). */
async function assertLineLinks(db: Db, entityId: string, l: LineInput) {
  const college = l.collegeId ? await findCollege(db, entityId, l.collegeId) : null;
  if (l.collegeId && (!college || college.archived_at)) throw new AppError("errors.invalidChoice", { field: "collegeId" }, 422, "collegeId");
  if (l.memberId && !(await findMember(db, entityId, l.memberId))) throw new AppError("errors.invalidChoice", { field: "memberId" }, 422, "memberId");
}

export async function addLine(db: Db, input: { entityId: string; actorId: string; budgetId: string; line: LineInput; now?: Date }) {
  const l = input.line;
  return db.transaction().execute(async (trx) => {
    // Locked: lines added at once take the next positions one after the other.
    const budget = await budgetOrThrow(trx, input.entityId, input.budgetId, "no key update");
    assertDraft(budget);
    await assertLineLinks(trx, input.entityId, l);
    const id = newId();
    await b.insertLine(trx, { id, budget_id: budget.id, kind: l.kind, category: l.category, label: l.label, planned_cents: l.plannedCents, member_id: l.memberId, college_id: l.collegeId, notes: l.notes, position: await b.nextLinePosition(trx, budget.id) });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "budget.line.added", subject: { type: "budget", id: budget.id }, detail: { lineId: id, kind: l.kind, category: l.category, label: l.label, plannedCents: l.plannedCents }, now: input.now ?? new Date() });
    return { id };
  });
}

/** Removes a line of a draft budget; a line not in this budget is missing (404). */
export async function removeLine(db: Db, input: { entityId: string; actorId: string; budgetId: string; lineId: string; now?: Date }) {
  await db.transaction().execute(async (trx) => {
    // Locked, as adding a line: the lines of a budget being proposed stay as its resolution states them.
    const budget = await budgetOrThrow(trx, input.entityId, input.budgetId, "no key update");
    assertDraft(budget);
    const line = (await b.listLines(trx, budget.id)).find((l) => l.id === input.lineId);
    if (!line) notFound();
    await b.deleteLine(trx, budget.id, line.id);
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "budget.line.removed", subject: { type: "budget", id: budget.id }, detail: { lineId: line.id, kind: line.kind, category: line.category, label: line.label, plannedCents: line.planned_cents }, now: input.now ?? new Date() });
  });
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
    // The entity locked (numbers are chosen one vote at a time), then the budget (proposed once).
    await lockEntity(trx, input.entity.id);
    assertDraft(await budgetOrThrow(trx, input.entity.id, input.budgetId, "no key update"));
    // The resolution's text was written from the lines read before: a line added, changed or removed
    // since would be adopted without having been put to the vote.
    if (JSON.stringify(await b.listLines(trx, budget.id)) !== JSON.stringify(lines)) throw new AppError("budget.changedMeanwhile", {}, 409);
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

// Transfers between lines

/** Moves money between lines: at once below the threshold, else through a draft resolution. */
export async function requestTransfer(db: Db, input: { entity: BudgetEntity; actorId: string; budgetId: string; fromLineId: string; toLineId: string; amountCents: number; locale: Locale; now?: Date }) {
  const now = input.now ?? new Date();
  const budget = await budgetOrThrow(db, input.entity.id, input.budgetId);
  if (budget.status !== "adopted") throw new AppError("budget.notAdopted", {}, 409);
  const lines = await b.listLines(db, budget.id);
  const from = lines.find((l) => l.id === input.fromLineId);
  const to = lines.find((l) => l.id === input.toLineId);
  if (!from) throw new AppError("errors.invalidChoice", { field: "fromLineId" }, 422, "fromLineId");
  if (!to || from.id === to.id) throw new AppError("errors.invalidChoice", { field: "toLineId" }, 422, "toLineId");
  if (input.amountCents > from.planned_cents) throw new AppError("budget.transferTooBig", { available: from.planned_cents / 100 }, 422, "amount"); // euros, for the message's currency format
  const id = newId();
  const transfer = { id, budget_id: budget.id, from_line_id: from.id, to_line_id: to.id, amount_cents: input.amountCents, created_by: input.actorId, created_at: now.toISOString() };
  if (!transferNeedsVote(input.amountCents, input.entity.transfer_threshold_cents)) {
    await db.transaction().execute(async (trx) => {
      // Checked again with the budget locked: another transfer may have taken the money meanwhile.
      await b.lockBudget(trx, budget.id);
      if ((await budgetOrThrow(trx, input.entity.id, budget.id)).status !== "adopted") throw new AppError("budget.notAdopted", {}, 409);
      const available = (await b.listLines(trx, budget.id)).find((l) => l.id === from.id)?.planned_cents ?? 0;
      if (input.amountCents > available) throw new AppError("budget.transferTooBig", { available: available / 100 }, 422, "amount");
      await b.insertTransfer(trx, { ...transfer, status: "applied", resolution_id: null });
      await moveMoney(trx, transfer);
      await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.actorId, action: "budget.transfer.applied", subject: { type: "budget", id: budget.id }, detail: { transferId: id, amountCents: input.amountCents }, now });
    });
    return { applied: true as const, resolutionId: null, number: null };
  }
  const rule = await budgetRule(db, input.entity);
  const t = getFixedT(input.locale);
  return db.transaction().execute(async (trx) => {
    // The entity locked: numbers are chosen one vote at a time.
    await lockEntity(trx, input.entity.id);
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
