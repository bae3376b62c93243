// What a meeting's pages and minutes read of its secret votes' elections (election,
// election_trustee): the mode, the box's size and hash, and the trustees.
import type { Db } from "~/lib/db.server";

export function electionsOf(db: Db, resolutionIds: string[]) {
  if (resolutionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("election")
    .select(["resolution_id as resolutionId", "mode", "status", "ballot_count as ballots", "box_hash as boxHash"])
    .where("resolution_id", "in", resolutionIds)
    .execute();
}

/** The trustees of these elections in their order, and whether each has published a key. */
export async function trusteesOf(db: Db, resolutionIds: string[]) {
  if (resolutionIds.length === 0) return [];
  const rows = await db
    .selectFrom("election_trustee")
    .select(["resolution_id as resolutionId", "position", "name", "user_id as userId", "public_key as publicKey"])
    .where("resolution_id", "in", resolutionIds)
    .orderBy("resolution_id")
    .orderBy("position")
    .execute();
  return rows.map((r) => ({ resolutionId: r.resolutionId, name: r.name, userId: r.userId, published: r.publicKey != null }));
}
