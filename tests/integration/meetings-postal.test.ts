// Postal votes survive later edits of the meeting; a secret vote's are encrypted on receipt, enter
// its ballot box at the opening, and keep no member-to-choice link.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { TODAY } from "../helpers/voting";
import { checkIn, openMeeting } from "~/services/meeting-attendance.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { closeMeetingResolution, openMeetingResolution } from "~/services/meeting-votes.server";
import { removeAgendaItem, sendNotice, updateMeetingDetails } from "~/services/meetings.server";
import { publishTrusteeKey, setTrustees } from "~/services/trustees.server";
import { ballotTracker } from "~/crypto/box";
import { generateTrusteeKey } from "~/crypto/trustee";
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

  it("encrypts a secret resolution's postal votes on receipt, keeps no plaintext choice anywhere, puts the ones counted in the box at the opening, and closes with the right totals", async () => {
    const s = await meetingSetup(db, { secret: true, quorum: null });
    await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    // The notice gives the secret resolution its election: postal votes are encrypted from now on.
    expect(await db.selectFrom("election").select(["mode", "status"]).where("resolution_id", "=", s.resolutionId).executeTakeFirst()).toEqual({ mode: "server", status: "ready" });
    const voters = [...s.people["Associations"]!, s.people["Entreprises"]![0]!];
    const trackers: string[] = [];
    for (const [i, p] of voters.entries()) {
      const { tracker } = await castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: p.memberId, resolutionId: s.resolutionId, choice: i % 2 ? "against" : "for", source: i === 1 ? "paper" : "online", receivedAt: new Date() });
      trackers.push(tracker!);
    }
    const received = await db.selectFrom("postal_vote").select(["member_id", "choice", "ballot"]).where("resolution_id", "=", s.resolutionId).execute();
    expect(received).toHaveLength(4);
    expect(received.filter((r) => r.choice != null)).toEqual([]);
    for (const r of received) {
      const ballot = JSON.parse(r.ballot!);
      const member = voters.find((v) => v.memberId === r.member_id)!;
      // Encrypted with the member's college and own weight, and nothing else: no choice in clear.
      expect(Object.keys(ballot).sort()).toEqual(["choices", "college", "electionId", "overall", "proofs", "weightMicro"]);
      expect({ college: ballot.college, weightMicro: ballot.weightMicro, electionId: ballot.electionId }).toEqual({ college: s.colleges[member.college]!, weightMicro: "1000000", electionId: s.resolutionId });
      expect(trackers).toContain(ballotTracker(ballot));
    }
    // One postal voter leaves the cooperative before the meeting: their form is no ballot.
    await db.updateTable("member").set({ exited_on: TODAY() }).where("id", "=", voters[3]!.memberId).execute();
    await checkIn(db, { entity: s.entity, meetingId: s.meetingId, memberId: s.people["Salariés"]![0]!.memberId, mode: "present", actorId: s.admin.id });
    await openMeeting(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, confirmDate: true });
    expect(await openMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id })).toEqual({ setAside: 0 });

    // In the box under the trackers the voters were given, in the trackers' order (not the order received); nothing of theirs kept by post.
    const box = await db.selectFrom("encrypted_ballot").select(["tracker", "college_id", "weight_micro"]).where("resolution_id", "=", s.resolutionId).orderBy("position").execute();
    expect(box.map((b) => b.tracker)).toEqual(trackers.slice(0, 3).sort());
    expect(box.every((b) => b.college_id === s.colleges["Associations"] && b.weight_micro === 1_000_000)).toBe(true);
    const rows = await db.selectFrom("postal_vote").select(["member_id", "choice", "ballot", "counted"]).where("resolution_id", "=", s.resolutionId).execute();
    expect(rows.filter((r) => r.choice != null || r.ballot != null)).toEqual([]);
    expect(rows.filter((r) => r.counted === 1).map((r) => r.member_id).sort()).toEqual(voters.slice(0, 3).map((v) => v.memberId).sort());
    const participation = await db.selectFrom("participation").select(["member_id", "channel"]).where("resolution_id", "=", s.resolutionId).execute();
    expect(participation.map((p) => p.channel)).toEqual(["postal", "postal", "postal"]);
    expect(await db.selectFrom("ballot").selectAll().where("resolution_id", "=", s.resolutionId).execute()).toEqual([]);

    await closeMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id });
    expect(await db.selectFrom("postal_vote").select("choice").where((eb) => eb.or([eb("choice", "is not", null), eb("ballot", "is not", null)])).execute()).toEqual([]);
    const result = JSON.parse((await db.selectFrom("resolution").select("result").where("id", "=", s.resolutionId).executeTakeFirstOrThrow()).result!);
    const college = (name: string) => result.tally.colleges.find((c: { id: string }) => c.id === s.colleges[name]);
    // Associations: "for", "against" (on paper), "for"; the member who left is not counted.
    expect(college("Associations")).toMatchObject({ for: "2", against: "1", abstain: "0" });
    expect(college("Entreprises")).toMatchObject({ for: "0", against: "0", abstain: "0" });
    expect(result.voted).toBe(3);
    expect(result.channels).toEqual({ postal: 3 });
    expect(result.boxHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("sets aside, at the opening, a secret postal ballot whose member changed college or weight since it was received: journaled, no participation, nothing in the box", async () => {
    const s = await meetingSetup(db, { secret: true, quorum: null });
    await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    const [heavier, moved, kept] = s.people["Associations"]!;
    for (const p of [heavier!, moved!, kept!]) await castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: p.memberId, resolutionId: s.resolutionId, choice: "for", source: "online" });
    // After the forms were received: a new weight for one, another college for the other.
    await db.updateTable("member").set({ voting_weight_micro: 2_000_000 }).where("id", "=", heavier!.memberId).execute();
    await db.updateTable("member").set({ college_id: s.colleges["Salariés"]! }).where("id", "=", moved!.memberId).execute();
    await checkIn(db, { entity: s.entity, meetingId: s.meetingId, memberId: s.people["Salariés"]![0]!.memberId, mode: "present", actorId: s.admin.id });
    await openMeeting(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, confirmDate: true });
    expect(await openMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id })).toEqual({ setAside: 2 });

    expect(await db.selectFrom("encrypted_ballot").select("weight_micro").where("resolution_id", "=", s.resolutionId).execute()).toEqual([{ weight_micro: 1_000_000 }]);
    expect(await db.selectFrom("participation").select("member_id").where("resolution_id", "=", s.resolutionId).execute()).toEqual([{ member_id: kept!.memberId }]);
    const counted = Object.fromEntries((await db.selectFrom("postal_vote").select(["member_id", "counted", "ballot"]).where("resolution_id", "=", s.resolutionId).execute()).map((r) => [r.member_id, [r.counted, r.ballot]]));
    expect(counted).toEqual({ [heavier!.memberId]: [2, null], [moved!.memberId]: [2, null], [kept!.memberId]: [1, null] });
    const events = await db.selectFrom("audit_event").select(["detail", "subject_id"]).where("action", "=", "postal.setAside").execute();
    expect(events.map((e) => ({ subject: e.subject_id, ...JSON.parse(e.detail!) })).sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { subject: s.resolutionId, memberId: moved!.memberId, reason: "college" },
      { subject: s.resolutionId, memberId: heavier!.memberId, reason: "weight" },
    ]);
    await closeMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id });
    const result = JSON.parse((await db.selectFrom("resolution").select("result").where("id", "=", s.resolutionId).executeTakeFirstOrThrow()).result!);
    expect(result.voted).toBe(1);
    expect(result.tally.colleges.find((c: { id: string }) => c.id === s.colleges["Associations"])).toMatchObject({ for: "1" });
  });

  it("in trustee mode, sends the notice but refuses postal votes, naming the trustees, until every one has published a key; then encrypts them", async () => {
    const s = await meetingSetup(db, { secret: true, quorum: null });
    const [t1, t2] = s.people["Salariés"]!;
    await setTrustees(db, { entityId: s.id, resolutionId: s.resolutionId, actorId: s.admin.id, userIds: [t1!.userId, t2!.userId] });
    const sent = await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    expect(sent.count).toBe(0);
    expect((await findMeetingRow(db, s.meetingId)).status).toBe("convened");
    const voter = s.people["Associations"]![0]!;
    const cast = () => castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: voter.memberId, resolutionId: s.resolutionId, choice: "against", source: "online" });
    await expect(cast()).rejects.toMatchObject({ key: "postal.keysMissing", status: 409, params: { names: `${t1!.name}, ${t2!.name}`, count: 2 } });

    // Through the page: the member reads who is missing instead of a form, and a post is refused with their names.
    const meetingRoute = await import("~/routes/entity.meeting");
    const token = await signIn(db, voter.email, PASSWORD);
    const params = { slug: s.slug, meetingId: s.meetingId };
    const page = dataOf(await run(meetingRoute.loader, db, { path: "/", token, params }));
    expect(page.secrecy[s.resolutionId]).toMatchObject({ mode: "trustees", waitingFor: [t1!.name, t2!.name] });
    const refused = await run(meetingRoute.action, db, { path: "/", token, params, form: { intent: "postal", resolutionId: s.resolutionId, choice: "against" } });
    expect(statusOf(refused)).toBe(409);
    expect(dataOf(refused).errors.resolutionId).toMatchObject({ key: "postal.keysMissing", params: { names: `${t1!.name}, ${t2!.name}` } });
    expect(await db.selectFrom("postal_vote").selectAll().execute()).toEqual([]);

    for (const t of [t1!, t2!]) {
      const trustee = await db.selectFrom("election_trustee").select("name").where("resolution_id", "=", s.resolutionId).where("user_id", "=", t.userId).executeTakeFirstOrThrow();
      await publishTrusteeKey(db, { entityId: s.id, resolutionId: s.resolutionId, userId: t.userId, key: generateTrusteeKey(s.resolutionId, trustee.name).key });
    }
    const { tracker } = await cast();
    const row = await db.selectFrom("postal_vote").select(["choice", "ballot"]).where("member_id", "=", voter.memberId).executeTakeFirstOrThrow();
    expect(row.choice).toBeNull();
    expect(ballotTracker(JSON.parse(row.ballot!))).toBe(tracker);
    expect(dataOf(await run(meetingRoute.loader, db, { path: "/", token, params })).me.trackers).toEqual({ [s.resolutionId]: tracker });
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
