// Who may decide on an expense, and ids from budget forms looked up inside the URL's entity.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { findRoleGrant } from "~/queries/entities.server";
import { addContribution, receiveContribution } from "~/services/budget-contributions.server";
import { decideExpense, submitExpense } from "~/services/budget-expenses.server";
import { addLine, createBudget, removeLine, requestTransfer, type BudgetEntity } from "~/services/budget.server";
import { changeRole, grantRole } from "~/services/entities.server";
import { createTestDb } from "../helpers/db";
import { makeUser } from "../helpers/factories";
import { makeVotingScic, TODAY } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const MINUTE = 60_000;
/** Roles given long ago, the expense submitted now, roles given after it. */
const LONG_AGO = new Date(Date.now() - 24 * 60 * MINUTE);
const SUBMITTED = new Date();
const LATER = new Date(Date.now() + MINUTE);

async function adoptedBudget(name = "Coop") {
  const s = await makeVotingScic(db, 1);
  const staff: Record<string, { id: string; email: string }> = {};
  for (const [key, role] of [["treasurer", "treasurer"], ["secretary", "secretary"], ["veteran", "treasurer"]] as const) {
    const user = await makeUser(db, `${name} ${key}`);
    await grantRole(db, { entityId: s.id, actorId: s.admin.id, email: user.email, role, now: LONG_AGO });
    staff[key] = user;
  }
  const entity = (await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()) as BudgetEntity;
  const year = TODAY().slice(0, 4);
  const { id: budgetId } = await createBudget(db, { entityId: s.id, actorId: s.admin.id, name: `Budget ${year}`, fiscalStart: `${year}-01-01`, fiscalEnd: `${year}-12-31` });
  for (const [kind, label] of [["charge", "Local"], ["charge", "Personnel"], ["income", "Ventes"]] as const) {
    await addLine(db, { entityId: s.id, actorId: s.admin.id, budgetId, line: { kind, category: "Divers", label, plannedCents: 1_000_000, memberId: null, collegeId: null, notes: null } });
  }
  await db.updateTable("budget").set({ status: "adopted", adopted_at: LONG_AGO.toISOString() }).where("id", "=", budgetId).execute();
  const lines = await db.selectFrom("budget_line").select(["id", "label"]).where("budget_id", "=", budgetId).execute();
  const line = (label: string) => lines.find((l) => l.label === label)!.id;
  return { ...s, entity, budgetId, staff, line };
}

describe("deciding on an expense", () => {
  it("an admin cannot make up the approvals of their own expense with roles given after it", async () => {
    const s = await adoptedBudget();
    const { id: expenseId } = await submitExpense(db, { entity: s.entity, budgetId: s.budgetId, userId: s.admin.id, lineId: s.line("Local"), payee: "Ami de l’admin", spentOn: TODAY(), amountCents: 450_000, description: "Conseil", resolutionId: null, receipt: null, now: SUBMITTED });
    const decide = (userId: string, decision: "approve" | "refuse" = "approve") => decideExpense(db, { entity: s.entity, budgetId: s.budgetId, expenseId, userId, decision });

    // Two new accounts made treasurers after the expense was submitted: neither counts.
    for (const name of ["Complice 1", "Complice 2"]) {
      const crony = await makeUser(db, name);
      await grantRole(db, { entityId: s.id, actorId: s.admin.id, email: crony.email, role: "treasurer", now: LATER });
      await expect(decide(crony.id)).rejects.toMatchObject({ key: "expenses.roleTooRecent", status: 409 });
      await expect(decide(crony.id, "refuse")).rejects.toMatchObject({ key: "expenses.roleTooRecent" });
    }
    // A change of role restarts the clock, even from one approving role to another.
    await changeRole(db, { entityId: s.id, actorId: s.admin.id, userId: s.staff.treasurer!.id, role: "secretary", now: LATER });
    expect((await findRoleGrant(db, s.id, s.staff.treasurer!.id))?.grantedAt).toBe(LATER.toISOString());
    await expect(decide(s.staff.treasurer!.id)).rejects.toMatchObject({ key: "expenses.roleTooRecent" });
    // Giving someone the role they already hold does not.
    await grantRole(db, { entityId: s.id, actorId: s.admin.id, email: s.staff.veteran!.email, role: "treasurer", now: LATER });
    expect((await findRoleGrant(db, s.id, s.staff.veteran!.id))?.grantedAt).toBe(LONG_AGO.toISOString());
    expect(await db.selectFrom("expense").select("status").where("id", "=", expenseId).executeTakeFirstOrThrow()).toEqual({ status: "pending" });
    expect(await db.selectFrom("expense_approval").selectAll().where("expense_id", "=", expenseId).execute()).toEqual([]);

    // Those who held an approving role before it was submitted approve it.
    expect(await decide(s.staff.secretary!.id)).toEqual({ status: "pending" });
    expect(await decide(s.staff.veteran!.id)).toEqual({ status: "approved" });
    const events = await db.selectFrom("audit_event").select(["action", "entity_id", "user_id", "subject_type", "subject_id", "detail"]).where("action", "like", "expense.%").orderBy("created_at").orderBy("id").execute();
    expect(events.map((e) => [e.action, e.user_id])).toEqual([
      ["expense.submitted", s.admin.id],
      ["expense.approved", s.staff.secretary!.id],
      ["expense.approved", s.staff.veteran!.id],
    ]);
    expect(events[2]).toMatchObject({ entity_id: s.id, subject_type: "budget", subject_id: s.budgetId });
    expect(JSON.parse(events[2]!.detail!)).toMatchObject({ expenseId, status: "approved", amountCents: 450_000 });
  });

  it("a refusal is recorded as expense.refused; a member cannot decide", async () => {
    const s = await adoptedBudget();
    const { id: expenseId } = await submitExpense(db, { entity: s.entity, budgetId: s.budgetId, userId: s.staff.treasurer!.id, lineId: s.line("Local"), payee: "EDF", spentOn: TODAY(), amountCents: 10_000, description: "Électricité", resolutionId: null, receipt: null, now: SUBMITTED });
    const memberUser = Object.values(s.people)[0]![0]!.userId;
    await expect(decideExpense(db, { entity: s.entity, budgetId: s.budgetId, expenseId, userId: memberUser, decision: "approve" })).rejects.toMatchObject({ key: "expenses.notApprover" });
    expect(await decideExpense(db, { entity: s.entity, budgetId: s.budgetId, expenseId, userId: s.staff.secretary!.id, decision: "refuse" })).toEqual({ status: "rejected" });
    const refused = await db.selectFrom("audit_event").select(["detail"]).where("action", "=", "expense.refused").executeTakeFirstOrThrow();
    expect(JSON.parse(refused.detail!)).toMatchObject({ expenseId, status: "rejected" });
  });
});

