import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { readUpload } from "~/lib/storage.server";
import { castVote } from "~/services/voting.server";
import { checkIn, openMeeting, scheduleNextCall } from "~/services/meeting-attendance.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { giveMeetingProxy, revokeMeetingProxy } from "~/services/meeting-proxies.server";
import { closeMeetingResolution, openMeetingResolution, setHandCounts } from "~/services/meeting-votes.server";
import { meetingAttendance, noticeInfo, sendNotice, uploadDocument, type MeetingEntity } from "~/services/meetings.server";
import { createTestDb } from "../helpers/db";
import { DAY_MS, meetingSetup, type MeetingSetup } from "../helpers/meetings";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const DAY = DAY_MS;
const setup = (opts: MeetingSetup = {}) => meetingSetup(db, opts);

describe("meetings", () => {
  it("warns when the notice goes out too late, and mails every member the agenda and the link", async () => {
    const early = await setup({ startsInDays: 20 });
    const meeting = await db.selectFrom("meeting").selectAll().where("id", "=", early.meetingId).executeTakeFirstOrThrow();
    expect(noticeInfo(early.entity, meeting)).toMatchObject({ days: 15, late: false });
    const sent = await sendNotice(db, { entity: early.entity, meetingId: early.meetingId, actorId: early.admin.id, mode: "email", origin: "http://localhost:3000", locale: "fr" });
    expect(sent).toMatchObject({ count: 12, late: false });
    const mails = await db.selectFrom("outbox").select(["recipient", "body", "subject"]).where("entity_id", "=", early.id).execute();
    expect(mails).toHaveLength(12);
    expect(mails[0]!.body).toContain("1. Approbation des comptes");
    expect(mails[0]!.body).toContain(`http://localhost:3000/o/${early.slug}/meetings/${early.meetingId}`);

    db = await createTestDb();
    const late = await setup({ startsInDays: 10 });
    const lateSent = await sendNotice(db, { entity: late.entity, meetingId: late.meetingId, actorId: late.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    expect(lateSent.late).toBe(true);
    const audit = await db.selectFrom("audit_event").select("detail").where("action", "=", "meeting.convened").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ late: true, mode: "post" });
  });

  it("checks the proxy cap when a proxy is given, and a proxy can be taken back until the meeting opens", async () => {
    const s = await setup({ proxyCap: 2 });
    const holder = s.people["Salariés"]![0]!.memberId;
    const [a, b, c] = [s.people["Associations"]![0]!, s.people["Associations"]![1]!, s.people["Entreprises"]![0]!];
    await giveMeetingProxy(db, { entity: s.entity, meetingId: s.meetingId, principalId: a.memberId, holderId: holder, source: "online" });
    await giveMeetingProxy(db, { entity: s.entity, meetingId: s.meetingId, principalId: b.memberId, holderId: holder, source: "paper" });
    await expect(giveMeetingProxy(db, { entity: s.entity, meetingId: s.meetingId, principalId: c.memberId, holderId: holder, source: "online" })).rejects.toMatchObject({ key: "proxies.capReached", params: { count: 2, cap: 2 } });
    await revokeMeetingProxy(db, { entityId: s.id, meetingId: s.meetingId, principalId: b.memberId });
    await giveMeetingProxy(db, { entity: s.entity, meetingId: s.meetingId, principalId: c.memberId, holderId: holder, source: "online" });
    await checkIn(db, { entity: s.entity, meetingId: s.meetingId, memberId: holder, mode: "present", actorId: s.admin.id });
    await openMeeting(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, confirmDate: true });
    await expect(revokeMeetingProxy(db, { entityId: s.id, meetingId: s.meetingId, principalId: c.memberId })).rejects.toMatchObject({ key: "proxies.meetingOpen" });
    const att = await meetingAttendance(db, s.entity, (await db.selectFrom("meeting").selectAll().where("id", "=", s.meetingId).executeTakeFirstOrThrow()));
    expect(att.counted).toBe(3);
    // The proxy from an Entreprises member counts in Entreprises.
    expect(att.colleges.find((x) => x.collegeId === s.colleges["Entreprises"])).toMatchObject({ represented: 1 });
  });

  it("refuses postal votes after the deadline, counts those in time when the vote opens, and blocks votes without quorum", async () => {
    const s = await setup({ quorum: "1/2" });
    const deadline = new Date(s.startsAt.getTime() - DAY);
    const [p1, p2] = [s.people["Associations"]![0]!, s.people["Collectivités"]![0]!];
    await castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: p1.memberId, resolutionId: s.resolutionId, choice: "for", source: "online" });
    await expect(castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: p2.memberId, resolutionId: s.resolutionId, choice: "against", source: "paper", receivedAt: new Date(deadline.getTime() + 60_000) })).rejects.toMatchObject({ key: "postal.afterDeadline" });
    await expect(castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: p2.memberId, resolutionId: s.resolutionId, choice: "against", source: "online", now: new Date(deadline.getTime() + 1000) })).rejects.toMatchObject({ key: "postal.afterDeadline" });

    // 12 members: 1 postal + 4 present = 5 < 6 required.
    for (const p of [s.people["Salariés"]![0]!, s.people["Salariés"]![1]!, s.people["Entreprises"]![0]!, s.people["Entreprises"]![1]!]) {
      await checkIn(db, { entity: s.entity, meetingId: s.meetingId, memberId: p.memberId, mode: "present", actorId: s.admin.id });
    }
    await openMeeting(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, confirmDate: true });
    await expect(openMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id })).rejects.toMatchObject({ key: "meetings.quorumNotReached", params: { present: "5", required: "6" } });
    await checkIn(db, { entity: s.entity, meetingId: s.meetingId, memberId: s.people["Collectivités"]![1]!.memberId, mode: "remote", actorId: s.admin.id });
    await openMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id });
    const postal = await db.selectFrom("ballot").select(["choice", "channel"]).where("resolution_id", "=", s.resolutionId).where("member_id", "=", p1.memberId).executeTakeFirstOrThrow();
    expect(postal).toEqual({ choice: "for", channel: "postal" });
    // Someone not checked in cannot vote in the room.
    await expect(castVote(db, { entityId: s.id, userId: s.people["Associations"]![2]!.userId, resolutionId: s.resolutionId, choice: "for" })).rejects.toMatchObject({ key: "voting.notCheckedIn" });
    const { receipt } = await castVote(db, { entityId: s.id, userId: s.people["Salariés"]![0]!.userId, resolutionId: s.resolutionId, choice: "against" });
    expect(receipt).toBeTruthy();
    expect((await db.selectFrom("participation").select("channel").where("member_id", "=", s.people["Salariés"]![0]!.memberId).executeTakeFirstOrThrow()).channel).toBe("room");
  });

  it("combines show-of-hands counts with the ballots, and the result says so", async () => {
    const s = await setup({ quorum: null });
    const voter = s.people["Associations"]![0]!;
    for (const p of [...s.people["Associations"]!, ...s.people["Entreprises"]!]) await checkIn(db, { entity: s.entity, meetingId: s.meetingId, memberId: p.memberId, mode: "present", actorId: s.admin.id });
    await openMeeting(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, confirmDate: true });
    await openMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id });
    await castVote(db, { entityId: s.id, userId: voter.userId, resolutionId: s.resolutionId, choice: "against" });
    await setHandCounts(db, {
      entity: s.entity,
      meetingId: s.meetingId,
      resolutionId: s.resolutionId,
      counts: [
        { collegeId: s.colleges["Associations"]!, for: 2, against: 0, abstain: 0 },
        { collegeId: s.colleges["Entreprises"]!, for: 1, against: 1, abstain: 1 },
      ],
    });
    await closeMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id });
    const result = JSON.parse((await db.selectFrom("resolution").select("result").where("id", "=", s.resolutionId).executeTakeFirstOrThrow()).result!);
    // Associations: 2 hands for + 1 ballot against → 2/3 of 3/10; Entreprises 1/2 of 3/10 (abstention aside); base 3/5.
    expect(result.tally).toMatchObject({ for: "7/20", against: "1/4", base: "3/5", share: "7/12", adopted: true });
    expect(result.channels).toMatchObject({ room: 1, "show-of-hands": 5 });
  });

  it("schedules the next call from a meeting without quorum, moving its draft resolutions", async () => {
    const s = await setup({ quorum: "1/2" });
    await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    await openMeeting(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, confirmDate: true });
    const { id } = await scheduleNextCall(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, startsAt: new Date(Date.now() + 30 * DAY) });
    const next = await db.selectFrom("meeting").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(next).toMatchObject({ call: 2, previous_meeting_id: s.meetingId, status: "draft" });
    expect((await db.selectFrom("resolution").select("meeting_id").where("id", "=", s.resolutionId).executeTakeFirstOrThrow()).meeting_id).toBe(id);
    const old = await db.selectFrom("meeting").select(["status", "quorum"]).where("id", "=", s.meetingId).executeTakeFirstOrThrow();
    expect(old.status).toBe("closed");
    expect(JSON.parse(old.quorum!).closing.quorums.ordinary).toMatchObject({ reached: false, required: "6", present: "0" });
    expect(noticeInfo(s.entity, next).days).toBe(10);
  });

  it("stores documents of an accepted type and size only", async () => {
    const s = await setup();
    const pdf = new TextEncoder().encode("%PDF-1.4\n% test\n");
    const { id } = await uploadDocument(db, { entityId: s.id, meetingId: s.meetingId, actorId: s.admin.id, name: "Rapport de gestion.pdf", bytes: pdf });
    const doc = await db.selectFrom("meeting_document").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(doc).toMatchObject({ media_type: "application/pdf", size: pdf.length });
    expect(new Uint8Array(await readUpload(db, doc.storage_key))).toEqual(pdf);
    await expect(uploadDocument(db, { entityId: s.id, meetingId: s.meetingId, actorId: s.admin.id, name: "virus.exe", bytes: pdf })).rejects.toMatchObject({ key: "documents.type", field: "file" });
    await expect(uploadDocument(db, { entityId: s.id, meetingId: s.meetingId, actorId: s.admin.id, name: "fake.pdf", bytes: new TextEncoder().encode("<html>") })).rejects.toMatchObject({ key: "documents.content" });
    await expect(uploadDocument(db, { entityId: s.id, meetingId: s.meetingId, actorId: s.admin.id, name: "big.pdf", bytes: new Uint8Array(10 * 1024 * 1024 + 1).fill(0x25) })).rejects.toMatchObject({ key: "documents.size" });
  });
});

