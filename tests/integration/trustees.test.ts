// Trustee mode of a secret vote: naming the trustees on the draft, each publishing a key with its
// proof, the vote opening under their combined key, and the count waiting for every trustee's
// valid decryption shares. Real keys throughout (app/crypto), never a mock.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { pointToHex } from "~/crypto/group";
import { makeSharesFile, sumsToJson } from "~/crypto/sums-file";
import { trusteeShares } from "~/crypto/tally";
import { combineKeys, decodeTrusteeKey, generateTrusteeKey } from "~/crypto/trustee";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { AppError } from "~/lib/errors";
import * as route from "~/routes/entity.resolution.trustee";
import { countingSums, ensureElection } from "~/services/election.server";
import { closeResolution, openResolution } from "~/services/resolutions.server";
import { castVote, type Choice } from "~/services/voting.server";
import { publishTrusteeKey, setTrustees, submitShares, useServerMode } from "~/services/trustees.server";
import { grantRole } from "~/services/entities.server";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { makeEntity, makeUser, PASSWORD } from "../helpers/factories";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const secretRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: true };

async function setup() {
  const s = await makeVotingScic(db, 2);
  const { id } = await makeOpenResolution(db, s, { rule: secretRule, open: false });
  const a = s.people["Associations"]![0]!;
  const b = s.people["Salariés"]![1]!;
  return { s, id, a, b, base: { entityId: s.id, resolutionId: id } };
}

