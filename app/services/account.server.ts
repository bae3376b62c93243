import type { Locale } from "~/lib/locale";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { hashPassword, verifyPassword } from "~/lib/password.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { deleteUserSessions } from "~/queries/sessions.server";
import { findUserById, updateUserLocale, updateUserPassword } from "~/queries/users.server";

export async function setLocale(db: Db, userId: string, locale: Locale) {
  await updateUserLocale(db, userId, locale);
}

/** Changes the password after checking the current one; signs out every other session. */
export async function changePassword(
  db: Db,
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string; now?: Date },
) {
  const user = await findUserById(db, input.userId);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError("errors.currentPasswordWrong");
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await updateUserPassword(trx, input.userId, passwordHash);
    await deleteUserSessions(trx, input.userId, input.sessionId);
    await insertAuditEvent(trx, { userId: input.userId, action: "password.changed", now: input.now ?? new Date() });
  });
}
