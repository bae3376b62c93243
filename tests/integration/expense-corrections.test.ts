// An expense above the threshold must cite a resolution when submitted; its author corrects or
// withdraws it until someone gives an opinion on it, and the journal keeps both.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "#db/seed";
import * as budgetRoute from "~/routes/entity.budget";
import * as budgetsRoute from "~/routes/entity.budgets";
import * as expensesRoute from "~/routes/entity.budget.expenses";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { TODAY } from "../helpers/voting";

let db: Db;
const tokens: Record<string, string> = {};
const base = `/o/${DEMO_SLUG}/budgets`;

beforeEach(async () => {
  db = await createTestDb();
  await seedDemo(db);
  for (const role of ["admin", "secretary", "treasurer"]) {
    const a = DEMO_ACCOUNTS.find((x) => x.role === role)!;
    tokens[role] = await signIn(db, a.email, a.password);
  }
});

function call(fn: unknown, who: string, path: string, params: Record<string, string>, form?: Record<string, string>) {
  return run(fn as Parameters<typeof run>[0], db, { path, token: tokens[who], params: { slug: DEMO_SLUG, ...params }, form });
}

async function adoptedBudget() {
  const year = TODAY().slice(0, 4);
  const created = (await call(budgetsRoute.action, "treasurer", base, {}, { name: `Budget ${year}`, fiscalStart: `${year}-01-01`, fiscalEnd: `${year}-12-31` })) as Response;
  const budgetId = created.headers.get("Location")!.split("/").pop()!;
  const here = `${base}/${budgetId}`;
  await call(budgetRoute.action, "treasurer", here, { budgetId }, { intent: "line", kind: "charge", category: "Fonctionnement", label: "Local", planned: "12 000", collegeId: "", notes: "" });
  await db.updateTable("budget").set({ status: "adopted", adopted_at: new Date().toISOString() }).where("id", "=", budgetId).execute();
  const lineId = (await db.selectFrom("budget_line").select("id").where("budget_id", "=", budgetId).executeTakeFirstOrThrow()).id;
  return { budgetId, path: `${here}/expenses`, lineId };
}

describe("expenses before their first opinion", () => {
  it("above the threshold without a resolution, an expense is refused on the resolution field, nothing written", async () => {
    const { budgetId, path, lineId } = await adoptedBudget();
    await db.updateTable("entity").set({ expense_resolution_threshold_cents: 500_000 }).execute();
    const big = await call(expensesRoute.action, "treasurer", path, { budgetId }, { intent: "submit", lineId, payee: "Chaufferie", spentOn: TODAY(), amount: "6 000", description: "Chaudière", resolutionId: "" });
    expect(statusOf(big)).toBe(422);
    expect(dataOf(big).errors).toEqual({ resolutionId: { key: "expenses.needsResolution", params: { amount: 600_000 } } });
    expect(dataOf(big).values).toMatchObject({ payee: "Chaufferie", amount: "6 000" });
    expect(await db.selectFrom("expense").select("id").execute()).toEqual([]);
  });

  it("its author corrects it, then withdraws it; not someone else, and not once someone gave an opinion", async () => {
    const { budgetId, path, lineId } = await adoptedBudget();
    const fields = { lineId, payee: "EDF", spentOn: TODAY(), amount: "120", description: "Électricité", resolutionId: "" };
    expect(statusOf(await call(expensesRoute.action, "treasurer", path, { budgetId }, { intent: "submit", ...fields }))).toBe(302);
    const [first] = await db.selectFrom("expense").select("id").execute();
    const expenseId = first!.id;
    expect(statusOf(await call(expensesRoute.action, "admin", path, { budgetId }, { intent: "correct", expenseId, ...fields, amount: "1" }))).toBe(404);
    const bad = await call(expensesRoute.action, "treasurer", path, { budgetId }, { intent: "correct", expenseId, ...fields, amount: "" });
    expect(dataOf(bad).errors.amount.key).toBe("errors.required");
    expect(statusOf(await call(expensesRoute.action, "treasurer", path, { budgetId }, { intent: "correct", expenseId, ...fields, payee: "Enedis", amount: "12,50" }))).toBe(302);
    expect(await db.selectFrom("expense").select(["payee", "amount_cents", "status"]).where("id", "=", expenseId).executeTakeFirstOrThrow()).toEqual({ payee: "Enedis", amount_cents: 1250, status: "pending" });
    expect(statusOf(await call(expensesRoute.action, "treasurer", path, { budgetId }, { intent: "withdraw", expenseId }))).toBe(302);
    expect((await db.selectFrom("expense").select("status").where("id", "=", expenseId).executeTakeFirstOrThrow()).status).toBe("withdrawn");
    const journal = await db.selectFrom("audit_event").select(["action", "detail"]).where("action", "in", ["expense.corrected", "expense.withdrawn"]).orderBy("id").execute();
    expect(journal.map((e) => e.action).sort()).toEqual(["expense.corrected", "expense.withdrawn"]);
    expect(JSON.parse(journal.find((e) => e.action === "expense.corrected")!.detail!)).toMatchObject({ expenseId, before: { amountCents: 12_000, payee: "EDF" }, amountCents: 1250, payee: "Enedis" });

    // Another one, approved once: locked for its author.
    await call(expensesRoute.action, "treasurer", path, { budgetId }, { intent: "submit", ...fields });
    const second = (await db.selectFrom("expense").select("id").where("status", "=", "pending").executeTakeFirstOrThrow()).id;
    expect(statusOf(await call(expensesRoute.action, "admin", path, { budgetId }, { intent: "decide", expenseId: second, decision: "approve" }))).toBe(302);
    const locked = await call(expensesRoute.action, "treasurer", path, { budgetId }, { intent: "withdraw", expenseId: second });
    expect(statusOf(locked)).toBe(409);
    expect(dataOf(locked).errors._form.key).toBe("confirm.expenseLocked");
    expect((await db.selectFrom("expense").select("status").where("id", "=", second).executeTakeFirstOrThrow()).status).toBe("pending");
  });
});
