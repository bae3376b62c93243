import type { Insertable, Updateable } from "kysely";
import { lockRows, type RowLock, type Database, type Db } from "~/lib/db.server";

export function listBudgets(db: Db, entityId: string) {
  return db.selectFrom("budget").selectAll().where("entity_id", "=", entityId).orderBy("fiscal_start", "desc").execute();
}

/** A budget of the entity; `lock`: its row stays locked until the transaction ends (db/dialect.ts lockRows). */
export function findBudget(db: Db, entityId: string, budgetId: string, lock?: RowLock) {
  const query = db.selectFrom("budget").selectAll().where("entity_id", "=", entityId).where("id", "=", budgetId);
  return (lock ? lockRows(db, query, lock) : query).executeTakeFirst();
}
export type BudgetRow = NonNullable<Awaited<ReturnType<typeof findBudget>>>;

/** Locks a budget's row until the transaction ends (db/dialect.ts lockRows): its lines' amounts change one writer at a time. */
export async function lockBudget(db: Db, budgetId: string) {
  await lockRows(db, db.selectFrom("budget").select("id").where("id", "=", budgetId), "no key update").execute();
}

export async function insertBudget(db: Db, row: Insertable<Database["budget"]>) {
  await db.insertInto("budget").values(row).execute();
}

export async function updateBudget(db: Db, id: string, values: Updateable<Database["budget"]>) {
  await db.updateTable("budget").set(values).where("id", "=", id).execute();
}

export function findBudgetByResolution(db: Db, resolutionId: string) {
  return db.selectFrom("budget").selectAll().where("resolution_id", "=", resolutionId).executeTakeFirst();
}

// Lines

export function listLines(db: Db, budgetId: string) {
  return db
    .selectFrom("budget_line")
    .leftJoin("member", "member.id", "budget_line.member_id")
    .leftJoin("college", "college.id", "budget_line.college_id")
    .selectAll("budget_line")
    .select(["member.name as memberName", "college.name as collegeName"])
    .where("budget_line.budget_id", "=", budgetId)
    .orderBy("budget_line.kind")
    .orderBy("budget_line.position")
    .execute();
}

export async function insertLine(db: Db, row: Insertable<Database["budget_line"]>) {
  await db.insertInto("budget_line").values(row).execute();
}

export async function updateLine(db: Db, budgetId: string, lineId: string, values: Updateable<Database["budget_line"]>) {
  await db.updateTable("budget_line").set(values).where("budget_id", "=", budgetId).where("id", "=", lineId).execute();
}

export async function deleteLine(db: Db, budgetId: string, lineId: string) {
  await db.deleteFrom("budget_line").where("budget_id", "=", budgetId).where("id", "=", lineId).execute();
}

export async function nextLinePosition(db: Db, budgetId: string): Promise<number> {
  const row = await db.selectFrom("budget_line").select((eb) => eb.fn.max<number | null>("position").as("p")).where("budget_id", "=", budgetId).executeTakeFirst();
  return (row?.p ?? 0) + 1;
}

// Expenses

export const EXPENSE_PAGE_SIZE = 30;

/** A budget's expenses, those awaiting a decision first; one page of them when `page` is given. */
export function listExpenses(db: Db, budgetId: string, page?: number) {
  let query = db
    .selectFrom("expense")
    .innerJoin("budget_line", "budget_line.id", "expense.line_id")
    .innerJoin("user", "user.id", "expense.submitted_by")
    .leftJoin("resolution", "resolution.id", "expense.resolution_id")
    .selectAll("expense")
    .select(["budget_line.label as lineLabel", "user.name as submitterName", "resolution.number as resolutionNumber"])
    .where("expense.budget_id", "=", budgetId)
    .orderBy((eb) => eb.case().when("expense.status", "=", "pending").then(0).else(1).end())
    .orderBy("expense.spent_on", "desc")
    .orderBy("expense.created_at", "desc");
  if (page) query = query.limit(EXPENSE_PAGE_SIZE).offset((page - 1) * EXPENSE_PAGE_SIZE);
  return query.execute();
}

