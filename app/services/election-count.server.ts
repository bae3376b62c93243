// The close of a secret vote: the box's ciphertexts are added per college and choice, each
// raised to its ballot's weight; the trustees (the server alone in server mode) decrypt only
// these sums, with proofs; the decrypted weighted totals feed the exact engine and the result is
// frozen with the box's hash. The server's key file is deleted once the result is frozen.
import { ciphertextFromJson, ciphertextToJson, type CiphertextJson } from "~/crypto/elgamal";
import { CryptoFormatError } from "~/crypto/encoding";
import { finishTally, TallyAccumulator, trusteeShares, type EncryptedCollegeSums } from "~/crypto/tally";
import type { DecryptionShareJson } from "~/crypto/trustee";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { deleteServerKey, readServerKey } from "~/lib/keys.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as q from "~/queries/election.server";
import { findResolution } from "~/queries/resolutions.server";
import { findRule } from "~/queries/rules.server";
import { boxHashOf, boxJsonOf } from "./election-box.server";
import { parametersOf } from "./election-core.server";
import { freezeResult } from "./resolution-result.server";
import { ruleFromRow } from "./rules.server";

/** The encrypted sums as stored in election.sums. */
export interface EncryptedSumsJson {
  id: string;
  ballots: number;
  weightMicro: string;
  unitMicro: string;
  sums: CiphertextJson[];
}

function sumsToJson(sums: EncryptedCollegeSums[]): EncryptedSumsJson[] {
  return sums.map((c) => ({ id: c.id, ballots: c.ballots, weightMicro: c.weightMicro.toString(), unitMicro: c.unitMicro.toString(), sums: c.sums.map(ciphertextToJson) }));
}

function sumsFromJson(json: EncryptedSumsJson[]): EncryptedCollegeSums[] {
  return json.map((c, i) => ({
    id: c.id,
    ballots: c.ballots,
    weightMicro: BigInt(c.weightMicro),
    unitMicro: BigInt(c.unitMicro),
    sums: c.sums.map((s, k) => ciphertextFromJson(s, `sums[${i}][${k}]`)),
  }));
}

/**
 * Inside the closing transaction, once every ballot (blank proxies included) is in the box: the
 * encrypted sums per college and choice, stored with the election in 'counting'. In server mode
 * the server's shares are computed at once from the key file (409 when the file is missing:
 * nothing is written, the vote stays open). Returns the election's mode.
 */
export async function sumBox(trx: Db, input: { resolutionId: string; now: Date }): Promise<"server" | "trustees"> {
  const election = await q.findElection(trx, input.resolutionId);
  if (!election || !election.parameters || election.status !== "ready") throw new AppError("secret.boxNotOpen", {}, 409);
  const params = parametersOf(election.parameters);
  const acc = new TallyAccumulator(params.colleges.map((c) => c.id), params.question.choices);
  for (let after = 0; ; ) {
    const page = await q.encryptedBallotsPage(trx, input.resolutionId, after, 5000);
    if (page.length === 0) break;
    for (const b of page) {
      const ballot = JSON.parse(b.ballot) as { choices: unknown[] };
      acc.add(b.collegeId, BigInt(b.weightMicro), ballot.choices.map((c, i) => ciphertextFromJson(c, `ballot ${b.position}, choice ${i + 1}`)));
    }
    after = page[page.length - 1]!.position;
  }
  const sums = acc.result();
  await q.updateElection(trx, input.resolutionId, { sums: JSON.stringify(sumsToJson(sums)), status: "counting" });
  if (election.mode === "server") {
    const secretKey = readServerKey(input.resolutionId);
    if (secretKey === null) throw new AppError("secret.serverKeyMissing", {}, 409);
    const shares = trusteeShares(params.electionId, secretKey, sums);
    await q.setTrusteeShares(trx, input.resolutionId, 0, JSON.stringify(shares), input.now.toISOString());
  }
  return election.mode;
}

/** The encrypted sums the trustees decrypt (status 'counting'). */
export async function countingSums(db: Db, resolutionId: string): Promise<{ electionId: string; sums: EncryptedCollegeSums[]; json: EncryptedSumsJson[] }> {
  const election = await q.findElection(db, resolutionId);
  if (!election || election.status !== "counting" || !election.sums) throw new AppError("secret.notCounting", {}, 409);
  const json = JSON.parse(election.sums) as EncryptedSumsJson[];
  return { electionId: resolutionId, sums: sumsFromJson(json), json };
}

/**
 * When every trustee's shares are in (or at once in server mode): finishTally (every proof
 * checked), store the tally and the box's hash, freeze the result (status 'closed', outcome),
 * then delete the server's key file once committed. A vote already counted is left as it is.
 */
export async function completeCounting(db: Db, input: { entityId: string; resolutionId: string; actorId: string | null; now: Date }): Promise<void> {
  const mode = await db.transaction().execute(async (trx) => {
    // Locked for update: a count at the same moment (the scheduler's, the last trustee's) waits,
    // then reads the vote closed and stops. The result is frozen once.
    const r = await findResolution(trx, input.entityId, input.resolutionId, "update");
    if (!r) notFound();
    const election = await q.findElection(trx, r.id);
    // Counted meanwhile by another request (the scheduler, the last trustee, an admin's close): done.
    if (r.status === "closed" && election?.status === "tallied") return null;
    if (r.status !== "counting" || !election || election.status !== "counting" || !election.parameters || !election.sums) throw new AppError("secret.notCounting", {}, 409);
    const trustees = await q.listTrustees(trx, r.id);
    const missing = trustees.filter((t) => t.shares == null);
    if (missing.length > 0) throw new AppError("secret.sharesMissing", { names: missing.map((t) => t.userName ?? t.name).join(", "), count: missing.length }, 409);
    const params = parametersOf(election.parameters);
    const sums = sumsFromJson(JSON.parse(election.sums) as EncryptedSumsJson[]);
    let tally;
    try {
      tally = finishTally(params, sums, trustees.map((t) => JSON.parse(t.shares as string) as DecryptionShareJson[][]));
    } catch (e) {
      if (e instanceof CryptoFormatError) throw new AppError("secret.badShares", { message: e.message }, 422);
      throw e;
    }
    const tallied = { ...election, tally: JSON.stringify(tally) };
    const boxHash = boxHashOf(await boxJsonOf(trx, tallied));
    await q.updateElection(trx, r.id, { status: "tallied", tally: tallied.tally, box_hash: boxHash });
    const ruleRow = await findRule(trx, input.entityId, r.rule_id);
    if (!ruleRow) notFound();
    const closedAt = r.closed_at ? new Date(r.closed_at) : input.now;
    await freezeResult(trx, { entityId: input.entityId, actorId: input.actorId, resolution: r, rule: ruleFromRow(ruleRow), ruleMeta: { name: ruleRow.name, version: ruleRow.version }, closedAt, now: input.now, boxHash });
    return election.mode;
  });
  // (The request that counted destroys the key, once.)
  if (mode === "server") await destroyServerKey(db, input);
}

/** Deletes the key file once the result is frozen, and records it. */
async function destroyServerKey(db: Db, input: { entityId: string; resolutionId: string; actorId: string | null; now: Date }) {
  deleteServerKey(input.resolutionId);
  const at = input.now;
  await q.updateElection(db, input.resolutionId, { key_destroyed_at: at.toISOString() });
  await insertAuditEvent(db, { entityId: input.entityId, userId: input.actorId, action: "election.keyDestroyed", subject: { type: "resolution", id: input.resolutionId }, now: at });
}
