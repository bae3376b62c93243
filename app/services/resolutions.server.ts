import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { deleteServerKey } from "~/lib/keys.server";
import { randomToken, hashToken } from "~/lib/tokens.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { insertBallot, insertParticipation, unusedBlankProxies } from "~/queries/ballots.server";
import { listColleges } from "~/queries/colleges.server";
import { countingReady, findElection } from "~/queries/election.server";
import * as res from "~/queries/resolutions.server";
import { findEntityById, lockEntity } from "~/queries/entities.server";
import { findRule } from "~/queries/rules.server";
import { assertElectionCanOpen } from "./seat-election-checks.server";
import type { ElectorateChoice } from "~/schemas/electorate";
import { weightsInForce } from "./colleges.server";
import { electorateColumns, electorateScope } from "./electorate.server";
import { appendBallot, collegeInBox, completeCounting, encryptChoice, openBox } from "./election.server";
import { parametersOf } from "./election-core.server";
import { sumBox } from "./election-count.server";
import { notifyVoteOpened, notifyVoteResult } from "./notifications.server";
import { runNotificationJobs } from "./notifications-jobs.server";
import { freezeResult } from "./resolution-result.server";
import { ruleFromRow } from "./rules.server";
import { seatFirstRoundOnWithdrawal } from "./seat-election-result.server";

export { resultOf, type FrozenResult } from "./resolution-result.server";

export interface ResolutionInput {
  number: string;
  title: string;
  body: string;
  note: string | null;
  ruleId: string;
  kind: "ordinary" | "extraordinary";
  recommendation: "for" | "against" | null;
  /** Whose vote it is; absent: unchanged (every member for a new one). */
  electorate?: ElectorateChoice;
}

interface EntityRef {
  id: string;
  colleges_enabled: number;
}

async function assertRule(db: Db, entityId: string, ruleId: string) {
  const rule = await findRule(db, entityId, ruleId);
  if (!rule || rule.archived_at) throw new AppError("errors.invalidChoice", { field: "ruleId" }, 422, "ruleId");
  return rule;
}

type NewResolution = { entityId: string; actorId: string; resolution: ResolutionInput; budgetId?: string; now?: Date };

export async function createResolution(db: Db, input: NewResolution) {
  return db.transaction().execute((trx) => draftResolution(trx, input));
}

/**
 * Inserts a draft resolution inside the caller's transaction, for use cases that write more with
 * it. The entity is locked first (the caller may have locked it already, to choose the number):
 * numbers are checked one resolution at a time, so a number taken at the same moment is refused.
 */
export async function draftResolution(trx: Db, input: NewResolution) {
  const now = (input.now ?? new Date()).toISOString();
  const r = input.resolution;
  await lockEntity(trx, input.entityId);
  await assertRule(trx, input.entityId, r.ruleId);
  if (await res.findResolutionByNumber(trx, input.entityId, r.number)) throw new AppError("resolutions.numberTaken", { number: r.number }, 409, "number");
  const id = newId();
  await res.insertResolution(trx, { id, entity_id: input.entityId, ...(await electorateColumns(trx, input.entityId, r.electorate)), number: r.number, title: r.title, body: r.body, note: r.note, rule_id: r.ruleId, kind: r.kind, recommendation: r.recommendation, status: "draft", budget_id: input.budgetId ?? null, created_by: input.actorId, created_at: now, updated_at: now });
  await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "resolution.created", subject: { type: "resolution", id }, detail: { number: r.number, title: r.title }, now: new Date(now) });
  return { id, number: r.number };
}

