import type { Db } from "~/lib/db.server";

export async function insertInvitation(
  db: Db,
  i: { id: string; entityId: string; memberId: string; email: string; tokenHash: string; expiresAt: Date; createdBy: string; now: Date },
) {
  await db
    .insertInto("invitation")
    .values({
      id: i.id,
      entity_id: i.entityId,
      member_id: i.memberId,
      email: i.email,
      token_hash: i.tokenHash,
      expires_at: i.expiresAt.toISOString(),
      created_by: i.createdBy,
      created_at: i.now.toISOString(),
    })
    .execute();
}

export function findInvitationByHash(db: Db, tokenHash: string) {
  return db
    .selectFrom("invitation")
    .innerJoin("member", "member.id", "invitation.member_id")
    .innerJoin("entity", "entity.id", "invitation.entity_id")
    .select([
      "invitation.id",
      "invitation.email",
      "invitation.expires_at as expiresAt",
      "invitation.used_at as usedAt",
      "invitation.entity_id as entityId",
      "invitation.member_id as memberId",
      "member.name as memberName",
      "member.user_id as memberUserId",
      "entity.name as entityName",
      "entity.slug as entitySlug",
    ])
    .where("invitation.token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** Marks an invitation used: false when it already was (a second acceptance at the same moment). */
export async function markInvitationUsed(db: Db, id: string, now: Date): Promise<boolean> {
  const r = await db.updateTable("invitation").set({ used_at: now.toISOString() }).where("id", "=", id).where("used_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The latest invitation of each listed member, for the register's "invited" mark. */
export function latestInvitations(db: Db, memberIds: string[]) {
  if (memberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("invitation")
    .select(["member_id as memberId", (eb) => eb.fn.max<string>("expires_at").as("expiresAt")])
    .where("member_id", "in", memberIds)
    .where("used_at", "is", null)
    .groupBy("member_id")
    .execute();
}
