// The audit's copy (issue 11): the database file and its WAL copied during a secret vote, as a
// naive backup does. The copy holds who voted (participation) and encrypted ballots, and no way
// to learn a choice: no plaintext choice in any row of the vote, and no secret key — the server's
// key is in its own file, outside the copy.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "#db/index";
import { migrateToLatest } from "#db/migrate";
import { seedDemo } from "#db/seed";
import { keysDir, readServerKey } from "~/lib/keys.server";
import { closeResolution } from "~/services/resolutions.server";
import { castVote } from "~/services/voting.server";
import { choiceOf, integrityProblems, makeVoteFixture, readVote, voteProblems, type Ack } from "../crash/fixture";
import { everyTable, plaintextChoices } from "../helpers/secret";

const VOTERS = 30;
const dir = mkdtempSync(path.join(tmpdir(), "cogere-wal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a copy of the database and its WAL during a secret vote", () => {
  it("holds no plaintext choice and no key: nothing links a member to a choice", async () => {
    const file = path.join(dir, "live", "cogere.db");
    const db = createDb(file);
    try {
      await migrateToLatest(db);
      await seedDemo(db);
      const fx = await makeVoteFixture(db, { voters: VOTERS, secret: [true] });
      const { entityId } = fx;
      const resolutionId = fx.resolutions[0]!.id;
      const secretKey = readServerKey(resolutionId)!;
      expect(secretKey).toMatch(/^[0-9a-f]{64}$/);
      expect(path.dirname(path.resolve(keysDir()))).not.toBe(path.dirname(file));

      // 28 of the 30 vote; the copy is taken with the live connection open, WAL not checkpointed.
      const acked = new Map<string, Ack>();
      for (const [i, v] of fx.voters.slice(0, 28).entries()) {
        const choice = choiceOf(i, 0);
        await castVote(db, { entityId, userId: v.userId, resolutionId, choice });
        acked.set(v.memberId, { collegeId: v.collegeId, choice });
      }
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
      const copy = path.join(dir, "copy", "cogere.db");
      mkdirSync(path.dirname(copy));
      copyFileSync(file, copy);
      copyFileSync(`${file}-wal`, `${copy}-wal`);
      // What was copied, as bytes: the key is not in it, and no key file came with it.
      const bytes = Buffer.concat([readFileSync(copy), readFileSync(`${copy}-wal`)]).toString("latin1");
      expect(bytes).not.toContain(secretKey);
      expect(readdirSync(path.dirname(copy)).filter((f) => f.endsWith(".key"))).toEqual([]);

      const stolen = createDb(copy);
      try {
        expect(await integrityProblems(stolen)).toEqual([]);
        // The copy is of the vote in progress: who voted is there, with 28 encrypted ballots.
        const state = await readVote(stolen, entityId, resolutionId);
        expect(state.participations).toBe(28);
        expect(state.ballots).toBe(28);
        expect(voteProblems(state, acked, true)).toEqual([]);
        // …and no choice: not in the vote's rows of any table, and no secret key anywhere.
        expect(await plaintextChoices(stolen, resolutionId)).toEqual([]);
        expect(await stolen.selectFrom("ballot").select("id").where("resolution_id", "=", resolutionId).execute()).toEqual([]);
        for (const [table, text] of Object.entries(await everyTable(stolen))) expect(text, table).not.toContain(secretKey);
        // An encrypted ballot row: college, weight, ciphertexts and proofs, a tracker and a link.
        const row = await stolen.selectFrom("encrypted_ballot").selectAll().where("resolution_id", "=", resolutionId).where("position", "=", 1).executeTakeFirstOrThrow();
        expect(Object.keys(row).sort()).toEqual(["ballot", "college_id", "link", "position", "resolution_id", "tracker", "weight_micro"]);
        expect(Object.keys(JSON.parse(row.ballot)).sort()).toEqual(["choices", "college", "electionId", "overall", "proofs", "weightMicro"]);
      } finally {
        await stolen.destroy();
      }

      // The live vote goes on and is counted; the key file goes with the close.
      for (const [i, v] of fx.voters.slice(28).entries()) {
        const choice = choiceOf(28 + i, 0);
        await castVote(db, { entityId, userId: v.userId, resolutionId, choice });
        acked.set(v.memberId, { collegeId: v.collegeId, choice });
      }
      const before = await readVote(db, entityId, resolutionId);
      expect(voteProblems(before, acked, true)).toEqual([]);
      await closeResolution(db, { entityId, actorId: null, resolutionId });
      expect(readServerKey(resolutionId)).toBeNull();
      expect(existsSync(path.join(keysDir(), `${resolutionId}.key`))).toBe(false);
      const counted = JSON.parse((await db.selectFrom("resolution").select("result").where("id", "=", resolutionId).executeTakeFirstOrThrow()).result!);
      const expected = { for: 0, against: 0, abstain: 0 };
      for (const a of acked.values()) expected[a.choice]++;
      const totals = { for: 0, against: 0, abstain: 0 };
      for (const c of counted.tally.colleges as { for: string; against: string; abstain: string }[]) for (const k of ["for", "against", "abstain"] as const) totals[k] += Number(c[k]);
      // The fixture's voters weigh 1 each: the weighted totals count their choices.
      expect(totals).toEqual(expected);
    } finally {
      await db.destroy();
    }
  });
});
