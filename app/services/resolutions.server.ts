import { Rational } from "~/domain/rational";
import { ruleInWords, type VotingRule } from "~/domain/rules";
import { resultToJson } from "~/domain/tally";
import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { randomToken, hashToken } from "~/lib/tokens.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { insertBallot, insertParticipation, unusedBlankProxies } from "~/queries/ballots.server";
import { listColleges } from "~/queries/colleges.server";
import * as res from "~/queries/resolutions.server";
import { handCounts } from "~/queries/meetings.server";
import { findEntityById } from "~/queries/entities.server";
import { findRule } from "~/queries/rules.server";
import { weightsInForce } from "./colleges.server";
import { applyBudgetDecision } from "./budget-decisions.server";
import { ruleFromRow } from "./rules.server";
import { computeTally } from "./tally.server";

export interface ResolutionInput {
  number: string;
  title: string;
  body: string;
  note: string | null;
  ruleId: string;
  kind: "ordinary" | "extraordinary";
  recommendation: "for" | "against" | null;
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

/** Inserts a draft resolution inside the caller's transaction, for use cases that write more with it. */
export async function draftResolution(trx: Db, input: NewResolution) {
  const now = (input.now ?? new Date()).toISOString();
  const r = input.resolution;
  await assertRule(trx, input.entityId, r.ruleId);
  if (await res.findResolutionByNumber(trx, input.entityId, r.number)) throw new AppError("resolutions.numberTaken", { number: r.number }, 409, "number");
  const id = newId();
  await res.insertResolution(trx, { id, entity_id: input.entityId, number: r.number, title: r.title, body: r.body, note: r.note, rule_id: r.ruleId, kind: r.kind, recommendation: r.recommendation, status: "draft", budget_id: input.budgetId ?? null, created_by: input.actorId, created_at: now, updated_at: now });
  await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "resolution.created", subject: { type: "resolution", id }, detail: { number: r.number, title: r.title }, now: new Date(now) });
  return { id, number: r.number };
}

/** Drafts only: once a vote has opened, the text and the rule are fixed. */
export async function editResolution(db: Db, input: { entityId: string; actorId: string; resolutionId: string; resolution: ResolutionInput; now?: Date }) {
  const now = (input.now ?? new Date()).toISOString();
  const r = input.resolution;
  await db.transaction().execute(async (trx) => {
    const current = await res.findResolution(trx, input.entityId, input.resolutionId);
    if (!current) notFound();
    if (current.status !== "draft") throw new AppError("resolutions.notDraft", {}, 409);
    await assertRule(trx, input.entityId, r.ruleId);
    const clash = await res.findResolutionByNumber(trx, input.entityId, r.number);
    if (clash && clash.id !== current.id) throw new AppError("resolutions.numberTaken", { number: r.number }, 409, "number");
    await res.updateResolution(trx, current.id, { number: r.number, title: r.title, body: r.body, note: r.note, rule_id: r.ruleId, kind: r.kind, recommendation: r.recommendation, updated_at: now });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "resolution.edited", subject: { type: "resolution", id: current.id }, now: new Date(now) });
  });
}

export async function withdrawResolution(db: Db, input: { entityId: string; actorId: string; resolutionId: string; now?: Date }) {
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const current = await res.findResolution(trx, input.entityId, input.resolutionId);
    if (!current) notFound();
    if (current.status !== "draft" && current.status !== "scheduled") throw new AppError("resolutions.cannotWithdraw", {}, 409);
    await res.updateResolution(trx, current.id, { status: "withdrawn", updated_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "resolution.withdrawn", subject: { type: "resolution", id: current.id }, now });
  });
}

/** Sets a voting window; the scheduler opens and closes the vote at those times. */
export async function scheduleResolution(db: Db, input: { entityId: string; actorId: string; resolutionId: string; opensAt: Date; closesAt: Date; now?: Date }) {
  const now = input.now ?? new Date();
  if (input.closesAt.getTime() <= input.opensAt.getTime()) throw new AppError("resolutions.windowOrder", {}, 422, "closesAt");
  if (input.closesAt.getTime() <= now.getTime()) throw new AppError("resolutions.windowPast", {}, 422, "closesAt");
  await db.transaction().execute(async (trx) => {
    const current = await res.findResolution(trx, input.entityId, input.resolutionId);
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
    const current = await res.findResolution(trx, input.entity.id, input.resolutionId);
    if (!current) notFound();
    if (current.status !== "draft" && current.status !== "scheduled") throw new AppError("resolutions.notDraft", {}, 409);
    const rule = await findRule(trx, input.entity.id, current.rule_id);
    if (!rule) notFound();
    const day = isoDateInParis(now);
    // Colleges are kept for the per-college report even under headcount; only college methods
    // require every voter to be in one.
    const useColleges = input.entity.colleges_enabled === 1;
    const requireCollege = useColleges && rule.method !== "headcount";
    const colleges = useColleges ? await listColleges(trx, input.entity.id) : [];
    const weights = await weightsInForce(trx, input.entity.id, day);
    if (requireCollege && (colleges.length === 0 || colleges.some((c) => !weights.has(c.id)))) throw new AppError("resolutions.weightsIncomplete", {}, 409);
    if (input.closesAt && input.closesAt.getTime() <= now.getTime()) throw new AppError("resolutions.windowPast", {}, 422, "closesAt");
    await res.snapshotElectorate(trx, {
      resolutionId: current.id,
      entityId: input.entity.id,
      day,
      useColleges: requireCollege,
      colleges: colleges.filter((c) => weights.has(c.id)).map((c) => ({ id: c.id, name: c.name, position: c.position, num: Number(weights.get(c.id)!.num), den: Number(weights.get(c.id)!.den) })),
    });
    await res.freezeElectorateCounts(trx, current.id);
    await res.updateResolution(trx, current.id, {
      status: "open",
      opened_at: now.toISOString(),
      opens_at: current.opens_at ?? now.toISOString(),
      closes_at: input.closesAt ? input.closesAt.toISOString() : current.closes_at,
      updated_at: now.toISOString(),
    });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.actorId, action: "resolution.opened", subject: { type: "resolution", id: current.id }, now });
    // What must open with the vote or not at all (a meeting's postal votes becoming ballots).
    await input.alsoInside?.(trx);
  });
}

