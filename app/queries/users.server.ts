import type { Db } from "~/lib/db.server";

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom("user").selectAll().where("email", "=", email).executeTakeFirst();
}

export function findUserById(db: Db, id: string) {
  return db.selectFrom("user").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom("user").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(
  db: Db,
  u: { id: string; email: string; name: string; passwordHash: string; locale?: string | null; isPlatformAdmin?: boolean; now: Date },
) {
  await db
    .insertInto("user")
    .values({
      id: u.id,
      email: u.email,
      name: u.name,
      password_hash: u.passwordHash,
      locale: u.locale ?? null,
      is_platform_admin: u.isPlatformAdmin ? 1 : 0,
      created_at: u.now.toISOString(),
    })
    .execute();
}

export async function updateUserLocale(db: Db, userId: string, locale: string) {
  await db.updateTable("user").set({ locale }).where("id", "=", userId).execute();
}

export async function updateUserPassword(db: Db, userId: string, passwordHash: string) {
  await db.updateTable("user").set({ password_hash: passwordHash }).where("id", "=", userId).execute();
}

export async function setPlatformAdmin(db: Db, userId: string, value: boolean) {
  await db.updateTable("user").set({ is_platform_admin: value ? 1 : 0 }).where("id", "=", userId).execute();
}