describe("meeting pages", () => {
  it("serve the secretary's desk, the member's options and the projector, and refuse members the desk", async () => {
    const { signIn, run, dataOf, statusOf } = await import("../helpers/app");
    const { PASSWORD } = await import("../helpers/factories");
    const meetingRoute = await import("~/routes/entity.meeting");
    const attendanceRoute = await import("~/routes/entity.meeting.attendance");
    const projectorRoute = await import("~/routes/entity.meeting.projector");
    const s = await setup({ proxyCap: 1 });
    await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    const admin = await signIn(db, s.admin.email, PASSWORD);
    const params = { slug: s.slug, meetingId: s.meetingId };
    const a = s.people["Associations"]![0]!;
    const b = s.people["Associations"]![1]!;
    const holder = s.people["Salariés"]![0]!;
    const member = await signIn(db, a.email, PASSWORD);
    const other = await signIn(db, b.email, PASSWORD);

    // Members give proxies through the page; the second one to the same holder is over the cap.
    expect(statusOf(await run(meetingRoute.action, db, { path: "/", token: member, params, form: { intent: "proxy", holderMemberId: holder.memberId } }))).toBe(302);
    const refused = await run(meetingRoute.action, db, { path: "/", token: other, params, form: { intent: "proxy", holderMemberId: holder.memberId } });
    expect(statusOf(refused)).toBe(409);
    expect(dataOf(refused).errors.holderMemberId).toMatchObject({ key: "proxies.capReached", params: { name: holder.name, count: 1, cap: 1 } });
    const page = dataOf(await run(meetingRoute.loader, db, { path: `/?holder=sal`, token: other, params }));
    expect(page.me.holders.length).toBeGreaterThan(0);
    expect(page.me.proxy).toBeNull();

    // The desk: check in, quorum, then the session and a vote.
    expect(statusOf(await run(attendanceRoute.loader, db, { path: "/", token: member, params }))).toBe(403);
    expect(statusOf(await run(attendanceRoute.action, db, { path: "/", token: member, params, form: { intent: "check-in", memberId: a.memberId, mode: "present" } }))).toBe(403);
    for (const p of [holder, ...s.people["Entreprises"]!]) {
      expect(statusOf(await run(attendanceRoute.action, db, { path: "/", token: admin, params, form: { intent: "check-in", memberId: p.memberId, mode: "present" } }))).toBe(302);
    }
    const desk = dataOf(await run(attendanceRoute.loader, db, { path: "/?q=entreprises", token: admin, params }));
    expect(desk.attendance.counted).toBe(5);
    expect(desk.attendance.quorums.ordinary).toMatchObject({ required: "12/5", present: "5", reached: true });
    expect(desk.found.length).toBe(3);
    expect(statusOf(await run(meetingRoute.action, db, { path: "/", token: admin, params, form: { intent: "open-meeting", confirmDate: "1" } }))).toBe(302);
    expect(statusOf(await run(meetingRoute.action, db, { path: "/", token: admin, params, form: { intent: "open-resolution", resolutionId: s.resolutionId } }))).toBe(302);
    await castVote(db, { entityId: s.id, userId: holder.userId, resolutionId: s.resolutionId, choice: "for", forMemberId: a.memberId });
    const screen = dataOf(await run(projectorRoute.loader, db, { path: "/", token: admin, params }));
    expect(screen.current).toMatchObject({ number: "1", status: "open", voted: 1, showResult: false });
    expect(statusOf(await run(meetingRoute.action, db, { path: "/", token: admin, params, form: { intent: "close-resolution", confirmed: "1", resolutionId: s.resolutionId } }))).toBe(302);
    const after = dataOf(await run(projectorRoute.loader, db, { path: "/", token: admin, params }));
    expect(after.current).toMatchObject({ status: "closed", showResult: true, adopted: true });
  });
});

