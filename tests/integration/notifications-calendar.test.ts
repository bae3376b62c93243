// The notice's calendar file and remote link, the legal notice that cannot be switched off, and
// each person's private calendar feed.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import * as calendarRoute from "~/routes/calendar";
import * as accountRoute from "~/routes/account";
import { sendNotice } from "~/services/meetings.server";
import { saveNotificationPreferences } from "~/services/notifications-calendar.server";
import { createMeeting } from "~/services/meetings.server";
import { outboxPage } from "~/services/outbox.server";
import { createTestDb } from "../helpers/db";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { PASSWORD, makeUser } from "../helpers/factories";
import { DAY_MS, meetingSetup } from "../helpers/meetings";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

/** The content lines of an iCalendar text, unfolded, after checking CRLF ends and the 75-octet limit. */
function icsLines(text: string): string[] {
  expect(text.endsWith("\r\n")).toBe(true);
  const physical = text.slice(0, -2).split("\r\n");
  for (const l of physical) {
    expect(l).not.toContain("\n");
    expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
  }
  return text.slice(0, -2).replace(/\r\n /g, "").split("\r\n");
}

/** Each VEVENT's properties, after checking that BEGIN/END nest properly. */
function icsEvents(text: string): Record<string, string>[] {
  const lines = icsLines(text);
  expect(lines[0]).toBe("BEGIN:VCALENDAR");
  expect(lines.at(-1)).toBe("END:VCALENDAR");
  expect(lines).toContain("VERSION:2.0");
  expect(lines.some((l) => l.startsWith("PRODID:"))).toBe(true);
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const l of lines.slice(1, -1)) {
    if (l === "BEGIN:VEVENT") {
      expect(current).toBeNull();
      current = {};
    } else if (l === "END:VEVENT") {
      events.push(current!);
      current = null;
    } else if (current) {
      const i = l.indexOf(":");
      current[l.slice(0, i)] = l.slice(i + 1);
    }
  }
  expect(current).toBeNull();
  for (const e of events) for (const k of ["UID", "DTSTAMP", "DTSTART", "SUMMARY"]) expect(e[k], k).toBeDefined();
  return events;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

describe("the notice", () => {
  it("gives the remote link with the place, carries an .ics, and reaches even those who chose “never”", async () => {
    const s = await meetingSetup(db);
    await db.updateTable("meeting").set({ remote_link: "https://visio.example.org/ago-2026", title: "AGO 2026, exercice; clos" }).where("id", "=", s.meetingId).execute();
    const someone = Object.values(s.people).flat()[0]!;
    await saveNotificationPreferences(db, someone.userId, { "meeting.convened": "never", "vote.opened": "never" } as never);
    const sent = await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "email", origin: "http://localhost:3000", locale: "fr" });
    expect(sent.count).toBe(12);
    const [mail] = await db.selectFrom("outbox").selectAll().where("recipient", "=", someone.email).execute();
    expect(mail!.body).toContain("Salle des fêtes, Tours");
    expect(mail!.body).toContain("https://visio.example.org/ago-2026");
    const [file, ...others] = await db.selectFrom("outbox_attachment").selectAll().where("outbox_id", "=", mail!.id).execute();
    expect(others).toHaveLength(0);
    expect(file!.name).toBe("convocation.ics");
    expect(file!.media_type).toMatch(/^text\/calendar/);
    const [event, ...more] = icsEvents(file!.content);
    expect(more).toHaveLength(0);
    expect(event!.DTSTART).toBe(stamp(s.startsAt));
    expect(event!.UID).toBe(`meeting-${s.meetingId}@cogere`);
    expect(event!.SUMMARY).toContain("AGO 2026\\, exercice\\; clos");
    expect(event!.LOCATION).toBe("Salle des fêtes\\, Tours");
    expect(event!.URL).toContain(`/o/${s.slug}/meetings/${s.meetingId}`);
    // Every recipient got it once, and the sending is recorded as a legal notice.
    const notes = await db.selectFrom("notification").selectAll().where("kind", "=", "meeting.convened").execute();
    expect(notes).toHaveLength(12);
    expect(new Set(notes.map((n) => n.recipient_id)).size).toBe(12);
    expect(notes.every((n) => n.mode === "immediate" && n.outbox_id)).toBe(true);
    // The outbox page names the attachment.
    const { rows } = await outboxPage(db, s.id, 1);
    expect(rows.find((r) => r.recipient === someone.email)!.attachments).toEqual(["convocation.ics"]);
  });
});

