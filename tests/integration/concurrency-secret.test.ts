// A secret vote's election under parallel requests (issue 14, part 2), on PostgreSQL as on
// SQLite: trustees publishing their keys, or giving their shares, at the same moment all count
// (the vote gets its key; the count finishes, once); postal votes sent at once before the
// election exists make one election and one server key, the one in the key file.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { mulBase, pointToHex, scalarFromHex } from "~/crypto/group";
import { trusteeShares } from "~/crypto/tally";
import { combineKeys, decodeTrusteeKey, generateTrusteeKey } from "~/crypto/trustee";
import { readServerKey } from "~/lib/keys.server";
import { countingSums } from "~/services/election.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { closeResolution, openResolution } from "~/services/resolutions.server";
import { publishTrusteeKey, setTrustees, submitShares } from "~/services/trustees.server";
import { castVote } from "~/services/voting.server";
import { createTestDb } from "../helpers/db";
import { meetingSetup } from "../helpers/meetings";
import { SECRET_RULE } from "../helpers/secret";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";
import { race, tally } from "./concurrency.fixture";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const electionRow = (id: string) => db.selectFrom("election").selectAll().where("resolution_id", "=", id).executeTakeFirstOrThrow();
const journal = async (resolutionId: string, action: string) =>
  Number((await db.selectFrom("audit_event").select((eb) => eb.fn.countAll<number>().as("n")).where("subject_id", "=", resolutionId).where("action", "=", action).executeTakeFirstOrThrow()).n);

/** A draft secret vote with four trustees named, and each one's key (not published yet). */
async function fourTrustees() {
  const s = await makeVotingScic(db, 2);
  const { id } = await makeOpenResolution(db, s, { rule: SECRET_RULE, open: false });
  const trustees = Object.values(s.people).map((people) => people[0]!);
  await setTrustees(db, { entityId: s.id, resolutionId: id, actorId: s.admin.id, userIds: trustees.map((t) => t.userId) });
  const keys = trustees.map((t) => generateTrusteeKey(id, t.name));
  return { s, id, trustees, keys };
}

describe("trustees acting at the same moment", () => {
  it("four trustees publishing their keys at once: every key counts, the vote has its key and may open (three votes)", async () => {
    for (let round = 1; round <= 3; round++) {
      const { s, id, trustees, keys } = await fourTrustees();
      const { values, outcomes } = await race(trustees.map((t, i) => () => publishTrusteeKey(db, { entityId: s.id, resolutionId: id, userId: t.userId, key: keys[i]!.key })));
      expect(tally(outcomes)).toEqual({ ok: 4 });
      // The last one to publish saw the others' keys.
      expect({ round, ready: tally(values.map((v) => String(v.ready))) }).toEqual({ round, ready: { false: 3, true: 1 } });
      const combined = pointToHex(combineKeys(keys.map((k) => decodeTrusteeKey(k.key, "k").publicKey)));
      expect(await electionRow(id)).toMatchObject({ status: "ready", election_key: combined });
    }
  });

  it("four trustees giving their shares at once: the count finishes, once (two votes)", async () => {
    for (let round = 1; round <= 2; round++) {
      const { s, id, trustees, keys } = await fourTrustees();
      for (const [i, t] of trustees.entries()) await publishTrusteeKey(db, { entityId: s.id, resolutionId: id, userId: t.userId, key: keys[i]!.key });
      await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
      for (const p of Object.values(s.people).flat()) await castVote(db, { entityId: s.id, resolutionId: id, userId: p.userId, choice: "for" });
      await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
      const { electionId, sums } = await countingSums(db, id);
      const { values, outcomes } = await race(trustees.map((t, i) => () => submitShares(db, { entityId: s.id, resolutionId: id, userId: t.userId, shares: trusteeShares(electionId, keys[i]!.secretKey, sums) })));
      expect(tally(outcomes)).toEqual({ ok: 4 });
      expect({ round, complete: tally(values.map((v) => String(v.complete))) }).toEqual({ round, complete: { false: 3, true: 1 } });
      expect(await db.selectFrom("resolution").select(["status", "outcome"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ status: "closed", outcome: "adopted" });
      expect(await journal(id, "resolution.closed")).toBe(1);
    }
  });
});

describe("postal votes before the election exists", () => {
  it("eight members voting by post at once on a secret resolution: all are received, under one election whose key is the one in the key file (three meetings)", async () => {
    for (let round = 1; round <= 3; round++) {
      const s = await meetingSetup(db, { secret: true });
      const members = Object.values(s.people).flat().slice(0, 8);
      const { outcomes } = await race(members.map((m) => () => castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: m.memberId, resolutionId: s.resolutionId, choice: "for", source: "online" })));
      expect({ round, outcomes: tally(outcomes) }).toEqual({ round, outcomes: { ok: 8 } });
      expect(await journal(s.resolutionId, "election.created")).toBe(1);
      const election = await electionRow(s.resolutionId);
      const secret = readServerKey(s.resolutionId);
      expect({ round, key: pointToHex(mulBase(scalarFromHex(secret, "key file"))) }).toEqual({ round, key: election.election_key });
      expect(await db.selectFrom("postal_vote").select("member_id").where("resolution_id", "=", s.resolutionId).execute()).toHaveLength(8);
    }
  });
});
