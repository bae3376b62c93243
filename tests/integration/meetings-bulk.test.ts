// At the meeting: the desk checks in many members in one submit, members check themselves in
// with the code shown in the room, and the room's screen gives quorum and participation.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "#db/index";
import { openMeeting } from "~/services/meeting-attendance.server";
import { ROOM_CODE_POLICY, roomCode, selfCheckIn } from "~/services/meeting-room.server";
import { sendNotice } from "~/services/meetings.server";
import { createTestDb } from "../helpers/db";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { PASSWORD } from "../helpers/factories";
import { meetingSetup } from "../helpers/meetings";
import { makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

async function desk(opts: { startsInDays?: number } = {}) {
  const s = await meetingSetup(db, { quorum: "1/2", startsInDays: opts.startsInDays });
  const token = await signIn(db, s.admin.email, PASSWORD);
  const route = await import("~/routes/entity.meeting.attendance");
  const params = { slug: s.slug, meetingId: s.meetingId };
  const members = Object.values(s.people).flat();
  return {
    s,
    members,
    post: (form: Record<string, string>) => run(route.action, db, { path: "/", token, params, form }),
    page: (q = "") => run(route.loader, db, { path: `/?q=${encodeURIComponent(q)}`, token, params }),
  };
}

const attendance = () => db.selectFrom("attendance").select(["member_id", "mode", "checked_in_by"]).orderBy("member_id").execute();

describe("checking in many members at once", () => {
  it("checks in 10 ticked members, each with their mode, in one submit", async () => {
    const { s, members, post, page } = await desk();
    const before = dataOf(await page());
    expect(before.roster).toMatchObject({ total: 12, matching: 12 });
    expect(before.roster.rows).toHaveLength(12);
    const ticked = members.slice(0, 10);
    const form: Record<string, string> = { intent: "check-in-many" };
    ticked.forEach((m, i) => {
      form[`tick_${m.memberId}`] = "1";
      form[`mode_${m.memberId}`] = i < 7 ? "present" : "remote";
    });
    // Modes of unticked rows are sent too, and ignored.
    form[`mode_${members[10]!.memberId}`] = "present";
    const result = await post(form);
    expect(statusOf(result)).toBe(302);
    const rows = await attendance();
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.mode === "remote").map((r) => r.member_id).sort()).toEqual(ticked.slice(7).map((m) => m.memberId).sort());
    expect(new Set(rows.map((r) => r.checked_in_by))).toEqual(new Set([s.admin.id]));
    const after = dataOf(await page());
    expect(after.attendance.present).toHaveLength(10);
    // The filter keeps the matching members only.
    const filtered = dataOf(await page(members[11]!.name));
    expect(filtered.roster.rows.map((r: { id: string }) => r.id)).toEqual([members[11]!.memberId]);
  });

  it("refuses the whole submit, naming the member, when one is not eligible; nothing is written", async () => {
    const { s, members, post } = await desk();
    const gone = members[3]!;
    await db.updateTable("member").set({ exited_on: "2020-01-01", joined_on: "2019-01-01" }).where("id", "=", gone.memberId).execute();
    const form: Record<string, string> = { intent: "check-in-many" };
    for (const m of members.slice(0, 6)) form[`tick_${m.memberId}`] = "1";
    const result = await post(form);
    expect(statusOf(result)).toBe(422);
    expect(dataOf(result).errors.memberId).toEqual({ key: "meetings.notEligible", params: { name: gone.name } });
    expect(dataOf(result).values[`tick_${members[0]!.memberId}`]).toBe("1");
    expect(await attendance()).toEqual([]);

    const other = await makeVotingScic(db, 1);
    const stranger = Object.values(other.people).flat()[0]!;
    const foreign = await post({ intent: "check-in-many", [`tick_${members[0]!.memberId}`]: "1", [`tick_${stranger.memberId}`]: "1" });
    expect(statusOf(foreign)).toBe(422);
    expect(dataOf(foreign).errors.memberId).toMatchObject({ key: "errors.invalidChoice" });
    expect(await attendance()).toEqual([]);
    expect(s.meetingId).toBeTruthy();
  });

  it("asks for at least one tick, and refuses an unknown mode", async () => {
    const { members, post } = await desk();
    const none = await post({ intent: "check-in-many" });
    expect(statusOf(none)).toBe(400);
    expect(dataOf(none).errors.memberId).toEqual({ key: "attendance.noneTicked" });
    const bad = await post({ intent: "check-in-many", [`tick_${members[0]!.memberId}`]: "1", [`mode_${members[0]!.memberId}`]: "hologram" });
    expect(statusOf(bad)).toBe(400);
    expect(await attendance()).toEqual([]);
  });

  it("keeps the single check-in working, and a row's own button checks in that member alone", async () => {
    const { members, post } = await desk();
    expect(statusOf(await post({ intent: "check-in", memberId: members[0]!.memberId, mode: "remote" }))).toBe(302);
    expect(await attendance()).toMatchObject([{ member_id: members[0]!.memberId, mode: "remote" }]);
    const row = await post({ intent: "check-in-many", [`tick_${members[2]!.memberId}`]: "1", one: members[1]!.memberId });
    expect(statusOf(row)).toBe(302);
    expect((await attendance()).map((r) => r.member_id).sort()).toEqual([members[0]!.memberId, members[1]!.memberId].sort());
  });
});

