/**
 * Elections with candidates and seats (issue 15): an election is drafted as a resolution of the
 * form 'election' with its setup (the organ, the seats, the seats reserved per college, the
 * method, the tie-break); candidacies are filed by members before the deadline or entered by
 * whoever runs the election, until the vote opens. Every change is journaled.
 */
import { atTermBy, checkElectionSeats, checkReservedSeats, type ElectionSeatViolation } from "~/domain/organs";
import { isActiveMember } from "~/domain/scic";
import { isUniqueViolation, type Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { listColleges } from "~/queries/colleges.server";
import { findMember, findMemberOfUser } from "~/queries/members.server";
import { findMeeting } from "~/queries/meetings.server";
import { findOrgan, organSeats, runningMandates } from "~/queries/organs.server";
import { findResolution, updateResolution } from "~/queries/resolutions.server";
import * as q from "~/queries/seat-elections.server";
import type { ElectionSetupInput } from "~/schemas/seat-elections";
import { draftResolution, type ResolutionInput } from "./resolutions.server";

/** An election the organ could not seat, said on the field at fault (the seats, or a college's reserved seats). */
function electionSeatError(v: ElectionSeatViolation, collegeName: (id: string) => string): AppError {
  if (v.code === "seatsNotFree") return new AppError(v.free === 0 ? "elections.errors.noSeatFree" : "elections.errors.seatsNotFree", { count: v.free }, 422, "seats");
  const name = collegeName(v.collegeId);
  if (v.code === "reservedBeyondOrgan") return new AppError(v.max === 0 ? "elections.errors.noReservedSeatToFill" : "elections.errors.reservedBeyondOrgan", { name, count: v.max }, 422, `seat_${v.collegeId}`);
  return new AppError("elections.errors.reservedBelowOrgan", { name, count: v.min }, 422, `seat_${v.collegeId}`);
}

/**
 * Drafts an election (a resolution and its setup) in one transaction. Its seats and reserved
 * seats must fit the organ on the election's day — the assembly's it is drafted for (Paris), else
 * the day it is drafted, the earliest it can close — counting the mandates coming to term by then
 * as free: so every member it elects finds a seat (domain checkElectionSeats).
 */
export async function createElection(db: Db, input: { entityId: string; actorId: string; resolution: ResolutionInput; setup: ElectionSetupInput; meetingId?: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const organ = await findOrgan(trx, input.entityId, input.setup.organId);
    if (!organ) throw new AppError("errors.invalidChoice", { field: "organId" }, 422, "organId");
    if (input.setup.seats > organ.seats) throw new AppError("elections.errors.moreSeatsThanOrgan", { seats: organ.seats }, 422, "seats");
    const meeting = input.meetingId ? await findMeeting(trx, input.entityId, input.meetingId) : undefined;
    if (input.meetingId && !meeting) notFound();
    const collegeList = await listColleges(trx, input.entityId);
    const colleges = new Set(collegeList.map((c) => c.id));
    const reserved = input.setup.reserved.filter((r) => r.seats > 0);
    if (reserved.some((r) => !colleges.has(r.collegeId))) throw new AppError("errors.invalidChoice", { field: "seats" }, 422, "seats");
    const over = checkReservedSeats({ seats: input.setup.seats, seatsPerCollege: reserved });
    if (over) throw new AppError("organs.errors.reservedAboveSeats", { reserved: over.code === "reservedAboveSeats" ? over.reserved : 0, seats: input.setup.seats }, 422, "seats");
    const day = isoDateInParis(meeting ? new Date(meeting.starts_at) : now);
    const staying = (await runningMandates(trx, organ.id)).filter((m) => !atTermBy(m, day));
    const organReserved = (await organSeats(trx, [organ.id])).map((s) => ({ collegeId: s.collegeId, seats: s.seats }));
    const misfit = checkElectionSeats({ seats: organ.seats, seatsPerCollege: organReserved }, staying, { seats: input.setup.seats, seatsPerCollege: reserved });
    if (misfit) throw electionSeatError(misfit, (id) => collegeList.find((c) => c.id === id)?.name ?? id);
    const { id, number } = await draftResolution(trx, { entityId: input.entityId, actorId: input.actorId, resolution: { ...input.resolution, electorate: input.resolution.electorate }, now });
    await updateResolution(trx, id, { form: "election" });
    await q.insertSetup(
      trx,
      {
        resolution_id: id,
        organ_id: organ.id,
        seats: input.setup.seats,
        method: input.setup.method,
        rounds: input.setup.method === "plurinominal" ? input.setup.rounds : 1,
        // An absolute majority calls for a second round when seats are left: with two rounds only.
        absolute_majority: input.setup.method === "plurinominal" && input.setup.absoluteMajority && input.setup.rounds === 2 ? 1 : 0,
        tie_break: input.setup.tieBreak,
        candidacy_deadline: input.setup.candidacyDeadline?.toISOString() ?? null,
        term_months: organ.term_months,
      },
      reserved,
    );
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "election.drafted", subject: { type: "resolution", id }, detail: { organId: organ.id, seats: input.setup.seats, method: input.setup.method, reserved, day }, now });
    return { id, number };
  });
}

