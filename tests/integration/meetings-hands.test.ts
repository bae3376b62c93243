// Show-of-hands counts: only the resolution's colleges, never more hands than members who may still raise one.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { castVote } from "~/services/voting.server";
import { checkIn, openMeeting } from "~/services/meeting-attendance.server";
import { giveMeetingProxy } from "~/services/meeting-proxies.server";
import { closeMeetingResolution, openMeetingResolution, setHandCounts } from "~/services/meeting-votes.server";
import { createTestDb } from "../helpers/db";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { PASSWORD } from "../helpers/factories";
import { meetingSetup } from "../helpers/meetings";
import { makeScic } from "../helpers/register";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

async function openVote() {
  const s = await meetingSetup(db, { quorum: null });
  const [a0, a1, a2] = s.people["Associations"]!;
  const here = { entity: s.entity, meetingId: s.meetingId };
  for (const p of [a0!, a1!, s.people["Entreprises"]![0]!]) await checkIn(db, { ...here, memberId: p.memberId, mode: "present", actorId: s.admin.id });
  await giveMeetingProxy(db, { ...here, principalId: a2!.memberId, holderId: a0!.memberId, source: "paper" });
  // A blank proxy votes with the board at the close, never by hand.
  await giveMeetingProxy(db, { ...here, principalId: s.people["Collectivités"]![0]!.memberId, holderId: null, source: "paper" });
  await openMeeting(db, { ...here, actorId: s.admin.id, confirmDate: true });
  await openMeetingResolution(db, { ...here, resolutionId: s.resolutionId, actorId: s.admin.id });
  await castVote(db, { entityId: s.id, userId: a1!.userId, resolutionId: s.resolutionId, choice: "for" });
  return s;
}

describe("show-of-hands counts", () => {
  it("accept at most, per college, the members present or represented who have not voted otherwise, and only the resolution's colleges", async () => {
    const s = await openVote();
    const base = { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId };
    const row = (college: string, n: { for?: number; against?: number; abstain?: number }) => ({ collegeId: college, for: n.for ?? 0, against: n.against ?? 0, abstain: n.abstain ?? 0 });
    // Associations: 2 present + 1 represented, 1 already voted on a phone → 2 hands at most.
    await expect(setHandCounts(db, { ...base, counts: [row(s.colleges["Associations"]!, { for: 2, against: 1 })] })).rejects.toMatchObject({ key: "hands.tooMany", params: { college: "Associations", max: 2, count: 3 }, status: 422 });
    await expect(setHandCounts(db, { ...base, counts: [row(s.colleges["Salariés"]!, { for: 1 })] })).rejects.toMatchObject({ key: "hands.tooMany", params: { college: "Salariés", max: 0 } });
    await expect(setHandCounts(db, { ...base, counts: [row(s.colleges["Collectivités"]!, { for: 1 })] })).rejects.toMatchObject({ key: "hands.tooMany", params: { college: "Collectivités", max: 0 } });
    await expect(setHandCounts(db, { ...base, counts: [row("no-such-college", { for: 1 })] })).rejects.toMatchObject({ key: "hands.unknownCollege", status: 422 });
    const other = await makeScic(db, "Autre Scic");
    await expect(setHandCounts(db, { ...base, counts: [row(other.colleges["Associations"]!, { for: 5 })] })).rejects.toMatchObject({ key: "hands.unknownCollege" });
    expect(await db.selectFrom("hand_count").selectAll().execute()).toEqual([]);

    await setHandCounts(db, { ...base, counts: [row(s.colleges["Associations"]!, { for: 1, against: 1 }), row(s.colleges["Entreprises"]!, { abstain: 1 })] });
    expect(await db.selectFrom("hand_count").select(["college_id", "for_count", "against_count", "abstain_count"]).orderBy("for_count").execute()).toHaveLength(2);

    // A hand counted, then the same member votes on a phone: the close refuses to count them twice.
    await castVote(db, { entityId: s.id, userId: s.people["Associations"]![0]!.userId, resolutionId: s.resolutionId, choice: "against" });
    await expect(closeMeetingResolution(db, { entity: s.entity, meetingId: s.meetingId, resolutionId: s.resolutionId, actorId: s.admin.id })).rejects.toMatchObject({ key: "hands.tooMany", params: { college: "Associations", max: 1 } });
    expect((await db.selectFrom("resolution").select("status").where("id", "=", s.resolutionId).executeTakeFirstOrThrow()).status).toBe("open");
  });

  it("answer the page with an error naming the college, never a success, for a count too large or a college from elsewhere", async () => {
    const s = await openVote();
    const meetingRoute = await import("~/routes/entity.meeting");
    const token = await signIn(db, s.admin.email, PASSWORD);
    const params = { slug: s.slug, meetingId: s.meetingId };
    const college = s.colleges["Entreprises"]!;
    const huge = await run(meetingRoute.action, db, { path: "/", token, params, form: { intent: "hands", resolutionId: s.resolutionId, collegeId: college, [`for_${college}`]: "999999", [`against_${college}`]: "0", [`abstain_${college}`]: "0" } });
    expect(statusOf(huge)).toBe(422);
    expect(dataOf(huge).errors._form).toEqual({ key: "hands.tooMany", params: { college: "Entreprises", max: 1, count: 999999 } });
    const other = await makeScic(db, "Autre Scic");
    const foreign = other.colleges["Associations"]!;
    const elsewhere = await run(meetingRoute.action, db, { path: "/", token, params, form: { intent: "hands", resolutionId: s.resolutionId, collegeId: foreign, [`for_${foreign}`]: "5" } });
    expect(statusOf(elsewhere)).toBe(422);
    expect(dataOf(elsewhere).errors._form).toMatchObject({ key: "hands.unknownCollege" });
    expect(await db.selectFrom("hand_count").selectAll().execute()).toEqual([]);
  });
});
