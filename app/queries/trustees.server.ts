// Naming the trustees of a secret vote (election_trustee) and what their use cases read besides
// the election itself (app/queries/election.server.ts).
import type { Insertable, Updateable } from "kysely";
import type { Database, Db } from "~/lib/db.server";

/** Deletes an election and (cascade) its trustees: only while it holds no ballot. */
export async function deleteElection(db: Db, resolutionId: string) {
  await db.deleteFrom("election").where("resolution_id", "=", resolutionId).where("ballot_count", "=", 0).execute();
}

export async function replaceTrustees(db: Db, resolutionId: string, rows: Insertable<Database["election_trustee"]>[]) {
  await db.deleteFrom("election_trustee").where("resolution_id", "=", resolutionId).execute();
  if (rows.length > 0) await db.insertInto("election_trustee").values(rows).execute();
}

export async function updateTrustee(db: Db, resolutionId: string, position: number, values: Updateable<Database["election_trustee"]>) {
  await db.updateTable("election_trustee").set(values).where("resolution_id", "=", resolutionId).where("position", "=", position).execute();
}

/** Postal votes of the resolution that already carry an encrypted ballot (under the current key). */
export async function countPostalBallots(db: Db, resolutionId: string): Promise<number> {
  const row = await db
    .selectFrom("postal_vote")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("resolution_id", "=", resolutionId)
    .where("ballot", "is not", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Everyone holding a role in the entity (the people who may be named trustees), by name. */
export function peopleWithRole(db: Db, entityId: string) {
  return db
    .selectFrom("entity_role")
    .innerJoin("user", "user.id", "entity_role.user_id")
    .select(["user.id as userId", "user.name", "entity_role.role"])
    .where("entity_role.entity_id", "=", entityId)
    .orderBy("user.name")
    .orderBy("user.id")
    .execute();
}

/** Those of `userIds` who hold a role in the entity (ids from a form are looked up inside the entity). */
export async function findPeopleWithRole(db: Db, entityId: string, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom("entity_role")
    .innerJoin("user", "user.id", "entity_role.user_id")
    .select(["user.id as userId", "user.name"])
    .where("entity_role.entity_id", "=", entityId)
    .where("user.id", "in", userIds)
    .execute();
}
