// A meeting opened, closed, and its minutes finalised several times at once (a double click, two
// secretaries): each happens once, with one journal entry, and the other requests are answered
// "already done", never a 500 (on PostgreSQL they run side by side: the meeting's row lock and the
// minutes' unique key on the meeting decide).
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "#db/seed";
import { closeMeeting, openMeeting } from "~/services/meeting-attendance.server";
import { createMeeting, sendNotice } from "~/services/meetings.server";
import { finalizeMinutes } from "~/services/minutes.server";
import { ORIGIN } from "../helpers/app";
import { createTestDb } from "../helpers/db";

describe("a meeting's steps taken at once", () => {
  it("open once, close once, finalise one set of minutes, each with one journal entry; the others are told it is done", async () => {
    const db = await createTestDb();
    await seedDemo(db);
    const entity = await db.selectFrom("entity").selectAll().where("slug", "=", DEMO_SLUG).executeTakeFirstOrThrow();
    const actorId = (await db.selectFrom("user").select("id").where("email", "=", DEMO_ACCOUNTS[1].email).executeTakeFirstOrThrow()).id;
    for (let round = 0; round < 3; round++) {
      const startsAt = new Date(`2027-0${round + 3}-20T17:00:00Z`);
      const { id: meetingId } = await createMeeting(db, { entity, actorId, meeting: { kind: "ago", title: `AGO ${round}`, startsAt, place: "Tours", remoteLink: null, postalDeadline: null }, now: new Date(startsAt.getTime() - 60 * 86400_000) });
      await sendNotice(db, { entity, meetingId, actorId, mode: "email", origin: ORIGIN, locale: "fr", now: new Date(startsAt.getTime() - 20 * 86400_000) });
      const opens = await Promise.allSettled(Array.from({ length: 4 }, () => openMeeting(db, { entity, meetingId, actorId, now: startsAt })));
      expect(opens.filter((t) => t.status === "fulfilled")).toHaveLength(1);
      for (const t of opens) if (t.status === "rejected") expect(t.reason).toMatchObject({ key: "meetings.alreadyOpen", status: 409 });
      const closes = await Promise.allSettled(Array.from({ length: 4 }, () => closeMeeting(db, { entity, meetingId, actorId, now: new Date(startsAt.getTime() + 2 * 3600_000) })));
      expect(closes.filter((t) => t.status === "fulfilled")).toHaveLength(1);
      for (const t of closes) if (t.status === "rejected") expect(t.reason).toMatchObject({ key: "meetings.notOpen", status: 409 });
      for (const action of ["meeting.opened", "meeting.closed"]) {
        expect(await db.selectFrom("audit_event").select("id").where("action", "=", action).where("subject_id", "=", meetingId).execute()).toHaveLength(1);
      }
      const now = new Date(startsAt.getTime() + 86400_000);
      const tries = await Promise.allSettled(Array.from({ length: 4 }, () => finalizeMinutes(db, { entity, meetingId, actorId, now })));
      expect(tries.filter((t) => t.status === "fulfilled")).toHaveLength(1);
      for (const t of tries) if (t.status === "rejected") expect(t.reason).toMatchObject({ key: "minutes.alreadyFinal", status: 409 });
      expect(await db.selectFrom("minutes").select("id").where("meeting_id", "=", meetingId).execute()).toHaveLength(1);
      const journal = await db.selectFrom("audit_event").select("detail").where("action", "=", "minutes.finalized").execute();
      expect(journal.filter((j) => j.detail?.includes(meetingId))).toHaveLength(1);
    }
  }, 60_000);
});
