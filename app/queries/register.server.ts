import type { Db } from "~/lib/db.server";

/** Colleges of an entity with their active headcount, counted in SQL. */
export function listCollegesWithHeadcount(db: Db, entityId: string, today: string) {
  return db
    .selectFrom("college")
    .leftJoin("member", (join) =>
      join
        .onRef("member.college_id", "=", "college.id")
        .on((eb) => eb.or([eb("member.exited_on", "is", null), eb("member.exited_on", ">", today)])),
    )
    .select((eb) => [
      "college.id",
      "college.name",
      "college.weight_num as weightNum",
      "college.weight_den as weightDen",
      eb.fn.count<number>("member.id").as("headcount"),
    ])
    .where("college.entity_id", "=", entityId)
    .where("college.archived_at", "is", null)
    .groupBy(["college.id", "college.name", "college.weight_num", "college.weight_den", "college.position"])
    .orderBy("college.position")
    .execute();
}

export async function countActiveMembers(db: Db, entityId: string, today: string): Promise<number> {
  const row = await db
    .selectFrom("member")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("entity_id", "=", entityId)
    .where((eb) => eb.or([eb("exited_on", "is", null), eb("exited_on", ">", today)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertCollege(
  db: Db,
  c: { id: string; entityId: string; name: string; description?: string | null; weightNum: number; weightDen: number; position: number },
) {
  await db
    .insertInto("college")
    .values({
      id: c.id,
      entity_id: c.entityId,
      name: c.name,
      description: c.description ?? null,
      weight_num: c.weightNum,
      weight_den: c.weightDen,
      position: c.position,
    })
    .execute();
}

export async function insertMembers(
  db: Db,
  members: {
    id: string;
    entityId: string;
    collegeId: string | null;
    userId?: string | null;
    memberNumber: string;
    name: string;
    email: string | null;
    personKind: "natural" | "legal";
    category: string;
    joinedOn: string;
    now: Date;
  }[],
) {
  if (members.length === 0) return;
  await db
    .insertInto("member")
    .values(
      members.map((m) => ({
        id: m.id,
        entity_id: m.entityId,
        college_id: m.collegeId,
        user_id: m.userId ?? null,
        member_number: m.memberNumber,
        name: m.name,
        email: m.email,
        person_kind: m.personKind,
        category: m.category,
        joined_on: m.joinedOn,
        created_at: m.now.toISOString(),
      })),
    )
    .execute();
}
