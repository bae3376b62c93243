import type { LegalForm } from "~/domain/legal-forms";
import { changedFields } from "~/domain/changes";
import type { Role } from "~/domain/roles";
import { slugify } from "~/domain/slug";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as entities from "~/queries/entities.server";
import { findUserByEmail, findUserById } from "~/queries/users.server";
import { countActiveMembers } from "~/queries/members.server";
import { findRule } from "~/queries/rules.server";
import { createAccount, normaliseEmail } from "./auth.server";
import { collegesOverview, ensureEqualWeights } from "./colleges.server";

/** Creates an entity; its creator becomes its first administrator. */
export async function createEntity(
  db: Db,
  input: { actorId: string; name: string; slug?: string; legalForm: LegalForm; isDemo?: boolean; now?: Date },
) {
  const now = input.now ?? new Date();
  const slug = input.slug || slugify(input.name) || "entite";
  return db.transaction().execute(async (trx) => {
    if (await entities.slugExists(trx, slug)) throw new AppError("errors.slugTaken", { slug }, 409);
    const id = newId();
    await entities.insertEntity(trx, { id, slug, name: input.name, legalForm: input.legalForm, isDemo: input.isDemo, now });
    await entities.upsertRole(trx, { entityId: id, userId: input.actorId, role: "admin", now });
    await insertAuditEvent(trx, { entityId: id, userId: input.actorId, action: "entity.created", detail: { slug, name: input.name }, now });
    return { id, slug };
  });
}

/**
 * Gives a person a role in the entity; creates their account first when there is none
 * (then a name and an initial password are needed).
 */
export async function grantRole(
  db: Db,
  input: { entityId: string; actorId: string; email: string; name?: string; role: Role; initialPassword?: string; now?: Date },
) {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  let user = await findUserByEmail(db, email);
  if (!user) {
    if (!input.initialPassword || !input.name) throw new AppError("access.needPassword", { email });
    await createAccount(db, { email, name: input.name, password: input.initialPassword, now });
    user = await findUserByEmail(db, email);
  }
  const userId = user!.id;
  await db.transaction().execute(async (trx) => {
    const previous = await entities.findRole(trx, input.entityId, userId);
    if (previous === "admin" && input.role !== "admin") await assertNotLastAdmin(trx, input.entityId);
    await entities.upsertRole(trx, { entityId: input.entityId, userId, role: input.role, now });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "role.granted", subject: { type: "role", id: userId }, detail: { userId, role: input.role, previous }, now });
  });
  return { userId, email };
}

async function assertNotLastAdmin(db: Db, entityId: string) {
  if ((await entities.countAdmins(db, entityId)) <= 1) throw new AppError("errors.lastAdmin", {}, 409);
}

export async function changeRole(db: Db, input: { entityId: string; actorId: string; userId: string; role: Role; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const previous = await entities.findRole(trx, input.entityId, input.userId);
    const user = await findUserById(trx, input.userId);
    if (!previous || !user) notFound();
    if (previous === "admin" && input.role !== "admin") await assertNotLastAdmin(trx, input.entityId);
    await entities.upsertRole(trx, { entityId: input.entityId, userId: input.userId, role: input.role, now });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "role.changed", subject: { type: "role", id: input.userId }, detail: { userId: input.userId, role: input.role, previous }, now });
    return { name: user.name };
  });
}

export async function removeRole(db: Db, input: { entityId: string; actorId: string; userId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const previous = await entities.findRole(trx, input.entityId, input.userId);
    const user = await findUserById(trx, input.userId);
    if (!previous || !user) notFound();
    if (previous === "admin") await assertNotLastAdmin(trx, input.entityId);
    await entities.deleteRole(trx, input.entityId, input.userId);
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "role.removed", subject: { type: "role", id: input.userId }, detail: { userId: input.userId, previous }, now });
    return { name: user.name };
  });
}

export interface EntitySettings {
  name: string;
  legalForm: LegalForm;
  address: string | null;
  registrationNumber: string | null;
  capitalVariable: boolean;
  shareNominalCents: number | null;
  collegesEnabled: boolean;
  /** The statutes' notice delay in days (associations); null: the default. */
  noticeDays?: number | null;
  /** Budget: the rule that adopts budgets, approvals per expense, and the amounts above which a vote is needed. */
  budget?: { ruleId: string | null; expenseApprovals: number; expenseResolutionThresholdCents: number | null; transferThresholdCents: number | null };
  /** Anyone with the link downloads the ballot boxes of secret votes; absent: unchanged. */
  publicBallotBoxes?: boolean;
}

/** Saves the entity's settings with their history; an alliance gets equal weights at once. */
export async function updateSettings(db: Db, input: { entityId: string; actorId: string; settings: EntitySettings; day: string; now?: Date }) {
  const now = input.now ?? new Date();
  const s = input.settings;
  await db.transaction().execute(async (trx) => {
    const before = await entities.findEntityById(trx, input.entityId);
    if (!before) notFound();
    const after = {
      name: s.name,
      legal_form: s.legalForm,
      address: s.address,
      registration_number: s.registrationNumber,
      capital_variable: s.capitalVariable ? 1 : 0,
      share_nominal_cents: s.shareNominalCents,
      colleges_enabled: s.collegesEnabled ? 1 : 0,
      notice_days: s.noticeDays ?? null,
      budget_rule_id: s.budget ? s.budget.ruleId : before.budget_rule_id,
      expense_approvals: s.budget ? s.budget.expenseApprovals : before.expense_approvals,
      expense_resolution_threshold_cents: s.budget ? s.budget.expenseResolutionThresholdCents : before.expense_resolution_threshold_cents,
      transfer_threshold_cents: s.budget ? s.budget.transferThresholdCents : before.transfer_threshold_cents,
      public_ballot_boxes: s.publicBallotBoxes === undefined ? before.public_ballot_boxes : s.publicBallotBoxes ? 1 : 0,
    };
    if (after.budget_rule_id && after.budget_rule_id !== before.budget_rule_id) {
      const rule = await findRule(trx, input.entityId, after.budget_rule_id);
      if (!rule || rule.archived_at) throw new AppError("errors.invalidChoice", { field: "budgetRuleId" }, 422, "budgetRuleId");
    }
    await entities.updateEntity(trx, input.entityId, after);
    await insertAuditEvent(trx, {
      entityId: input.entityId,
      userId: input.actorId,
      action: "entity.updated",
      subject: { type: "entity", id: input.entityId },
      detail: changedFields(before as typeof after, after) ?? { before: {}, after: {} },
      now,
    });
  });
  if (s.legalForm === "alliance") await ensureEqualWeights(db, { id: input.entityId, legal_form: s.legalForm }, input.actorId, input.day, now);
}

/** What the dashboard shows: colleges with weights and headcounts, counted in SQL. */
export async function getDashboard(db: Db, entityId: string, day: string) {
  const [overview, activeMembers] = await Promise.all([collegesOverview(db, entityId, day), countActiveMembers(db, entityId, day)]);
  return {
    colleges: overview.colleges.map((c) => ({ id: c.id, name: c.name, weight: c.weight ? { num: Number(c.weight.num), den: Number(c.weight.den) } : null, headcount: c.headcount })),
    weightsIncomplete: overview.incomplete,
    activeMembers,
  };
}