/** A meeting on today's date, convened, and a member signed in on the self check-in page. */
async function room() {
  const d = await desk({ startsInDays: 0 });
  await sendNotice(db, { entity: d.s.entity, meetingId: d.s.meetingId, actorId: d.s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
  const me = d.members[0]!;
  const token = await signIn(db, me.email, PASSWORD);
  const route = await import("~/routes/entity.meeting.here");
  const params = { slug: d.s.slug, meetingId: d.s.meetingId };
  return {
    ...d,
    me,
    checkIn: (code: string) => run(route.action, db, { path: "/", token, params, form: { intent: "self-check-in", code } }),
    herePage: (query = "") => run(route.loader, db, { path: `/${query}`, token, params }),
  };
}

describe("checking oneself in with the room's code", () => {
  afterEach(() => void vi.useRealTimers());

  it("checks the member in as present with the code on the screen, typed in any case and spacing", async () => {
    const { s, me, checkIn, herePage } = await room();
    const code = roomCode(s.meetingId);
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    expect(dataOf(await herePage(`?code=${code}`))).toMatchObject({ code, open: true, member: true, checkedIn: null });
    const typed = `${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`;
    const result = await checkIn(typed);
    expect(statusOf(result)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe(`/o/${s.slug}/meetings/${s.meetingId}`);
    expect(await attendance()).toEqual([{ member_id: me.memberId, mode: "present", checked_in_by: me.userId }]);
    expect(dataOf(await herePage()).checkedIn).toBe("present");
  });

  it("refuses a wrong code on its field, writing nothing", async () => {
    const { s, checkIn } = await room();
    const wrong = roomCode(s.meetingId) === "AAAAAA" ? "BBBBBB" : "AAAAAA";
    const result = await checkIn(wrong);
    expect(statusOf(result)).toBe(422);
    expect(dataOf(result).errors).toEqual({ code: { key: "attendance.wrongCode", params: {} } });
    expect(await attendance()).toEqual([]);
    // An empty code is a missing field.
    expect(statusOf(await checkIn(""))).toBe(400);
  });

  it("locks the member out after 5 wrong codes, even with the right one, for 15 minutes", async () => {
    // At noon, Paris time: the lock's end, 16 minutes on, must fall on the meeting's day (after
    // 23:44 it did not, and the room was closed by then).
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(`${new Date().toISOString().slice(0, 10)}T11:00:00Z`));
    const { s, me, checkIn } = await room();
    const right = roomCode(s.meetingId);
    const wrong = right === "AAAAAA" ? "BBBBBB" : "AAAAAA";
    for (let i = 0; i < ROOM_CODE_POLICY.maxFailures; i++) expect(statusOf(await checkIn(wrong))).toBe(422);
    const locked = await checkIn(right);
    expect(statusOf(locked)).toBe(429);
    expect(dataOf(locked).errors.code).toMatchObject({ key: "attendance.codeLocked", params: { count: 15 } });
    expect(await attendance()).toEqual([]);
    // Another member is not locked by it.
    const other = s.people["Collectivités"]![0]!;
    await selfCheckIn(db, { entity: s.entity, meetingId: s.meetingId, userId: other.userId, code: right });
    // Once the lock is over, the right code (of that time) works.
    const later = new Date(Date.now() + ROOM_CODE_POLICY.lockMs + 60_000);
    await selfCheckIn(db, { entity: s.entity, meetingId: s.meetingId, userId: me.userId, code: roomCode(s.meetingId, later), now: later });
    expect((await attendance()).map((r) => r.member_id).sort()).toEqual([me.memberId, other.memberId].sort());
  });

  it("takes no code from a past window older than the previous one, nor before the meeting's day", async () => {
    const { s, me } = await room();
    const old = roomCode(s.meetingId, new Date(Date.now() - 2 * 30 * 60_000));
    const now = roomCode(s.meetingId);
    if (old !== now) await expect(selfCheckIn(db, { entity: s.entity, meetingId: s.meetingId, userId: me.userId, code: old })).rejects.toMatchObject({ key: "attendance.wrongCode" });
    const previous = roomCode(s.meetingId, new Date(Date.now() - 30 * 60_000));
    await selfCheckIn(db, { entity: s.entity, meetingId: s.meetingId, userId: me.userId, code: previous });
    expect(await attendance()).toHaveLength(1);

    const ahead = await meetingSetup(db, { startsInDays: 20 });
    await sendNotice(db, { entity: ahead.entity, meetingId: ahead.meetingId, actorId: ahead.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    const member = Object.values(ahead.people).flat()[0]!;
    await expect(selfCheckIn(db, { entity: ahead.entity, meetingId: ahead.meetingId, userId: member.userId, code: roomCode(ahead.meetingId) })).rejects.toMatchObject({ key: "attendance.roomClosed", status: 409 });
  });
});

describe("the room's screen", () => {
  it("shows the quorum, who is counted and the code, the same as JSON for its script", async () => {
    const { s, members, post } = await room();
    const form: Record<string, string> = { intent: "check-in-many" };
    for (const m of members.slice(0, 4)) form[`tick_${m.memberId}`] = "1";
    expect(statusOf(await post(form))).toBe(302);
    const token = await signIn(db, s.admin.email, PASSWORD);
    const params = { slug: s.slug, meetingId: s.meetingId };
    const projector = await import("~/routes/entity.meeting.projector");
    const json = await import("~/routes/entity.meeting.room");
    const screen = dataOf(await run(projector.loader, db, { path: "/", token, params }));
    expect(screen.code).toBe(roomCode(s.meetingId));
    expect(screen.checkInUrl).toBe(`http://localhost:3000/o/${s.slug}/meetings/${s.meetingId}/here`);
    expect(screen.qr).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(screen.present).toEqual({ counted: 4, total: 12 });
    expect(screen.quorums).toEqual([{ kind: "ordinary", required: "6", present: "4", reached: false }]);
    const polled = (await run(json.loader, db, { path: "/", token, params })) as Response;
    expect(polled.headers.get("Content-Type")).toMatch(/application\/json/);
    const body = await polled.json();
    expect(body).toMatchObject({ code: screen.code, present: screen.present, quorums: screen.quorums, title: screen.title });
    // The JSON is for the desk only.
    const member = await signIn(db, members[0]!.email, PASSWORD);
    expect(statusOf(await run(json.loader, db, { path: "/", token: member, params }))).toBe(403);
  });

  it("shows no code once the meeting is closed", async () => {
    const { s } = await room();
    await openMeeting(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, confirmDate: true });
    const { roomScreen } = await import("~/services/meeting-room.server");
    expect((await roomScreen(db, { entity: s.entity, meetingId: s.meetingId, origin: "http://x" })).code).toBe(roomCode(s.meetingId));
    await db.updateTable("meeting").set({ status: "closed" }).where("id", "=", s.meetingId).execute();
    expect(await roomScreen(db, { entity: s.entity, meetingId: s.meetingId, origin: "http://x" })).toMatchObject({ code: null, qr: null });
  });
});
