import type { LegalForm } from "~/domain/legal-forms";
import type { Role } from "~/domain/roles";
import { slugify } from "~/domain/slug";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as entities from "~/queries/entities.server";
import { countActiveMembers, listCollegesWithHeadcount } from "~/queries/register.server";
import { findUserByEmail, findUserById } from "~/queries/users.server";
import { createAccount, normaliseEmail } from "./auth.server";

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
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "role.granted", detail: { userId, role: input.role, previous }, now });
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
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "role.changed", detail: { userId: input.userId, role: input.role, previous }, now });
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
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "role.removed", detail: { userId: input.userId, previous }, now });
    return { name: user.name };
  });
}

/** What the dashboard shows: colleges with weights and headcounts, counted in SQL. */
export async function getDashboard(db: Db, entityId: string, today: string) {
  const [colleges, activeMembers] = await Promise.all([
    listCollegesWithHeadcount(db, entityId, today),
    countActiveMembers(db, entityId, today),
  ]);
  return { colleges: colleges.map((c) => ({ ...c, headcount: Number(c.headcount) })), activeMembers };
}