/** Drafts only: once a vote has opened, the text and the rule are fixed. */
export async function editResolution(db: Db, input: { entityId: string; actorId: string; resolutionId: string; resolution: ResolutionInput; now?: Date }) {
  const now = (input.now ?? new Date()).toISOString();
  const r = input.resolution;
  await db.transaction().execute(async (trx) => {
    // The entity, then the resolution, locked: the new number is checked one edit at a time.
    await lockEntity(trx, input.entityId);
    const current = await res.findResolution(trx, input.entityId, input.resolutionId, "no key update");
    if (!current) notFound();
    if (current.status !== "draft") throw new AppError("resolutions.notDraft", {}, 409);
    await assertRule(trx, input.entityId, r.ruleId);
    const clash = await res.findResolutionByNumber(trx, input.entityId, r.number);
    if (clash && clash.id !== current.id) throw new AppError("resolutions.numberTaken", { number: r.number }, 409, "number");
    await res.updateResolution(trx, current.id, { ...(await electorateColumns(trx, input.entityId, r.electorate)), number: r.number, title: r.title, body: r.body, note: r.note, rule_id: r.ruleId, kind: r.kind, recommendation: r.recommendation, updated_at: now });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "resolution.edited", subject: { type: "resolution", id: current.id }, now: new Date(now) });
  });
}

/**
 * Withdraws a resolution not yet voted. An election's second round withdrawn concludes the
 * election with its first round: the first round's elected take their seats (returned).
 */
export async function withdrawResolution(db: Db, input: { entityId: string; actorId: string; resolutionId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const seats = await db.transaction().execute(async (trx) => {
    const current = await res.findResolution(trx, input.entityId, input.resolutionId, "update");
    if (!current) notFound();
    if (current.status !== "draft" && current.status !== "scheduled") throw new AppError("resolutions.cannotWithdraw", {}, 409);
    await res.updateResolution(trx, current.id, { status: "withdrawn", updated_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "resolution.withdrawn", subject: { type: "resolution", id: current.id }, now });
    return current.form === "election" && current.round === 2 ? await seatFirstRoundOnWithdrawal(trx, { entityId: input.entityId, actorId: input.actorId, secondRound: current, now }) : null;
  });
  // A secret resolution on a meeting's agenda may have its election already: its key goes too.
  deleteServerKey(input.resolutionId);
  return { seats };
}

/** Sets a voting window; the scheduler opens and closes the vote at those times. */
export async function scheduleResolution(db: Db, input: { entityId: string; actorId: string; resolutionId: string; opensAt: Date; closesAt: Date; now?: Date }) {
  const now = input.now ?? new Date();
  if (input.closesAt.getTime() <= input.opensAt.getTime()) throw new AppError("resolutions.windowOrder", {}, 422, "closesAt");
  if (input.closesAt.getTime() <= now.getTime()) throw new AppError("resolutions.windowPast", {}, 422, "closesAt");
  await db.transaction().execute(async (trx) => {
    const current = await res.findResolution(trx, input.entityId, input.resolutionId, "update");
    if (!current) notFound();
    if (current.status !== "draft" && current.status !== "scheduled") throw new AppError("resolutions.notDraft", {}, 409);
    await res.updateResolution(trx, current.id, { status: "scheduled", opens_at: input.opensAt.toISOString(), closes_at: input.closesAt.toISOString(), updated_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "resolution.scheduled", subject: { type: "resolution", id: current.id }, detail: { opensAt: input.opensAt.toISOString(), closesAt: input.closesAt.toISOString() }, now });
  });
  if (input.opensAt.getTime() <= now.getTime()) await runScheduler(db, now);
}

/**
 * Opens the vote: freezes the weights in force today and the electorate (active members, in a
 * college when the entity votes by colleges). An optional end closes it by itself.
 */
export async function openResolution(
  db: Db,
  input: { entity: EntityRef; actorId: string | null; resolutionId: string; closesAt?: Date | null; now?: Date; alsoInside?: (trx: Db) => Promise<void> },
) {
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    // Locked for update: an opening at the same moment (the scheduler's, an admin's) waits, then
    // reads the vote open and stops; the electorate is frozen once.
    const current = await res.findResolution(trx, input.entity.id, input.resolutionId, "update");
    if (!current) notFound();
    if (current.status !== "draft" && current.status !== "scheduled") throw new AppError("resolutions.notDraft", {}, 409);
    const rule = await findRule(trx, input.entity.id, current.rule_id);
    if (!rule) notFound();
    if (current.form === "election") await assertElectionCanOpen(trx, current.id);
    const day = isoDateInParis(now);
    // Colleges are kept for the per-college report even under headcount; only college methods
    // require every voter to be in one.
    const useColleges = input.entity.colleges_enabled === 1;
    const requireCollege = useColleges && rule.method !== "headcount";
    const colleges = useColleges ? await listColleges(trx, input.entity.id) : [];
    const weights = await weightsInForce(trx, input.entity.id, day);
    if (requireCollege && (colleges.length === 0 || colleges.some((c) => !weights.has(c.id)))) throw new AppError("resolutions.weightsIncomplete", {}, 409);
    if (input.closesAt && input.closesAt.getTime() <= now.getTime()) throw new AppError("resolutions.windowPast", {}, 422, "closesAt");
    const scope = await electorateScope(trx, input.entity.id, current);
    await res.snapshotElectorate(trx, {
      resolutionId: current.id,
      entityId: input.entity.id,
      day,
      useColleges: requireCollege,
      organId: scope.organId,
      collegeIds: scope.collegeIds,
      colleges: colleges.filter((c) => weights.has(c.id) && (scope.collegeIds == null || scope.collegeIds.includes(c.id))).map((c) => ({ id: c.id, name: c.name, position: c.position, num: Number(weights.get(c.id)!.num), den: Number(weights.get(c.id)!.den) })),
    });
    await res.freezeElectorateCounts(trx, current.id);
    // A secret vote: its election (server mode unless trustees were named, every trustee's key
    // needed) and its ballot box, whose parameters freeze the electorate's colleges and weights.
    if (rule.secret === 1) await openBox(trx, { entityId: input.entity.id, resolutionId: current.id, now });
    await res.updateResolution(trx, current.id, {
      status: "open",
      opened_at: now.toISOString(),
      // Opened before a scheduled window: it opens now (ballots are taken from opens_at on).
      opens_at: current.opens_at && current.opens_at <= now.toISOString() ? current.opens_at : now.toISOString(),
      closes_at: input.closesAt ? input.closesAt.toISOString() : current.closes_at,
      updated_at: now.toISOString(),
    });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.actorId, action: "resolution.opened", subject: { type: "resolution", id: current.id }, now });
    // What must open with the vote or not at all (a meeting's postal votes becoming ballots).
    await input.alsoInside?.(trx);
  });
  await notifyVoteOpened(db, { entityId: input.entity.id, resolutionId: input.resolutionId, now });
}

