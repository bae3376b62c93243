// The turnout counters (issue 13) equal a recount whatever the way of taking part, and the
// participation an open vote shows from them is the one its ballots give.
import fc from "fast-check";
import { sql, type Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { migrationDb } from "#db/migrate";
import type { VotingRule } from "~/domain/rules";
import { AppError } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { encryptedCountsByCollege } from "~/queries/election.server";
import { checkIn, openMeeting } from "~/services/meeting-attendance.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { openMeetingResolution } from "~/services/meeting-votes.server";
import { sendNotice } from "~/services/meetings.server";
import { participationOf } from "~/services/participation.server";
import { closeResolution } from "~/services/resolutions.server";
import { castVote, giveProxy, revokeProxy } from "~/services/voting.server";
import { createTestDb } from "../helpers/db";
import { meetingSetup } from "../helpers/meetings";
import { makeOpenResolution } from "../helpers/voting";
import * as turnoutMigration from "../../migrations/2026-11-30-014-turnout";
import { counters, expectSamePresent, openRule, recount, weightedScic } from "./turnout.fixture";

let db: Db;
let scic: Awaited<ReturnType<typeof weightedScic>>;
beforeAll(async () => {
  db = await createTestDb();
  scic = await weightedScic(db);
}, 120_000);

/** Who took part per college as counted before the counters: ballots and a secret box's entries. */
async function votedFromBallots(id: string) {
  const voted = new Map<string | null, number>();
  const add = (college: string | null, n: number) => voted.set(college, (voted.get(college) ?? 0) + n);
  const { rows } = await sql<{ college_id: string | null; n: number }>`select college_id, count(*) as n from ballot where resolution_id = ${id} group by college_id`.execute(db);
  for (const r of rows) add(r.college_id, r.n);
  for (const b of await encryptedCountsByCollege(db, id)) add(b.collegeId === "none" ? null : b.collegeId, Number(b.count));
  return voted;
}

async function expectExact(id: string) {
  expect(await counters(db, id)).toEqual(await recount(db, id));
  const r = await db.selectFrom("resolution").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const view = await participationOf(db, r);
  const before = await votedFromBallots(id);
  expect(view.voted).toBe([...before.values()].reduce((n, v) => n + v, 0));
  for (const c of view.colleges) if (c.id) expect(c.voted).toBe(before.get(c.id) ?? 0);
}

const vote = (userId: string, resolutionId: string, choice: "for" | "against" | "abstain", forMemberId?: string) => castVote(db, { entityId: scic.id, userId, resolutionId, choice, forMemberId });
const proxy = (userId: string, resolutionId: string, holderMemberId: string | null) => giveProxy(db, { entityId: scic.id, userId, resolutionId, holderMemberId });

describe("the turnout counters", () => {
  it("equal a recount after every way of taking part online: own vote, changed vote, proxy, proxy withdrawn by voting, blank proxy at close", async () => {
    const { id } = await makeOpenResolution(db, scic, { rule: openRule, number: newId().slice(0, 8), recommendation: "for" });
    const [a0, a1, a2] = scic.people["Associations"]!;
    const [e0, e1] = scic.people["Entreprises"]!;
    const [c0] = scic.people["Collectivités"]!;
    const [s0, s1] = scic.people["Salariés"]!;
    await vote(a0!.userId, id, "for");
    await vote(a1!.userId, id, "against");
    // Changing a vote counts nobody twice.
    await vote(a1!.userId, id, "for");
    await vote(a1!.userId, id, "abstain");
    await proxy(e0!.userId, id, a0!.memberId);
    await vote(a0!.userId, id, "against", e0!.memberId);
    await vote(a0!.userId, id, "for", e0!.memberId);
    // A holder who casts for someone without voting themselves.
    await proxy(e1!.userId, id, a2!.memberId);
    await vote(a2!.userId, id, "against", e1!.memberId);
    // Voting in person withdraws a proxy not yet used.
    await proxy(s0!.userId, id, s1!.memberId);
    await vote(s0!.userId, id, "for");
    await proxy(c0!.userId, id, null);
    await expectExact(id);
    expect((await counters(db, id)).reduce((n, r) => n + r.voted, 0)).toBe(5);
    await closeResolution(db, { entityId: scic.id, actorId: scic.admin.id, resolutionId: id });
    expect(await db.selectFrom("participation").select("channel").where("resolution_id", "=", id).where("member_id", "=", c0!.memberId).executeTakeFirst()).toEqual({ channel: "blank-proxy" });
    await expectExact(id);
  });

  it("equal a recount for a secret vote's box, and the box's own counts", async () => {
    const { id } = await makeOpenResolution(db, scic, { preset: "scic-sa-ago", number: newId().slice(0, 8) });
    for (const college of ["Associations", "Salariés"]) for (const p of scic.people[college]!) await vote(p.userId, id, "against");
    await expect(vote(scic.people["Salariés"]![0]!.userId, id, "for")).rejects.toMatchObject({ key: "voting.alreadyVotedSecret" });
    await expectExact(id);
  });

  it("equal a recount for postal votes counted at the opening and votes in the room", async () => {
    const s = await meetingSetup(db);
    await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    for (const p of s.people["Associations"]!) await castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: p.memberId, resolutionId: s.resolutionId, choice: "for", source: "online" });
    const inRoom = s.people["Salariés"]!;
    for (const p of inRoom) await checkIn(db, { entity: s.entity, meetingId: s.meetingId, memberId: p.memberId, mode: "present", actorId: s.admin.id });
    await openMeeting(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, confirmDate: true });
    await openMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id });
    for (const p of inRoom) await castVote(db, { entityId: s.id, userId: p.userId, resolutionId: s.resolutionId, choice: "against" });
    const channels = await db.selectFrom("participation").select("channel").where("resolution_id", "=", s.resolutionId).execute();
    expect(channels.map((c) => c.channel).sort()).toEqual(["postal", "postal", "postal", "room", "room", "room"]);
    await expectExact(s.resolutionId);
  });

  it("equal a recount, and the quorum read from them the set of those present, over random votes, proxies, votes through them and withdrawals", async () => {
    const members = Object.values(scic.people).flat();
    const userOf = new Map(members.map((m) => [m.memberId, m.userId]));
    const who = fc.nat({ max: members.length - 1 });
    const choice = fc.constantFrom("for" as const, "against" as const, "abstain" as const);
    const op = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant("vote" as const), who, choice }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant("proxy" as const), who, holder: fc.option(who, { nil: null, freq: 6 }) }), weight: 3 },
      // The holder of `who`'s proxy in force votes for them.
      { arbitrary: fc.record({ kind: fc.constant("for" as const), who, choice }), weight: 3 },
      { arbitrary: fc.record({ kind: fc.constant("revoke" as const), who }), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 40 }), fc.constantFrom<VotingRule["proxyCap"]>(null, 1, 2, "cooperative"), async (ops, cap) => {
        const rule = { ...openRule, proxyCap: cap };
        const { id } = await makeOpenResolution(db, scic, { rule, number: newId().slice(0, 8) });
        for (const o of ops) {
          const m = members[o.who]!;
          let done: Promise<unknown>;
          if (o.kind === "vote") done = vote(m.userId, id, o.choice);
          else if (o.kind === "proxy") done = proxy(m.userId, id, o.holder == null ? null : members[o.holder]!.memberId);
          else if (o.kind === "revoke") done = revokeProxy(db, { entityId: scic.id, userId: m.userId, resolutionId: id });
          else {
            const given = await db.selectFrom("proxy").select("holder_member_id").where("resolution_id", "=", id).where("principal_member_id", "=", m.memberId).where("revoked_at", "is", null).executeTakeFirst();
            const holder = given?.holder_member_id ? userOf.get(given.holder_member_id) : undefined;
            done = holder ? vote(holder, id, o.choice, m.memberId) : Promise.resolve();
          }
          // Refusals (cap reached, already voted, proxy used…) write nothing, which is what is checked.
          await done.catch((e: unknown) => {
            if (!(e instanceof AppError) && !(e instanceof Response)) throw e;
          });
        }
        await expectExact(id);
        await expectSamePresent(db, id, rule);
        await expectSamePresent(db, id, { ...rule, quorumBasis: "weight" });
      }),
      { numRuns: 20 },
    );
  }, 300_000);
});

