// Approvals of an expense under parallel requests (issue 14, part 2), on PostgreSQL as on SQLite:
// an expense needs N approvals by distinct people; approvals given at once are counted one after
// the other, so the expense is approved by exactly the Nth, once, and nobody counts twice.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { decideExpense, submitExpense } from "~/services/budget-expenses.server";
import { addLine, createBudget, type BudgetEntity } from "~/services/budget.server";
import { grantRole } from "~/services/entities.server";
import { createTestDb } from "../helpers/db";
import { makeEntity, makeUser } from "../helpers/factories";
import { TODAY } from "../helpers/voting";
import { race, tally, times } from "./concurrency.fixture";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

/** Roles given a day before the expenses are submitted. */
const LONG_AGO = new Date(Date.now() - 86400_000);

/** An adopted budget of an entity that asks `required` approvals, and six treasurers of long standing. */
async function setup(required: number) {
  const e = await makeEntity(db, "Coop");
  const approvers: { id: string }[] = [];
  for (let i = 0; i < 6; i++) {
    const user = await makeUser(db, `Trésorier ${i}`);
    await grantRole(db, { entityId: e.id, actorId: e.admin.id, email: user.email, role: "treasurer", now: LONG_AGO });
    approvers.push(user);
  }
  await db.updateTable("entity").set({ expense_approvals: required }).where("id", "=", e.id).execute();
  const entity = (await db.selectFrom("entity").selectAll().where("id", "=", e.id).executeTakeFirstOrThrow()) as BudgetEntity;
  const year = TODAY().slice(0, 4);
  const { id: budgetId } = await createBudget(db, { entityId: e.id, actorId: e.admin.id, name: `Budget ${year}`, fiscalStart: `${year}-01-01`, fiscalEnd: `${year}-12-31` });
  const { id: lineId } = await addLine(db, { entityId: e.id, actorId: e.admin.id, budgetId, line: { kind: "charge", category: "Divers", label: "Local", plannedCents: 10_000_000, memberId: null, collegeId: null, notes: null } });
  await db.updateTable("budget").set({ status: "adopted", adopted_at: LONG_AGO.toISOString() }).where("id", "=", budgetId).execute();
  const submit = async () => (await submitExpense(db, { entity, budgetId, userId: e.admin.id, lineId, payee: "Imprimerie", spentOn: TODAY(), amountCents: 12_345, description: "Affiches", resolutionId: null, receipt: null })).id;
  return { e, entity, budgetId, approvers, submit };
}

const approvals = (expenseId: string) => db.selectFrom("expense_approval").select(["user_id", "decision"]).where("expense_id", "=", expenseId).execute();

describe("approvals given at once", () => {
  it("six approvers at once on an expense that needs three: three approvals, approved once by the third, three refused as no longer pending (four expenses)", async () => {
    const s = await setup(3);
    for (let round = 1; round <= 4; round++) {
      const expenseId = await s.submit();
      const { values, outcomes } = await race(s.approvers.map((a) => () => decideExpense(db, { entity: s.entity, budgetId: s.budgetId, expenseId, userId: a.id, decision: "approve" })));
      expect({ round, outcomes: tally(outcomes) }).toEqual({ round, outcomes: { ok: 3, "409 expenses.notPending": 3 } });
      expect(tally(values.map((v) => v.status))).toEqual({ pending: 2, approved: 1 });
      expect(await approvals(expenseId)).toHaveLength(3);
      expect(await db.selectFrom("expense").select("status").where("id", "=", expenseId).executeTakeFirstOrThrow()).toEqual({ status: "approved" });
      const journal = await db.selectFrom("audit_event").select("detail").where("action", "=", "expense.approved").where("detail", "like", `%${expenseId}%`).execute();
      expect(tally(journal.map((j) => JSON.parse(j.detail!).status))).toEqual({ pending: 2, approved: 1 });
    }
  });

  it("one approver approving eight times at once: one approval, the others 409 already decided, never a 500 (four expenses)", async () => {
    const s = await setup(2);
    for (let round = 1; round <= 4; round++) {
      const expenseId = await s.submit();
      const { outcomes } = await race(times(8, () => decideExpense(db, { entity: s.entity, budgetId: s.budgetId, expenseId, userId: s.approvers[0]!.id, decision: "approve" })));
      expect({ round, outcomes: tally(outcomes) }).toEqual({ round, outcomes: { ok: 1, "409 expenses.alreadyDecided": 7 } });
      expect(await approvals(expenseId)).toEqual([{ user_id: s.approvers[0]!.id, decision: "approve" }]);
      expect(await db.selectFrom("expense").select("status").where("id", "=", expenseId).executeTakeFirstOrThrow()).toEqual({ status: "pending" });
    }
  });

  it("approvals and a refusal at once: the expense ends as the decisions in their order say, never approved after a refusal", async () => {
    const s = await setup(2);
    for (let round = 1; round <= 4; round++) {
      const expenseId = await s.submit();
      const decisions = ["approve", "refuse", "approve", "approve", "refuse", "approve"] as const;
      const { outcomes } = await race(s.approvers.map((a, i) => () => decideExpense(db, { entity: s.entity, budgetId: s.budgetId, expenseId, userId: a.id, decision: decisions[i]! })));
      for (const o of outcomes) expect(["ok", "409 expenses.notPending"]).toContain(o);
      const given = await approvals(expenseId);
      const status = (await db.selectFrom("expense").select("status").where("id", "=", expenseId).executeTakeFirstOrThrow()).status;
      // The decision that ended it is the last one recorded: a refusal, or the second approval.
      const approved = given.filter((g) => g.decision === "approve").length;
      const refused = given.filter((g) => g.decision === "refuse").length;
      if (status === "approved") expect({ round, approved, refused }).toEqual({ round, approved: 2, refused: 0 });
      else expect({ round, status, refused, atMostOneApproval: approved <= 1 }).toEqual({ round, status: "rejected", refused: 1, atMostOneApproval: true });
    }
  });
});