/**
 * Closes the vote: blank proxies vote with the board's recommendation, then the result is
 * computed and stored with the rule and weights used. Nothing changes it afterwards. A secret
 * vote's blank proxies become server-encrypted ballots in the box; its encrypted sums are then
 * decrypted at once in server mode, or the vote waits in 'counting' for the trustees' shares.
 */
export async function closeResolution(
  db: Db,
  input: { entityId: string; actorId: string | null; resolutionId: string; now?: Date; /** Checks of the caller's, once the vote is locked and before its result is frozen. */ alsoInside?: (trx: Db) => Promise<void> },
): Promise<{ outcome: "adopted" | "rejected" | null }> {
  const now = input.now ?? new Date();
  const closed = await db.transaction().execute(async (trx) => {
    // Locked for update: the ballots in flight (which key-share lock the row) are in first; a
    // ballot or a close at the same moment waits, then reads the vote closed. One close, one
    // journal entry, one frozen result.
    const current = await res.findResolution(trx, input.entityId, input.resolutionId, "update");
    if (!current) notFound();
    if (current.status !== "open") throw new AppError("resolutions.notOpen", {}, 409);
    await input.alsoInside?.(trx);
    const ruleRow = await findRule(trx, input.entityId, current.rule_id);
    if (!ruleRow) notFound();
    const rule = ruleFromRow(ruleRow);
    const parameters = rule.secret ? (await findElection(trx, current.id))?.parameters : null;
    const secretBox = parameters != null;
    // Blank proxies (L225-106): for what the board supports, against the rest. An election has
    // no recommendation: a blank proxy does not vote in it.
    const choice = current.recommendation === "for" ? "for" : "against";
    for (const p of current.form === "election" ? [] : await unusedBlankProxies(trx, current)) {
      await insertParticipation(trx, { resolution_id: current.id, member_id: p.principalId, cast_by_member_id: null, channel: "blank-proxy" });
      if (secretBox) {
        const collegeId = collegeInBox(parametersOf(parameters).colleges, p.collegeId);
        const ballot = await encryptChoice(trx, { resolutionId: current.id, collegeId, weightMicro: p.weightMicro, choice });
        await appendBallot(trx, { resolutionId: current.id, ballot, collegeId, weightMicro: p.weightMicro });
        continue;
      }
      await insertBallot(trx, {
        id: newId(),
        resolution_id: current.id,
        member_id: rule.secret ? null : p.principalId,
        cast_by_member_id: null,
        college_id: p.collegeId,
        weight_micro: p.weightMicro,
        choice,
        channel: rule.secret ? null : "blank-proxy",
        receipt_hash: hashToken(randomToken()),
        cast_at: rule.secret ? null : now.toISOString(),
        updated_at: null,
      });
    }
    if (secretBox) {
      const mode = await sumBox(trx, { resolutionId: current.id, now });
      await res.updateResolution(trx, current.id, { status: "counting", closed_at: now.toISOString(), updated_at: now.toISOString() });
      await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "resolution.counting", subject: { type: "resolution", id: current.id }, detail: { mode }, now });
      return { secret: true as const };
    }
    const { outcome } = await freezeResult(trx, { entityId: input.entityId, actorId: input.actorId, resolution: current, rule, ruleMeta: { name: ruleRow.name, version: ruleRow.version }, closedAt: now, now });
    return { secret: false as const, outcome };
  });
  if (!closed.secret) await notifyVoteResult(db, { entityId: input.entityId, resolutionId: input.resolutionId, now });
  if (!closed.secret) return { outcome: closed.outcome };
  // Server mode: the server's shares are in; trustee mode: this waits for the trustees.
  return { outcome: await countIfReady(db, { entityId: input.entityId, resolutionId: input.resolutionId, actorId: input.actorId, now }) };
}