describe("ids from budget forms are looked up inside the entity", () => {
  it("a line's college and member must be the entity's; unknown ids are refused naming the field, nothing written", async () => {
    const s = await adoptedBudget("Alpha");
    const other = await adoptedBudget("Beta");
    await db.updateTable("budget").set({ status: "draft" }).where("id", "=", s.budgetId).execute();
    const line = { kind: "charge" as const, category: "Divers", label: "Intrus", plannedCents: 100, notes: null };
    const foreignCollege = Object.values(other.colleges)[0]!;
    const foreignMemberId = (await db.selectFrom("member").select("id").where("entity_id", "=", other.id).executeTakeFirstOrThrow()).id;
    const count = async () => (await db.selectFrom("budget_line").select("id").where("budget_id", "=", s.budgetId).execute()).length;
    const before = await count();
    for (const [ids, field] of [
      [{ collegeId: foreignCollege, memberId: null }, "collegeId"],
      [{ collegeId: "unknown-college", memberId: null }, "collegeId"],
      [{ collegeId: null, memberId: foreignMemberId }, "memberId"],
      [{ collegeId: null, memberId: "unknown-member" }, "memberId"],
    ] as const) {
      await expect(addLine(db, { entityId: s.id, actorId: s.admin.id, budgetId: s.budgetId, line: { ...line, ...ids } })).rejects.toMatchObject({ key: "errors.invalidChoice", status: 422, field });
    }
    expect(await count()).toBe(before);
    // The entity's own college is fine, and the addition is in the journal.
    await addLine(db, { entityId: s.id, actorId: s.admin.id, budgetId: s.budgetId, line: { ...line, collegeId: Object.values(s.colleges)[0]!, memberId: null } });
    expect(await count()).toBe(before + 1);
    const added = await db.selectFrom("audit_event").selectAll().where("action", "=", "budget.line.added").where("entity_id", "=", s.id).orderBy("created_at", "desc").executeTakeFirstOrThrow();
    expect(added).toMatchObject({ user_id: s.admin.id, subject_type: "budget", subject_id: s.budgetId });
    expect(JSON.parse(added.detail!)).toMatchObject({ label: "Intrus", plannedCents: 100 });

    // Removing: another budget's line or an unknown one is missing (404), never a false success.
    for (const lineId of [other.line("Local"), "unknown-line"]) {
      await expect(removeLine(db, { entityId: s.id, actorId: s.admin.id, budgetId: s.budgetId, lineId })).rejects.toMatchObject({ status: 404 });
    }
    expect(await db.selectFrom("budget_line").select("id").where("id", "=", other.line("Local")).executeTakeFirst()).toBeDefined();
    await removeLine(db, { entityId: s.id, actorId: s.admin.id, budgetId: s.budgetId, lineId: s.line("Ventes") });
    expect(await count()).toBe(before);
    expect(await db.selectFrom("audit_event").select("detail").where("action", "=", "budget.line.removed").where("entity_id", "=", s.id).executeTakeFirstOrThrow()).toMatchObject({ detail: expect.stringContaining("Ventes") });
  });

  it("contributions: another entity's member is refused; receiving an unknown contribution is 404 and a real one is in the journal", async () => {
    const s = await adoptedBudget("Alpha");
    const other = await adoptedBudget("Beta");
    const own = (await db.selectFrom("member").select("id").where("entity_id", "=", s.id).executeTakeFirstOrThrow()).id;
    const foreign = (await db.selectFrom("member").select("id").where("entity_id", "=", other.id).executeTakeFirstOrThrow()).id;
    const contribution = { entityId: s.id, actorId: s.admin.id, budgetId: s.budgetId, type: "grant" as const, description: null, publicAid: true, pledgedCents: 500_000, pledgedOn: "2026-01-10", receivedCents: 0, receivedOn: null };
    await expect(addContribution(db, { ...contribution, memberId: foreign })).rejects.toMatchObject({ key: "errors.invalidChoice", field: "memberId" });
    const { id } = await addContribution(db, { ...contribution, memberId: own });
    const theirs = await addContribution(db, { ...contribution, entityId: other.id, actorId: other.admin.id, budgetId: other.budgetId, memberId: foreign });

    const receive = (contributionId: string, budgetId = s.budgetId) => receiveContribution(db, { entityId: s.id, actorId: s.admin.id, budgetId, contributionId, receivedCents: 500_000, receivedOn: "2026-03-01" });
    await expect(receive("unknown")).rejects.toMatchObject({ status: 404 });
    await expect(receive(theirs.id)).rejects.toMatchObject({ status: 404 });
    await expect(receive(theirs.id, other.budgetId)).rejects.toMatchObject({ status: 404 });
    expect(await db.selectFrom("contribution").select("received_cents").where("id", "=", theirs.id).executeTakeFirstOrThrow()).toEqual({ received_cents: 0 });
    await receive(id);
    expect(await db.selectFrom("contribution").select("received_cents").where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ received_cents: 500_000 });
    const actions = await db.selectFrom("audit_event").select(["action", "user_id", "subject_type", "subject_id"]).where("entity_id", "=", s.id).where("action", "like", "contribution.%").orderBy("created_at").orderBy("id").execute();
    expect(actions).toEqual([
      { action: "contribution.added", user_id: s.admin.id, subject_type: "budget", subject_id: s.budgetId },
      { action: "contribution.received", user_id: s.admin.id, subject_type: "budget", subject_id: s.budgetId },
    ]);
  });

  it("expenses and transfers: lines of another budget, resolutions of another entity and unknown expenses are refused", async () => {
    const s = await adoptedBudget("Alpha");
    const other = await adoptedBudget("Beta");
    const otherResolution = (await db.selectFrom("resolution").select("id").where("entity_id", "=", other.id).executeTakeFirst())?.id ?? "unknown-resolution";
    const expense = { entity: s.entity, budgetId: s.budgetId, userId: s.admin.id, payee: "x", spentOn: TODAY(), amountCents: 100, description: "x", receipt: null };
    await expect(submitExpense(db, { ...expense, lineId: other.line("Local"), resolutionId: null })).rejects.toMatchObject({ status: 422, field: "lineId" });
    await expect(submitExpense(db, { ...expense, lineId: s.line("Local"), resolutionId: otherResolution })).rejects.toMatchObject({ status: 422, field: "resolutionId" });
    const { id: theirExpense } = await submitExpense(db, { ...expense, entity: other.entity, budgetId: other.budgetId, userId: other.admin.id, lineId: other.line("Local"), resolutionId: null });
    await expect(decideExpense(db, { entity: s.entity, budgetId: s.budgetId, expenseId: theirExpense, userId: s.staff.secretary!.id, decision: "approve" })).rejects.toMatchObject({ status: 404 });

    const transfer = { entity: s.entity, actorId: s.admin.id, budgetId: s.budgetId, amountCents: 100, locale: "fr" as const };
    await expect(requestTransfer(db, { ...transfer, fromLineId: other.line("Local"), toLineId: s.line("Local") })).rejects.toMatchObject({ status: 422, field: "fromLineId" });
    await expect(requestTransfer(db, { ...transfer, fromLineId: s.line("Local"), toLineId: other.line("Personnel") })).rejects.toMatchObject({ status: 422, field: "toLineId" });
    await expect(requestTransfer(db, { ...transfer, fromLineId: s.line("Local"), toLineId: s.line("Local") })).rejects.toMatchObject({ status: 422, field: "toLineId" });
    expect(await db.selectFrom("budget_transfer").selectAll().execute()).toEqual([]);
  });
});
