import type { ThrottleState } from "~/domain/throttle";
import type { Db } from "~/lib/db.server";

export async function getThrottle(db: Db, key: string): Promise<ThrottleState | null> {
  const row = await db.selectFrom("login_throttle").selectAll().where("key", "=", key).executeTakeFirst();
  if (!row) return null;
  return {
    failures: row.failures,
    windowStartedAt: new Date(row.window_started_at),
    lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
  };
}

export async function putThrottle(db: Db, key: string, s: ThrottleState) {
  const values = {
    failures: s.failures,
    window_started_at: s.windowStartedAt.toISOString(),
    locked_until: s.lockedUntil?.toISOString() ?? null,
  };
  await db
    .insertInto("login_throttle")
    .values({ key, ...values })
    .onConflict((oc) => oc.column("key").doUpdateSet(values))
    .execute();
}

export async function clearThrottle(db: Db, key: string) {
  await db.deleteFrom("login_throttle").where("key", "=", key).execute();
}
