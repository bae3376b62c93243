/**
 * Use cases of organs and mandates (issue 15): create and change an organ and its reserved
 * seats, appoint a member to it, record the end of a mandate. Every change is journaled.
 */
import { checkReservedSeats, checkSitting, electedCandidates, isUniqueRole, seatFor, termEnd, type SeatViolation, type SittingViolation } from "~/domain/organs";
import { isUniqueViolation, type Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { listColleges } from "~/queries/colleges.server";
import { lockEntity } from "~/queries/entities.server";
import { findMember } from "~/queries/members.server";
import * as organs from "~/queries/organs.server";
import { findResolution, findResolutionByNumber } from "~/queries/resolutions.server";
import { findRule } from "~/queries/rules.server";

export interface OrganInput {
  name: string;
  kind: string;
  seats: number;
  termMonths: number | null;
  ruleId: string | null;
  /** Reserved seats as typed, per college id (empty: none). */
  reserved: { collegeId: string; text: string }[];
}

function seatError(v: SeatViolation): AppError {
  if (v.code === "reservedAboveSeats") return new AppError("organs.errors.reservedAboveSeats", { reserved: v.reserved, seats: v.seats }, 422, "seats");
  if (v.code === "reservedElsewhere") return new AppError("organs.errors.reservedElsewhere", { count: v.seats }, 409, "memberId");
  return new AppError("organs.errors.organFull", { seats: v.seats }, 409, "memberId");
}

/** Seats or reservations that the members sitting would no longer fit, on the field at fault. */
function sittingError(v: SittingViolation, collegeName: (id: string) => string): AppError {
  if (v.code === "fewerSeatsThanSitting") return new AppError("organs.errors.fewerSeatsThanSitting", { count: v.count }, 409, "seats");
  return new AppError(v.max === 0 ? "organs.errors.noReservedSeatLeft" : "organs.errors.reservedBeyondSitting", { name: collegeName(v.collegeId), count: v.max }, 409, `seat_${v.collegeId}`);
}

/** Reserved seats checked inside the entity: known colleges, whole numbers, not above the seats. */
async function parseReserved(db: Db, entityId: string, input: OrganInput) {
  const colleges = new Set((await listColleges(db, entityId)).map((c) => c.id));
  const seats: { collegeId: string; seats: number }[] = [];
  for (const r of input.reserved) {
    if (r.text === "" || r.text === "0") continue;
    if (!colleges.has(r.collegeId)) throw new AppError("organs.errors.unknownCollege", {}, 422, `seat_${r.collegeId}`);
    if (!/^\d{1,3}$/.test(r.text)) throw new AppError("organs.errors.reservedNumber", {}, 422, `seat_${r.collegeId}`);
    seats.push({ collegeId: r.collegeId, seats: Number(r.text) });
  }
  const violation = checkReservedSeats({ seats: input.seats, seatsPerCollege: seats });
  if (violation) throw seatError(violation);
  if (input.ruleId && !(await findRule(db, entityId, input.ruleId))) throw new AppError("organs.errors.unknownRule", {}, 422, "ruleId");
  return seats;
}

export async function createOrgan(db: Db, input: { entityId: string; actorId: string; organ: OrganInput; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    await lockEntity(trx, input.entityId);
    if (await organs.findOrganByName(trx, input.entityId, input.organ.name)) throw new AppError("organs.errors.nameTaken", { name: input.organ.name }, 409, "name");
    const seats = await parseReserved(trx, input.entityId, input.organ);
    const id = newId();
    await organs.insertOrgan(trx, { id, entityId: input.entityId, ...input.organ, now });
    await organs.replaceOrganSeats(trx, id, seats);
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "organ.created", subject: { type: "organ", id }, detail: { after: { ...input.organ, reserved: seats } }, now });
    return { id };
  });
}

