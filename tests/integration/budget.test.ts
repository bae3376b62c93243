import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS } from "~/domain/rules";
import { upsertRole } from "~/queries/entities.server";
import { listLines } from "~/queries/budget.server";
import { createRule } from "~/services/rules.server";
import { closeResolution, openResolution } from "~/services/resolutions.server";
import { castVote } from "~/services/voting.server";
import { weightsInForce } from "~/services/colleges.server";
import { addContribution } from "~/services/budget-contributions.server";
import { decideExpense, submitExpense } from "~/services/budget-expenses.server";
import { addLine, budgetFollowUp, createBudget, prepareAllocation, proposeBudget, requestTransfer, type BudgetEntity } from "~/services/budget.server";
import { createTestDb } from "../helpers/db";
import { makeUser } from "../helpers/factories";
import { makeVotingScic, TODAY } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

async function setup() {
  const s = await makeVotingScic(db, 2);
  await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "AGO", rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false } });
  const treasurer = await makeUser(db, "Trésorière");
  const secretary = await makeUser(db, "Secrétaire");
  await upsertRole(db, { entityId: s.id, userId: treasurer.id, role: "treasurer", now: new Date() });
  await upsertRole(db, { entityId: s.id, userId: secretary.id, role: "secretary", now: new Date() });
  const entity = (await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()) as BudgetEntity;
  // The current fiscal year, so that expenses dated today fall within it.
  const year = TODAY().slice(0, 4);
  const { id: budgetId } = await createBudget(db, { entityId: s.id, actorId: treasurer.id, name: `Budget ${year}`, fiscalStart: `${year}-01-01`, fiscalEnd: `${year}-12-31` });
  for (const [kind, category, label, planned] of [
    ["charge", "Personnel", "Coordination", 3_600_000],
    ["charge", "Fonctionnement", "Local et énergie", 1_200_000],
    ["income", "Subventions", "Région Centre-Val de Loire", 2_500_000],
    ["income", "Ventes", "Prestations", 2_600_000],
  ] as const) {
    await addLine(db, { entityId: s.id, actorId: s.admin.id, budgetId, line: { kind, category, label, plannedCents: planned, memberId: null, collegeId: null, notes: null } });
  }
  return { ...s, entity, budgetId, treasurer, secretary, year };
}

async function voteOn(s: Awaited<ReturnType<typeof setup>>, resolutionId: string, choice: "for" | "against") {
  await openResolution(db, { entity: s.entity as never, actorId: s.admin.id, resolutionId });
  for (const people of Object.values(s.people)) for (const p of people) await castVote(db, { entityId: s.id, userId: p.userId, resolutionId, choice });
  return closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId });
}

