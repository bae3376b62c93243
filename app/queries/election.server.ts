// Secret ballots: the election of a secret resolution, its trustees and its ballot box
// (migrations/2026-11-30-009-secret-ballots.ts). An encrypted ballot row has no member, no caster, no time.
import type { Insertable, Selectable, Updateable } from "kysely";
import { lockRows, type RowLock, type Database, type Db } from "~/lib/db.server";

export type ElectionRow = Selectable<Database["election"]>;
export type TrusteeRow = Selectable<Database["election_trustee"]>;

/** A resolution's election; `lock`: its row stays locked until the transaction ends (db/dialect.ts lockRows). */
export function findElection(db: Db, resolutionId: string, lock?: RowLock) {
  const query = db.selectFrom("election").selectAll().where("resolution_id", "=", resolutionId);
  return (lock ? lockRows(db, query, lock) : query).executeTakeFirst();
}

export async function insertElection(db: Db, row: Insertable<Database["election"]>) {
  await db.insertInto("election").values(row).execute();
}

export async function updateElection(db: Db, resolutionId: string, values: Updateable<Database["election"]>) {
  await db.updateTable("election").set(values).where("resolution_id", "=", resolutionId).execute();
}

/** Moves the chain's head from `previous` (with `count` ballots) to `head`; false when another writer moved it first. */
export async function advanceHead(db: Db, resolutionId: string, previous: { head: string; count: number }, head: string): Promise<boolean> {
  const r = await db
    .updateTable("election")
    .set({ head, ballot_count: previous.count + 1 })
    .where("resolution_id", "=", resolutionId)
    .where("head", "=", previous.head)
    .where("ballot_count", "=", previous.count)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function listTrustees(db: Db, resolutionId: string) {
  return db
    .selectFrom("election_trustee")
    .leftJoin("user", "user.id", "election_trustee.user_id")
    .selectAll("election_trustee")
    .select("user.name as userName")
    .where("election_trustee.resolution_id", "=", resolutionId)
    .orderBy("election_trustee.position")
    .execute();
}

export async function insertTrustee(db: Db, row: Insertable<Database["election_trustee"]>) {
  await db.insertInto("election_trustee").values(row).execute();
}

export async function setTrusteeShares(db: Db, resolutionId: string, position: number, shares: string, at: string) {
  await db.updateTable("election_trustee").set({ shares, shares_at: at }).where("resolution_id", "=", resolutionId).where("position", "=", position).execute();
}

export async function insertEncryptedBallot(db: Db, row: Insertable<Database["encrypted_ballot"]>) {
  await db.insertInto("encrypted_ballot").values(row).execute();
}

/** The box's ballots in chain order, a page at a time (positions after `after`). */
export function encryptedBallotsPage(db: Db, resolutionId: string, after: number, pageSize: number) {
  return db
    .selectFrom("encrypted_ballot")
    .select(["position", "tracker", "college_id as collegeId", "weight_micro as weightMicro", "ballot", "link"])
    .where("resolution_id", "=", resolutionId)
    .where("position", ">", after)
    .orderBy("position")
    .limit(pageSize)
    .execute();
}

export function findTracker(db: Db, resolutionId: string, tracker: string) {
  return db.selectFrom("encrypted_ballot").select(["position", "link"]).where("resolution_id", "=", resolutionId).where("tracker", "=", tracker).executeTakeFirst();
}

/** How many encrypted ballots each college of the box holds, and nothing else. */
export function encryptedCountsByCollege(db: Db, resolutionId: string) {
  return db
    .selectFrom("encrypted_ballot")
    .select((eb) => ["college_id as collegeId", eb.fn.countAll<number>().as("count")])
    .where("resolution_id", "=", resolutionId)
    .groupBy("college_id")
    .execute();
}

/** The frozen electorate without names: how many voters hold each weight in each college. */
export function electorateWeights(db: Db, resolutionId: string) {
  return db
    .selectFrom("resolution_voter")
    .select((eb) => ["college_id as collegeId", "weight_micro as weightMicro", eb.fn.countAll<number>().as("count")])
    .where("resolution_id", "=", resolutionId)
    .groupBy(["college_id", "weight_micro"])
    .orderBy("college_id")
    .orderBy("weight_micro")
    .execute();
}

/** The frozen electorate (member, college, weight), by member id: what its hash covers. */
export function electorateForHash(db: Db, resolutionId: string) {
  return db
    .selectFrom("resolution_voter")
    .select(["member_id as memberId", "college_id as collegeId", "weight_micro as weightMicro"])
    .where("resolution_id", "=", resolutionId)
    .orderBy("member_id")
    .execute();
}

/** Decrypted totals of a tallied election (null when there is none yet). */
export async function electionTally(db: Db, resolutionId: string): Promise<string | null> {
  const row = await db.selectFrom("election").select("tally").where("resolution_id", "=", resolutionId).executeTakeFirst();
  return row?.tally ?? null;
}

/** Resolutions waiting in 'counting' whose trustees have all given their shares (for the scheduler). */
export function countingReady(db: Db) {
  return db
    .selectFrom("resolution")
    .innerJoin("election", "election.resolution_id", "resolution.id")
    .select(["resolution.id", "resolution.entity_id as entityId"])
    .where("resolution.status", "=", "counting")
    .where("election.status", "=", "counting")
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("election_trustee as t").select("t.position").whereRef("t.resolution_id", "=", "resolution.id").where("t.shares", "is", null),
        ),
      ),
    )
    .execute();
}
