import type { Db } from "~/lib/db.server";

export async function insertPasswordReset(db: Db, r: { id: string; userId: string; tokenHash: string; expiresAt: Date; createdBy: string | null; now: Date }) {
  await db
    .insertInto("password_reset")
    .values({ id: r.id, user_id: r.userId, token_hash: r.tokenHash, expires_at: r.expiresAt.toISOString(), created_by: r.createdBy, created_at: r.now.toISOString() })
    .execute();
}

export function findPasswordResetByHash(db: Db, tokenHash: string) {
  return db
    .selectFrom("password_reset")
    .innerJoin("user", "user.id", "password_reset.user_id")
    .select(["password_reset.id", "password_reset.user_id as userId", "password_reset.expires_at as expiresAt", "password_reset.used_at as usedAt", "user.email", "user.name"])
    .where("password_reset.token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** Uses one link; false when it was used meanwhile (two tabs). */
export async function markPasswordResetUsed(db: Db, id: string, now: Date): Promise<boolean> {
  const r = await db.updateTable("password_reset").set({ used_at: now.toISOString() }).where("id", "=", id).where("used_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Ends every other pending link of the account, once one has been used. */
export async function closePendingResets(db: Db, userId: string, now: Date) {
  await db.updateTable("password_reset").set({ used_at: now.toISOString() }).where("user_id", "=", userId).where("used_at", "is", null).execute();
}

/** The entity whose administrators carry an account's messages when there is no SMTP: its oldest role. */
export async function firstEntityOfUser(db: Db, userId: string): Promise<string | null> {
  const row = await db.selectFrom("entity_role").select("entity_id").where("user_id", "=", userId).orderBy("created_at").orderBy("entity_id").limit(1).executeTakeFirst();
  return row?.entity_id ?? null;
}
