import { isScic, type LegalForm } from "~/domain/legal-forms";
import { Rational } from "~/domain/rational";
import { equalWeights, formatWeight, validateWeights, type WeightViolation } from "~/domain/weights";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as colleges from "~/queries/colleges.server";
import { lockEntity } from "~/queries/entities.server";

interface EntityRef {
  id: string;
  legal_form: string;
}

/** The weights in force on `day`, by college id; a vote keeps the ones in force when it opened. */
export async function weightsInForce(db: Db, entityId: string, day: string): Promise<Map<string, Rational>> {
  const version = await colleges.findWeightVersionAt(db, entityId, day);
  return new Map((version?.weights ?? []).map((w) => [w.collegeId, Rational.of(w.num, w.den)]));
}

/** Colleges with their weight in force, headcount and total own weight of active members. */
export async function collegesOverview(db: Db, entityId: string, day: string) {
  const [list, version, totals] = await Promise.all([
    colleges.listColleges(db, entityId),
    colleges.findWeightVersionAt(db, entityId, day),
    colleges.collegeTotals(db, entityId, day),
  ]);
  const weightOf = new Map((version?.weights ?? []).map((w) => [w.collegeId, Rational.of(w.num, w.den)]));
  const totalOf = new Map(totals.map((t) => [t.collegeId, t]));
  const rows = list.map((c) => ({
    id: c.id,
    name: c.name,
    description: c.description,
    weight: weightOf.get(c.id) ?? null,
    headcount: Number(totalOf.get(c.id)?.headcount ?? 0),
    weightMicro: Number(totalOf.get(c.id)?.weightMicro ?? 0),
  }));
  const unassigned = totalOf.get(null);
  return {
    colleges: rows,
    version: version ? { effectiveFrom: version.effective_from, reason: version.reason } : null,
    // A college created after the version in force has no weight yet: the set must be redone.
    incomplete: rows.length > 0 && rows.some((r) => r.weight == null),
    unassigned: { headcount: Number(unassigned?.headcount ?? 0), weightMicro: Number(unassigned?.weightMicro ?? 0) },
  };
}

/** Alliance paritaire: every active college gets the same weight, unless that is already so. */
export async function ensureEqualWeights(db: Db, entity: EntityRef, actorId: string | null, day: string, now: Date) {
  const list = await colleges.listColleges(db, entity.id);
  if (list.length === 0) return;
  const parts = equalWeights(list.length);
  const current = await weightsInForce(db, entity.id, day);
  if (list.every((c) => current.get(c.id)?.eq(parts[0]!))) return;
  await colleges.insertWeightVersion(db, {
    id: newId(),
    entityId: entity.id,
    effectiveFrom: day,
    reason: "alliance-equal",
    createdBy: actorId,
    now,
    weights: list.map((c, i) => ({ collegeId: c.id, num: Number(parts[i]!.num), den: Number(parts[i]!.den) })),
  });
}

export async function createCollege(db: Db, input: { entity: EntityRef; actorId: string; name: string; description: string | null; day: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    // The entity locked: colleges created at once are named and placed one after the other.
    await lockEntity(trx, input.entity.id);
    if (await colleges.findCollegeByName(trx, input.entity.id, input.name)) throw new AppError("colleges.nameTaken", { name: input.name }, 409);
    const id = newId();
    await colleges.insertCollege(trx, { id, entityId: input.entity.id, name: input.name, description: input.description, position: await colleges.nextCollegePosition(trx, input.entity.id), now });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.actorId, action: "college.created", subject: { type: "college", id }, detail: { after: { name: input.name, description: input.description } }, now });
    if (input.entity.legal_form === "alliance") await ensureEqualWeights(trx, input.entity, input.actorId, input.day, now);
    return { id };
  });
}

export async function editCollege(db: Db, input: { entity: EntityRef; actorId: string; collegeId: string; name: string; description: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    await lockEntity(trx, input.entity.id);
    const college = await colleges.findCollege(trx, input.entity.id, input.collegeId);
    if (!college) notFound();
    const clash = await colleges.findCollegeByName(trx, input.entity.id, input.name);
    if (clash && clash.id !== college.id) throw new AppError("colleges.nameTaken", { name: input.name }, 409);
    await colleges.updateCollege(trx, college.id, { name: input.name, description: input.description });
    await insertAuditEvent(trx, {
      entityId: input.entity.id,
      userId: input.actorId,
      action: "college.updated",
      subject: { type: "college", id: college.id },
      detail: { before: { name: college.name, description: college.description }, after: { name: input.name, description: input.description } },
      now,
    });
  });
}

/** Archives a college that no active member belongs to any more. */
export async function archiveCollege(db: Db, input: { entity: EntityRef; actorId: string; collegeId: string; day: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const college = await colleges.findCollege(trx, input.entity.id, input.collegeId);
    if (!college || college.archived_at) notFound();
    const members = await colleges.countActiveMembersInCollege(trx, college.id, input.day);
    if (members > 0) throw new AppError("colleges.hasMembers", { name: college.name, count: members }, 409);
    await colleges.updateCollege(trx, college.id, { archived_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.actorId, action: "college.archived", subject: { type: "college", id: college.id }, detail: { before: { name: college.name } }, now });
    if (input.entity.legal_form === "alliance") await ensureEqualWeights(trx, input.entity, input.actorId, input.day, now);
    return { name: college.name };
  });
}

export type SetWeightsResult = { ok: true } | { ok: false; violations: WeightViolation[] };

/**
 * Records a new weight version for every active college, effective from `effectiveFrom`,
 * after the legal checks of the entity's form. Past versions stay as they were.
 */
export async function setWeights(
  db: Db,
  input: { entity: EntityRef; actorId: string; weights: Record<string, string>; effectiveFrom: string; reason: string; day: string; now?: Date },
): Promise<SetWeightsResult> {
  const now = input.now ?? new Date();
  if (input.entity.legal_form === "alliance") throw new AppError("colleges.allianceEqual");
  return db.transaction().execute(async (trx) => {
    const list = await colleges.listColleges(trx, input.entity.id);
    const entries = list.map((c) => ({ id: c.id, name: c.name, weight: input.weights[c.id] ?? "" }));
    const { weights, violations } = validateWeights(input.entity.legal_form as LegalForm, entries);
    if (violations.length > 0) return { ok: false, violations };
    const previous = await weightsInForce(trx, input.entity.id, input.day);
    const versionId = newId();
    await colleges.insertWeightVersion(trx, {
      id: versionId,
      entityId: input.entity.id,
      effectiveFrom: input.effectiveFrom,
      reason: input.reason,
      createdBy: input.actorId,
      now,
      weights: entries.map((e, i) => ({ collegeId: e.id, num: Number(weights[i]!.num), den: Number(weights[i]!.den) })),
    });
    for (const [i, e] of entries.entries()) {
      const before = previous.get(e.id);
      await insertAuditEvent(trx, {
        entityId: input.entity.id,
        userId: input.actorId,
        action: "college.weight",
        subject: { type: "college", id: e.id },
        detail: { before: { weight: before ? formatWeight(before) : null }, after: { weight: formatWeight(weights[i]!) }, effectiveFrom: input.effectiveFrom, reason: input.reason },
        now,
      });
    }
    return { ok: true };
  });
}

/** Whether the entity's form constrains weights (SCIC bounds) — shown next to the form. */
export function weightRulesOf(legalForm: string): "scic" | "alliance" | "free" {
  if (isScic(legalForm as LegalForm)) return "scic";
  return legalForm === "alliance" ? "alliance" : "free";
}
