import type { Db } from "~/lib/db.server";
import { prepared } from "./prepared.server";

export async function insertSession(db: Db, s: { id: string; userId: string; expiresAt: Date }) {
  await db.insertInto("session").values({ id: s.id, user_id: s.userId, expires_at: s.expiresAt.toISOString() }).execute();
}

const sessionWithUser = prepared((db, p: { sessionId: string }) =>
  db
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.user_id")
    .select([
      "session.id as sessionId",
      "session.expires_at as expiresAt",
      "user.id as userId",
      "user.email",
      "user.name",
      "user.locale",
      "user.is_platform_admin as isPlatformAdmin",
    ])
    .where("session.id", "=", p.sessionId),
);

export function findSessionWithUser(db: Db, sessionId: string) {
  return sessionWithUser.first(db, { sessionId });
}

export async function updateSessionExpiry(db: Db, sessionId: string, expiresAt: Date) {
  await db.updateTable("session").set({ expires_at: expiresAt.toISOString() }).where("id", "=", sessionId).execute();
}

export async function deleteSession(db: Db, sessionId: string) {
  await db.deleteFrom("session").where("id", "=", sessionId).execute();
}

export async function deleteUserSessions(db: Db, userId: string, exceptSessionId?: string) {
  let q = db.deleteFrom("session").where("user_id", "=", userId);
  if (exceptSessionId) q = q.where("id", "!=", exceptSessionId);
  await q.execute();
}
