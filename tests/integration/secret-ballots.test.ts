// A secret vote end to end in server mode: opened with its election and box, ballots built in
// the browser, encrypted by the server (no JavaScript), cast through a proxy and from a blank
// proxy at the close; the result, from the decrypted per-college sums, is exactly the open
// tally of the same choices. The server's key lives in its file while the vote is open, never
// in the database, and is destroyed with the result frozen.
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { keysDir, readServerKey } from "~/lib/keys.server";
import { closeResolution } from "~/services/resolutions.server";
import { castVote, giveProxy } from "~/services/voting.server";
import { signIn, statusOf, dataOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { browserBallot, everyTable, plaintextChoices, postVote, twoSecretVotes, votePage, type SecretChoice } from "../helpers/secret";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

type Scic = Awaited<ReturnType<typeof makeVotingScic>>;

/** Varied own weights (2.5, 1/3 rounded, 4, 1…), so that weighted totals are not head counts. */
async function varyWeights(s: Scic) {
  const weights = [2_500_000, 333_333, 1_000_000, 4_000_000, 1_000_000, 750_000];
  let i = 0;
  for (const people of Object.values(s.people)) for (const p of people) await db.updateTable("member").set({ voting_weight_micro: weights[i++ % weights.length]! }).where("id", "=", p.memberId).execute();
}

const CHOICES: Record<string, SecretChoice[]> = {
  Associations: ["for", "against", "for"],
  Entreprises: ["against", "abstain", "for"],
  Collectivités: ["for", "for"],
  Salariés: ["against"],
};

/**
 * The same votes on a resolution: the choices above; Collectivités 2 votes through Salariés 2
 * (proxy); Salariés 1 gives a blank proxy. `secret`: half the voters build their ballot in the
 * browser, the others send the choice (no JavaScript).
 */
async function castAll(s: Scic, id: string, secret: boolean) {
  const P = s.people;
  await giveProxy(db, { entityId: s.id, userId: P["Collectivités"]![2]!.userId, resolutionId: id, holderMemberId: P["Salariés"]![2]!.memberId });
  const encryptedBy: string[] = [];
  let n = 0;
  for (const [college, choices] of Object.entries(CHOICES)) {
    for (const [i, choice] of choices.entries()) {
      const voter = P[college]![i]!;
      if (secret && n++ % 2 === 0) {
        const token = await signIn(db, voter.email, PASSWORD);
        const page = await votePage(db, s.slug, id, token);
        const answer = await postVote(db, s.slug, id, token, { ballot: JSON.stringify(browserBallot(page.secret, page.secret.mine, choice)) });
        expect(statusOf(answer)).toBe(200);
        encryptedBy.push(dataOf(answer).secretCast.encryptedBy);
      } else {
        const cast = await castVote(db, { entityId: s.id, userId: voter.userId, resolutionId: id, choice });
        if (secret) encryptedBy.push(cast.secret!.encryptedBy);
      }
    }
  }
  // The holder votes for the principal: with the principal's college and weight.
  const holder = P["Salariés"]![2]!;
  const principal = P["Collectivités"]![2]!;
  if (secret) {
    const token = await signIn(db, holder.email, PASSWORD);
    const page = await votePage(db, s.slug, id, token);
    const frozen = page.secret.held.find((h: { principalId: string }) => h.principalId === principal.memberId);
    expect(frozen).toMatchObject({ collegeId: s.colleges["Collectivités"] });
    const answer = await postVote(db, s.slug, id, token, { ballot: JSON.stringify(browserBallot(page.secret, frozen, "against")), forMemberId: principal.memberId });
    expect(statusOf(answer)).toBe(200);
  } else {
    await castVote(db, { entityId: s.id, userId: holder.userId, resolutionId: id, choice: "against", forMemberId: principal.memberId });
  }
  // A blank proxy: it votes with the board's recommendation at the close.
  await giveProxy(db, { entityId: s.id, userId: P["Salariés"]![1]!.userId, resolutionId: id, holderMemberId: null });
  return encryptedBy;
}

describe("a secret vote in server mode", () => {
  it("gives exactly the open tally of the same choices, from the decrypted per-college sums, and destroys its key", async () => {
    const s = await makeVotingScic(db, 3);
    await varyWeights(s);
    const rule = (secret: boolean): VotingRule => ({ ...PRESETS["scic-sa-ago"].rule, secret, proxyCap: 1 });
    const secret = await makeOpenResolution(db, s, { rule: rule(true), number: "1", recommendation: "for" });
    const twin = await makeOpenResolution(db, s, { rule: rule(false), number: "2", recommendation: "for" });

    // Opened: the election in server mode, its key in its file only.
    const election = await db.selectFrom("election").selectAll().where("resolution_id", "=", secret.id).executeTakeFirstOrThrow();
    expect(election).toMatchObject({ mode: "server", status: "ready", ballot_count: 0, key_destroyed_at: null });
    const secretKey = readServerKey(secret.id);
    expect(secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(path.join(keysDir(), `${secret.id}.key`))).toBe(true);
    expect(await db.selectFrom("election").selectAll().where("resolution_id", "=", twin.id).executeTakeFirst()).toBeUndefined();

    const encryptedBy = await castAll(s, secret.id, true);
    await castAll(s, twin.id, false);
    expect(new Set(encryptedBy)).toEqual(new Set(["browser", "server"]));
    expect(await db.selectFrom("ballot").select("id").where("resolution_id", "=", secret.id).execute()).toEqual([]);
    expect(await plaintextChoices(db, secret.id)).toEqual([]);
    for (const [table, text] of Object.entries(await everyTable(db))) expect(text, table).not.toContain(secretKey);

    expect(await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: secret.id })).toMatchObject({ outcome: expect.stringMatching(/adopted|rejected/) });
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: twin.id });

    const [a, b] = await Promise.all([secret.id, twin.id].map((id) => db.selectFrom("resolution").selectAll().where("id", "=", id).executeTakeFirstOrThrow()));
    expect(a!.status).toBe("closed");
    expect(a!.outcome).toBe(b!.outcome);
    const [fa, fb] = [JSON.parse(a!.result!), JSON.parse(b!.result!)];
    expect(fa.tally).toEqual(fb.tally);
    expect(fa.voted).toBe(fb.voted);
    expect(fa.channels).toEqual(fb.channels);
    expect(fa.channels["blank-proxy"]).toBe(1);
    // Per college: the same voters; the box never knows a count per choice.
    expect(fa.colleges.map((c: { voted: number }) => c.voted)).toEqual(fb.colleges.map((c: { voted: number }) => c.voted));
    expect(fa.colleges.every((c: { ballots: unknown }) => c.ballots === null)).toBe(true);

    // The box holds every ballot (the blank proxy's too), tallied; the result carries its hash.
    const closed = await db.selectFrom("election").selectAll().where("resolution_id", "=", secret.id).executeTakeFirstOrThrow();
    expect(closed).toMatchObject({ status: "tallied", ballot_count: 11 });
    expect(fa.boxHash).toBe(closed.box_hash);
    expect(fa.boxHash).toMatch(/^[0-9a-f]{64}$/);

    // The key file is gone, recorded in the journal; it never was in the database.
    expect(readServerKey(secret.id)).toBeNull();
    expect(closed.key_destroyed_at).not.toBeNull();
    const events = await db.selectFrom("audit_event").select("action").where("subject_id", "=", secret.id).execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["election.created", "resolution.opened", "resolution.counting", "resolution.closed", "election.keyDestroyed"]));
    for (const [table, text] of Object.entries(await everyTable(db))) expect(text, table).not.toContain(secretKey);
    expect(await plaintextChoices(db, secret.id)).toEqual([]);
  });

  it("a vote without colleges: every voter in the box's college \"none\", counted as the open tally", async () => {
    const s = await makeVotingScic(db, 2);
    await varyWeights(s);
    await db.updateTable("entity").set({ colleges_enabled: 0 }).where("id", "=", s.id).execute();
    const entity = await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow();
    const rule = (secret: boolean): VotingRule => ({ ...PRESETS["association-ago"].rule, secret, quorumFirst: null });
    const ids: string[] = [];
    for (const secret of [true, false]) {
      const { id } = await makeOpenResolution(db, { ...s, entity }, { rule: rule(secret), number: secret ? "1" : "2" });
      for (const [i, p] of Object.values(s.people).flat().entries()) if (i % 3 !== 2) await castVote(db, { entityId: s.id, userId: p.userId, resolutionId: id, choice: (["for", "against", "for", "abstain"] as const)[i % 4]! });
      await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
      ids.push(id);
    }
    const parameters = JSON.parse((await db.selectFrom("election").select("parameters").where("resolution_id", "=", ids[0]!).executeTakeFirstOrThrow()).parameters!);
    expect(parameters.colleges.map((c: { id: string; weight: string }) => [c.id, c.weight])).toEqual([["none", "1"]]);
    const [a, b] = await Promise.all(ids.map(async (id) => JSON.parse((await db.selectFrom("resolution").select("result").where("id", "=", id).executeTakeFirstOrThrow()).result!)));
    expect(a.tally).toEqual(b.tally);
    expect(a.colleges).toEqual([{ ...b.colleges[0], ballots: null }]);
  });

  it("refuses a bad proof, another vote's ballot, a wrong weight or college, a copy and non-JSON with 422, writing nothing", async () => {
    const { s, id, voter, token, page, otherPage, mine } = await twoSecretVotes(db);
    expect(mine).toEqual({ collegeId: s.colleges["Entreprises"], weightMicro: "1000000" });

    const good = browserBallot(page.secret, mine, "for");
    const tampered = structuredClone(good);
    tampered.proofs[1]![0]!.response = good.proofs[1]![1]!.response;
    const bad: [string, string, RegExp][] = [
      ["a bad proof", JSON.stringify(tampered), /proof that choice 2 is 0 or 1 fails/],
      ["another vote's ballot", JSON.stringify(browserBallot(otherPage.secret, otherPage.secret.mine, "for")), /ballot is for vote/],
      ["another vote's ballot under this vote's id", JSON.stringify({ ...browserBallot(otherPage.secret, otherPage.secret.mine, "for"), electionId: id }), /fails/],
      ["a wrong weight", JSON.stringify(browserBallot(page.secret, { ...mine, weightMicro: "2000000" }, "for")), /weight/],
      ["another college", JSON.stringify(browserBallot(page.secret, { ...mine, collegeId: s.colleges["Salariés"]! }, "for")), /college/],
      ["two choices at once", JSON.stringify({ ...good, choices: [good.choices[0], good.choices[0], good.choices[2]] }), /fails/],
      ["not JSON", "{ballot", /not JSON/],
    ];
    for (const [what, ballot, message] of bad) {
      const answer = await postVote(db, s.slug, id, token, { ballot });
      expect(statusOf(answer), what).toBe(422);
      expect(dataOf(answer).errors.ballot.key, what).toBe("secret.badBallot");
      expect(dataOf(answer).errors.ballot.params.message, what).toMatch(message);
    }
    // Nothing written: no participation, no ballot, the chain where it was.
    expect(await db.selectFrom("participation").select("member_id").where("resolution_id", "=", id).execute()).toEqual([]);
    expect(await db.selectFrom("encrypted_ballot").select("position").where("resolution_id", "=", id).execute()).toEqual([]);
    const election = await db.selectFrom("election").selectAll().where("resolution_id", "=", id).executeTakeFirstOrThrow();
    expect(election.ballot_count).toBe(0);
    expect(election.head).toBe(page.secret.head);

    // The good ballot goes in; the same ballot again (another voter of that college and weight) is a copy.
    expect(statusOf(await postVote(db, s.slug, id, token, { ballot: JSON.stringify(good) }))).toBe(200);
    const neighbour = await signIn(db, s.people["Entreprises"]![1]!.email, PASSWORD);
    const copy = await postVote(db, s.slug, id, neighbour, { ballot: JSON.stringify(good) });
    expect(statusOf(copy)).toBe(422);
    expect(dataOf(copy).errors.ballot.params.message).toMatch(/already in the box/);
    expect(await db.selectFrom("participation").select("member_id").where("resolution_id", "=", id).execute()).toEqual([{ member_id: voter.memberId }]);
    // Neither a choice nor a ballot: the choice is required.
    const empty = await postVote(db, s.slug, id, neighbour, {});
    expect(statusOf(empty)).toBe(400);
    expect(dataOf(empty).errors.choice.key).toBe("errors.required");
  });
});
