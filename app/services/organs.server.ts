/**
 * Use cases of organs and mandates (issue 15): create and change an organ and its reserved
 * seats, appoint a member to it, record the end of a mandate. Every change is journaled.
 */
import { checkReservedSeats, seatFor, termEnd, type SeatViolation } from "~/domain/organs";
import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { listColleges } from "~/queries/colleges.server";
import { lockEntity } from "~/queries/entities.server";
import { findMember } from "~/queries/members.server";
import * as organs from "~/queries/organs.server";
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
    const sitting = (await organs.runningMandates(trx, before.id)).length;
    if (input.organ.seats < sitting) throw new AppError("organs.errors.fewerSeatsThanSitting", { count: sitting }, 409, "seats");
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
  resolutionId?: string | null;
}

/**
 * Seats a member in the organ. The organ's row is locked for update, so that two appointments at
 * once cannot both take its last seat; one running mandate per member and organ is a constraint.
 */
export async function appoint(db: Db, input: { entityId: string; actorId: string | null; organId: string; mandate: MandateInput; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => appointInside(trx, { ...input, now }));
}

/** The appointment inside the caller's transaction (an election's result seats its elected). */
export async function appointInside(trx: Db, input: { entityId: string; actorId: string | null; organId: string; mandate: MandateInput; now: Date }) {
  const organ = await organs.findOrgan(trx, input.entityId, input.organId, "update");
  if (!organ) notFound();
  const member = await findMember(trx, input.entityId, input.mandate.memberId);
  if (!member) throw new AppError("organs.errors.unknownMember", {}, 422, "memberId");
  if (member.exited_on != null && member.exited_on <= input.mandate.startsOn) throw new AppError("organs.errors.memberExited", { name: member.name }, 422, "memberId");
  if (member.joined_on > input.mandate.startsOn) throw new AppError("organs.errors.memberNotYet", { name: member.name }, 422, "startsOn");
  const running = await organs.runningMandates(trx, organ.id);
  if (running.some((m) => m.memberId === member.id)) throw new AppError("organs.errors.alreadySitting", { name: member.name }, 409, "memberId");
  const reserved = (await organs.organSeats(trx, [organ.id])).map((s) => ({ collegeId: s.collegeId, seats: s.seats }));
  const violation = seatFor({ seats: organ.seats, seatsPerCollege: reserved }, running, member.college_id);
  if (violation) throw seatError(violation);
  const endsOn = input.mandate.endsOn ?? termEnd(input.mandate.startsOn, organ.term_months);
  if (endsOn != null && endsOn <= input.mandate.startsOn) throw new AppError("organs.errors.endBeforeStart", {}, 422, "endsOn");
  const id = newId();
  await organs.insertMandate(trx, { id, organId: organ.id, memberId: member.id, role: input.mandate.role, startsOn: input.mandate.startsOn, endsOn, appointedBy: input.mandate.appointedBy, resolutionId: input.mandate.resolutionId ?? null, now: input.now });
  await insertAuditEvent(trx, {
    entityId: input.entityId,
    userId: input.actorId,
    action: "mandate.started",
    subject: { type: "organ", id: organ.id },
    detail: { memberId: member.id, member: member.name, role: input.mandate.role, startsOn: input.mandate.startsOn, endsOn, appointedBy: input.mandate.appointedBy, resolutionId: input.mandate.resolutionId ?? null },
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
