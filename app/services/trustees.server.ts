// Trustee mode of a secret vote (docs/ballot-box.md, brief of issue 11): the people named on the
// draft resolution each publish a key share with its proof; the election key is their sum; at
// the close each gives decryption shares of the per-college sums, and when all are in the count
// finishes (completeCounting). Nobody, the server included, can decrypt without every trustee.
import { CryptoFormatError } from "~/crypto/encoding";
import { pointToHex } from "~/crypto/group";
import { proofToJson } from "~/crypto/proofs";
import { checkShare, checkTrusteeKey, combineKeys, decodeShare, decodeTrusteeKey, type TrusteeKey, type TrusteeKeyJson } from "~/crypto/trustee";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { insertAuditEvent } from "~/queries/audit.server";
import { findResolution } from "~/queries/resolutions.server";
import { findRule } from "~/queries/rules.server";
import * as el from "~/queries/election.server";
import * as q from "~/queries/trustees.server";
import { completeCounting, countingSums } from "./election.server";
import { ruleFromRow } from "./rules.server";

export const MAX_TRUSTEES = 10;
/** Resolution statuses in which trustees may still be named and keys published. */
const BEFORE_VOTE = ["draft", "scheduled"];

interface Target {
  entityId: string;
  resolutionId: string;
}

/**
 * The secret resolution, its row locked until the transaction ends, as for every change of its
 * election (ensureElection too): trustees named, keys and shares given at the same moment are
 * handled one after the other, each seeing what the one before wrote.
 */
async function secretResolution(db: Db, t: Target) {
  const r = await findResolution(db, t.entityId, t.resolutionId, "no key update");
  if (!r) notFound();
  const rule = await findRule(db, t.entityId, r.rule_id);
  if (!rule || !ruleFromRow(rule).secret) throw new AppError("trustees.notSecret", {}, 422);
  return r;
}

/**
 * Whether keys may change (trustees named again, a key published again): only before the vote,
 * while the election key encrypts nothing yet (no ballot, no postal vote, no frozen parameters).
 */
export async function keysState(db: Db, resolution: { id: string; status: string }, election: el.ElectionRow | undefined): Promise<"open" | "tooLate" | "serverKeyInUse" | "keyInUse"> {
  if (!BEFORE_VOTE.includes(resolution.status)) return "tooLate";
  if (!election) return "open";
  if (election.mode === "server") return "serverKeyInUse";
  if (election.parameters !== null || election.ballot_count > 0 || (await q.countPostalBallots(db, resolution.id)) > 0) return "keyInUse";
  return "open";
}

async function assertKeysOpen(db: Db, resolution: { id: string; status: string }, election: el.ElectionRow | undefined) {
  const state = await keysState(db, resolution, election);
  if (state !== "open") throw new AppError(`trustees.${state}`, {}, 409);
}

/** After a change of keys: the election key when every trustee has published, else none. */
async function settleKeys(db: Db, resolutionId: string): Promise<boolean> {
  const trustees = await el.listTrustees(db, resolutionId);
  const keys = trustees.map((t) => t.public_key);
  const complete = trustees.length > 0 && keys.every((k) => k !== null);
  const electionKey = complete ? pointToHex(combineKeys(trustees.map((t) => decodeTrusteeKey(JSON.parse(t.key_json as string), "key").publicKey))) : null;
  await el.updateElection(db, resolutionId, { status: complete ? "ready" : "keys", election_key: electionKey });
  return complete;
}

/**
 * Trustees' names: their users' names, with " (2)", " (3)"… where people share one, since a
 * trustee's name is part of their key's proof and must be unique. A trustee named again keeps the
 * name they had (and so the key they published under it).
 */
function trusteeNames(people: { userId: string; name: string }[], before: Map<string | null, { name: string }>): string[] {
  const taken = new Set<string>();
  const suffixed = (base: string, name: string) => name === base || (name.startsWith(`${base} (`) && /^ \(\d+\)$/.test(name.slice(base.length)));
  const kept = people.map((p) => {
    const old = before.get(p.userId)?.name;
    if (old === undefined || !suffixed(p.name, old) || taken.has(old)) return null;
    taken.add(old);
    return old;
  });
  return people.map((p, i) => {
    let name = kept[i] ?? p.name;
    for (let k = 2; kept[i] == null && taken.has(name); k++) name = `${p.name} (${k})`;
    taken.add(name);
    return name;
  });
}

