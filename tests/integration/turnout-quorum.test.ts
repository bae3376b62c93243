// The quorum and "reachable online" figures read from counters and a few lookups (issue 13)
// equal the set-based ones on random scenarios, written straight to the database so that every
// case the rules allow appears: proxies valid and beyond the cap, chains of proxies, holders who
// cast for someone without voting, postal votes, members outside the electorate.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { WEIGHT_SCALE } from "~/domain/members";
import { Rational } from "~/domain/rational";
import type { VotingRule } from "~/domain/rules";
import { newId } from "~/lib/ids.server";
import { reachableOnline } from "~/queries/dashboard.server";
import { onlineQuorum } from "~/services/participation.server";
import { createTestDb } from "../helpers/db";
import { bulkMembers, memberInput } from "../helpers/register";
import { makeOpenResolution } from "../helpers/voting";
import { counters, expectSamePresent, openRule, recount, weightedScic } from "./turnout.fixture";

let db: Db;
let scic: Awaited<ReturnType<typeof weightedScic>>;
beforeAll(async () => {
  db = await createTestDb();
  scic = await weightedScic(db);
}, 120_000);

/** Replaces a vote's proxies: at most one in force per principal, none to oneself, in the order given. */
async function setProxies(id: string, proxies: { principal: string; holder: string | null; revoked: boolean }[]) {
  await db.deleteFrom("proxy").where("resolution_id", "=", id).execute();
  const active = new Set<string>();
  for (const [i, p] of proxies.entries()) {
    if (p.holder === p.principal || (!p.revoked && active.has(p.principal))) continue;
    if (!p.revoked) active.add(p.principal);
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    await db.insertInto("proxy").values({ id: newId(), resolution_id: id, meeting_id: null, principal_member_id: p.principal, holder_member_id: p.holder, created_at: at, revoked_at: p.revoked ? at : null }).execute();
  }
}

describe("the quorum from aggregates", () => {
  it("counts the same members as the set of those present, by head and by weight", async () => {
    const voters = Object.values(scic.people).flat().map((p) => p.memberId);
    // Two members outside the electorate, who may still hold proxies and cast with them.
    const outside = (await bulkMembers(db, scic.id, [memberInput({ name: "Dehors A", collegeId: scic.colleges["Salariés"]! }), memberInput({ name: "Dehors B", collegeId: scic.colleges["Salariés"]! })])).map((m) => m.id);
    const votes: string[] = [];
    for (let i = 0; i < 3; i++) votes.push((await makeOpenResolution(db, scic, { rule: openRule, number: newId().slice(0, 8) })).id);
    await db.deleteFrom("resolution_voter").where("member_id", "in", outside).execute();
    const all = [...voters, ...outside];
    const member = fc.nat({ max: all.length - 1 }).map((i) => all[i]!);
    const scenario = fc.record({
      vote: fc.nat({ max: votes.length - 1 }),
      proxies: fc.array(fc.record({ principal: member, holder: fc.option(member, { nil: null }), revoked: fc.boolean() }), { maxLength: 14 }),
      participation: fc.array(fc.record({ member, castBy: fc.option(member, { nil: null }), channel: fc.constantFrom("online", "proxy", "postal", "room") }), { maxLength: 14 }),
      removed: fc.nat({ max: 3 }),
      cap: fc.constantFrom<VotingRule["proxyCap"]>(null, 0, 1, 2, "cooperative"),
      basis: fc.constantFrom<VotingRule["quorumBasis"]>("headcount", "weight"),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async (sc) => {
        const id = votes[sc.vote]!;
        await db.deleteFrom("participation").where("resolution_id", "=", id).execute();
        await setProxies(id, sc.proxies);
        const seen = new Set<string>();
        for (const p of sc.participation) {
          if (seen.has(p.member)) continue;
          seen.add(p.member);
          await db.insertInto("participation").values({ resolution_id: id, member_id: p.member, cast_by_member_id: p.castBy === p.member ? null : p.castBy, channel: p.channel }).execute();
        }
        // Some taking part undone, and a row moved to another member: the triggers follow.
        const rows = await db.selectFrom("participation").select("member_id").where("resolution_id", "=", id).execute();
        for (const row of rows.slice(0, sc.removed)) await db.deleteFrom("participation").where("resolution_id", "=", id).where("member_id", "=", row.member_id).execute();
        const free = all.find((m) => !rows.some((row) => row.member_id === m));
        const moved = rows[sc.removed];
        if (free && moved) await db.updateTable("participation").set({ member_id: free }).where("resolution_id", "=", id).where("member_id", "=", moved.member_id).execute();
        expect(await counters(db, id)).toEqual(await recount(db, id));
        await expectSamePresent(db, id, { ...openRule, proxyCap: sc.cap, quorumBasis: sc.basis });
      }),
      { numRuns: 60 },
    );
  }, 300_000);
});

describe("how many could still be present online", () => {
  it("is the electorate less those with no account, no part taken and no proxy in force to a holder with an account", async () => {
    const without = (await bulkMembers(db, scic.id, Array.from({ length: 6 }, (_, i) => memberInput({ name: `Sans compte ${i}`, collegeId: Object.values(scic.colleges)[i % 4]! })))).map((m) => m.id);
    const accounts = new Map(Object.values(scic.people).flat().map((p) => [p.memberId, p.userId]));
    const members = [...accounts.keys(), ...without];
    const member = fc.nat({ max: members.length - 1 }).map((i) => members[i]!);
    const { id } = await makeOpenResolution(db, scic, { rule: openRule, number: newId().slice(0, 8) });
    const r = await db.selectFrom("resolution").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const compare = async (proxies: { principal: string; holder: string; revoked: boolean }[], voted: string[]) => {
      await setProxies(id, proxies);
      await db.deleteFrom("participation").where("resolution_id", "=", id).execute();
      for (const m of voted) await db.insertInto("participation").values({ resolution_id: id, member_id: m, cast_by_member_id: null, channel: "online" }).execute();
      const all = await reachableOnline(db, r);
      expect((await onlineQuorum(db, r, openRule))!.reachable).toBe(String(all.count));
      expect((await onlineQuorum(db, r, { ...openRule, quorumBasis: "weight" }))!.reachable).toBe(Rational.fromScaled(BigInt(all.weightMicro), WEIGHT_SCALE).toString());
    };
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(member, { maxLength: 6 }),
        fc.array(fc.record({ principal: member, holder: member, revoked: fc.boolean() }), { maxLength: 8 }),
        fc.uniqueArray(member, { maxLength: 6 }),
        async (unlinked, proxies, voted) => {
          // Some accounts taken away for this run, given back after it.
          for (const m of unlinked) await db.updateTable("member").set({ user_id: null }).where("id", "=", m).execute();
          try {
            await compare(proxies, voted);
          } finally {
            for (const m of unlinked) await db.updateTable("member").set({ user_id: accounts.get(m) ?? null }).where("id", "=", m).execute();
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 300_000);
});