/** The election and its setup, the resolution share-locked: candidacies wait for an opening in progress, then see it open. */
async function draftElection(trx: Db, entityId: string, resolutionId: string) {
  const r = await findResolution(trx, entityId, resolutionId, "share");
  if (!r || r.form !== "election") notFound();
  const setup = await q.findSetup(trx, r.id);
  if (!setup) notFound();
  if (r.status !== "draft" && r.status !== "scheduled") throw new AppError("elections.errors.candidaciesClosed", {}, 409);
  return { r, setup };
}

async function file(trx: Db, input: { entityId: string; resolutionId: string; memberId: string; bornOn: string | null; by: "self" | "secretary"; actorId: string; now: Date }) {
  const member = await findMember(trx, input.entityId, input.memberId);
  if (!member) throw new AppError("errors.invalidChoice", { field: "memberId" }, 422, "memberId");
  // A birth date breaks ties by age: a day of the past, shown to whoever runs the election.
  if (input.bornOn != null && (input.bornOn >= isoDateInParis(input.now) || input.bornOn < "1900-01-01")) throw new AppError("elections.errors.bornOn", {}, 422, "bornOn");
  if (!isActiveMember({ joinedOn: member.joined_on, exitedOn: member.exited_on }, isoDateInParis(input.now))) throw new AppError("errors.memberNotActive", { name: member.name }, 422, "memberId");
  if (await q.candidacyOfMember(trx, input.resolutionId, member.id)) throw new AppError("elections.errors.alreadyCandidate", { name: member.name }, 409, "memberId");
  const id = newId();
  // Two filings at once for one member: the partial unique index keeps one (candidacy_member_uq).
  await q.insertCandidacy(trx, {
    id,
    resolution_id: input.resolutionId,
    member_id: member.id,
    college_id: member.college_id,
    position: await q.nextCandidacyPosition(trx, input.resolutionId),
    born_on: input.bornOn,
    filed_by: input.by,
    filed_at: input.now.toISOString(),
    withdrawn_at: null,
  });
  await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "candidacy.filed", subject: { type: "resolution", id: input.resolutionId }, detail: { memberId: member.id, member: member.name, by: input.by }, now: input.now });
  return { id, name: member.name };
}

/** One filing won a race for the same member: the other is told it exists, not a 500. */
async function once<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("elections.errors.alreadyFiled", {}, 409, "memberId");
    throw e;
  }
}

/** A member files their own candidacy, before the deadline. */
export async function fileOwnCandidacy(db: Db, input: { entityId: string; userId: string; resolutionId: string; bornOn: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  return once(() => db.transaction().execute(async (trx) => {
    const { setup } = await draftElection(trx, input.entityId, input.resolutionId);
    if (setup.candidacy_deadline == null || now.toISOString() >= setup.candidacy_deadline) throw new AppError("elections.errors.deadlinePassed", {}, 409);
    const me = await findMemberOfUser(trx, input.entityId, input.userId);
    if (!me) throw new AppError("voting.notAMember", {}, 403);
    return file(trx, { entityId: input.entityId, resolutionId: input.resolutionId, memberId: me.id, bornOn: input.bornOn, by: "self", actorId: input.userId, now });
  }));
}

/** Whoever runs the election enters a candidacy (received on paper, or at the meeting), until the vote opens. */
export async function enterCandidacy(db: Db, input: { entityId: string; actorId: string; resolutionId: string; memberId: string; bornOn: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  return once(() => db.transaction().execute(async (trx) => {
    await draftElection(trx, input.entityId, input.resolutionId);
    return file(trx, { entityId: input.entityId, resolutionId: input.resolutionId, memberId: input.memberId, bornOn: input.bornOn, by: "secretary", actorId: input.actorId, now });
  }));
}

/** A candidacy withdrawn, by the candidate or whoever runs the election, until the vote opens. */
export async function withdrawCandidacy(db: Db, input: { entityId: string; actorId: string; resolutionId: string; candidacyId: string; asCandidateOnly: boolean; now?: Date }) {
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    await draftElection(trx, input.entityId, input.resolutionId);
    const c = await q.findCandidacy(trx, input.resolutionId, input.candidacyId);
    if (!c) notFound();
    if (input.asCandidateOnly) {
      const me = await findMemberOfUser(trx, input.entityId, input.actorId);
      if (!me || me.id !== c.member_id) throw new AppError("elections.errors.notYourCandidacy", {}, 403);
    }
    await q.withdrawCandidacy(trx, c.id, now.toISOString());
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "candidacy.withdrawn", subject: { type: "resolution", id: input.resolutionId }, detail: { memberId: c.member_id }, now });
  });
}
