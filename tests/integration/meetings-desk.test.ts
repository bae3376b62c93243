// The secretary's forms: every id is looked up in the URL's entity, and nothing answers a false success.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { openMeeting } from "~/services/meeting-attendance.server";
import { sendNotice } from "~/services/meetings.server";
import { createTestDb } from "../helpers/db";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { PASSWORD } from "../helpers/factories";
import { findMeetingRow, meetingSetup } from "../helpers/meetings";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

async function setupDesk() {
  const s = await meetingSetup(db, { quorum: null });
  const other = await makeVotingScic(db, 1);
  const foreign = await makeOpenResolution(db, other, { open: false });
  const token = await signIn(db, s.admin.email, PASSWORD);
  const attendanceRoute = await import("~/routes/entity.meeting.attendance");
  const meetingRoute = await import("~/routes/entity.meeting");
  const params = { slug: s.slug, meetingId: s.meetingId };
  const desk = (form: Record<string, string>) => run(attendanceRoute.action, db, { path: "/", token, params, form });
  const page = (form: Record<string, string>) => run(meetingRoute.action, db, { path: "/", token, params, form });
  return { s, outsider: other.people["Associations"]![0]!.memberId, foreignResolution: foreign.id, desk, page };
}

describe("the attendance desk", () => {
  it("answers a check-out of a member who is not checked in with an error, not a success", async () => {
    const { s, desk, outsider } = await setupDesk();
    const absent = s.people["Associations"]![0]!;
    const result = await desk({ intent: "check-out", memberId: absent.memberId });
    expect(statusOf(result)).toBe(422);
    expect(dataOf(result).errors._form).toEqual({ key: "attendance.notPresent", params: { name: absent.name } });
    const stranger = await desk({ intent: "check-out", memberId: outsider });
    expect(statusOf(stranger)).toBe(422);
    expect(dataOf(stranger).errors.memberId).toMatchObject({ key: "errors.invalidChoice" });
  });

  it("refuses, on the field, members and resolutions of another entity or unknown, in every form", async () => {
    const { s, desk, outsider, foreignResolution } = await setupDesk();
    const member = s.people["Associations"]![0]!.memberId;
    const cases: [Record<string, string>, string][] = [
      [{ intent: "check-in", memberId: outsider, mode: "present" }, "memberId"],
      [{ intent: "check-in", memberId: "nobody", mode: "present" }, "memberId"],
      [{ intent: "paper-proxy", principalId: outsider, holderId: "chair" }, "principalId"],
      [{ intent: "paper-proxy", principalId: member, holderId: outsider }, "holderId"],
      [{ intent: "paper-proxy", principalId: member, holderId: "nobody" }, "holderId"],
      [{ intent: "paper-postal", memberId: outsider, resolutionId: s.resolutionId, choice: "for", receivedAt: "2026-01-01T10:00" }, "memberId"],
      [{ intent: "paper-postal", memberId: member, resolutionId: foreignResolution, choice: "for", receivedAt: "2026-01-01T10:00" }, "resolutionId"],
      [{ intent: "paper-postal", memberId: member, resolutionId: "nothing", choice: "for", receivedAt: "2026-01-01T10:00" }, "resolutionId"],
    ];
    for (const [form, field] of cases) {
      const result = await desk(form);
      expect({ form, status: statusOf(result) }).toEqual({ form, status: 422 });
      expect(Object.keys(dataOf(result).errors)).toEqual([field]);
    }
    expect(await db.selectFrom("attendance").selectAll().execute()).toEqual([]);
    expect(await db.selectFrom("proxy").selectAll().execute()).toEqual([]);
    expect(await db.selectFrom("postal_vote").selectAll().execute()).toEqual([]);
  });
});

describe("opening a meeting", () => {
  it("asks for a confirmation on another day than the notice's, then opens and records it", async () => {
    const { s, page } = await setupDesk();
    await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    const warned = await page({ intent: "open-meeting" });
    expect(statusOf(warned)).toBe(409);
    expect(dataOf(warned).errors._form).toMatchObject({ key: "meetings.openOtherDay" });
    expect((await findMeetingRow(db, s.meetingId)).status).toBe("convened");
    expect(statusOf(await page({ intent: "open-meeting", confirmDate: "1" }))).toBe(302);
    const opened = await findMeetingRow(db, s.meetingId);
    expect(opened.status).toBe("open");
    const audit = await db.selectFrom("audit_event").select(["detail", "subject_id"]).where("action", "=", "meeting.opened").executeTakeFirstOrThrow();
    expect(audit.subject_id).toBe(s.meetingId);
    expect(JSON.parse(audit.detail!)).toMatchObject({ otherDay: true, plannedAt: s.startsAt.toISOString(), openedAt: opened.opened_at });
  });

  it("opens without a question on the day of the notice", async () => {
    const s = await meetingSetup(db, { quorum: null, startsInDays: 0 });
    await openMeeting(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id });
    expect((await findMeetingRow(db, s.meetingId)).status).toBe("open");
  });
});