/** Counts the statements a piece of code sends to the database. */
class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe("a vote's statements", () => {
  it("are four for a first vote (resolution with its rule, the member's standing, participation with its counters, ballot), three to change it", async () => {
    const { id } = await makeOpenResolution(db, scic, { rule: openRule, number: newId().slice(0, 8) });
    const counter = new StatementCounter();
    const counted = db.withPlugin(counter) as Db;
    const voter = scic.people["Collectivités"]![2]!;
    await castVote(counted, { entityId: scic.id, userId: voter.userId, resolutionId: id, choice: "for" });
    expect(counter.count).toBe(4);
    counter.count = 0;
    await castVote(counted, { entityId: scic.id, userId: voter.userId, resolutionId: id, choice: "against" });
    expect(counter.count).toBe(3);
    expect(await counters(db, id)).toEqual(await recount(db, id));
  });
});

describe("the migration", () => {
  it("counts the votes cast before it from participation, as the triggers would have", async () => {
    const { rows } = await sql<{ id: string }>`select distinct resolution_id as id from participation`.execute(db);
    expect(rows.length).toBeGreaterThan(3);
    const before = await Promise.all(rows.map((r) => counters(db, r.id)));
    await turnoutMigration.down(migrationDb(db) as Kysely<unknown>);
    await turnoutMigration.up(migrationDb(db) as Kysely<unknown>);
    for (const [i, r] of rows.entries()) {
      expect(await counters(db, r.id)).toEqual(await recount(db, r.id));
      expect(await counters(db, r.id)).toEqual(before[i]);
    }
  });
});
