// Three races left from issue 14, on PostgreSQL as on SQLite: a proxy taken back while its holder
// votes with it; a phone vote while the close checks the hands counted in the room; postal votes
// and proxies sent while the meeting opens. Each has one order, never both halves.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { checkIn, openMeeting } from "~/services/meeting-attendance.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { giveMeetingProxy } from "~/services/meeting-proxies.server";
import { closeMeetingResolution, openMeetingResolution, setHandCounts } from "~/services/meeting-votes.server";
import { castVote, giveProxy, revokeProxy } from "~/services/voting.server";
import { createTestDb } from "../helpers/db";
import { findMeetingRow, meetingSetup } from "../helpers/meetings";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";
import { race, tally } from "./concurrency.fixture";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const openRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false, proxyCap: null };

describe("a proxy for a vote taken back while its holder votes with it", () => {
  it("is used, or taken back and unused; never taken back and used (ten votes)", async () => {
    const s = await makeVotingScic(db, 3);
    const [principal, holder] = Object.values(s.people).flat();
    for (let round = 1; round <= 10; round++) {
      const { id } = await makeOpenResolution(db, s, { rule: openRule, number: String(round) });
      await giveProxy(db, { entityId: s.id, userId: principal!.userId, resolutionId: id, holderMemberId: holder!.memberId });
      const { outcomes } = await race([
        () => castVote(db, { entityId: s.id, userId: holder!.userId, resolutionId: id, forMemberId: principal!.memberId, choice: "for" }),
        () => revokeProxy(db, { entityId: s.id, userId: principal!.userId, resolutionId: id }),
      ]);
      const revoked = (await db.selectFrom("proxy").select("revoked_at").where("resolution_id", "=", id).executeTakeFirstOrThrow()).revoked_at != null;
      const voted = await db.selectFrom("participation").select("cast_by_member_id").where("resolution_id", "=", id).where("member_id", "=", principal!.memberId).execute();
      expect({ round, outcomes, voted: voted.length }).toEqual(
        revoked ? { round, outcomes: ["403 voting.noProxy", "ok"], voted: 0 } : { round, outcomes: ["ok", "409 proxies.used"], voted: 1 },
      );
    }
  });
});

describe("a phone vote while the close checks the hands counted in the room", () => {
  it("the close counts each member once: the vote comes first and the close refuses the hands, or the close first and the vote is refused (six meetings)", async () => {
    for (let round = 1; round <= 6; round++) {
      const s = await meetingSetup(db, { quorum: null });
      const [a0, a1] = s.people["Associations"]!;
      const here = { entity: s.entity, meetingId: s.meetingId };
      for (const p of [a0!, a1!]) await checkIn(db, { ...here, memberId: p.memberId, mode: "present", actorId: s.admin.id });
      await openMeeting(db, { ...here, actorId: s.admin.id, confirmDate: true });
      await openMeetingResolution(db, { ...here, resolutionId: s.resolutionId, actorId: s.admin.id });
      // Both members present raised a hand for.
      await setHandCounts(db, { ...here, resolutionId: s.resolutionId, counts: [{ collegeId: s.colleges["Associations"]!, for: 2, against: 0, abstain: 0 }] });
      const { outcomes } = await race([
        () => castVote(db, { entityId: s.id, userId: a0!.userId, resolutionId: s.resolutionId, choice: "against" }),
        () => closeMeetingResolution(db, { ...here, resolutionId: s.resolutionId, actorId: s.admin.id }),
      ]);
      const status = (await db.selectFrom("resolution").select("status").where("id", "=", s.resolutionId).executeTakeFirstOrThrow()).status;
      const ballots = await db.selectFrom("ballot").select("member_id").where("resolution_id", "=", s.resolutionId).execute();
      expect({ round, outcomes: tally(outcomes), status, ballots: ballots.length }).toEqual(
        status === "closed"
          ? { round, outcomes: { ok: 1, "409 voting.closed": 1 }, status, ballots: 0 }
          : { round, outcomes: { ok: 1, "422 hands.tooMany": 1 }, status: "open", ballots: 1 },
      );
    }
  });
});

describe("postal votes and proxies sent while the meeting opens", () => {
  it("each is counted at the opening, or refused because the meeting is open (four meetings)", async () => {
    for (let round = 1; round <= 4; round++) {
      const s = await meetingSetup(db, { quorum: null });
      const people = Object.values(s.people).flat();
      const here = { entity: s.entity, meetingId: s.meetingId };
      const postal = people.slice(0, 4).map((p) => () => castPostalVote(db, { ...here, memberId: p.memberId, resolutionId: s.resolutionId, choice: "for", source: "online" }));
      const proxies = people.slice(4, 8).map((p) => () => giveMeetingProxy(db, { ...here, principalId: p.memberId, holderId: null, source: "online" }));
      const { outcomes } = await race([postal[0]!, proxies[0]!, postal[1]!, proxies[1]!, () => openMeeting(db, { ...here, actorId: s.admin.id, confirmDate: true }), postal[2]!, proxies[2]!, postal[3]!, proxies[3]!]);
      for (const o of outcomes) expect(["ok", "409 postal.meetingOpen", "409 meetings.proxiesClosed"]).toContain(o);
      expect(outcomes[4]).toBe("ok");
      const posted = await db.selectFrom("postal_vote").select("member_id").where("meeting_id", "=", s.meetingId).execute();
      const blank = await db.selectFrom("proxy").select("principal_member_id").where("meeting_id", "=", s.meetingId).where("revoked_at", "is", null).execute();
      // Blank proxies and postal votes received in time all count for the quorum: the opening's snapshot counted every one accepted.
      const opening = JSON.parse((await findMeetingRow(db, s.meetingId)).quorum!).opening as { counted: number };
      expect({ round, counted: opening.counted }).toEqual({ round, counted: posted.length + blank.length });
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(1 + posted.length + blank.length);
    }
  });
});