describe("an association's own notice period", () => {
  it("comes from the settings, and the default is 15 days", async () => {
    const { signIn, run, statusOf } = await import("../helpers/app");
    const { PASSWORD } = await import("../helpers/factories");
    const settingsRoute = await import("~/routes/entity.settings");
    const s = await setup();
    const token = await signIn(db, s.admin.email, PASSWORD);
    const form = { name: "Asso", legalForm: "association", address: "", registrationNumber: "", shareNominal: "", collegesEnabled: "on" };
    expect(statusOf(await run(settingsRoute.action, db, { path: "/", token, params: { slug: s.slug }, form: { ...form, noticeDays: "21" } }))).toBe(302);
    const meeting = await db.selectFrom("meeting").selectAll().where("id", "=", s.meetingId).executeTakeFirstOrThrow();
    const entity = (await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()) as MeetingEntity;
    expect(noticeInfo(entity, meeting).days).toBe(21);
    expect(statusOf(await run(settingsRoute.action, db, { path: "/", token, params: { slug: s.slug }, form: { ...form, noticeDays: "" } }))).toBe(302);
    const again = (await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()) as MeetingEntity;
    expect(noticeInfo(again, meeting).days).toBe(15);
  });
});

describe("a written consultation", () => {
  it("opens its votes once convened, without a session or check-in, and members vote online", async () => {
    const s = await setup({ quorum: null });
    await db.updateTable("meeting").set({ kind: "written" }).where("id", "=", s.meetingId).execute();
    await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "email", origin: "http://x", locale: "fr" });
    await openMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id });
    await castVote(db, { entityId: s.id, userId: s.people["Associations"]![0]!.userId, resolutionId: s.resolutionId, choice: "for" });
    expect((await db.selectFrom("participation").select("channel").where("resolution_id", "=", s.resolutionId).executeTakeFirstOrThrow()).channel).toBe("online");
    const { closeMeeting } = await import("~/services/meeting-attendance.server");
    await closeMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id });
    await closeMeeting(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id });
    expect((await db.selectFrom("meeting").select("status").where("id", "=", s.meetingId).executeTakeFirstOrThrow()).status).toBe("closed");
  });
});