export async function changeOrgan(db: Db, input: { entityId: string; actorId: string; organId: string; organ: OrganInput; now?: Date }) {
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    await lockEntity(trx, input.entityId);
    const before = await organs.findOrgan(trx, input.entityId, input.organId, "update");
    if (!before) notFound();
    const other = await organs.findOrganByName(trx, input.entityId, input.organ.name);
    if (other && other.id !== before.id) throw new AppError("organs.errors.nameTaken", { name: input.organ.name }, 409, "name");
    const seats = await parseReserved(trx, input.entityId, input.organ);
    // Under the organ's lock, as an appointment: the members sitting (or whose mandate is to start)
    // must still fit the new seats, and leave room for the seats reserved to colleges they do not fill.
    const sitting = await organs.runningMandates(trx, before.id);
    const misfit = checkSitting({ seats: input.organ.seats, seatsPerCollege: seats }, sitting);
    if (misfit) {
      const names = new Map((await listColleges(trx, input.entityId)).map((c) => [c.id, c.name]));
      throw sittingError(misfit, (id) => names.get(id) ?? id);
    }
    await organs.updateOrgan(trx, before.id, { ...input.organ, now });
    await organs.replaceOrganSeats(trx, before.id, seats);
    await insertAuditEvent(trx, {
      entityId: input.entityId,
      userId: input.actorId,
      action: "organ.updated",
      subject: { type: "organ", id: before.id },
      detail: { before: { name: before.name, kind: before.kind, seats: before.seats, termMonths: before.term_months, ruleId: before.rule_id }, after: { ...input.organ, reserved: seats } },
      now,
    });
  });
}

export interface MandateInput {
  memberId: string;
  role: string;
  startsOn: string;
  /** The planned end; null: the organ's term from the start, if it has one. */
  endsOn: string | null;
  appointedBy: string;
  /** The vote that elected the member (appointedBy 'election'): its id, or its number as typed. */
  resolutionId?: string | null;
  resolutionNumber?: string | null;
}

/**
 * The vote a manual appointment "by election" rests on: a resolution of the entity, closed, that
 * elected the member (an election) or was adopted (a motion naming them). Any other appointment
 * names none.
 */
async function electingResolution(trx: Db, entityId: string, m: MandateInput): Promise<string | null> {
  const number = m.resolutionNumber?.trim() || null;
  if (m.appointedBy !== "election") {
    if (number != null || m.resolutionId) throw new AppError("organs.errors.resolutionOnlyForElection", {}, 422, "resolutionNumber");
    return null;
  }
  if (number == null && !m.resolutionId) throw new AppError("organs.errors.electionWithoutResolution", {}, 422, "resolutionNumber");
  const id = number != null ? (await findResolutionByNumber(trx, entityId, number))?.id : m.resolutionId;
  const r = id ? await findResolution(trx, entityId, id) : undefined;
  if (!r) throw new AppError("organs.errors.unknownResolution", { number: number ?? "" }, 422, "resolutionNumber");
  if (r.status !== "closed" || !r.result) throw new AppError("organs.errors.resolutionNotClosed", { number: r.number }, 409, "resolutionNumber");
  if (r.form === "election") {
    const frozen = (JSON.parse(r.result) as { election?: { candidates: { id: string; memberId: string }[]; result: Record<string, unknown> } }).election;
    if (!frozen || !electedCandidates(frozen).some((c) => c.memberId === m.memberId)) throw new AppError("organs.errors.notElectedBy", { number: r.number }, 422, "resolutionNumber");
  } else if (r.outcome !== "adopted") throw new AppError("organs.errors.resolutionNotAdopted", { number: r.number }, 422, "resolutionNumber");
  return r.id;
}

/**
 * Seats a member in the organ. The organ's row is locked for update, so that two appointments at
 * once cannot both take its last seat, nor its one président·e's office; one running mandate per
 * member and organ, and per unique office and organ, are also constraints of the database.
 */
export async function appoint(db: Db, input: { entityId: string; actorId: string | null; organId: string; mandate: MandateInput; now?: Date }) {
  const now = input.now ?? new Date();
  try {
    return await db.transaction().execute(async (trx) => {
      const resolutionId = await electingResolution(trx, input.entityId, input.mandate);
      return appointInside(trx, { ...input, mandate: { ...input.mandate, resolutionId }, now });
    });
  } catch (e) {
    // Only if a writer went round the organ's lock: the database kept one, the other is told.
    if (isUniqueViolation(e)) throw new AppError("organs.errors.appointedMeanwhile", {}, 409, "memberId");
    throw e;
  }
}

/**
 * The appointment inside the caller's transaction (an election's result seats its elected, the
 * resolution being frozen in that same transaction): an appointment by election names its vote,
 * a resolution of the entity, and no other does.
 */