/** The AppError a promise rejects with. */
async function appError(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const trusteeRows = (id: string) => db.selectFrom("election_trustee").selectAll().where("resolution_id", "=", id).orderBy("position").execute();
const electionRow = (id: string) => db.selectFrom("election").selectAll().where("resolution_id", "=", id).executeTakeFirst();

describe("trustees of a secret vote", () => {
  it("publish keys with their proofs, the vote opens under their sum, and the count waits for every trustee's valid shares", async () => {
    const { s, id, a, b, base } = await setup();
    const named = await setTrustees(db, { ...base, actorId: s.admin.id, userIds: [a.userId, b.userId] });
    expect(named).toEqual({ names: [a.name, b.name], ready: false });
    expect(await electionRow(id)).toMatchObject({ mode: "trustees", status: "keys", election_key: null });
    // The vote cannot open while keys are missing.
    expect((await appError(openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id }))).key).toBe("secret.keysMissing");

    const ka = generateTrusteeKey(id, a.name);
    const kb = generateTrusteeKey(id, b.name);
    // Only the trustee publishes their own key, made for this vote and their name.
    expect((await appError(publishTrusteeKey(db, { ...base, userId: s.people["Entreprises"]![0]!.userId, key: ka.key }))).status).toBe(403);
    expect((await appError(publishTrusteeKey(db, { ...base, userId: a.userId, key: kb.key }))).key).toBe("trustees.keyWrongName");
    expect((await appError(publishTrusteeKey(db, { ...base, userId: a.userId, key: generateTrusteeKey("another-vote", a.name).key }))).key).toBe("trustees.keyProofFails");
    expect((await appError(publishTrusteeKey(db, { ...base, userId: a.userId, key: "{not json" }))).key).toBe("trustees.keyFormat");
    const forged = await appError(publishTrusteeKey(db, { ...base, userId: a.userId, key: { ...ka.key, proof: kb.key.proof } }));
    expect([forged.key, forged.status]).toEqual(["trustees.keyProofFails", 422]);
    expect((await trusteeRows(id)).map((t) => t.public_key)).toEqual([null, null]);

    expect(await publishTrusteeKey(db, { ...base, userId: a.userId, key: JSON.stringify(ka.key) })).toEqual({ ready: false });
    expect(await electionRow(id)).toMatchObject({ status: "keys", election_key: null });
    expect(await publishTrusteeKey(db, { ...base, userId: b.userId, key: kb.key })).toEqual({ ready: true });
    const combined = pointToHex(combineKeys([ka.key, kb.key].map((k) => decodeTrusteeKey(k, "k").publicKey)));
    expect(await electionRow(id)).toMatchObject({ status: "ready", election_key: combined });
    const journal = await db.selectFrom("audit_event").select(["action", "user_id"]).where("subject_id", "=", id).where("action", "like", "election.%").orderBy("created_at").orderBy("id").execute();
    expect(journal).toEqual([
      { action: "election.trusteesSet", user_id: s.admin.id },
      { action: "election.keyPublished", user_id: a.userId },
      { action: "election.keyPublished", user_id: b.userId },
    ]);

    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
    const params = JSON.parse((await electionRow(id))!.parameters!) as { electionKey: string; trustees: { name: string }[] };
    expect(params.electionKey).toBe(combined);
    expect(params.trustees.map((t) => t.name)).toEqual([a.name, b.name]);
    expect((await appError(setTrustees(db, { ...base, actorId: s.admin.id, userIds: [a.userId] }))).key).toBe("trustees.tooLate");
    expect((await appError(useServerMode(db, { ...base, actorId: s.admin.id }))).key).toBe("trustees.tooLate");

    // Votes, then the close: the resolution waits for the trustees.
    const cast: [string, Choice][] = [];
    const choices: Choice[] = ["for", "against", "abstain"];
    for (const [college, people] of Object.entries(s.people)) {
      for (const [i, p] of people.entries()) {
        const choice = choices[(college.length + i) % 3]!;
        cast.push([p.memberId, choice]);
        await castVote(db, { ...base, userId: p.userId, choice });
      }
    }
    await closeResolution(db, { ...base, actorId: s.admin.id });
    expect((await db.selectFrom("resolution").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("counting");
    const { electionId, sums } = await countingSums(db, id);
    const sharesA = trusteeShares(electionId, ka.secretKey, sums);
    const sharesB = trusteeShares(electionId, kb.secretKey, sums);

    // Shares are checked against the sums and the trustee's own key before anything is written.
    const wrongKey = await appError(submitShares(db, { ...base, userId: b.userId, shares: sharesA }));
    expect([wrongKey.key, wrongKey.status, wrongKey.params]).toEqual(["trustees.shareProofFails", 422, { college: 1, choice: 1 }]);
    expect((await appError(submitShares(db, { ...base, userId: a.userId, shares: sharesA.slice(1) }))).key).toBe("trustees.sharesShape");
    expect((await appError(submitShares(db, { ...base, userId: a.userId, shares: "" }))).key).toBe("trustees.sharesRequired");
    expect((await appError(submitShares(db, { ...base, userId: s.admin.id, shares: sharesA }))).status).toBe(403);
    expect((await trusteeRows(id)).map((t) => t.shares)).toEqual([null, null]);

    expect(await submitShares(db, { ...base, userId: a.userId, shares: sharesA })).toEqual({ complete: false });
    expect((await db.selectFrom("resolution").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("counting");
    expect((await appError(submitShares(db, { ...base, userId: a.userId, shares: sharesA }))).key).toBe("trustees.sharesGiven");
    expect(await submitShares(db, { ...base, userId: b.userId, shares: JSON.stringify(sharesB) })).toEqual({ complete: true });

    // The count is done: the decrypted per-college totals are the weighted sums of the choices cast.
    const r = await db.selectFrom("resolution").select(["status", "outcome"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(r.status).toBe("closed");
    expect(r.outcome).not.toBeNull();
    const voters = await db.selectFrom("resolution_voter").selectAll().where("resolution_id", "=", id).execute();
    const expected = new Map<string, bigint[]>();
    for (const [memberId, choice] of cast) {
      const v = voters.find((x) => x.member_id === memberId)!;
      const totals = expected.get(v.college_id!) ?? [0n, 0n, 0n];
      totals[["for", "against", "abstain"].indexOf(choice)]! += BigInt(v.weight_micro);
      expected.set(v.college_id!, totals);
    }
    const tally = JSON.parse((await electionRow(id))!.tally!) as { colleges: { id: string; totals: string[] }[] };
    for (const c of tally.colleges) expect(c.totals).toEqual((expected.get(c.id) ?? [0n, 0n, 0n]).map(String));
    expect(tally.colleges.filter((c) => expected.has(c.id))).toHaveLength(expected.size);
  });

  it("are 1 to 10 people holding a role in the entity, on a secret vote not yet open", async () => {
    const { s, id, a, base } = await setup();
    const actorId = s.admin.id;
    expect((await appError(setTrustees(db, { ...base, actorId, userIds: [] }))).key).toBe("trustees.none");
    const many = Object.values(s.people).flat().map((p) => p.userId).concat(s.admin.id, (await makeUser(db)).id, (await makeUser(db)).id);
    expect((await appError(setTrustees(db, { ...base, actorId, userIds: many }))).key).toBe("trustees.tooMany");
    const other = await makeEntity(db, "Ailleurs");
    expect((await appError(setTrustees(db, { ...base, actorId, userIds: [a.userId, other.admin.id] }))).key).toBe("trustees.unknownPerson");
    const open = await makeOpenResolution(db, s, { preset: "scic-sa-ago", number: "2", rule: { ...secretRule, secret: false }, open: false });
    expect((await appError(setTrustees(db, { entityId: s.id, resolutionId: open.id, actorId, userIds: [a.userId] }))).key).toBe("trustees.notSecret");
    // A draft whose election the server already holds (a meeting's notice was sent): too late for trustees.
    const convened = await makeOpenResolution(db, s, { rule: secretRule, number: "3", open: false });
    await ensureElection(db, { entityId: s.id, resolutionId: convened.id });
    expect((await appError(setTrustees(db, { entityId: s.id, resolutionId: convened.id, actorId, userIds: [a.userId] }))).key).toBe("trustees.serverKeyInUse");
    expect(await electionRow(id)).toBeUndefined();
    expect(await db.selectFrom("audit_event").select("id").where("subject_id", "=", id).where("action", "like", "election.%").execute()).toEqual([]);
  });

  it("share a name with a suffix, keep their keys when named again, and go back to server mode only while no key is published", async () => {
    const { s, id, a, b, base } = await setup();
    const actorId = s.admin.id;
    const twin = await makeUser(db, a.name);
    await grantRole(db, { entityId: s.id, actorId, email: twin.email, role: "observer" });
    expect((await setTrustees(db, { ...base, actorId, userIds: [a.userId, twin.id] })).names).toEqual([a.name, `${a.name} (2)`]);

    await useServerMode(db, { ...base, actorId });
    expect(await electionRow(id)).toBeUndefined();

    await setTrustees(db, { ...base, actorId, userIds: [a.userId, b.userId, twin.id] });
    const ka = generateTrusteeKey(id, a.name);
    await publishTrusteeKey(db, { ...base, userId: a.userId, key: ka.key });
    expect((await appError(useServerMode(db, { ...base, actorId }))).key).toBe("trustees.keysPublished");
    // A's key stays when the trustees change (so does each name, whatever the order); with A alone, the key is complete.
    expect(await setTrustees(db, { ...base, actorId, userIds: [twin.id, a.userId] })).toEqual({ names: [`${a.name} (2)`, a.name], ready: false });
    expect((await trusteeRows(id)).map((t) => [t.user_id, t.public_key])).toEqual([[twin.id, null], [a.userId, ka.key.publicKey]]);
    expect(await setTrustees(db, { ...base, actorId, userIds: [a.userId] })).toMatchObject({ ready: true });
    expect(await electionRow(id)).toMatchObject({ status: "ready", election_key: ka.key.publicKey });
    // Published again (a lost key file) before the vote: the new key replaces the old.
    const again = generateTrusteeKey(id, a.name);
    await publishTrusteeKey(db, { ...base, userId: a.userId, key: again.key });
    expect(await electionRow(id)).toMatchObject({ status: "ready", election_key: again.key.publicKey });
  });
});

describe("the trustee page", () => {
  it("is for the trustees and those who name them; a trustee publishes a key and gives shares through it", async () => {
    const { s, id, a, base } = await setup();
    const path = `/o/${s.slug}/resolutions/${id}/trustee`;
    const params = { slug: s.slug, resolutionId: id };
    const tokens = { admin: await signIn(db, s.admin.email, PASSWORD), a: await signIn(db, a.email, PASSWORD), other: await signIn(db, s.people["Entreprises"]![0]!.email, PASSWORD) };
    const get = (token: string) => run(route.loader, db, { path, token, params });
    const post = (token: string, form: Record<string, string>) => run(route.action, db, { path, token, params, form });

    expect(statusOf(await get(tokens.other))).toBe(403);
    const adminPage = dataOf<Awaited<ReturnType<typeof route.loader>>>(await get(tokens.admin));
    expect(adminPage.people.map((p) => p.userId)).toContain(a.userId);
    expect(statusOf(await post(tokens.other, { intent: "setTrustees", userIds: a.userId }))).toBe(403);
    expect(statusOf(await post(tokens.admin, { intent: "setTrustees" }))).toBe(400);
    expect(statusOf(await post(tokens.admin, { intent: "setTrustees", userIds: a.userId }))).toBe(302);

    const page = dataOf<Awaited<ReturnType<typeof route.loader>>>(await get(tokens.a));
    expect(page.me).toEqual({ name: a.name, published: false, decrypted: false });
    const bad = await post(tokens.a, { intent: "publishKey", key: JSON.stringify(generateTrusteeKey(id, "Quelqu’un").key) });
    expect(statusOf(bad)).toBe(422);
    expect(dataOf(bad).errors).toEqual({ key: { key: "trustees.keyWrongName", params: { got: "Quelqu’un", expected: a.name } } });
    const ka = generateTrusteeKey(id, a.name);
    expect(statusOf(await post(tokens.a, { intent: "publishKey", key: JSON.stringify(ka.key) }))).toBe(302);

    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
    await castVote(db, { ...base, userId: a.userId, choice: "for" });
    await closeResolution(db, { ...base, actorId: s.admin.id });
    const counting = dataOf<Awaited<ReturnType<typeof route.loader>>>(await get(tokens.a));
    expect(counting.sums).toEqual(sumsToJson(id, (await countingSums(db, id)).sums));
    // The file the browser or the CLI makes from the sums shown on the page.
    const file = makeSharesFile({ electionId: id, name: a.name, publicKey: ka.key.publicKey, secretKey: ka.secretKey }, counting.sums);
    expect(statusOf(await post(tokens.a, { intent: "submitShares", shares: JSON.stringify({ ...file, electionId: "another" }) }))).toBe(422);
    expect(statusOf(await post(tokens.a, { intent: "submitShares", shares: JSON.stringify(file) }))).toBe(302);
    expect((await db.selectFrom("resolution").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("closed");
    expect(dataOf<Awaited<ReturnType<typeof route.loader>>>(await get(tokens.a)).trustees).toEqual([{ name: a.name, isMe: true, publicKey: ka.key.publicKey, published: true, decrypted: true }]);
  });
});
