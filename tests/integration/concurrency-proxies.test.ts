// Proxies under parallel requests (issue 14, part 2), on PostgreSQL as on SQLite: a holder never
// ends up with more proxies than the cap however many are given at once, and a member gives one
// proxy, or votes by post, not both, however many forms they send at once.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { castPostalVote } from "~/services/meeting-postal.server";
import { giveMeetingProxy } from "~/services/meeting-proxies.server";
import { giveProxy } from "~/services/voting.server";
import { createTestDb } from "../helpers/db";
import { meetingSetup } from "../helpers/meetings";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";
import { race, tally, times } from "./concurrency.fixture";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const cappedRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false, proxyCap: 2 };

const inForce = (holderId: string) => db.selectFrom("proxy").select("principal_member_id").where("holder_member_id", "=", holderId).where("revoked_at", "is", null).execute();

describe("the proxy cap", () => {
  it("eight members giving their proxy for a vote to one holder at once: two are in force, six are refused at the cap (three rounds)", async () => {
    const s = await makeVotingScic(db, 3);
    const [holder, ...principals] = Object.values(s.people).flat();
    for (let round = 1; round <= 3; round++) {
      const { id } = await makeOpenResolution(db, s, { rule: cappedRule, number: String(round) });
      const { outcomes } = await race(principals.slice(0, 8).map((p) => () => giveProxy(db, { entityId: s.id, userId: p.userId, resolutionId: id, holderMemberId: holder!.memberId })));
      expect({ round, outcomes: tally(outcomes) }).toEqual({ round, outcomes: { ok: 2, "409 proxies.capReached": 6 } });
      const held = await db.selectFrom("proxy").select("id").where("resolution_id", "=", id).where("holder_member_id", "=", holder!.memberId).where("revoked_at", "is", null).execute();
      expect(held).toHaveLength(2);
    }
  });

  it("eleven members giving their proxy for a meeting to one holder at once: two are in force, nine are refused at the cap (four meetings)", async () => {
    for (let round = 1; round <= 4; round++) {
      const s = await meetingSetup(db, { proxyCap: 2 });
      const [holder, ...principals] = Object.values(s.people).flat();
      const { outcomes } = await race(principals.map((p) => () => giveMeetingProxy(db, { entity: s.entity, meetingId: s.meetingId, principalId: p.memberId, holderId: holder!.memberId, source: "online" })));
      expect({ round, outcomes: tally(outcomes) }).toEqual({ round, outcomes: { ok: 2, "409 proxies.capReached": 9 } });
      expect(await inForce(holder!.memberId)).toHaveLength(2);
    }
  });
});

describe("one proxy per member", () => {
  it("a member giving their proxy to six holders at once: one is in force, the others 409, never a 500 (three votes)", async () => {
    const s = await makeVotingScic(db, 3);
    const [principal, ...holders] = Object.values(s.people).flat();
    for (let round = 1; round <= 3; round++) {
      const { id } = await makeOpenResolution(db, s, { rule: cappedRule, number: String(round) });
      const { outcomes } = await race(holders.slice(round, round + 6).map((h) => () => giveProxy(db, { entityId: s.id, userId: principal!.userId, resolutionId: id, holderMemberId: h.memberId })));
      expect({ round, outcomes: tally(outcomes) }).toEqual({ round, outcomes: { ok: 1, "409 proxies.alreadyGiven": 5 } });
      expect(await db.selectFrom("proxy").select("id").where("resolution_id", "=", id).where("principal_member_id", "=", principal!.memberId).execute()).toHaveLength(1);
    }
  });

  it("a member giving a proxy for the meeting and voting by post at once, three times each: one or the other, never both (three members)", async () => {
    const s = await meetingSetup(db, { proxyCap: null });
    const people = Object.values(s.people).flat();
    for (let round = 0; round < 3; round++) {
      const principal = people[round]!;
      const holders = people.slice(3 + 3 * round, 6 + 3 * round);
      const proxies = holders.map((h) => () => giveMeetingProxy(db, { entity: s.entity, meetingId: s.meetingId, principalId: principal.memberId, holderId: h.memberId, source: "online" }));
      const postal = times(3, () => castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: principal.memberId, resolutionId: s.resolutionId, choice: "for", source: "online" }));
      const { outcomes } = await race([proxies[0]!, postal[0]!, proxies[1]!, postal[1]!, proxies[2]!, postal[2]!]);
      for (const o of outcomes) expect(["ok", "409 proxies.alreadyGiven", "409 proxies.votedByPost", "409 postal.gaveProxy"]).toContain(o);
      const given = await db.selectFrom("proxy").select("id").where("principal_member_id", "=", principal.memberId).where("revoked_at", "is", null).execute();
      const posted = await db.selectFrom("postal_vote").select("member_id").where("member_id", "=", principal.memberId).execute();
      // A proxy in force, or postal votes (a form sent again replaces the one before), never both.
      expect({ round, given: given.length, posted: Math.min(posted.length, 1) }).toEqual(given.length ? { round, given: 1, posted: 0 } : { round, given: 0, posted: 1 });
    }
  });
});
