// The room of a meeting: its screen (the vote under way, participation, quorum, the check-in
// code) and the members' self check-in with that code.
//
// The code is not stored: it is an HMAC (COOKIE_SECRET) of the meeting and of a 30-minute
// window, 6 characters without look-alikes (0/O, 1/I). A code works in its window and the next
// one, so one read off the screen just before it changes still works; an old code, or one seen
// outside the room an hour before, no longer does. Wrong codes count against the member (5 per
// 15 minutes, then 15 minutes locked) in the login throttle table.
import { createHmac, timingSafeEqual } from "node:crypto";
import { renderSVG } from "uqr";
import { hasQuorum, type MeetingKind } from "~/domain/meetings";
import { roomCheckInOpen } from "~/domain/room";
import { showsLiveResults } from "~/domain/rules";
import { lockedUntil, recordFailure, type ThrottlePolicy } from "~/domain/throttle";
import { isoDateInParis } from "~/lib/dates";
import type { Db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { AppError, notFound } from "~/lib/errors";
import { findMemberOfUser } from "~/queries/members.server";
import * as m from "~/queries/meetings.server";
import { findRule } from "~/queries/rules.server";
import { clearThrottle, getThrottle, putThrottle } from "~/queries/throttle.server";
import { eligibleMember } from "./meeting-attendance.server";
import { meetingAttendance, memberForUser, type MeetingEntity } from "./meetings.server";
import { participationOf } from "./participation.server";
import { liveResultOf } from "./resolution-result.server";
import { resultOf } from "./resolutions.server";
import { ruleFromRow } from "./rules.server";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const ROOM_CODE_LENGTH = 6;
const WINDOW_MS = 30 * 60_000;
export const ROOM_CODE_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

function codeOfWindow(meetingId: string, window: number): string {
  const mac = createHmac("sha256", getEnv().cookieSecret).update(`room\n${meetingId}\n${window}`).digest();
  return Array.from(mac.subarray(0, ROOM_CODE_LENGTH), (b) => ALPHABET[b % ALPHABET.length]).join("");
}

/** The code shown in the room now. */
export function roomCode(meetingId: string, now: Date = new Date()): string {
  return codeOfWindow(meetingId, Math.floor(now.getTime() / WINDOW_MS));
}

/** What a member types, as the code is shown: capitals, without spaces or dashes. */
export function normaliseRoomCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "");
}

