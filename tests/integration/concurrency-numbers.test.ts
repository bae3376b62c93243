// Resolution numbers under parallel requests (issue 14, part 2), on PostgreSQL as on SQLite: a
// number typed twice at once is taken once and refused once, cleanly; the numbers the budget
// gives its votes (B2026-1, V2026-1…) are distinct however many are asked at once.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS } from "~/domain/rules";
import { addLine, createBudget, proposeBudget, requestTransfer, type BudgetEntity } from "~/services/budget.server";
import { createResolution, editResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { createTestDb } from "../helpers/db";
import { makeEntity } from "../helpers/factories";
import { TODAY } from "../helpers/voting";
import { race, tally, times } from "./concurrency.fixture";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const YEAR = TODAY().slice(0, 4);

async function setup() {
  const e = await makeEntity(db, "Coop");
  const { id: ruleId } = await createRule(db, { entityId: e.id, actorId: e.admin.id, name: "AGO", rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false } });
  const entity = { ...(await db.selectFrom("entity").selectAll().where("id", "=", e.id).executeTakeFirstOrThrow()), transfer_threshold_cents: 100 } as BudgetEntity;
  return { e, entity, ruleId };
}

async function budgetWithLines(s: Awaited<ReturnType<typeof setup>>, name: string) {
  const { id: budgetId } = await createBudget(db, { entityId: s.e.id, actorId: s.e.admin.id, name, fiscalStart: `${YEAR}-01-01`, fiscalEnd: `${YEAR}-12-31` });
  const line = async (label: string) => (await addLine(db, { entityId: s.e.id, actorId: s.e.admin.id, budgetId, line: { kind: "charge", category: "Divers", label, plannedCents: 1_000_000, memberId: null, collegeId: null, notes: null } })).id;
  return { budgetId, from: await line("Personnel"), to: await line("Local") };
}

const resolution = (ruleId: string, number: string, title = "Comptes") => ({ number, title, body: "Approuve.", note: null, ruleId, kind: "ordinary" as const, recommendation: null });

describe("resolution numbers", () => {
  it("eight resolutions numbered alike at once: one is created, seven are refused as taken, never a 500 (four numbers)", async () => {
    const s = await setup();
    for (const number of ["7", "8", "9", "10"]) {
      const { outcomes } = await race(times(8, (i) => createResolution(db, { entityId: s.e.id, actorId: s.e.admin.id, resolution: resolution(s.ruleId, number, `Titre ${i}`) })));
      expect({ number, outcomes: tally(outcomes) }).toEqual({ number, outcomes: { ok: 1, "409 resolutions.numberTaken": 7 } });
      expect(await db.selectFrom("resolution").select("id").where("number", "=", number).execute()).toHaveLength(1);
    }
  });

  it("six drafts renumbered alike at once: one takes the number, five are refused as taken, never a 500 (four numbers)", async () => {
    const s = await setup();
    for (const number of ["42", "43", "44", "45"]) {
      const ids: string[] = [];
      for (let i = 1; i <= 6; i++) ids.push((await createResolution(db, { entityId: s.e.id, actorId: s.e.admin.id, resolution: resolution(s.ruleId, `${number}-${i}`) })).id);
      const { outcomes } = await race(ids.map((resolutionId) => () => editResolution(db, { entityId: s.e.id, actorId: s.e.admin.id, resolutionId, resolution: resolution(s.ruleId, number) })));
      expect({ number, outcomes: tally(outcomes) }).toEqual({ number, outcomes: { ok: 1, "409 resolutions.numberTaken": 5 } });
    }
  });

  it("eight transfers put to the vote at once get eight distinct numbers, V-1 to V-8", async () => {
    const s = await setup();
    const b = await budgetWithLines(s, "Budget");
    await db.updateTable("budget").set({ status: "adopted", adopted_at: new Date().toISOString() }).where("id", "=", b.budgetId).execute();
    const { values, outcomes } = await race(times(8, () => requestTransfer(db, { entity: s.entity, actorId: s.e.admin.id, budgetId: b.budgetId, fromLineId: b.from, toLineId: b.to, amountCents: 10_000, locale: "fr" })));
    expect(tally(outcomes)).toEqual({ ok: 8 });
    expect(values.map((v) => v.number).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `V${YEAR}-${i + 1}`));
  });

  it("four budgets of one year proposed at once get four distinct numbers; one budget proposed four times at once is proposed once", async () => {
    const s = await setup();
    const budgets = [];
    for (let i = 0; i < 4; i++) budgets.push(await budgetWithLines(s, `Budget ${i}`));
    const four = await race(budgets.map((b) => () => proposeBudget(db, { entity: s.entity, actorId: s.e.admin.id, budgetId: b.budgetId, locale: "fr" })));
    expect(tally(four.outcomes)).toEqual({ ok: 4 });
    expect(four.values.map((v) => v.number).sort()).toEqual([1, 2, 3, 4].map((n) => `B${YEAR}-${n}`));

    const again = await budgetWithLines(s, "Budget 5");
    const once = await race(times(4, () => proposeBudget(db, { entity: s.entity, actorId: s.e.admin.id, budgetId: again.budgetId, locale: "fr" })));
    expect(tally(once.outcomes)).toEqual({ ok: 1, "409 budget.notDraft": 3 });
    expect(await db.selectFrom("resolution").select("id").where("budget_id", "=", again.budgetId).execute()).toHaveLength(1);
  });
});
