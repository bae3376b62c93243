// Elections with candidates and seats (migration 021): the setup, the candidacies, and the marks
// of open ballots summed per college and candidate (one GROUP BY, as a resolution's tally).
import type { Insertable } from "kysely";
import type { Database, Db } from "~/lib/db.server";

export function findSetup(db: Db, resolutionId: string) {
  return db.selectFrom("seat_election").selectAll().where("resolution_id", "=", resolutionId).executeTakeFirst();
}

export async function insertSetup(db: Db, row: Insertable<Database["seat_election"]>, reserved: { collegeId: string; seats: number }[]) {
  await db.insertInto("seat_election").values(row).execute();
  if (reserved.length > 0) await db.insertInto("seat_election_college").values(reserved.map((r) => ({ resolution_id: row.resolution_id, college_id: r.collegeId, seats: r.seats }))).execute();
}

export function reservedSeats(db: Db, resolutionId: string) {
  return db
    .selectFrom("seat_election_college")
    .innerJoin("college", "college.id", "seat_election_college.college_id")
    .select(["seat_election_college.college_id as collegeId", "college.name as collegeName", "seat_election_college.seats"])
    .where("seat_election_college.resolution_id", "=", resolutionId)
    .orderBy("college.position")
    .execute();
}

/** The candidacies in force, in their order, with the candidate's name, college and dates for a tie-break. */
export function listCandidacies(db: Db, resolutionId: string) {
  return db
    .selectFrom("candidacy")
    .innerJoin("member", "member.id", "candidacy.member_id")
    .leftJoin("college", "college.id", "candidacy.college_id")
    .select([
      "candidacy.id",
      "candidacy.member_id as memberId",
      "member.name",
      "member.joined_on as joinedOn",
      "candidacy.college_id as collegeId",
      "college.name as collegeName",
      "candidacy.position",
      "candidacy.born_on as bornOn",
      "candidacy.filed_by as filedBy",
      "candidacy.filed_at as filedAt",
    ])
    .where("candidacy.resolution_id", "=", resolutionId)
    .where("candidacy.withdrawn_at", "is", null)
    // The box's question and every ballot list the candidacies in this order: a total order.
    .orderBy("candidacy.position")
    .orderBy("candidacy.id")
    .execute();
}

export function findCandidacy(db: Db, resolutionId: string, candidacyId: string) {
  return db.selectFrom("candidacy").selectAll().where("resolution_id", "=", resolutionId).where("id", "=", candidacyId).where("withdrawn_at", "is", null).executeTakeFirst();
}

export function candidacyOfMember(db: Db, resolutionId: string, memberId: string) {
  return db.selectFrom("candidacy").selectAll().where("resolution_id", "=", resolutionId).where("member_id", "=", memberId).where("withdrawn_at", "is", null).executeTakeFirst();
}

export async function nextCandidacyPosition(db: Db, resolutionId: string): Promise<number> {
  const row = await db.selectFrom("candidacy").select((eb) => eb.fn.max<number | null>("position").as("p")).where("resolution_id", "=", resolutionId).executeTakeFirst();
  return (row?.p ?? -1) + 1;
}

export async function insertCandidacy(db: Db, row: Insertable<Database["candidacy"]>) {
  await db.insertInto("candidacy").values(row).execute();
}

export async function withdrawCandidacy(db: Db, candidacyId: string, at: string) {
  await db.updateTable("candidacy").set({ withdrawn_at: at }).where("id", "=", candidacyId).where("withdrawn_at", "is", null).execute();
}

export async function insertMarks(db: Db, ballotId: string, marks: { candidacyId: string; choice: string }[]) {
  if (marks.length > 0) await db.insertInto("candidate_mark").values(marks.map((m) => ({ ballot_id: ballotId, candidacy_id: m.candidacyId, choice: m.choice }))).execute();
}

export async function deleteMarks(db: Db, ballotId: string) {
  await db.deleteFrom("candidate_mark").where("ballot_id", "=", ballotId).execute();
}

/** Per college: the number and Σ weight of ballots, and of blank ones (marking nobody). */
export function ballotTotals(db: Db, resolutionId: string) {
  return db
    .selectFrom("ballot")
    .select((eb) => [
      "college_id as collegeId",
      eb.fn.countAll<number>().as("n"),
      eb.fn.sum<number>("weight_micro").as("w"),
      eb.fn.sum<number>(eb.case().when("choice", "=", "abstain").then(eb.ref("weight_micro")).else(0).end()).as("blank"),
    ])
    .where("resolution_id", "=", resolutionId)
    .groupBy("college_id")
    .execute();
}

/** Per college, candidate and choice: Σ weight of the marks of open ballots. */
export function markTotals(db: Db, resolutionId: string) {
  return db
    .selectFrom("candidate_mark as m")
    .innerJoin("ballot as b", "b.id", "m.ballot_id")
    .select((eb) => ["b.college_id as collegeId", "m.candidacy_id as candidacyId", "m.choice", eb.fn.sum<number>("b.weight_micro").as("w")])
    .where("b.resolution_id", "=", resolutionId)
    .groupBy(["b.college_id", "m.candidacy_id", "m.choice"])
    .execute();
}

/** The marks of one open ballot (the voter's own page shows what they chose). */
export function marksOfBallot(db: Db, ballotId: string) {
  return db.selectFrom("candidate_mark").select(["candidacy_id as candidacyId", "choice"]).where("ballot_id", "=", ballotId).execute();
}

/** The open elections of an organ (round 1 or 2) that will seat members, for the organ's page. */
export function electionsOfOrgan(db: Db, organId: string) {
  return db
    .selectFrom("seat_election")
    .innerJoin("resolution", "resolution.id", "seat_election.resolution_id")
    .select(["resolution.id", "resolution.number", "resolution.title", "resolution.status", "seat_election.seats", "resolution.round"])
    .where("seat_election.organ_id", "=", organId)
    .orderBy("resolution.created_at", "desc")
    .limit(20)
    .execute();
}

/** An open election ballot's marks, by the member it was cast for. */
export function marksOfMember(db: Db, resolutionId: string, memberId: string) {
  return db
    .selectFrom("candidate_mark as m")
    .innerJoin("ballot as b", "b.id", "m.ballot_id")
    .select(["m.candidacy_id as candidacyId", "m.choice"])
    .where("b.resolution_id", "=", resolutionId)
    .where("b.member_id", "=", memberId)
    .execute();
}

/** The second round of an election, when one was opened. */
export function secondRoundOf(db: Db, resolutionId: string) {
  return db.selectFrom("resolution").select(["id", "number", "status"]).where("first_round_id", "=", resolutionId).executeTakeFirst();
}

/** Elections still calling for candidacies (a draft whose deadline is to come), for the members. */
export function openCalls(db: Db, entityId: string, nowIso: string) {
  return db
    .selectFrom("seat_election")
    .innerJoin("resolution", "resolution.id", "seat_election.resolution_id")
    .select(["resolution.id", "resolution.number", "resolution.title", "seat_election.candidacy_deadline as deadline"])
    .where("resolution.entity_id", "=", entityId)
    .where("resolution.status", "=", "draft")
    .where("seat_election.candidacy_deadline", ">", nowIso)
    .orderBy("seat_election.candidacy_deadline")
    .limit(20)
    .execute();
}
