// Appointments to an organ at once (issue 15), on PostgreSQL as on SQLite: the organ's row is
// locked for update while its seats are counted, so two appointments never both take its last
// seat, the same member appointed twice at once sits once, and an organ has one président·e.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { appoint, createOrgan } from "~/services/organs.server";
import { createTestDb } from "../helpers/db";
import { makeVotingScic } from "../helpers/voting";
import { race, tally, times } from "./concurrency.fixture";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const ROUNDS = 5;

async function organ(s: Awaited<ReturnType<typeof makeVotingScic>>, name: string, seats: number, sitting: string[]) {
  const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: { name, kind: "board", seats, termMonths: 36, ruleId: null, reserved: [] } });
  const seat = (memberId: string) => appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: { memberId, role: "member", startsOn: "2025-06-01", endsOn: null, appointedBy: "statute" } });
  for (const memberId of sitting) await seat(memberId);
  const running = async () => (await db.selectFrom("mandate").select("member_id").where("organ_id", "=", organId).where("ended_on", "is", null).execute()).map((m) => m.member_id);
  const started = async () => (await db.selectFrom("audit_event").select("id").where("action", "=", "mandate.started").where("subject_id", "=", organId).execute()).length;
  return { organId, seat, running, started };
}

describe("appointments racing for an organ's seats", () => {
  it(`two appointments for the last seat: one sits, the other gets 409 organFull (${ROUNDS} rounds)`, async () => {
    const s = await makeVotingScic(db, 3);
    const [a, b, c, d] = [s.people["Associations"]!, s.people["Entreprises"]!, s.people["Collectivités"]!, s.people["Salariés"]!];
    for (let round = 0; round < ROUNDS; round++) {
      const o = await organ(s, `Conseil ${round}`, 3, [a[0]!.memberId, b[0]!.memberId]);
      const candidates = [c[round % 3]!.memberId, d[(round + 1) % 3]!.memberId];
      const { outcomes } = await race(times(2, (i) => o.seat(candidates[i]!)));
      expect(tally(outcomes)).toEqual({ ok: 1, "409 organs.errors.organFull": 1 });
      const running = await o.running();
      expect(running).toHaveLength(3);
      expect(candidates.filter((m) => running.includes(m))).toHaveLength(1);
      expect(await o.started()).toBe(3);
    }
  });

  it(`four appointments for the last two seats: two sit, two get 409 (${ROUNDS} rounds)`, async () => {
    const s = await makeVotingScic(db, 3);
    const everyone = Object.values(s.people).flat().map((p) => p.memberId);
    for (let round = 0; round < ROUNDS; round++) {
      const o = await organ(s, `Comité ${round}`, 4, everyone.slice(0, 2));
      const { outcomes } = await race(times(4, (i) => o.seat(everyone[2 + i]!)));
      expect(tally(outcomes)).toEqual({ ok: 2, "409 organs.errors.organFull": 2 });
      expect(await o.running()).toHaveLength(4);
    }
  });

  it(`two présidents appointed at once: one holds the office, the other gets 409 roleTaken (${ROUNDS} rounds)`, async () => {
    const s = await makeVotingScic(db, 3);
    const everyone = Object.values(s.people).flat().map((p) => p.memberId);
    for (let round = 0; round < ROUNDS; round++) {
      const o = await organ(s, `Bureau président ${round}`, 6, []);
      const president = (memberId: string) => appoint(db, { entityId: s.id, actorId: s.admin.id, organId: o.organId, mandate: { memberId, role: "president", startsOn: "2025-06-01", endsOn: null, appointedBy: "statute" } });
      const { outcomes } = await race(times(3, (i) => president(everyone[(3 * round + i) % everyone.length]!)));
      expect(tally(outcomes)).toEqual({ ok: 1, "409 organs.errors.roleTaken": 2 });
      const presidents = await db.selectFrom("mandate").select("member_id").where("organ_id", "=", o.organId).where("role", "=", "president").where("ended_on", "is", null).execute();
      expect(presidents).toHaveLength(1);
      expect(await o.started()).toBe(1);
    }
  });

  it(`the same member appointed twice at once sits once; the other gets 409 alreadySitting (${ROUNDS} rounds)`, async () => {
    const s = await makeVotingScic(db, 1);
    const who = s.people["Salariés"]![0]!.memberId;
    for (let round = 0; round < ROUNDS; round++) {
      const o = await organ(s, `Bureau ${round}`, 5, []);
      const { outcomes } = await race(times(2, () => o.seat(who)));
      expect(tally(outcomes)).toEqual({ ok: 1, "409 organs.errors.alreadySitting": 1 });
      expect(await o.running()).toEqual([who]);
    }
  });
});