describe("the budget", () => {
  it("proposing creates the resolution; adopting it adopts the budget", async () => {
    const s = await setup();
    const { resolutionId } = await proposeBudget(db, { entity: s.entity, actorId: s.treasurer.id, budgetId: s.budgetId, locale: "fr" });
    const r = await db.selectFrom("resolution").selectAll().where("id", "=", resolutionId).executeTakeFirstOrThrow();
    expect(r).toMatchObject({ status: "draft", budget_id: s.budgetId, number: `B${s.year}-1`, title: `Adoption du budget « Budget ${s.year} »` });
    expect(r.body).toContain("Région Centre-Val de Loire");
    expect(r.body).toMatch(/Solde prévisionnel : 3\s000,00\s€/);
    expect((await db.selectFrom("budget").select("status").where("id", "=", s.budgetId).executeTakeFirstOrThrow()).status).toBe("proposed");
    await expect(addLine(db, { entityId: s.id, actorId: s.admin.id, budgetId: s.budgetId, line: { kind: "charge", category: "x", label: "y", plannedCents: 1, memberId: null, collegeId: null, notes: null } })).rejects.toMatchObject({ key: "budget.notDraft" });
    expect(await voteOn(s, resolutionId, "for")).toEqual({ outcome: "adopted" });
    expect(await db.selectFrom("budget").select(["status", "adopted_at"]).where("id", "=", s.budgetId).executeTakeFirstOrThrow()).toMatchObject({ status: "adopted", adopted_at: expect.any(String) });
  });

  it("rejecting the resolution returns the budget to draft, with the vote recorded", async () => {
    const s = await setup();
    const { resolutionId } = await proposeBudget(db, { entity: s.entity, actorId: s.treasurer.id, budgetId: s.budgetId, locale: "fr" });
    expect(await voteOn(s, resolutionId, "against")).toEqual({ outcome: "rejected" });
    expect(await db.selectFrom("budget").select(["status", "resolution_id"]).where("id", "=", s.budgetId).executeTakeFirstOrThrow()).toEqual({ status: "draft", resolution_id: null });
    const event = await db.selectFrom("audit_event").select("detail").where("action", "=", "budget.rejected").executeTakeFirstOrThrow();
    expect(JSON.parse(event.detail!)).toMatchObject({ resolutionId, outcome: "rejected", for: "0", share: "0" });
    // It can be proposed again.
    const again = await proposeBudget(db, { entity: s.entity, actorId: s.treasurer.id, budgetId: s.budgetId, locale: "fr" });
    expect(again.resolutionId).not.toBe(resolutionId);
  });

  it("contributions never change any voting weight", async () => {
    const s = await setup();
    const before = await weightsInForce(db, s.id, TODAY());
    const ownWeights = await db.selectFrom("member").select(["id", "voting_weight_micro"]).where("entity_id", "=", s.id).orderBy("id").execute();
    const commune = s.people["Collectivités"]![0]!;
    await addContribution(db, { entityId: s.id, actorId: s.admin.id, budgetId: s.budgetId, memberId: commune.memberId, type: "grant", description: "Subvention", publicAid: true, pledgedCents: 6_000_000, pledgedOn: "2026-01-10", receivedCents: 3_000_000, receivedOn: "2026-03-01" });
    await addContribution(db, { entityId: s.id, actorId: s.admin.id, budgetId: s.budgetId, memberId: s.people["Entreprises"]![0]!.memberId, type: "capital", description: null, publicAid: false, pledgedCents: 3_600_000, pledgedOn: "2026-01-10", receivedCents: 0, receivedOn: null });
    expect(await weightsInForce(db, s.id, TODAY())).toEqual(before);
    expect(await db.selectFrom("member").select(["id", "voting_weight_micro"]).where("entity_id", "=", s.id).orderBy("id").execute()).toEqual(ownWeights);
    const budget = await db.selectFrom("budget").selectAll().where("id", "=", s.budgetId).executeTakeFirstOrThrow();
    const f = await budgetFollowUp(db, budget);
    expect(f.partners).toEqual([
      { name: commune.name, college: "Collectivités", pledged: 6_000_000, received: 3_000_000 },
      { name: s.people["Entreprises"]![0]!.name, college: "Entreprises", pledged: 3_600_000, received: 0 },
    ]);
    expect(f.publicAidCents).toBe(3_000_000);
  });

  it("an expense is refused approval by its author, approved by two others, and counts as spent; above the threshold it needs a resolution", async () => {
    const s = await setup();
    const { resolutionId } = await proposeBudget(db, { entity: s.entity, actorId: s.treasurer.id, budgetId: s.budgetId, locale: "fr" });
    await voteOn(s, resolutionId, "for");
    const line = (await listLines(db, s.budgetId)).find((l) => l.label === "Local et énergie")!;
    const { id } = await submitExpense(db, { entity: s.entity, budgetId: s.budgetId, userId: s.treasurer.id, lineId: line.id, payee: "EDF", spentOn: TODAY(), amountCents: 120_050, description: "Électricité du premier trimestre", resolutionId: null, receipt: { name: "facture.pdf", bytes: new TextEncoder().encode("%PDF-1.4 facture") } });
    await expect(decideExpense(db, { entity: s.entity, budgetId: s.budgetId, expenseId: id, userId: s.treasurer.id, decision: "approve" })).rejects.toMatchObject({ key: "expenses.selfApproval" });
    expect(await decideExpense(db, { entity: s.entity, budgetId: s.budgetId, expenseId: id, userId: s.admin.id, decision: "approve" })).toEqual({ status: "pending" });
    await expect(decideExpense(db, { entity: s.entity, budgetId: s.budgetId, expenseId: id, userId: s.admin.id, decision: "approve" })).rejects.toMatchObject({ key: "expenses.alreadyDecided" });
    expect(await decideExpense(db, { entity: s.entity, budgetId: s.budgetId, expenseId: id, userId: s.secretary.id, decision: "approve" })).toEqual({ status: "approved" });
    const budget = await db.selectFrom("budget").selectAll().where("id", "=", s.budgetId).executeTakeFirstOrThrow();
    const f = await budgetFollowUp(db, budget);
    expect(f.lines.find((l) => l.id === line.id)).toMatchObject({ planned: 1_200_000, spent: 120_050, committed: 0, remaining: 1_079_950, overspent: false });

    await db.updateTable("entity").set({ expense_resolution_threshold_cents: 500_000 }).where("id", "=", s.id).execute();
    const strict = { ...s.entity, expense_resolution_threshold_cents: 500_000 };
    // Above the threshold without a resolution: refused when submitted (it could be neither approved nor corrected).
    await expect(submitExpense(db, { entity: strict, budgetId: s.budgetId, userId: s.treasurer.id, lineId: line.id, payee: "Chaufferie", spentOn: TODAY(), amountCents: 900_000, description: "Chaudière", resolutionId: null, receipt: null })).rejects.toMatchObject({ key: "expenses.needsResolution", field: "resolutionId" });
    // Citing an adopted resolution unlocks it; and it overspends the line.
    const cited = await submitExpense(db, { entity: strict, budgetId: s.budgetId, userId: s.treasurer.id, lineId: line.id, payee: "Chaufferie", spentOn: TODAY(), amountCents: 1_100_000, description: "Chaudière", resolutionId, receipt: null });
    await decideExpense(db, { entity: strict, budgetId: s.budgetId, expenseId: cited.id, userId: s.admin.id, decision: "approve" });
    await decideExpense(db, { entity: strict, budgetId: s.budgetId, expenseId: cited.id, userId: s.secretary.id, decision: "approve" });
    expect((await budgetFollowUp(db, budget)).lines.find((l) => l.id === line.id)).toMatchObject({ overspent: true, remaining: 1_200_000 - 120_050 - 1_100_000 });
    await expect(submitExpense(db, { entity: s.entity, budgetId: s.budgetId, userId: s.treasurer.id, lineId: line.id, payee: "x", spentOn: TODAY(), amountCents: 100, description: "x", resolutionId: null, receipt: { name: "virus.exe", bytes: new Uint8Array([1]) } })).rejects.toMatchObject({ key: "receipts.type", field: "receipt" });
    await expect(submitExpense(db, { entity: s.entity, budgetId: s.budgetId, userId: s.treasurer.id, lineId: line.id, payee: "x", spentOn: `${Number(s.year) + 1}-01-02`, amountCents: 100, description: "x", resolutionId: null, receipt: null })).rejects.toMatchObject({ key: "expenses.outsideYear", field: "spentOn" });
  });

  it("moves money between lines at once below the threshold, and through a vote above it", async () => {
    const s = await setup();
    const { resolutionId } = await proposeBudget(db, { entity: s.entity, actorId: s.treasurer.id, budgetId: s.budgetId, locale: "fr" });
    await voteOn(s, resolutionId, "for");
    const lines = await listLines(db, s.budgetId);
    const [staff, rent] = [lines.find((l) => l.label === "Coordination")!, lines.find((l) => l.label === "Local et énergie")!];
    const entity = { ...s.entity, transfer_threshold_cents: 100_000 };
    expect(await requestTransfer(db, { entity, actorId: s.treasurer.id, budgetId: s.budgetId, fromLineId: staff.id, toLineId: rent.id, amountCents: 100_000, locale: "fr" })).toEqual({ applied: true, resolutionId: null, number: null });
    const vote = await requestTransfer(db, { entity, actorId: s.treasurer.id, budgetId: s.budgetId, fromLineId: staff.id, toLineId: rent.id, amountCents: 500_000, locale: "fr" });
    expect(vote).toMatchObject({ applied: false, number: `V${s.year}-1` });
    const planned = async () => Object.fromEntries((await listLines(db, s.budgetId)).map((l) => [l.label, l.planned_cents]));
    expect(await planned()).toMatchObject({ Coordination: 3_500_000, "Local et énergie": 1_300_000 });
    await voteOn(s, vote.resolutionId!, "for");
    expect(await planned()).toMatchObject({ Coordination: 3_000_000, "Local et énergie": 1_800_000 });
  });

  it("prepares the allocation of the result as a draft resolution", async () => {
    const s = await setup();
    const { resolutionId, allocation } = await prepareAllocation(db, { entity: s.entity, actorId: s.treasurer.id, budgetId: s.budgetId, resultCents: 4_800_000, publicAidCents: 500_000, locale: "fr" });
    expect(allocation).toMatchObject({ legalReserve: 720_000, statutoryReserveMin: 2_040_000, reservesMin: 2_760_000, maxForShares: 1_540_000 });
    const r = await db.selectFrom("resolution").select(["body", "status"]).where("id", "=", resolutionId).executeTakeFirstOrThrow();
    expect(r.status).toBe("draft");
    expect(r.body.replace(/[\u202f\u00a0]/g, " ")).toContain("7 200,00 €");
    expect(r.body.replace(/[\u202f\u00a0]/g, " ")).toContain("15 400,00 €");
  });
});
