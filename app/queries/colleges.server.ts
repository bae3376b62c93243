import type { Db } from "~/lib/db.server";

export function listColleges(db: Db, entityId: string, opts: { includeArchived?: boolean } = {}) {
  let q = db.selectFrom("college").selectAll().where("entity_id", "=", entityId);
  if (!opts.includeArchived) q = q.where("archived_at", "is", null);
  return q.orderBy("position").orderBy("name").execute();
}

export function findCollege(db: Db, entityId: string, collegeId: string) {
  return db.selectFrom("college").selectAll().where("entity_id", "=", entityId).where("id", "=", collegeId).executeTakeFirst();
}

export function findCollegeByName(db: Db, entityId: string, name: string) {
  return db.selectFrom("college").selectAll().where("entity_id", "=", entityId).where("name", "=", name).executeTakeFirst();
}

export async function nextCollegePosition(db: Db, entityId: string): Promise<number> {
  const row = await db
    .selectFrom("college")
    .select((eb) => eb.fn.max<number | null>("position").as("p"))
    .where("entity_id", "=", entityId)
    .executeTakeFirst();
  return (row?.p ?? -1) + 1;
}

export async function insertCollege(db: Db, c: { id: string; entityId: string; name: string; description: string | null; position: number; now: Date }) {
  await db
    .insertInto("college")
    .values({ id: c.id, entity_id: c.entityId, name: c.name, description: c.description, position: c.position, created_at: c.now.toISOString() })
    .execute();
}

export async function updateCollege(db: Db, collegeId: string, values: { name?: string; description?: string | null; archived_at?: string | null }) {
  await db.updateTable("college").set(values).where("id", "=", collegeId).execute();
}

/** The weight version in force on `day`: the latest one effective on or before it. */
export async function findWeightVersionAt(db: Db, entityId: string, day: string) {
  const version = await db
    .selectFrom("weight_version")
    .selectAll()
    .where("entity_id", "=", entityId)
    .where("effective_from", "<=", day)
    .orderBy("effective_from", "desc")
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!version) return null;
  const weights = await db
    .selectFrom("weight_version_college")
    .select(["college_id as collegeId", "weight_num as num", "weight_den as den"])
    .where("version_id", "=", version.id)
    .execute();
  return { ...version, weights };
}

export async function insertWeightVersion(
  db: Db,
  v: { id: string; entityId: string; effectiveFrom: string; reason: string; createdBy: string | null; now: Date; weights: { collegeId: string; num: number; den: number }[] },
) {
  await db
    .insertInto("weight_version")
    .values({ id: v.id, entity_id: v.entityId, effective_from: v.effectiveFrom, reason: v.reason, created_by: v.createdBy, created_at: v.now.toISOString() })
    .execute();
  if (v.weights.length > 0) {
    await db
      .insertInto("weight_version_college")
      .values(v.weights.map((w) => ({ version_id: v.id, college_id: w.collegeId, weight_num: w.num, weight_den: w.den })))
      .execute();
  }
}

/** Every weight version, newest first, with its weights and author. */
export async function listWeightVersions(db: Db, entityId: string, limit = 50) {
  const versions = await db
    .selectFrom("weight_version")
    .leftJoin("user", "user.id", "weight_version.created_by")
    .select([
      "weight_version.id",
      "weight_version.effective_from as effectiveFrom",
      "weight_version.reason",
      "weight_version.created_at as createdAt",
      "user.name as createdByName",
    ])
    .where("weight_version.entity_id", "=", entityId)
    .orderBy("weight_version.effective_from", "desc")
    .orderBy("weight_version.created_at", "desc")
    .limit(limit)
    .execute();
  if (versions.length === 0) return [];
  const weights = await db
    .selectFrom("weight_version_college")
    .innerJoin("college", "college.id", "weight_version_college.college_id")
    .select(["weight_version_college.version_id as versionId", "college.name", "college.position", "weight_num as num", "weight_den as den"])
    .where(
      "weight_version_college.version_id",
      "in",
      versions.map((v) => v.id),
    )
    .orderBy("college.position")
    .execute();
  return versions.map((v) => ({ ...v, weights: weights.filter((w) => w.versionId === v.id) }));
}

/** Per college: active headcount and the exact sum of their own weights (millionths), in one query. */
export function collegeTotals(db: Db, entityId: string, day: string) {
  return db
    .selectFrom("member")
    .select((eb) => [
      "college_id as collegeId",
      eb.fn.countAll<number>().as("headcount"),
      eb.fn.sum<number>("voting_weight_micro").as("weightMicro"),
    ])
    .where("entity_id", "=", entityId)
    .where("joined_on", "<=", day)
    .where((eb) => eb.or([eb("exited_on", "is", null), eb("exited_on", ">", day)]))
    .groupBy("college_id")
    .execute();
}

export async function countActiveMembersInCollege(db: Db, collegeId: string, day: string): Promise<number> {
  const row = await db
    .selectFrom("member")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("college_id", "=", collegeId)
    .where((eb) => eb.or([eb("exited_on", "is", null), eb("exited_on", ">", day)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