/**
 * Names the trustees of a secret vote (1 to 10 people holding a role in the entity, in the order
 * given): the election is in trustee mode and waits for their keys. Trustees named again keep
 * the key they published, when their name is unchanged.
 */
export async function setTrustees(db: Db, input: Target & { actorId: string; userIds: string[]; now?: Date }) {
  const now = input.now ?? new Date();
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) throw new AppError("trustees.none", {}, 422, "userIds");
  if (userIds.length > MAX_TRUSTEES) throw new AppError("trustees.tooMany", { max: MAX_TRUSTEES }, 422, "userIds");
  return db.transaction().execute(async (trx) => {
    const r = await secretResolution(trx, input);
    const election = await el.findElection(trx, r.id);
    await assertKeysOpen(trx, r, election);
    const people = new Map((await q.findPeopleWithRole(trx, input.entityId, userIds)).map((p) => [p.userId, p.name]));
    if (people.size !== userIds.length) throw new AppError("trustees.unknownPerson", {}, 422, "userIds");
    const before = new Map((election ? await el.listTrustees(trx, r.id) : []).map((t) => [t.user_id, t]));
    const names = trusteeNames(userIds.map((userId) => ({ userId, name: people.get(userId) as string })), before);
    if (!election) await el.insertElection(trx, { resolution_id: r.id, entity_id: input.entityId, mode: "trustees", status: "keys", created_at: now.toISOString() });
    await q.replaceTrustees(
      trx,
      r.id,
      userIds.map((userId, position) => {
        const name = names[position] as string;
        const kept = before.get(userId);
        const key = kept && kept.name === name && kept.public_key !== null ? { public_key: kept.public_key, key_json: kept.key_json, key_at: kept.key_at } : {};
        return { resolution_id: r.id, position, user_id: userId, name, ...key };
      }),
    );
    const ready = await settleKeys(trx, r.id);
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "election.trusteesSet", subject: { type: "resolution", id: r.id }, detail: { trustees: names, ready }, now });
    return { names, ready };
  });
}

/** Back to the default (the server as only trustee, its key made when the vote opens), while no trustee has published a key. */
export async function useServerMode(db: Db, input: Target & { actorId: string; now?: Date }) {
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const r = await secretResolution(trx, input);
    if (!BEFORE_VOTE.includes(r.status)) throw new AppError("trustees.tooLate", {}, 409);
    const election = await el.findElection(trx, r.id);
    // Already in server mode: nothing to do.
    if (!election || election.mode === "server") return;
    await assertKeysOpen(trx, r, election);
    if ((await el.listTrustees(trx, r.id)).some((t) => t.public_key !== null)) throw new AppError("trustees.keysPublished", {}, 409);
    await q.deleteElection(trx, r.id);
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "election.serverMode", subject: { type: "resolution", id: r.id }, now });
  });
}

/** The resolution, its election and trustees, and the trustee the user is: 403 for anyone else. */
async function trusteeOf(db: Db, input: Target & { userId: string }) {
  // Locked as in secretResolution: the last two keys (or shares) given at once both count.
  const r = await findResolution(db, input.entityId, input.resolutionId, "no key update");
  if (!r) notFound();
  const election = await el.findElection(db, r.id);
  const trustees = election?.mode === "trustees" ? await el.listTrustees(db, r.id) : [];
  const me = trustees.find((t) => t.user_id === input.userId);
  if (!election || !me) throw new AppError("trustees.notTrustee", {}, 403);
  return { r, election, trustees, me };
}

function required(value: unknown, field: "key" | "shares") {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) throw new AppError(`trustees.${field}Required`, {}, 422, field);
}

function parseJson(value: unknown, key: string, field: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new AppError(key, {}, 422, field);
  }
}

/**
 * A trustee publishes the public part of their key share (TrusteeKeyJson, object or JSON text):
 * its proof must hold for this vote and the trustee's name as named here. When every trustee has
 * published, the election key is their sum and the vote may open.
 */
