// Ballots under parallel requests (issue 14, part 2), on PostgreSQL as on SQLite: one ballot per
// member and vote whatever the number of tabs casting at once; a secret vote's box takes every
// voter's ballot, one link after the other; and a ballot cast while the vote closes is either
// in the frozen result or refused, never stored after it.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { closeResolution, resultOf } from "~/services/resolutions.server";
import { castVote } from "~/services/voting.server";
import { createTestDb } from "../helpers/db";
import { SECRET_RULE } from "../helpers/secret";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";
import { race, tally, times } from "./concurrency.fixture";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const openRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false };
const choices = ["for", "against", "abstain"] as const;

const count = async (table: "participation" | "ballot" | "encrypted_ballot", resolutionId: string) =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).where("resolution_id", "=", resolutionId).executeTakeFirstOrThrow()).n);

describe("one ballot per member and vote", () => {
  it("four members each casting five times at once: one ballot and one participation each, the rest a change of vote or 409, never a 500", async () => {
    const s = await makeVotingScic(db, 1);
    const { id } = await makeOpenResolution(db, s, { rule: openRule });
    const voters = Object.values(s.people).flat();
    // A member's five casts side by side: the pool's four connections take four of them at once.
    const calls = times(20, (i) => castVote(db, { entityId: s.id, userId: voters[Math.floor(i / 5)]!.userId, resolutionId: id, choice: choices[i % 3]! }));
    const { values, outcomes } = await race(calls);
    for (const o of outcomes) expect(["ok", "409 voting.alreadyVotedSecret"]).toContain(o);
    // One first casting (with its receipt) per member; every other success changed that ballot.
    expect(values.filter((v) => !v.changed && v.receipt)).toHaveLength(voters.length);
    expect(await count("participation", id)).toBe(voters.length);
    expect(await count("ballot", id)).toBe(voters.length);
    const turnout = await db.selectFrom("turnout").select((eb) => eb.fn.sum<number>("voted").as("n")).where("resolution_id", "=", id).executeTakeFirstOrThrow();
    expect(Number(turnout.n)).toBe(voters.length);
  });

  it("a member casting a secret ballot eight times at once: one participation, one ballot in the box, the rest 409", async () => {
    const s = await makeVotingScic(db, 1);
    const { id } = await makeOpenResolution(db, s, { rule: SECRET_RULE });
    const voter = s.people["Entreprises"]![0]!;
    const { outcomes } = await race(times(8, (i) => castVote(db, { entityId: s.id, userId: voter.userId, resolutionId: id, choice: choices[i % 3]! })));
    expect(tally(outcomes)).toEqual({ ok: 1, "409 voting.alreadyVotedSecret": 7 });
    expect(await count("participation", id)).toBe(1);
    expect(await count("encrypted_ballot", id)).toBe(1);
  });
});

describe("a secret vote's ballot box", () => {
  it("twelve members casting at once all get in: twelve links, positions 1 to 12, the head after the last", async () => {
    const s = await makeVotingScic(db, 3);
    const { id } = await makeOpenResolution(db, s, { rule: SECRET_RULE });
    const voters = Object.values(s.people).flat();
    const { outcomes } = await race(voters.map((v, i) => () => castVote(db, { entityId: s.id, userId: v.userId, resolutionId: id, choice: choices[i % 3]! })));
    expect(tally(outcomes)).toEqual({ ok: 12 });
    const box = await db.selectFrom("encrypted_ballot").select(["position", "link"]).where("resolution_id", "=", id).orderBy("position").execute();
    expect(box.map((b) => b.position)).toEqual(voters.map((_, i) => i + 1));
    const election = await db.selectFrom("election").select(["ballot_count", "head"]).where("resolution_id", "=", id).executeTakeFirstOrThrow();
    expect(election).toEqual({ ballot_count: 12, head: box[11]!.link });
  });
});

describe("casting while the vote closes", () => {
  it("five rounds of twelve ballots racing the close: every accepted ballot is in the frozen result, the others are refused as closed", async () => {
    const s = await makeVotingScic(db, 3);
    const voters = Object.values(s.people).flat();
    for (let round = 1; round <= 5; round++) {
      const { id } = await makeOpenResolution(db, s, { rule: openRule, number: String(round) });
      const calls = voters.map((v, i) => () => castVote(db, { entityId: s.id, userId: v.userId, resolutionId: id, choice: choices[i % 3]! }));
      // The close starts among the first ballots.
      const close = () => closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
      const { outcomes } = await race([...calls.slice(0, 3), close, ...calls.slice(3)]);
      const closeOutcome = outcomes.splice(3, 1)[0];
      expect(closeOutcome).toBe("ok");
      for (const o of outcomes) expect(["ok", "409 voting.closed"]).toContain(o);
      const accepted = outcomes.filter((o) => o === "ok").length;
      const r = await db.selectFrom("resolution").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      const frozen = await resultOf(db, r, { ...openRule }, { name: "", version: 1 });
      expect({ round, voted: frozen.voted, ballots: await count("ballot", id), participation: await count("participation", id) }).toEqual({ round, voted: accepted, ballots: accepted, participation: accepted });
    }
  });
});
