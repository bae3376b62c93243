// Organs, their reserved seats and the mandates held in them (migration 019).
import { lockRows, type Db } from "~/lib/db.server";

export function listOrgans(db: Db, entityId: string) {
  return db.selectFrom("organ").selectAll().where("entity_id", "=", entityId).orderBy("name").execute();
}

/** The organ, inside the entity; locked for update when its seats are about to be filled. */
export function findOrgan(db: Db, entityId: string, organId: string, lock?: "update") {
  const q = db.selectFrom("organ").selectAll().where("entity_id", "=", entityId).where("id", "=", organId);
  return (lock ? lockRows(db, q, lock) : q).executeTakeFirst();
}

export function findOrganByName(db: Db, entityId: string, name: string) {
  return db.selectFrom("organ").select("id").where("entity_id", "=", entityId).where("name", "=", name).executeTakeFirst();
}

export async function insertOrgan(db: Db, o: { id: string; entityId: string; name: string; kind: string; seats: number; termMonths: number | null; ruleId: string | null; now: Date }) {
  const at = o.now.toISOString();
  await db
    .insertInto("organ")
    .values({ id: o.id, entity_id: o.entityId, name: o.name, kind: o.kind, seats: o.seats, term_months: o.termMonths, rule_id: o.ruleId, created_at: at, updated_at: at })
    .execute();
}

export async function updateOrgan(db: Db, organId: string, o: { name: string; kind: string; seats: number; termMonths: number | null; ruleId: string | null; now: Date }) {
  await db
    .updateTable("organ")
    .set({ name: o.name, kind: o.kind, seats: o.seats, term_months: o.termMonths, rule_id: o.ruleId, updated_at: o.now.toISOString() })
    .where("id", "=", organId)
    .execute();
}

export function organSeats(db: Db, organIds: string[]) {
  if (organIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("organ_seat")
    .innerJoin("college", "college.id", "organ_seat.college_id")
    .select(["organ_seat.organ_id as organId", "organ_seat.college_id as collegeId", "organ_seat.seats"])
    .where("organ_seat.organ_id", "in", organIds)
    .orderBy("college.position")
    .execute();
}

export async function replaceOrganSeats(db: Db, organId: string, seats: { collegeId: string; seats: number }[]) {
  await db.deleteFrom("organ_seat").where("organ_id", "=", organId).execute();
  if (seats.length > 0) await db.insertInto("organ_seat").values(seats.map((s) => ({ organ_id: organId, college_id: s.collegeId, seats: s.seats }))).execute();
}

/** The ids of the members sitting in the organ on `day`, as a subquery for the electorate's queries. */
export function sittingMemberIds(db: Db, organId: string, day: string) {
  return db
    .selectFrom("mandate")
    .select("mandate.member_id")
    .where("mandate.organ_id", "=", organId)
    .where("mandate.starts_on", "<=", day)
    .where((eb) => eb.or([eb("mandate.ended_on", "is", null), eb("mandate.ended_on", ">", day)]));
}

const mandateColumns = [
  "mandate.id",
  "mandate.organ_id as organId",
  "mandate.member_id as memberId",
  "member.name as memberName",
  "member.college_id as collegeId",
  "mandate.role",
  "mandate.starts_on as startsOn",
  "mandate.ends_on as endsOn",
  "mandate.appointed_by as appointedBy",
  "mandate.resolution_id as resolutionId",
  "mandate.ended_on as endedOn",
  "mandate.end_reason as endReason",
] as const;

/** The organ's mandates, running ones first, then by start. */
export function organMandates(db: Db, organId: string) {
  return db
    .selectFrom("mandate")
    .innerJoin("member", "member.id", "mandate.member_id")
    .leftJoin("resolution", "resolution.id", "mandate.resolution_id")
    .select([...mandateColumns, "resolution.number as resolutionNumber"])
    .where("mandate.organ_id", "=", organId)
    .orderBy((eb) => eb.case().when("mandate.ended_on", "is", null).then(0).else(1).end())
    .orderBy("mandate.starts_on", "desc")
    .orderBy("member.sort_name")
    .execute();
}

/** Running mandates of the organ (not ended), with the holder's college, for the seat checks. */
export function runningMandates(db: Db, organId: string) {
  return db
    .selectFrom("mandate")
    .innerJoin("member", "member.id", "mandate.member_id")
    .select(mandateColumns)
    .where("mandate.organ_id", "=", organId)
    .where("mandate.ended_on", "is", null)
    .execute();
}

export function findMandate(db: Db, organId: string, mandateId: string) {
  return db.selectFrom("mandate").selectAll().where("organ_id", "=", organId).where("id", "=", mandateId).executeTakeFirst();
}

export async function insertMandate(db: Db, m: { id: string; organId: string; memberId: string; role: string; startsOn: string; endsOn: string | null; appointedBy: string; resolutionId: string | null; now: Date }) {
  await db
    .insertInto("mandate")
    .values({ id: m.id, organ_id: m.organId, member_id: m.memberId, role: m.role, starts_on: m.startsOn, ends_on: m.endsOn, appointed_by: m.appointedBy, resolution_id: m.resolutionId, created_at: m.now.toISOString() })
    .execute();
}

export async function endMandate(db: Db, mandateId: string, endedOn: string, reason: string) {
  await db.updateTable("mandate").set({ ended_on: endedOn, end_reason: reason }).where("id", "=", mandateId).where("ended_on", "is", null).execute();
}

/** Running mandates of the entity whose planned end falls on or before `until`, soonest first. */
export function mandatesEndingBy(db: Db, entityId: string, until: string) {
  return db
    .selectFrom("mandate")
    .innerJoin("organ", "organ.id", "mandate.organ_id")
    .innerJoin("member", "member.id", "mandate.member_id")
    .select([...mandateColumns, "organ.name as organName"])
    .where("organ.entity_id", "=", entityId)
    .where("mandate.ended_on", "is", null)
    .where("mandate.ends_on", "is not", null)
    .where("mandate.ends_on", "<=", until)
    .orderBy("mandate.ends_on")
    .orderBy("member.sort_name")
    .limit(200)
    .execute();
}

/** Running mandates of a member in the entity's organs. */
export function memberMandates(db: Db, entityId: string, memberId: string) {
  return db
    .selectFrom("mandate")
    .innerJoin("organ", "organ.id", "mandate.organ_id")
    .select(["mandate.id", "organ.id as organId", "organ.name as organName", "mandate.role", "mandate.starts_on as startsOn", "mandate.ends_on as endsOn"])
    .where("organ.entity_id", "=", entityId)
    .where("mandate.member_id", "=", memberId)
    .where("mandate.ended_on", "is", null)
    .orderBy("organ.name")
    .execute();
}

/** The organs whose election is on a meeting's agenda. */
export function electionsOnAgenda(db: Db, meetingId: string) {
  return db
    .selectFrom("seat_election")
    .innerJoin("resolution", "resolution.id", "seat_election.resolution_id")
    .select("seat_election.organ_id as organId")
    .where("resolution.meeting_id", "=", meetingId)
    .execute();
}
