import type { Db } from "~/lib/db.server";

/** Keeps `bytes` under `key`; a key is written once (ids make them unique). */
export async function insertStoredFile(db: Db, key: string, bytes: Uint8Array, now: Date): Promise<void> {
  await db.insertInto("stored_file").values({ key, bytes, created_at: now.toISOString() }).execute();
}

export async function findStoredFile(db: Db, key: string): Promise<Uint8Array | undefined> {
  return (await db.selectFrom("stored_file").select("bytes").where("key", "=", key).executeTakeFirst())?.bytes;
}
