// The session of a meeting: who checks in, its opening and closing, and the next call when the
// quorum fails (DESIGN.md §3).
import { isoDateInParis } from "~/lib/dates";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import type { MeetingKind } from "~/domain/meetings";
import { foldText } from "~/domain/members";
import { insertAuditEvent } from "~/queries/audit.server";
import { findMember } from "~/queries/members.server";
import { countRoster, ROSTER_PAGE_SIZE, rosterPage } from "~/queries/attendance.server";
import * as m from "~/queries/meetings.server";
import { updateResolution } from "~/queries/resolutions.server";
import { createMeeting, meetingAttendance, meetingOrThrow, type MeetingEntity } from "./meetings.server";
import { attendancePage } from "./meeting-page.server";

function quorumSnapshot(a: Awaited<ReturnType<typeof meetingAttendance>>, at: Date) {
  return {
    at: at.toISOString(),
    total: a.total,
    counted: a.counted,
    colleges: a.colleges,
    quorums: Object.fromEntries(Object.entries(a.quorums).map(([k, q]) => [k, { fraction: q!.fraction, required: q!.required.toString(), present: q!.present.toString(), reached: q!.reached }])),
  };
}

/** A member of the entity, from an id a form sent; an error on that field otherwise. */
export async function memberFromForm(db: Db, entityId: string, memberId: string, field: string) {
  const member = await findMember(db, entityId, memberId);
  if (!member) throw new AppError("errors.invalidChoice", { field }, 422, field);
  return member;
}

/** Of a member of the entity, whether they may take part in the meeting today. */
export async function eligibleMember(db: Db, entity: MeetingEntity, memberId: string, field: string, now: Date, organId: string | null = null) {
  const member = await memberFromForm(db, entity.id, memberId, field);
  const [eligible] = await m.eligibleAmong(db, entity.id, [member.id], isoDateInParis(now), entity.colleges_enabled === 1, organId);
  if (!eligible) throw new AppError("meetings.notEligible", { name: member.name }, 422, field);
  return { ...eligible, name: member.name };
}