export interface FrozenResult {
  rule: { name: string; version: number; words: { key: string; params?: Record<string, string | number> }[]; method: string; base: string; threshold: string; strict: boolean; emptyCollege: string; secret: boolean; quorum: string | null };
  tally: Record<string, unknown>;
  colleges: { id: string | null; name: string | null; weight: string | null; eligible: number; eligibleWeight: string; voted: number; ballots: { for: number; against: number; abstain: number } }[];
  eligible: number;
  eligibleWeight: string;
  voted: number;
  channels: Record<string, number>;
  closedAt: string;
}

/** The result as it stands (live) or as frozen at close. */
export async function resultOf(db: Db, resolution: res.ResolutionRow, rule: VotingRule, ruleMeta: { name: string; version: number }, at: Date = new Date()): Promise<FrozenResult> {
  if (resolution.status === "closed" && resolution.result) return JSON.parse(resolution.result) as FrozenResult;
  const { result, colleges, eligible, eligibleWeight, voted } = await computeTally(db, resolution, rule);
  const weights = new Map((await res.resolutionColleges(db, resolution.id)).map((c) => [c.college_id, Rational.of(c.weight_num, c.weight_den)]));
  const channels: Record<string, number> = Object.fromEntries((await res.participationByChannel(db, resolution.id)).map((c) => [c.channel, Number(c.count)]));
  const hands = (await handCounts(db, resolution.id)).reduce((n, h) => n + h.for + h.against + h.abstain, 0);
  if (hands > 0) channels["show-of-hands"] = hands;
  return {
    rule: {
      name: ruleMeta.name,
      version: ruleMeta.version,
      words: ruleInWords(rule),
      method: rule.method,
      base: rule.base,
      threshold: rule.threshold.toString(),
      strict: rule.strict,
      emptyCollege: rule.emptyCollege,
      secret: rule.secret,
      quorum: rule.quorumFirst?.toString() ?? null,
    },
    tally: resultToJson(result),
    colleges: colleges.map((c) => ({ ...c, weight: c.id ? (weights.get(c.id)?.toString() ?? null) : null, eligibleWeight: c.eligibleWeight.toString() })),
    eligible,
    eligibleWeight: eligibleWeight.toString(),
    voted,
    channels,
    closedAt: at.toISOString(),
  };
}

/**
 * Closes the vote: blank proxies vote with the board's recommendation, then the result is
 * computed and stored with the rule and weights used. Nothing changes it afterwards.
 */
export async function closeResolution(db: Db, input: { entityId: string; actorId: string | null; resolutionId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const current = await res.findResolution(trx, input.entityId, input.resolutionId);
    if (!current) notFound();
    if (current.status !== "open") throw new AppError("resolutions.notOpen", {}, 409);
    const ruleRow = await findRule(trx, input.entityId, current.rule_id);
    if (!ruleRow) notFound();
    const rule = ruleFromRow(ruleRow);
    // Blank proxies (L225-106): for what the board supports, against the rest.
    const choice = current.recommendation === "for" ? "for" : "against";
    for (const p of await unusedBlankProxies(trx, current)) {
      await insertParticipation(trx, { resolution_id: current.id, member_id: p.principalId, cast_by_member_id: null, channel: "blank-proxy" });
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
    const frozen = await resultOf(trx, current, rule, { name: ruleRow.name, version: ruleRow.version }, now);
    const outcome = frozen.tally.adopted === true ? "adopted" : "rejected";
    await res.updateResolution(trx, current.id, { status: "closed", closed_at: now.toISOString(), outcome, result: JSON.stringify(frozen), updated_at: now.toISOString() });
    await applyBudgetDecision(trx, { entityId: input.entityId, resolutionId: current.id, outcome, tally: frozen.tally, now });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "resolution.closed", subject: { type: "resolution", id: current.id }, detail: { outcome, reason: frozen.tally.reason }, now });
    return { outcome };
  });
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
  return due.length;
}

