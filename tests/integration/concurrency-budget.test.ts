// Money moved between budget lines under parallel requests (issue 14, part 2), on PostgreSQL as on
// SQLite: transfers at once move their money one after the other (never two from the same old
// amounts), never more than a line holds, and the budget's total stays; a budget proposed while
// its lines change is refused rather than adopted with lines that were not put to the vote.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { addLine, createBudget, proposeBudget, requestTransfer, type BudgetEntity } from "~/services/budget.server";
import { createTestDb } from "../helpers/db";
import { makeEntity } from "../helpers/factories";
import { TODAY } from "../helpers/voting";
import { race, tally, times } from "./concurrency.fixture";
import { PRESETS } from "~/domain/rules";
import { createRule } from "~/services/rules.server";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const YEAR = TODAY().slice(0, 4);

async function budget(adopted: boolean, name = "Coop") {
  const e = await makeEntity(db, name);
  await createRule(db, { entityId: e.id, actorId: e.admin.id, name: "AGO", rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false } });
  // Transfers up to 1 000 € move at once, without a vote.
  const entity = { ...(await db.selectFrom("entity").selectAll().where("id", "=", e.id).executeTakeFirstOrThrow()), transfer_threshold_cents: 100_000 } as BudgetEntity;
  const { id: budgetId } = await createBudget(db, { entityId: e.id, actorId: e.admin.id, name: "Budget", fiscalStart: `${YEAR}-01-01`, fiscalEnd: `${YEAR}-12-31` });
  const line = async (label: string, cents: number) => (await addLine(db, { entityId: e.id, actorId: e.admin.id, budgetId, line: { kind: "charge", category: "Divers", label, plannedCents: cents, memberId: null, collegeId: null, notes: null } })).id;
  const a = await line("Personnel", 50_000);
  const b = await line("Local", 0);
  if (adopted) await db.updateTable("budget").set({ status: "adopted", adopted_at: new Date().toISOString() }).where("id", "=", budgetId).execute();
  const planned = async () => Object.fromEntries((await db.selectFrom("budget_line").select(["id", "planned_cents"]).where("budget_id", "=", budgetId).execute()).map((l) => [l.id, l.planned_cents]));
  return { e, entity, budgetId, a, b, planned };
}

describe("transfers between lines at once", () => {
  it("eight transfers of 100 € from a line of 500 €: five move, three are refused as too big, and the total stays (three rounds)", async () => {
    for (let round = 0; round < 3; round++) {
      const s = await budget(true, `Coop ${round}`);
      const { outcomes } = await race(times(8, () => requestTransfer(db, { entity: s.entity, actorId: s.e.admin.id, budgetId: s.budgetId, fromLineId: s.a, toLineId: s.b, amountCents: 10_000, locale: "fr" })));
      expect(tally(outcomes)).toEqual({ ok: 5, "422 budget.transferTooBig": 3 });
      expect(await s.planned()).toEqual({ [s.a]: 0, [s.b]: 50_000 });
      expect(await db.selectFrom("budget_transfer").select("id").where("budget_id", "=", s.budgetId).where("status", "=", "applied").execute()).toHaveLength(5);
    }
  });

  it("transfers both ways at once all move, without a deadlock, and the total stays", async () => {
    const s = await budget(true);
    await requestTransfer(db, { entity: s.entity, actorId: s.e.admin.id, budgetId: s.budgetId, fromLineId: s.a, toLineId: s.b, amountCents: 25_000, locale: "fr" });
    const { outcomes } = await race(times(8, (i) => requestTransfer(db, { entity: s.entity, actorId: s.e.admin.id, budgetId: s.budgetId, fromLineId: i % 2 ? s.a : s.b, toLineId: i % 2 ? s.b : s.a, amountCents: 1_000, locale: "fr" })));
    expect(tally(outcomes)).toEqual({ ok: 8 });
    expect(await s.planned()).toEqual({ [s.a]: 25_000, [s.b]: 25_000 });
  });
});

describe("a budget proposed while its lines change", () => {
  it("is proposed with the lines its resolution states, or refused: never adopted with a line not put to the vote (four rounds)", async () => {
    for (let round = 0; round < 4; round++) {
      const s = await budget(false, `Coop ${round}`);
      const { outcomes } = await race([
        () => proposeBudget(db, { entity: s.entity, actorId: s.e.admin.id, budgetId: s.budgetId, locale: "fr" }),
        () => addLine(db, { entityId: s.e.id, actorId: s.e.admin.id, budgetId: s.budgetId, line: { kind: "charge", category: "Divers", label: "Ajoutée", plannedCents: 77_700, memberId: null, collegeId: null, notes: null } }),
      ]);
      const proposed = await db.selectFrom("budget").select(["status", "resolution_id"]).where("id", "=", s.budgetId).executeTakeFirstOrThrow();
      const lines = await db.selectFrom("budget_line").select("label").where("budget_id", "=", s.budgetId).execute();
      if (proposed.status === "proposed") {
        const body = (await db.selectFrom("resolution").select("body").where("id", "=", proposed.resolution_id!).executeTakeFirstOrThrow()).body;
        for (const l of lines) expect(body).toContain(l.label);
      } else {
        expect(outcomes[0]).toMatch(/^409 budget\.(changedMeanwhile|notDraft)$/);
      }
    }
  });
});
