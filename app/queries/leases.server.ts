import type { Db } from "~/lib/db.server";

/**
 * Takes or renews the lease of job `name` for `holder` until `until`, when nobody holds it, its
 * holder's lease has expired at `now`, or `holder` already holds it. One statement, so that two
 * processes asking at once cannot both get it. True when `holder` holds it now.
 */
export async function takeLease(db: Db, input: { name: string; holder: string; now: string; until: string }): Promise<boolean> {
  const row = await db
    .insertInto("job_lease")
    .values({ name: input.name, holder: input.holder, expires_at: input.until })
    .onConflict((oc) =>
      oc
        .column("name")
        .doUpdateSet((eb) => ({ holder: eb.ref("excluded.holder"), expires_at: eb.ref("excluded.expires_at") }))
        .where((eb) => eb.or([eb("job_lease.holder", "=", input.holder), eb("job_lease.expires_at", "<=", input.now)])),
    )
    .returning("holder")
    .executeTakeFirst();
  return row?.holder === input.holder;
}

/** Gives the lease up (a process stopping), so that another takes it without waiting for it to expire. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom("job_lease").where("name", "=", name).where("holder", "=", holder).execute();
}