export async function countExpenses(db: Db, budgetId: string): Promise<number> {
  const row = await db.selectFrom("expense").select((eb) => eb.fn.countAll<number>().as("n")).where("budget_id", "=", budgetId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An expense of the budget; `lock`: its row stays locked until the transaction ends (db/dialect.ts lockRows). */
export function findExpense(db: Db, budgetId: string, expenseId: string, lock?: RowLock) {
  const query = db.selectFrom("expense").selectAll().where("budget_id", "=", budgetId).where("id", "=", expenseId);
  return (lock ? lockRows(db, query, lock) : query).executeTakeFirst();
}

export async function insertExpense(db: Db, row: Insertable<Database["expense"]>) {
  await db.insertInto("expense").values(row).execute();
}

export async function updateExpense(db: Db, id: string, values: Updateable<Database["expense"]>) {
  await db.updateTable("expense").set(values).where("id", "=", id).execute();
}

export function listApprovals(db: Db, expenseIds: string[]) {
  if (expenseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("expense_approval")
    .innerJoin("user", "user.id", "expense_approval.user_id")
    .select(["expense_approval.expense_id as expenseId", "expense_approval.user_id as userId", "expense_approval.decision", "user.name"])
    .where("expense_approval.expense_id", "in", expenseIds)
    .orderBy("expense_approval.created_at")
    .execute();
}

export async function insertApproval(db: Db, row: Insertable<Database["expense_approval"]>) {
  await db.insertInto("expense_approval").values(row).execute();
}

/** Expenses per line and status, summed, for the follow-up; split at `today` (future = committed). */
export function expenseTotals(db: Db, budgetId: string) {
  return db
    .selectFrom("expense")
    .select((eb) => ["line_id as lineId", "status", "spent_on as spentOn", eb.fn.sum<number>("amount_cents").as("cents")])
    .where("budget_id", "=", budgetId)
    .groupBy(["line_id", "status", "spent_on"])
    .execute();
}

// Contributions

export function listContributions(db: Db, budgetId: string) {
  return db
    .selectFrom("contribution")
    .innerJoin("member", "member.id", "contribution.member_id")
    .leftJoin("college", "college.id", "member.college_id")
    .selectAll("contribution")
    .select(["member.name as memberName", "college.name as collegeName"])
    .where("contribution.budget_id", "=", budgetId)
    .orderBy("member.sort_name")
    .orderBy("contribution.created_at")
    .execute();
}

export async function insertContribution(db: Db, row: Insertable<Database["contribution"]>) {
  await db.insertInto("contribution").values(row).execute();
}

export function findContribution(db: Db, budgetId: string, id: string) {
  return db.selectFrom("contribution").selectAll().where("budget_id", "=", budgetId).where("id", "=", id).executeTakeFirst();
}

export async function updateContribution(db: Db, budgetId: string, id: string, values: Updateable<Database["contribution"]>) {
  await db.updateTable("contribution").set(values).where("budget_id", "=", budgetId).where("id", "=", id).execute();
}

// Transfers

export async function insertTransfer(db: Db, row: Insertable<Database["budget_transfer"]>) {
  await db.insertInto("budget_transfer").values(row).execute();
}

export function findTransferByResolution(db: Db, resolutionId: string) {
  return db.selectFrom("budget_transfer").selectAll().where("resolution_id", "=", resolutionId).executeTakeFirst();
}

export async function updateTransfer(db: Db, id: string, status: string) {
  await db.updateTable("budget_transfer").set({ status }).where("id", "=", id).execute();
}

export function listTransfers(db: Db, budgetId: string) {
  return db.selectFrom("budget_transfer").selectAll().where("budget_id", "=", budgetId).orderBy("created_at", "desc").execute();
}

/** Adopted resolutions an expense above the threshold may cite. */
export function adoptedResolutions(db: Db, entityId: string) {
  return db.selectFrom("resolution").select(["id", "number", "title"]).where("entity_id", "=", entityId).where("outcome", "=", "adopted").orderBy("closed_at", "desc").limit(200).execute();
}

/** Every vote on a budget, including rejected ones that sent it back to draft. */
export function listBudgetVotes(db: Db, budgetId: string) {
  return db.selectFrom("resolution").select(["id", "number", "title", "status", "outcome", "closed_at as closedAt"]).where("budget_id", "=", budgetId).orderBy("created_at", "desc").execute();
}