describe("the calendar feed", () => {
  it("is created from the account page and lists that person's meetings and vote deadlines only", async () => {
    const s = await meetingSetup(db);
    const other = await meetingSetup(db);
    await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    await sendNotice(db, { entity: other.entity, meetingId: other.meetingId, actorId: other.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    // A draft meeting is not listed.
    await createMeeting(db, { entity: s.entity, actorId: s.admin.id, meeting: { kind: "ago", title: "Brouillon", startsAt: new Date(Date.now() + 40 * DAY_MS), place: null, remoteLink: null, postalDeadline: null } });
    const closesAt = new Date(Date.now() + 5 * DAY_MS);
    await db.updateTable("resolution").set({ status: "open", closes_at: closesAt.toISOString(), title: "Vote en ligne" }).where("id", "=", s.resolutionId).execute();
    const person = Object.values(s.people).flat()[0]!;
    const token = await signIn(db, person.email, PASSWORD);

    const page = dataOf(await run(accountRoute.loader, db, { path: "/account", token }));
    expect(page.calendar).toBe(false);
    const created = dataOf(await run(accountRoute.action, db, { path: "/account", token, form: { intent: "calendar" } }));
    const url = new URL(created.calendarUrl);
    const file = url.pathname.split("/").pop()!;
    expect(url.pathname).toMatch(/^\/calendar\/[a-z2-7]{32}\.ics$/);
    expect(dataOf(await run(accountRoute.loader, db, { path: "/account", token })).calendar).toBe(true);
    // Only its hash is kept.
    const stored = await db.selectFrom("calendar_feed").selectAll().where("user_id", "=", person.userId).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(file.slice(0, -4));

    const res = (await run(calendarRoute.loader, db, { path: url.pathname, params: { file } })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/calendar/);
    const events = icsEvents(await res.text());
    expect(events.map((e) => e.UID).sort()).toEqual([`meeting-${s.meetingId}@cogere`, `vote-${s.resolutionId}@cogere`].sort());
    const vote = events.find((e) => e.UID?.startsWith("vote-"))!;
    expect(vote.DTEND).toBe(stamp(closesAt));
    expect(vote.SUMMARY).toContain("Vote en ligne");

    // Reset: the old address stops working.
    const again = dataOf(await run(accountRoute.action, db, { path: "/account", token, form: { intent: "calendar" } }));
    expect(again.calendarUrl).not.toBe(created.calendarUrl);
    expect(statusOf(await run(calendarRoute.loader, db, { path: url.pathname, params: { file } }))).toBe(404);
  });

  it("answers 404 for an unknown or malformed token, without signing in", async () => {
    for (const file of ["abcdefghijklmnopqrstuvwxyz234567.ics", "nope.ics", "abcdefghijklmnopqrstuvwxyz234567"]) {
      expect(statusOf(await run(calendarRoute.loader, db, { path: `/calendar/${file}`, params: { file } }))).toBe(404);
    }
  });

  it("saves the notification choices from the account page, never switching off a legal notice", async () => {
    const user = await makeUser(db, "Lina");
    const token = await signIn(db, user.email, PASSWORD);
    const res = await run(accountRoute.action, db, { path: "/account", token, form: { intent: "notifications", "vote.opened": "digest", "vote.result": "never", "meeting.convened": "never" } });
    expect(statusOf(res)).toBe(302);
    const prefs = dataOf(await run(accountRoute.loader, db, { path: "/account", token })).preferences as { kind: string; mode: string; legal: boolean }[];
    expect(Object.fromEntries(prefs.map((p) => [p.kind, p.mode]))).toEqual({ "vote.opened": "digest", "vote.closingSoon": "immediate", "vote.result": "never", "meeting.convened": "immediate", "expense.toApprove": "immediate", "minutes.finalized": "immediate" });
    const bad = await run(accountRoute.action, db, { path: "/account", token, form: { intent: "notifications", "vote.opened": "sometimes" } });
    expect(statusOf(bad)).toBe(400);
  });
});
