import type { Insertable } from "kysely";
import type { Database, Db } from "~/lib/db.server";

export function findMinutes(db: Db, meetingId: string) {
  return db.selectFrom("minutes").selectAll().where("meeting_id", "=", meetingId).executeTakeFirst();
}

export async function insertMinutes(db: Db, row: Insertable<Database["minutes"]>) {
  await db.insertInto("minutes").values(row).execute();
}

export async function insertMinutesFile(db: Db, row: Insertable<Database["minutes_file"]>) {
  await db.insertInto("minutes_file").values(row).execute();
}

export function listMinutesFiles(db: Db, minutesId: string) {
  return db.selectFrom("minutes_file").select(["lang", "format", "sha256", "content_sha256 as contentSha256"]).where("minutes_id", "=", minutesId).execute();
}

export function findMinutesFile(db: Db, minutesId: string, lang: string, format: string) {
  return db.selectFrom("minutes_file").selectAll().where("minutes_id", "=", minutesId).where("lang", "=", lang).where("format", "=", format).executeTakeFirst();
}
