// Positions given as the last one plus one, under parallel requests (issue 14, part 2), on
// PostgreSQL as on SQLite: budget lines, colleges and agenda items added at once each get a
// position of their own, in a row.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { addLine, createBudget } from "~/services/budget.server";
import { createCollege } from "~/services/colleges.server";
import { addAgendaItem } from "~/services/meetings.server";
import { createTestDb } from "../helpers/db";
import { makeEntity } from "../helpers/factories";
import { meetingSetup } from "../helpers/meetings";
import { race, tally, times } from "./concurrency.fixture";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const ROUNDS = 3;
const AT_ONCE = 12;

describe("positions of things added at once", () => {
  it("twelve budget lines added at once take positions 1 to 12 (three budgets)", async () => {
    const e = await makeEntity(db, "Coop");
    for (let round = 1; round <= ROUNDS; round++) {
      const { id: budgetId } = await createBudget(db, { entityId: e.id, actorId: e.admin.id, name: `Budget ${round}`, fiscalStart: `${2020 + round}-01-01`, fiscalEnd: `${2020 + round}-12-31` });
      const { outcomes } = await race(
        times(AT_ONCE, (i) => addLine(db, { entityId: e.id, actorId: e.admin.id, budgetId, line: { kind: i % 2 ? "charge" : "income", category: "Divers", label: `Ligne ${i}`, plannedCents: 100 * (i + 1), memberId: null, collegeId: null, notes: null } })),
      );
      expect(tally(outcomes)).toEqual({ ok: AT_ONCE });
      const positions = (await db.selectFrom("budget_line").select("position").where("budget_id", "=", budgetId).orderBy("position").execute()).map((l) => Number(l.position));
      expect({ round, positions }).toEqual({ round, positions: Array.from({ length: AT_ONCE }, (_, i) => i + 1) });
    }
  });

  it("eight colleges created at once take positions 0 to 7 (three entities)", async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const e = await makeEntity(db, `Coop ${round}`);
      const entity = await db.selectFrom("entity").selectAll().where("id", "=", e.id).executeTakeFirstOrThrow();
      const { outcomes } = await race(times(8, (i) => createCollege(db, { entity, actorId: e.admin.id, name: `Collège ${i}`, description: null, day: "2020-01-01" })));
      expect(tally(outcomes)).toEqual({ ok: 8 });
      const positions = (await db.selectFrom("college").select("position").where("entity_id", "=", e.id).orderBy("position").execute()).map((c) => Number(c.position));
      expect({ round, positions }).toEqual({ round, positions: [0, 1, 2, 3, 4, 5, 6, 7] });
    }
  });

  it("eight colleges of one name created at once: one is created, the others are refused as taken, never a 500 (four names)", async () => {
    const e = await makeEntity(db, "Coop");
    const entity = await db.selectFrom("entity").selectAll().where("id", "=", e.id).executeTakeFirstOrThrow();
    for (const name of ["Salariés", "Usagers", "Partenaires", "Collectivités"]) {
      const { outcomes } = await race(times(8, () => createCollege(db, { entity, actorId: e.admin.id, name, description: null, day: "2020-01-01" })));
      expect({ name, outcomes: tally(outcomes) }).toEqual({ name, outcomes: { ok: 1, "409 colleges.nameTaken": 7 } });
    }
  });

  it("twelve agenda items added at once take positions after the first item, 2 to 13 (three meetings)", async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const s = await meetingSetup(db);
      const { outcomes } = await race(times(AT_ONCE, (i) => addAgendaItem(db, { entityId: s.id, actorId: s.admin.id, meetingId: s.meetingId, title: `Point ${i}`, description: null })));
      expect(tally(outcomes)).toEqual({ ok: AT_ONCE });
      const positions = (await db.selectFrom("agenda_item").select("position").where("meeting_id", "=", s.meetingId).orderBy("position").execute()).map((a) => Number(a.position));
      expect({ round, positions }).toEqual({ round, positions: Array.from({ length: AT_ONCE + 1 }, (_, i) => i + 1) });
    }
  });
});