export async function appointInside(trx: Db, input: { entityId: string; actorId: string | null; organId: string; mandate: MandateInput; now: Date }) {
  const organ = await organs.findOrgan(trx, input.entityId, input.organId, "update");
  if (!organ) notFound();
  const resolutionId = input.mandate.resolutionId ?? null;
  if ((input.mandate.appointedBy === "election") !== (resolutionId != null)) throw new AppError(resolutionId ? "organs.errors.resolutionOnlyForElection" : "organs.errors.electionWithoutResolution", {}, 422, "resolutionNumber");
  if (resolutionId != null && !(await findResolution(trx, input.entityId, resolutionId))) throw new AppError("organs.errors.unknownResolution", { number: "" }, 422, "resolutionNumber");
  const member = await findMember(trx, input.entityId, input.mandate.memberId);
  if (!member) throw new AppError("organs.errors.unknownMember", {}, 422, "memberId");
  if (member.exited_on != null && member.exited_on <= input.mandate.startsOn) throw new AppError("organs.errors.memberExited", { name: member.name }, 422, "memberId");
  if (member.joined_on > input.mandate.startsOn) throw new AppError("organs.errors.memberNotYet", { name: member.name }, 422, "startsOn");
  const running = await organs.runningMandates(trx, organ.id);
  if (running.some((m) => m.memberId === member.id)) throw new AppError("organs.errors.alreadySitting", { name: member.name }, 409, "memberId");
  const holder = isUniqueRole(input.mandate.role) ? running.find((m) => m.role === input.mandate.role) : undefined;
  if (holder) throw new AppError("organs.errors.roleTaken", { name: holder.memberName }, 409, "role");
  const reserved = (await organs.organSeats(trx, [organ.id])).map((s) => ({ collegeId: s.collegeId, seats: s.seats }));
  const violation = seatFor({ seats: organ.seats, seatsPerCollege: reserved }, running, member.college_id);
  if (violation) throw seatError(violation);
  const endsOn = input.mandate.endsOn ?? termEnd(input.mandate.startsOn, organ.term_months);
  if (endsOn != null && endsOn <= input.mandate.startsOn) throw new AppError("organs.errors.endBeforeStart", {}, 422, "endsOn");
  const id = newId();
  await organs.insertMandate(trx, { id, organId: organ.id, memberId: member.id, role: input.mandate.role, startsOn: input.mandate.startsOn, endsOn, appointedBy: input.mandate.appointedBy, resolutionId, now: input.now });
  await insertAuditEvent(trx, {
    entityId: input.entityId,
    userId: input.actorId,
    action: "mandate.started",
    subject: { type: "organ", id: organ.id },
    detail: { memberId: member.id, member: member.name, role: input.mandate.role, startsOn: input.mandate.startsOn, endsOn, appointedBy: input.mandate.appointedBy, resolutionId },
    now: input.now,
  });
  return { id };
}

export async function endMandate(db: Db, input: { entityId: string; actorId: string; organId: string; mandateId: string; endedOn: string; reason: string; now?: Date }) {
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const organ = await organs.findOrgan(trx, input.entityId, input.organId, "update");
    if (!organ) notFound();
    const mandate = await organs.findMandate(trx, organ.id, input.mandateId);
    if (!mandate) notFound();
    if (mandate.ended_on != null) throw new AppError("organs.errors.alreadyEnded", {}, 409);
    if (input.endedOn < mandate.starts_on) throw new AppError("organs.errors.endBeforeStart", {}, 422, "endedOn");
    // Recorded once it happened: a mandate ended in the future would free its seat before the holder leaves it.
    if (input.endedOn > isoDateInParis(now)) throw new AppError("organs.errors.endInFuture", {}, 422, "endedOn");
    await organs.endMandate(trx, mandate.id, input.endedOn, input.reason);
    await insertAuditEvent(trx, {
      entityId: input.entityId,
      userId: input.actorId,
      action: "mandate.ended",
      subject: { type: "organ", id: organ.id },
      detail: { memberId: mandate.member_id, endedOn: input.endedOn, reason: input.reason },
      now,
    });
  });
}

/** The organ a meeting is of, looked up inside the entity: only a board meeting can be one. */
export async function meetingOrgan(db: Db, entityId: string, kind: string, organId: string | null): Promise<string | null> {
  if (organId == null) return null;
  if (kind !== "board") throw new AppError("organs.errors.organMeetingKind", {}, 422, "organId");
  if (!(await organs.findOrgan(db, entityId, organId))) throw new AppError("organs.errors.unknownOrgan", {}, 422, "organId");
  return organId;
}