function sameCode(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether the code stands now: the current window's or the previous one's. */
export function roomCodeMatches(meetingId: string, typed: string, now: Date = new Date()): boolean {
  const code = normaliseRoomCode(typed);
  const window = Math.floor(now.getTime() / WINDOW_MS);
  return [window, window - 1].some((w) => sameCode(codeOfWindow(meetingId, w), code));
}

/** Whether the room takes check-ins now (app/domain/room.ts). */
export function roomOpen(meeting: { kind: string; status: string; starts_at: string }, now: Date): boolean {
  return roomCheckInOpen(meeting, isoDateInParis(now) === isoDateInParis(new Date(meeting.starts_at)));
}

/**
 * A member checks in as present with the room's code. Wrong codes are counted per member and
 * meeting; while locked, even the right code is refused (else the lock would not slow guessing).
 */
export async function selfCheckIn(db: Db, input: { entity: MeetingEntity; meetingId: string; userId: string; code: string; now?: Date }) {
  const now = input.now ?? new Date();
  const meeting = await m.findMeeting(db, input.entity.id, input.meetingId);
  if (!meeting || meeting.status === "draft") notFound();
  if (!roomOpen(meeting, now)) throw new AppError("attendance.roomClosed", {}, 409);
  const own = await memberForUser(db, input.entity.id, input.userId);
  const key = `room:${meeting.id}:${input.userId}`;
  const state = await getThrottle(db, key);
  const locked = lockedUntil(state, now);
  if (locked) throw new AppError("attendance.codeLocked", { count: Math.ceil((locked.getTime() - now.getTime()) / 60_000) }, 429, "code");
  if (!roomCodeMatches(meeting.id, input.code, now)) {
    await putThrottle(db, key, recordFailure(state, now, ROOM_CODE_POLICY));
    throw new AppError("attendance.wrongCode", {}, 422, "code");
  }
  const member = await eligibleMember(db, input.entity, own.id, "code", now, meeting.organ_id);
  await db.transaction().execute(async (trx) => {
    await clearThrottle(trx, key);
    await m.upsertAttendance(trx, { meeting_id: meeting.id, member_id: member.id, mode: "present", checked_in_at: now.toISOString(), checked_in_by: input.userId });
  });
  return { name: member.name };
}

/** The self check-in page: the meeting, whether its room takes check-ins now, and whether the member is checked in. */
export async function roomCheckInPage(db: Db, input: { entity: MeetingEntity; meetingId: string; userId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const meeting = await m.findMeeting(db, input.entity.id, input.meetingId);
  if (!meeting || meeting.status === "draft") notFound();
  const own = await findMemberOfUser(db, input.entity.id, input.userId);
  const attendance = own ? await m.findAttendance(db, meeting.id, own.id) : undefined;
  return { meetingId: meeting.id, title: meeting.title, member: own != null, open: roomOpen(meeting, now), checkedIn: (attendance?.mode as "present" | "remote" | undefined) ?? null };
}

/**
 * The room screen: the vote under way (participation only while its rule hides results, the
 * result once closed), the quorum per kind of decision, and the check-in code while it works.
 */
export async function roomScreen(db: Db, input: { entity: MeetingEntity; meetingId: string; origin: string; now?: Date }) {
  const now = input.now ?? new Date();
  const meeting = await m.findMeeting(db, input.entity.id, input.meetingId);
  if (!meeting) notFound();
  const resolutions = await m.meetingResolutions(db, meeting.id);
  const attendance = hasQuorum(meeting.kind as MeetingKind, meeting.organ_id != null) ? await meetingAttendance(db, input.entity, meeting, now) : null;
  const code = roomOpen(meeting, now) ? roomCode(meeting.id, now) : null;
  // The self check-in page, and a QR code of it with the code filled in (an SVG drawn here).
  const checkInUrl = `${input.origin}/o/${input.entity.slug}/meetings/${meeting.id}/here`;
  const room = {
    title: meeting.title,
    code,
    checkInUrl,
    qr: code ? renderSVG(`${checkInUrl}?code=${code}`, { ecc: "M", border: 2 }) : null,
    present: attendance ? { counted: attendance.counted, total: attendance.total.count } : null,
    quorums: attendance ? Object.entries(attendance.quorums).map(([kind, q]) => ({ kind, required: q!.required.toString(), present: q!.present.toString(), reached: q!.reached })) : [],
  };
  const current = resolutions.find((r) => r.status === "open") ?? [...resolutions].filter((r) => r.status === "closed").sort((a, b) => (b.closed_at ?? "").localeCompare(a.closed_at ?? ""))[0];
  if (!current) return { ...room, current: null };
  const ruleRow = await findRule(db, input.entity.id, current.rule_id);
  const rule = ruleFromRow(ruleRow!);
  // While the vote is open and its rule hides results, the screen gets participation only.
  const showResult = current.status === "closed" || showsLiveResults(rule);
  // The screen polls: an open vote's live result is the one shared for a second (liveResultOf).
  const result = showResult ? await (current.status === "open" ? liveResultOf : resultOf)(db, current, rule, { name: ruleRow!.name, version: ruleRow!.version }) : await participationOf(db, current);
  const tally = ("tally" in result ? result.tally : {}) as { adopted?: boolean; reason?: string; share?: string | null };
  return {
    ...room,
    current: {
      number: current.number,
      title: current.title,
      status: current.status,
      voted: result.voted,
      eligible: result.eligible,
      showResult,
      adopted: tally.adopted ?? null,
      reason: tally.reason ?? null,
      share: tally.share ?? null,
      colleges: result.colleges.filter((c) => c.id).map((c) => ({ name: c.name, voted: c.voted, eligible: c.eligible })),
    },
  };
}

export type RoomScreen = Awaited<ReturnType<typeof roomScreen>>;