/** Completes the count of a vote in 'counting' when every trustee's shares are in; its outcome, or null while some are missing. */
async function countIfReady(db: Db, input: { entityId: string; resolutionId: string; actorId: string | null; now: Date }): Promise<"adopted" | "rejected" | null> {
  const ready = (await countingReady(db)).some((r) => r.id === input.resolutionId);
  if (!ready) return null;
  await completeCounting(db, input);
  const r = await res.findResolution(db, input.entityId, input.resolutionId);
  return r?.outcome === "adopted" || r?.outcome === "rejected" ? r.outcome : null;
}

/** Opens and closes the votes whose window says so; run every minute by the server. */
export async function runScheduler(db: Db, now: Date = new Date()) {
  const due = await res.dueResolutions(db, now.toISOString());
  for (const r of due) {
    try {
      if (r.status === "scheduled") {
        const entity = await findEntityById(db, r.entityId);
        if (!entity) continue;
        await openResolution(db, { entity, actorId: null, resolutionId: r.id, now });
      } else {
        await closeResolution(db, { entityId: r.entityId, actorId: null, resolutionId: r.id, now });
      }
    } catch (e) {
      console.error(`scheduler: resolution ${r.id}:`, e);
    }
  }
  // Secret votes whose trustees have all given their shares (or a count interrupted in server mode).
  const counted = await countingReady(db);
  for (const r of counted) {
    try {
      await completeCounting(db, { entityId: r.entityId, resolutionId: r.id, actorId: null, now });
    } catch (e) {
      console.error(`scheduler: counting resolution ${r.id}:`, e);
    }
  }
  await runNotificationJobs(db, now).catch((e) => console.error("scheduler: notifications:", e));
  return due.length + counted.length;
}

