// Postal votes survive later edits of the meeting, and a secret vote keeps no member-to-choice link.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { TODAY } from "../helpers/voting";
import { checkIn, openMeeting } from "~/services/meeting-attendance.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { closeMeetingResolution, openMeetingResolution } from "~/services/meeting-votes.server";
import { removeAgendaItem, sendNotice, updateMeetingDetails } from "~/services/meetings.server";
import { listAgenda } from "~/queries/meetings.server";
import { createTestDb } from "../helpers/db";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { PASSWORD } from "../helpers/factories";
import { findMeetingRow, meetingSetup } from "../helpers/meetings";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

describe("postal votes and later edits of a meeting", () => {
  it("refuses a deadline before a postal vote already received, and audits every change, shown on the meeting's page", async () => {
    const s = await meetingSetup(db);
    await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    const voters = [...s.people["Associations"]!, s.people["Entreprises"]![0]!];
    for (const p of voters) await castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: p.memberId, resolutionId: s.resolutionId, choice: "for", source: "online" });
    const before = await findMeetingRow(db, s.meetingId);
    const details = { kind: "ago" as const, title: before.title, startsAt: s.startsAt, place: before.place, remoteLink: null };

    await expect(updateMeetingDetails(db, { entityId: s.id, actorId: s.admin.id, meetingId: s.meetingId, meeting: { ...details, postalDeadline: new Date(Date.now() - 3600_000) } })).rejects.toMatchObject({ key: "meetings.deadlineBeforePostal", field: "postalDeadline", status: 422 });
    expect((await findMeetingRow(db, s.meetingId)).postal_deadline).toBe(before.postal_deadline);

    const later = new Date(s.startsAt.getTime() - 3600_000);
    await updateMeetingDetails(db, { entityId: s.id, actorId: s.admin.id, meetingId: s.meetingId, meeting: { ...details, place: "Mairie de Tours", postalDeadline: later } });
    const events = await db.selectFrom("audit_event").select(["action", "detail", "subject_type", "subject_id"]).where("action", "=", "meeting.updated").execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subject_type: "meeting", subject_id: s.meetingId });
    expect(JSON.parse(events[0]!.detail!)).toEqual({ before: { place: "Salle des fêtes, Tours", postalDeadline: before.postal_deadline }, after: { place: "Mairie de Tours", postalDeadline: later.toISOString() } });

    // Through the page: the same refusal, beside the field, with the values kept.
    const meetingRoute = await import("~/routes/entity.meeting");
    const token = await signIn(db, s.admin.email, PASSWORD);
    const params = { slug: s.slug, meetingId: s.meetingId };
    const refused = await run(meetingRoute.action, db, { path: "/", token, params, form: { intent: "details", kind: "ago", title: "AGO 2026", startsAt: "2099-01-01T10:00", place: "", remoteLink: "", postalDeadline: "2020-01-01T10:00" } });
    expect(statusOf(refused)).toBe(422);
    expect(dataOf(refused)).toMatchObject({ intent: "details", errors: { postalDeadline: { key: "meetings.deadlineBeforePostal" } }, values: { postalDeadline: "2020-01-01T10:00" } });
    const page = dataOf(await run(meetingRoute.loader, db, { path: "/", token, params }));
    const actions: string[] = page.history.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe("meeting.updated");
    expect(new Set(actions)).toEqual(new Set(["meeting.created", "meeting.itemAdded", "meeting.convened", "meeting.updated"]));
  });

  it("keeps no choice of a secret resolution's postal votes once the vote has opened, counted or not, and keeps who voted by post", async () => {
    const s = await meetingSetup(db, { secret: true, quorum: null });
    await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    const voters = [...s.people["Associations"]!, s.people["Entreprises"]![0]!];
    for (const [i, p] of voters.entries()) await castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: p.memberId, resolutionId: s.resolutionId, choice: i % 2 ? "against" : "for", source: "online" });
    // One postal voter leaves the cooperative before the meeting: their form is no ballot.
    await db.updateTable("member").set({ exited_on: TODAY() }).where("id", "=", voters[3]!.memberId).execute();
    await checkIn(db, { entity: s.entity, meetingId: s.meetingId, memberId: s.people["Salariés"]![0]!.memberId, mode: "present", actorId: s.admin.id });
    await openMeeting(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, confirmDate: true });
    await openMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id });

    const rows = await db.selectFrom("postal_vote").select(["member_id", "choice", "counted"]).where("resolution_id", "=", s.resolutionId).execute();
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.choice != null)).toEqual([]);
    expect(rows.filter((r) => r.counted === 1)).toHaveLength(3);
    const ballots = await db.selectFrom("ballot").select(["member_id", "choice"]).where("resolution_id", "=", s.resolutionId).execute();
    expect(ballots).toHaveLength(3);
    expect(ballots.every((b) => b.member_id == null)).toBe(true);
    await closeMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id });
    expect((await db.selectFrom("postal_vote").select("choice").where("choice", "is not", null).execute())).toEqual([]);
  });

  it("refuses a postal vote on a resolution whose vote has already opened, instead of keeping a vote never counted", async () => {
    const s = await meetingSetup(db, { quorum: null });
    await db.updateTable("meeting").set({ kind: "written" }).where("id", "=", s.meetingId).execute();
    await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    await openMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id });
    const p = s.people["Associations"]![0]!;
    await expect(castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: p.memberId, resolutionId: s.resolutionId, choice: "for", source: "paper", receivedAt: new Date() })).rejects.toMatchObject({ key: "postal.voteOpen", status: 409 });
    expect(await db.selectFrom("postal_vote").selectAll().execute()).toEqual([]);
  });

  it("keeps on the agenda a resolution members already voted on by post", async () => {
    const s = await meetingSetup(db);
    await castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: s.people["Associations"]![0]!.memberId, resolutionId: s.resolutionId, choice: "for", source: "online" });
    const [item] = await listAgenda(db, s.meetingId);
    await expect(removeAgendaItem(db, { entityId: s.id, actorId: s.admin.id, meetingId: s.meetingId, itemId: item!.id })).rejects.toMatchObject({ key: "meetings.itemHasPostal", status: 409 });
    expect(await listAgenda(db, s.meetingId)).toHaveLength(1);
  });
});