export async function checkIn(db: Db, input: { entity: MeetingEntity; meetingId: string; memberId: string; mode: "present" | "remote"; actorId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const meeting = await meetingOrThrow(db, input.entity.id, input.meetingId);
  if (meeting.status === "closed") throw new AppError("meetings.closed", {}, 409);
  const member = await eligibleMember(db, input.entity, input.memberId, "memberId", now, meeting.organ_id);
  await m.upsertAttendance(db, { meeting_id: meeting.id, member_id: member.id, mode: input.mode, checked_in_at: now.toISOString(), checked_in_by: input.actorId });
}

/**
 * Checks in many members in one go (the desk's list): all or nothing. Each id is looked up in the
 * entity; the first that is unknown or not eligible names the member and nothing is written.
 */
export async function checkInMany(db: Db, input: { entity: MeetingEntity; meetingId: string; entries: { memberId: string; mode: "present" | "remote" }[]; actorId: string; now?: Date }) {
  const now = input.now ?? new Date();
  if (input.entries.length === 0) throw new AppError("attendance.noneTicked", {}, 422, "memberId");
  return db.transaction().execute(async (trx) => {
    // Key-share locked: check-ins go side by side, and a close of the meeting waits or comes first.
    const meeting = await meetingOrThrow(trx, input.entity.id, input.meetingId, "key share");
    if (meeting.status === "closed") throw new AppError("meetings.closed", {}, 409);
    const ids = [...new Set(input.entries.map((e) => e.memberId))];
    const eligible = new Set((await m.eligibleAmong(trx, input.entity.id, ids, isoDateInParis(now), input.entity.colleges_enabled === 1, meeting.organ_id)).map((e) => e.id));
    for (const id of ids) if (!eligible.has(id)) await eligibleMember(trx, input.entity, id, "memberId", now, meeting.organ_id);
    for (const e of input.entries) {
      await m.upsertAttendance(trx, { meeting_id: meeting.id, member_id: e.memberId, mode: e.mode, checked_in_at: now.toISOString(), checked_in_by: input.actorId });
    }
    return { count: ids.length };
  });
}

/** Rows shown per page in each list of the desk (the register shows as many). */
export const DESK_PAGE_SIZE = ROSTER_PAGE_SIZE;

/** A page of `items`: `page` is brought within range (a list that shrank keeps its last page). */
function pageOf<T>(items: T[], page: number) {
  const pages = Math.max(1, Math.ceil(items.length / DESK_PAGE_SIZE));
  const at = Math.min(Math.max(1, page), pages);
  return { rows: items.slice((at - 1) * DESK_PAGE_SIZE, at * DESK_PAGE_SIZE), page: at, pages };
}

/**
 * The expected members (the electorate today), in college order then by name, a page at a time,
 * for the desk's check-in list; `query` keeps those whose name or number contains it (accents
 * and case ignored).
 */
export async function attendanceRoster(db: Db, input: { entity: MeetingEntity; query: string; page?: number; now?: Date; organId?: string | null }) {
  const day = isoDateInParis(input.now ?? new Date());
  const requireCollege = input.entity.colleges_enabled === 1;
  const q = foldText(input.query);
  const counts = await countRoster(db, input.entity.id, day, requireCollege, q, input.organId ?? null);
  const pages = Math.max(1, Math.ceil(counts.matching / ROSTER_PAGE_SIZE));
  const page = Math.min(Math.max(1, input.page ?? 1), pages);
  return { ...counts, page, pages, rows: await rosterPage(db, input.entity.id, day, requireCollege, q, page, input.organId ?? null) };
}

/**
 * The secretary's desk, for any size of meeting: the figures are exact (counted over everyone),
 * while each list sends one page of rows — the expected members (filtered by `query`), those
 * checked in (filtered too), the proxies and the postal forms — and, for the expected members
 * shown, how each is counted.
 */
export async function attendanceDesk(db: Db, input: { entity: MeetingEntity; meetingId: string; query: string; pages: { roster: number; present: number; proxies: number; postal: number }; now?: Date }) {
  const now = input.now ?? new Date();
  const desk = await attendancePage(db, { entity: input.entity, meetingId: input.meetingId, query: input.query, now });
  const roster = await attendanceRoster(db, { entity: input.entity, query: input.query, page: input.pages.roster, now, organId: desk.meeting.organId });
  const { present, proxies, postal } = desk.attendance;
  const q = foldText(input.query);
  const presentMatching = q ? present.filter((p) => foldText(p.name).includes(q)) : present;
  const presentPage = pageOf(presentMatching, input.pages.present);
  const proxiesPage = pageOf(proxies, input.pages.proxies);
  const postalPage = pageOf(postal, input.pages.postal);
  // How the members on the roster's page are counted, and nobody else.
  const shown = new Set(roster.rows.map((r) => r.id));
  const modes = present.filter((p) => shown.has(p.memberId)).map((p) => ({ memberId: p.memberId, mode: p.mode }));
  const represented = proxies.filter((p) => p.status !== "void" && shown.has(p.principalId)).map((p) => ({ principalId: p.principalId, holderName: p.holderName }));
  const byPost = postal.filter((p) => !p.late && shown.has(p.memberId)).map((p) => p.memberId);
  return {
    ...desk,
    attendance: {
      ...desk.attendance,
      present: presentPage.rows,
      proxies: proxiesPage.rows,
      postal: postalPage.rows,
    },
    lists: {
      present: { total: present.length, matching: presentMatching.length, page: presentPage.page, pages: presentPage.pages },
      proxies: { total: proxies.length, page: proxiesPage.page, pages: proxiesPage.pages },
      postal: { total: postal.length, page: postalPage.page, pages: postalPage.pages },
    },
    roster: { ...roster, present: modes, represented, postal: byPost },
  };
}

export async function checkOut(db: Db, input: { entityId: string; meetingId: string; memberId: string }) {
  const meeting = await meetingOrThrow(db, input.entityId, input.meetingId);
  if (meeting.status === "closed") throw new AppError("meetings.closed", {}, 409);
  const member = await memberFromForm(db, input.entityId, input.memberId, "memberId");
  if (!(await m.findAttendance(db, meeting.id, member.id))) throw new AppError("attendance.notPresent", { name: member.name }, 422);
  await m.deleteAttendance(db, meeting.id, member.id);
}

/**
 * Opens the session. On another day than the notice's, only once confirmed (`confirmDate`):
 * the journal and the minutes then keep both the day announced and the real opening.
 */
export async function openMeeting(db: Db, input: { entity: MeetingEntity; meetingId: string; actorId: string; confirmDate?: boolean; now?: Date }) {
  const now = input.now ?? new Date();
  // The meeting locked for update: two openings at once (a double click) open it once, with one
  // journal entry; the second reads it open (PostgreSQL; SQLite's writers take turns anyway).
  await db.transaction().execute(async (trx) => {
    const meeting = await meetingOrThrow(trx, input.entity.id, input.meetingId, "update");
    if (meeting.status !== "draft" && meeting.status !== "convened") throw new AppError("meetings.alreadyOpen", {}, 409);
    const otherDay = isoDateInParis(now) !== isoDateInParis(new Date(meeting.starts_at));
    if (otherDay && !input.confirmDate) throw new AppError("meetings.openOtherDay", {}, 409);
    const a = await meetingAttendance(trx, input.entity, meeting, now);
    await m.updateMeeting(trx, meeting.id, { status: "open", opened_at: now.toISOString(), quorum: JSON.stringify({ opening: quorumSnapshot(a, now) }), updated_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.actorId, action: "meeting.opened", subject: { type: "meeting", id: meeting.id }, detail: { meetingId: meeting.id, plannedAt: meeting.starts_at, openedAt: now.toISOString(), otherDay }, now });
  });
}

export async function closeMeeting(db: Db, input: { entity: MeetingEntity; meetingId: string; actorId: string; now?: Date }) {
  const now = input.now ?? new Date();
  // Locked for update, as an opening: closed once, one journal entry.
  await db.transaction().execute(async (trx) => {
    const meeting = await meetingOrThrow(trx, input.entity.id, input.meetingId, "update");
    if (meeting.status !== "open" && !(meeting.kind === "written" && meeting.status === "convened")) throw new AppError("meetings.notOpen", {}, 409);
    if ((await m.meetingResolutions(trx, meeting.id)).some((r) => r.status === "open")) throw new AppError("meetings.voteStillOpen", {}, 409);
    const a = await meetingAttendance(trx, input.entity, meeting, now);
    const previous = meeting.quorum ? JSON.parse(meeting.quorum) : {};
    await m.updateMeeting(trx, meeting.id, { status: "closed", closed_at: now.toISOString(), quorum: JSON.stringify({ ...previous, closing: quorumSnapshot(a, now) }), updated_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.actorId, action: "meeting.closed", subject: { type: "meeting", id: meeting.id }, detail: { meetingId: meeting.id }, now });
  });
}

/**
 * The next call of a meeting whose quorum failed: same agenda, its draft resolutions move over.
 * The postal forms and proxies of this call stand for the next one (R225-77, R225-79): the
 * postal votes follow their resolution, the proxies in force are copied to the new meeting.
 */
export async function scheduleNextCall(db: Db, input: { entity: MeetingEntity; meetingId: string; actorId: string; startsAt: Date; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    // Locked for update: a double submit schedules one next call (the second finds the meeting
    // closed by the first); a close at the same moment waits or comes first.
    const meeting = await meetingOrThrow(trx, input.entity.id, input.meetingId, "update");
    if (meeting.status === "closed") throw new AppError("meetings.closed", {}, 409);
    const a = await meetingAttendance(trx, input.entity, meeting, now);
    if (Object.values(a.quorums).every((q) => q!.reached)) throw new AppError("meetings.quorumReached", {}, 409);
    const { id } = await createMeeting(trx, {
      entity: input.entity,
      actorId: input.actorId,
      meeting: { kind: meeting.kind as MeetingKind, title: meeting.title, startsAt: input.startsAt, place: meeting.place, remoteLink: meeting.remote_link, postalDeadline: null },
      call: meeting.call + 1,
      previousMeetingId: meeting.id,
      now,
    });
    for (const item of await m.listAgenda(trx, meeting.id)) {
      const moves = item.resolutionId && item.resolutionStatus === "draft";
      if (moves) await updateResolution(trx, item.resolutionId!, { meeting_id: id });
      await m.insertAgendaItem(trx, { id: newId(), meeting_id: id, position: item.position, title: item.title, description: item.description, resolution_id: moves ? item.resolutionId : null, summary: null });
    }
    const proxies = await m.copyMeetingProxies(trx, meeting.id, id, newId);
    const previous = meeting.quorum ? JSON.parse(meeting.quorum) : {};
    await m.updateMeeting(trx, meeting.id, { status: "closed", closed_at: now.toISOString(), quorum: JSON.stringify({ ...previous, closing: quorumSnapshot(a, now), nextCall: id }), updated_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.actorId, action: "meeting.nextCall", subject: { type: "meeting", id: meeting.id }, detail: { from: meeting.id, to: id, proxies }, now });
    return { id };
  });
}
