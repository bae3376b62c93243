// A later call with the same agenda: the postal forms and proxies of the first call stand (R225-77, R225-79).
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { castVote } from "~/services/voting.server";
import { checkIn, openMeeting, scheduleNextCall } from "~/services/meeting-attendance.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { giveMeetingProxy, revokeMeetingProxy } from "~/services/meeting-proxies.server";
import { closeMeetingResolution, openMeetingResolution } from "~/services/meeting-votes.server";
import { meetingAttendance, sendNotice } from "~/services/meetings.server";
import { createTestDb } from "../helpers/db";
import { DAY_MS, findMeetingRow, meetingSetup } from "../helpers/meetings";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

describe("the next call of a meeting without quorum", () => {
  it.each([
    { vote: "an open vote", secret: false },
    { vote: "a secret vote (encrypted postal ballots)", secret: true },
  ])("counts the first call's postal votes and proxies in its quorum, and each of them once in the tally: $vote", async ({ secret }) => {
    // 12 members; 2/3 at the first call (8 needed), 1/2 at the next (6 needed).
    const s = await meetingSetup(db, { quorum: "2/3", quorumLater: "1/2", secret });
    const [p1, p2, p3] = s.people["Associations"]!;
    const [holder, x, y] = s.people["Salariés"]!;
    const [a, b, c] = s.people["Entreprises"]!;
    const m1 = { entity: s.entity, meetingId: s.meetingId };
    await sendNotice(db, { ...m1, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    for (const p of [p1!, p2!, p3!]) await castPostalVote(db, { ...m1, memberId: p.memberId, resolutionId: s.resolutionId, choice: "for", source: "paper", receivedAt: new Date() });
    await giveMeetingProxy(db, { ...m1, principalId: a!.memberId, holderId: holder!.memberId, source: "online" });
    await giveMeetingProxy(db, { ...m1, principalId: b!.memberId, holderId: null, source: "paper" });
    // A proxy taken back before the first call stays taken back.
    await giveMeetingProxy(db, { ...m1, principalId: c!.memberId, holderId: holder!.memberId, source: "online" });
    await revokeMeetingProxy(db, { entityId: s.id, meetingId: s.meetingId, principalId: c!.memberId });
    await checkIn(db, { ...m1, memberId: holder!.memberId, mode: "present", actorId: s.admin.id });
    const first = await meetingAttendance(db, s.entity, await findMeetingRow(db, s.meetingId));
    expect(first.quorums.ordinary).toMatchObject({ reached: false });
    expect(first.counted).toBe(6);
    await openMeeting(db, { ...m1, actorId: s.admin.id, confirmDate: true });
    const { id: m2Id } = await scheduleNextCall(db, { ...m1, actorId: s.admin.id, startsAt: new Date(Date.now() + 12 * DAY_MS) });
    const m2 = { entity: s.entity, meetingId: m2Id };

    // The second call: the holder, two more members, and one postal voter who comes after all.
    for (const p of [holder!, x!, y!, p3!]) await checkIn(db, { ...m2, memberId: p.memberId, mode: "present", actorId: s.admin.id });
    const second = await meetingAttendance(db, s.entity, await findMeetingRow(db, m2Id));
    expect(second.counted).toBe(8);
    expect(second.sets.postal).toEqual(new Set([p1!.memberId, p2!.memberId]));
    expect(second.sets.represented).toEqual(new Set([a!.memberId, b!.memberId]));
    const quorum = second.quorums.ordinary!;
    expect({ required: quorum.required.toString(), present: quorum.present.toString(), reached: quorum.reached }).toEqual({ required: "6", present: "8", reached: true });
    expect(second.proxies.map((p) => p.principalId).sort()).toEqual([a!.memberId, b!.memberId].sort());
    // The first call's figures stay as they were.
    expect((await meetingAttendance(db, s.entity, await findMeetingRow(db, s.meetingId))).counted).toBe(6);

    await openMeeting(db, { ...m2, actorId: s.admin.id, confirmDate: true });
    // A secret vote: the forms of the first call were encrypted on receipt (its notice gave the
    // resolution its election); the next call keeps them as they are.
    const postalRows = () => db.selectFrom("postal_vote").select(["choice", "ballot"]).where("resolution_id", "=", s.resolutionId).execute();
    if (secret) expect((await postalRows()).map((r) => [r.choice, r.ballot != null])).toEqual([[null, true], [null, true], [null, true]]);
    await openMeetingResolution(db, { ...m2, resolutionId: s.resolutionId, actorId: s.admin.id });
    for (const p of [holder!, x!, y!]) await castVote(db, { entityId: s.id, userId: p.userId, resolutionId: s.resolutionId, choice: "against" });
    await castVote(db, { entityId: s.id, userId: holder!.userId, resolutionId: s.resolutionId, choice: "against", forMemberId: a!.memberId });
    await expect(castVote(db, { entityId: s.id, userId: holder!.userId, resolutionId: s.resolutionId, choice: "against", forMemberId: c!.memberId })).rejects.toMatchObject({ key: "voting.noProxy" });
    await closeMeetingResolution(db, { ...m2, resolutionId: s.resolutionId, actorId: s.admin.id });

    const participants = await db.selectFrom("participation").select(["member_id", "channel"]).where("resolution_id", "=", s.resolutionId).execute();
    expect(participants).toHaveLength(8);
    expect(new Set(participants.map((p) => p.member_id)).size).toBe(8);
    const result = JSON.parse((await db.selectFrom("resolution").select("result").where("id", "=", s.resolutionId).executeTakeFirstOrThrow()).result!);
    expect(result.voted).toBe(8);
    expect(result.channels).toEqual({ postal: 3, room: 3, proxy: 1, "blank-proxy": 1 });
    // The same totals either way: three postal "for" (Associations), three "against" in the room
    // (Salariés), a proxy "against" and a blank proxy with the board's "for" (Entreprises).
    const college = (name: string) => result.tally.colleges.find((c: { id: string }) => c.id === s.colleges[name]);
    expect(college("Associations")).toMatchObject({ for: "3", against: "0", abstain: "0" });
    expect(college("Salariés")).toMatchObject({ for: "0", against: "3", abstain: "0" });
    expect(college("Entreprises")).toMatchObject({ for: "1", against: "1", abstain: "0" });
    expect(college("Collectivités")).toMatchObject({ for: "0", against: "0", abstain: "0" });
    const boxed = await db.selectFrom("encrypted_ballot").select((eb) => eb.fn.countAll<number>().as("n")).where("resolution_id", "=", s.resolutionId).executeTakeFirstOrThrow();
    const legacy = await db.selectFrom("ballot").select((eb) => eb.fn.countAll<number>().as("n")).where("resolution_id", "=", s.resolutionId).executeTakeFirstOrThrow();
    // A secret vote's ballots are all in its box, and no choice stays in clear anywhere.
    expect([Number(boxed.n), Number(legacy.n)]).toEqual(secret ? [8, 0] : [0, 8]);
    if (secret) expect((await postalRows()).filter((r) => r.choice != null || r.ballot != null)).toEqual([]);
  });
});
