import type { Role } from "~/domain/roles";
import type { Updateable } from "kysely";
import { lockRows, type Database, type Db } from "~/lib/db.server";
import { prepared } from "./prepared.server";

export function findEntityBySlug(db: Db, slug: string) {
  return db.selectFrom("entity").selectAll().where("slug", "=", slug).executeTakeFirst();
}

const entityWithRole = prepared((db, p: { slug: string; userId: string }) =>
  db
    .selectFrom("entity")
    .leftJoin("entity_role", (j) => j.onRef("entity_role.entity_id", "=", "entity.id").on("entity_role.user_id", "=", p.userId))
    .selectAll("entity")
    .select("entity_role.role as viewer_role")
    .where("entity.slug", "=", p.slug),
);

/** The entity with this slug and the role a person holds in it (null: none); one statement, asked on every request. */
export async function findEntityAndRole(db: Db, slug: string, userId: string) {
  const row = await entityWithRole.first(db, { slug, userId });
  if (!row) return undefined;
  const { viewer_role: role, ...entity } = row;
  return { entity, role };
}

export function findEntityById(db: Db, id: string) {
  return db.selectFrom("entity").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Locks the entity's row until the transaction ends (db/dialect.ts lockRows), for what is decided
 * entity-wide from what already exists: resolution numbers, colleges' names and positions. Inserts
 * that refer to the entity are not held up.
 */
export async function lockEntity(db: Db, id: string) {
  await lockRows(db, db.selectFrom("entity").select("id").where("id", "=", id), "no key update").execute();
}

export async function updateEntity(db: Db, id: string, values: Updateable<Database["entity"]>) {
  await db.updateTable("entity").set(values).where("id", "=", id).execute();
}

export async function slugExists(db: Db, slug: string): Promise<boolean> {
  return (await db.selectFrom("entity").select("id").where("slug", "=", slug).executeTakeFirst()) != null;
}

export async function countEntities(db: Db): Promise<number> {
  const row = await db.selectFrom("entity").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertEntity(
  db: Db,
  e: { id: string; slug: string; name: string; legalForm: string; isDemo?: boolean; now: Date },
) {
  await db
    .insertInto("entity")
    .values({
      id: e.id,
      slug: e.slug,
      name: e.name,
      legal_form: e.legalForm,
      is_demo: e.isDemo ? 1 : 0,
      created_at: e.now.toISOString(),
    })
    .execute();
}

/** The entities a person belongs to, with their role, by name. */
export function listEntitiesOfUser(db: Db, userId: string) {
  return db
    .selectFrom("entity_role")
    .innerJoin("entity", "entity.id", "entity_role.entity_id")
    .select(["entity.id", "entity.slug", "entity.name", "entity.legal_form as legalForm", "entity_role.role"])
    .where("entity_role.user_id", "=", userId)
    .orderBy("entity.name")
    .execute();
}

export async function findRole(db: Db, entityId: string, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom("entity_role")
    .select("role")
    .where("entity_id", "=", entityId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.role ?? null;
}

/** The role a person holds in the entity and since when (`granted_at`), or undefined. */
export function findRoleGrant(db: Db, entityId: string, userId: string) {
  return db.selectFrom("entity_role").select(["role", "granted_at as grantedAt"]).where("entity_id", "=", entityId).where("user_id", "=", userId).executeTakeFirst();
}

/** Gives a role; a different role than the one held restarts `granted_at`, the same one keeps it. */
export async function upsertRole(db: Db, r: { entityId: string; userId: string; role: Role; now: Date }) {
  const at = r.now.toISOString();
  await db
    .insertInto("entity_role")
    .values({ entity_id: r.entityId, user_id: r.userId, role: r.role, created_at: at, granted_at: at })
    .onConflict((oc) =>
      oc.columns(["entity_id", "user_id"]).doUpdateSet((eb) => ({
        role: r.role,
        granted_at: eb.case().when("entity_role.role", "=", r.role).then(eb.ref("entity_role.granted_at")).else(at).end(),
      })),
    )
    .execute();
}

export async function deleteRole(db: Db, entityId: string, userId: string) {
  await db.deleteFrom("entity_role").where("entity_id", "=", entityId).where("user_id", "=", userId).execute();
}

export async function countAdmins(db: Db, entityId: string): Promise<number> {
  const row = await db
    .selectFrom("entity_role")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("entity_id", "=", entityId)
    .where("role", "=", "admin")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const ROLE_PAGE_SIZE = 50;

/** One page of the people holding a role in the entity, with the total. */
export async function listRoles(db: Db, entityId: string, page: number) {
  const base = db.selectFrom("entity_role").where("entity_role.entity_id", "=", entityId);
  const [rows, total] = await Promise.all([
    base
      .innerJoin("user", "user.id", "entity_role.user_id")
      .select(["user.id as userId", "user.name", "user.email", "entity_role.role", "entity_role.granted_at as grantedAt"])
      .orderBy("user.name")
      .orderBy("user.id")
      .limit(ROLE_PAGE_SIZE)
      .offset((page - 1) * ROLE_PAGE_SIZE)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