export async function publishTrusteeKey(db: Db, input: Target & { userId: string; key: unknown; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const { r, election, trustees, me } = await trusteeOf(trx, input);
    await assertKeysOpen(trx, r, election);
    required(input.key, "key");
    let key: TrusteeKey;
    try {
      key = decodeTrusteeKey(parseJson(input.key, "trustees.keyFormat", "key"), "key");
    } catch (e) {
      if (e instanceof CryptoFormatError) throw new AppError("trustees.keyFormat", {}, 422, "key");
      throw e;
    }
    if (key.name !== me.name) throw new AppError("trustees.keyWrongName", { got: key.name, expected: me.name }, 422, "key");
    if (!checkTrusteeKey(r.id, key)) throw new AppError("trustees.keyProofFails", { electionId: r.id }, 422, "key");
    const publicKey = pointToHex(key.publicKey);
    if (trustees.some((t) => t.position !== me.position && t.public_key === publicKey)) throw new AppError("trustees.keyRepeated", {}, 422, "key");
    const keyJson: TrusteeKeyJson = { name: key.name, publicKey, proof: proofToJson(key.proof) };
    await q.updateTrustee(trx, r.id, me.position, { public_key: publicKey, key_json: JSON.stringify(keyJson), key_at: now.toISOString() });
    const ready = await settleKeys(trx, r.id);
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.userId, action: "election.keyPublished", subject: { type: "resolution", id: r.id }, detail: { trustee: me.name, publicKey, ready }, now });
    return { ready };
  });
}

/**
 * A trustee gives their decryption shares of the encrypted sums ([college][choice], each with its
 * proof) once the vote is closed. Every proof is checked against the stored sums and the trustee's
 * published key before anything is written. When every trustee has given theirs, the count
 * finishes: the totals are decrypted and the result is frozen.
 */
export async function submitShares(db: Db, input: Target & { userId: string; shares: unknown; now?: Date }) {
  const now = input.now ?? new Date();
  const outcome = await db.transaction().execute(async (trx) => {
    const { r, election, trustees, me } = await trusteeOf(trx, input);
    if (election.status !== "counting") throw new AppError("trustees.notCounting", {}, 409);
    // Everyone's shares are in but the count did not finish (it failed after they were stored): finish it now.
    if (trustees.every((t) => t.shares !== null)) return { complete: true };
    if (me.shares !== null) throw new AppError("trustees.sharesGiven", {}, 409);
    required(input.shares, "shares");
    const { electionId, sums } = await countingSums(trx, r.id);
    const shares = parseJson(input.shares, "trustees.sharesFormat", "shares");
    if (!Array.isArray(shares) || shares.length !== sums.length || shares.some((c, i) => !Array.isArray(c) || c.length !== sums[i]?.sums.length)) {
      throw new AppError("trustees.sharesShape", { colleges: sums.length, choices: sums[0]?.sums.length ?? 0 }, 422, "shares");
    }
    const publicKey = decodeTrusteeKey(JSON.parse(me.key_json as string), "key").publicKey;
    sums.forEach((college, c) =>
      college.sums.forEach((ct, k) => {
        let ok = false;
        try {
          ok = checkShare(electionId, publicKey, ct, decodeShare((shares[c] as unknown[])[k], "share"));
        } catch (e) {
          if (!(e instanceof CryptoFormatError)) throw e;
        }
        if (!ok) throw new AppError("trustees.shareProofFails", { college: c + 1, choice: k + 1 }, 422, "shares");
      }),
    );
    await q.updateTrustee(trx, r.id, me.position, { shares: JSON.stringify(shares), shares_at: now.toISOString() });
    const complete = trustees.every((t) => t.position === me.position || t.shares !== null);
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.userId, action: "election.sharesGiven", subject: { type: "resolution", id: r.id }, detail: { trustee: me.name, complete }, now });
    return { complete };
  });
  // Outside the transaction above: completeCounting runs its own. Should it fail, the shares stay
  // (they are valid) and any trustee sending shares again finishes the count.
  if (outcome.complete) await completeCounting(db, { entityId: input.entityId, resolutionId: input.resolutionId, actorId: input.userId, now });
  return outcome;
}
