// Meeting proxies under the statutes (issue 15): a holder outside the members where the rules
// allow it (spouse or PACS partner, or anyone), checked in at the desk, counted for the quorum and
// the hands; and the statutes' college rules applied to meeting proxies and to the quorum.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { checkIn, openMeeting } from "~/services/meeting-attendance.server";
import { giveMeetingProxy, markOutsiderHolder } from "~/services/meeting-proxies.server";
import { closeMeetingResolution, handGroups, openMeetingResolution } from "~/services/meeting-votes.server";
import { meetingAttendance } from "~/services/meetings.server";
import { findResolution } from "~/queries/resolutions.server";
import { attendanceRows, minutesDocument } from "~/exports/minutes";
import { getFixedT } from "~/lib/i18n";
import { buildMinutesModel } from "~/services/minutes.server";
import { createTestDb } from "../helpers/db";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { PASSWORD } from "../helpers/factories";
import { findMeetingRow, meetingSetup, type MeetingSetup } from "../helpers/meetings";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

async function setup(opts: MeetingSetup) {
  const s = await meetingSetup(db, { quorum: null, ...opts });
  const here = { entity: s.entity, meetingId: s.meetingId };
  const attendance = async () => meetingAttendance(db, s.entity, await findMeetingRow(db, s.meetingId));
  return { s, here, attendance, person: (college: string, i: number) => s.people[college]![i]! };
}

const proxyRows = (db: Db) => db.selectFrom("proxy").select(["holder_member_id", "holder_name", "holder_relation", "holder_checked_in_at"]).execute();

describe("a proxy holder who is not a member", () => {
  it("is accepted only for the relation the rules allow, nothing written otherwise", async () => {
    const { here, person } = await setup({ rule: { proxyHolders: "spouse" } });
    const principal = person("Associations", 0).memberId;
    await expect(giveMeetingProxy(db, { ...here, principalId: principal, holderId: null, outsider: { name: "Jean Dupont", relation: "other" }, source: "online" })).rejects.toMatchObject({
      key: "proxyHolders.errors.notAllowed.spouse",
      field: "holderName",
      status: 422,
    });
    expect(await proxyRows(db)).toEqual([]);
    const { holderName } = await giveMeetingProxy(db, { ...here, principalId: principal, holderId: null, outsider: { name: "Jeanne Dupont", relation: "spouse" }, source: "online" });
    expect(holderName).toBe("Jeanne Dupont");
    expect(await proxyRows(db)).toEqual([{ holder_member_id: null, holder_name: "Jeanne Dupont", holder_relation: "spouse", holder_checked_in_at: null }]);
  });

  it("is refused when the rules admit members only, and under the strictest rule of the meeting", async () => {
    const { s, here, person } = await setup({ rule: { proxyHolders: "members" } });
    await expect(giveMeetingProxy(db, { ...here, principalId: person("Associations", 0).memberId, holderId: null, outsider: { name: "Jeanne Dupont", relation: "spouse" }, source: "paper" })).rejects.toMatchObject({
      key: "proxyHolders.errors.notAllowed.members",
    });
    expect(await proxyRows(db)).toEqual([]);
    expect(s.ruleId).toBeTruthy();
  });

  it("represents the principal for the quorum and the hands once checked in, journaled, and never votes as a blank proxy", async () => {
    const { s, here, attendance, person } = await setup({ rule: { proxyHolders: "anyone" } });
    const principal = person("Salariés", 0);
    await giveMeetingProxy(db, { ...here, principalId: principal.memberId, holderId: null, outsider: { name: "Camille Martin", relation: "other" }, source: "paper" });
    await checkIn(db, { ...here, memberId: person("Associations", 0).memberId, mode: "present", actorId: s.admin.id });
    const before = await attendance();
    expect(before.counted).toBe(1);
    expect(before.proxies).toEqual([expect.objectContaining({ principalId: principal.memberId, holderName: "Camille Martin", holderRelation: "other", status: "idle" })]);

    const proxyId = before.proxies[0]!.id;
    await markOutsiderHolder(db, { entityId: s.id, meetingId: s.meetingId, proxyId, present: true, actorId: s.admin.id });
    const after = await attendance();
    expect(after.counted).toBe(2);
    expect(after.proxies[0]).toMatchObject({ status: "valid" });
    expect(after.colleges.find((c) => c.collegeId === s.colleges["Salariés"])).toMatchObject({ represented: 1 });
    const journal = await db.selectFrom("audit_event").select(["action", "user_id"]).where("entity_id", "=", s.id).where("action", "like", "proxy.%").execute();
    expect(journal).toEqual([{ action: "proxy.holderCheckedIn", user_id: s.admin.id }]);
    // The minutes and the attendance sheet name the holder and say they are not a member.
    const model = await buildMinutesModel(db, { ...s.entity, address: null, registration_number: null }, s.meetingId);
    expect(model.members.find((x) => x.name === principal.name)).toMatchObject({ status: "represented", holder: "Camille Martin", holderRelation: "other" });
    for (const lang of ["fr", "en"] as const) {
      const t = getFixedT(lang);
      const row = attendanceRows(model, t).find((cells) => cells[0] === principal.name)!;
      expect(row[4]).toBe(lang === "fr" ? "Camille Martin (non membre)" : "Camille Martin (not a member)");
      const text = JSON.stringify(minutesDocument(model, lang, t, { draft: true }).blocks);
      expect(text).toContain(row[4]);
    }

    // In the room: the principal's hand may be raised in their college.
    await openMeeting(db, { ...here, actorId: s.admin.id, confirmDate: true });
    await openMeetingResolution(db, { ...here, resolutionId: s.resolutionId, actorId: s.admin.id });
    const r = (await findResolution(db, s.id, s.resolutionId))!;
    const groups = await handGroups(db, s.entity, await findMeetingRow(db, s.meetingId), r);
    expect(groups.find((g) => g.id === s.colleges["Salariés"])).toMatchObject({ max: 1 });
    // Not a blank proxy: nothing is cast with the board's recommendation for the principal at the close.
    await closeMeetingResolution(db, { ...here, resolutionId: s.resolutionId, actorId: s.admin.id });
    expect(await db.selectFrom("ballot").select("member_id").where("resolution_id", "=", s.resolutionId).execute()).toEqual([]);

    // Checked out: the principal is no longer represented.
    await markOutsiderHolder(db, { entityId: s.id, meetingId: s.meetingId, proxyId, present: false, actorId: s.admin.id });
    expect((await attendance()).counted).toBe(1);
  });

  it("is one holder under the cap however their name is typed", async () => {
    const { here, person } = await setup({ proxyCap: 1, rule: { proxyHolders: "anyone" } });
    await giveMeetingProxy(db, { ...here, principalId: person("Associations", 0).memberId, holderId: null, outsider: { name: "Camille  Martin", relation: "other" }, source: "paper" });
    await expect(giveMeetingProxy(db, { ...here, principalId: person("Associations", 1).memberId, holderId: null, outsider: { name: " camille martin", relation: "other" }, source: "paper" })).rejects.toMatchObject({
      key: "proxies.capReached",
      params: { count: 1, cap: 1 },
    });
    expect(await proxyRows(db)).toHaveLength(1);
  });

  it("holds under the statutes' cap per college, and no college rule binds them", async () => {
    const { here, person } = await setup({ rule: { proxyHolders: "anyone", proxySameCollege: true, proxyMaxPerCollege: 1 } });
    const to = (principal: string) => giveMeetingProxy(db, { ...here, principalId: principal, holderId: null, outsider: { name: "Camille Martin", relation: "other" }, source: "paper" });
    await to(person("Associations", 0).memberId);
    await to(person("Salariés", 0).memberId);
    await expect(to(person("Associations", 1).memberId)).rejects.toMatchObject({ key: "collegeRules.errors.proxyCollegeCapReached", params: { count: 1, cap: 1 }, field: "holderName" });
    expect(await proxyRows(db)).toHaveLength(2);
  });

  it("is checked in from the desk, and a proxy of another meeting or a member's proxy cannot be", async () => {
    const { s, here, person } = await setup({ rule: { proxyHolders: "spouse" } });
    const attendanceRoute = await import("~/routes/entity.meeting.attendance");
    const token = await signIn(db, s.admin.email, PASSWORD);
    const params = { slug: s.slug, meetingId: s.meetingId };
    const path = `/o/${s.slug}/meetings/${s.meetingId}/attendance`;
    // The paper form: "outsider" with an empty name is refused, naming the field, values kept.
    const empty = await run(attendanceRoute.action, db, { path, token, params, form: { intent: "paper-proxy", principalId: person("Associations", 0).memberId, holderId: "outsider", holderName: " ", holderRelation: "spouse" } });
    expect(statusOf(empty)).toBe(400);
    expect(dataOf(empty).errors).toHaveProperty("holderName");
    expect(dataOf(empty).values).toMatchObject({ holderId: "outsider", holderRelation: "spouse" });
    expect(await proxyRows(db)).toEqual([]);
    const ok = await run(attendanceRoute.action, db, { path, token, params, form: { intent: "paper-proxy", principalId: person("Associations", 0).memberId, holderId: "outsider", holderName: "Jeanne Dupont", holderRelation: "spouse" } });
    expect(statusOf(ok)).toBe(302);
    await giveMeetingProxy(db, { ...here, principalId: person("Associations", 1).memberId, holderId: person("Associations", 2).memberId, source: "paper" });
    const rows = await db.selectFrom("proxy").select(["id", "holder_name"]).execute();
    const outsider = rows.find((p) => p.holder_name != null);
    const member = rows.find((p) => p.holder_name == null);
    expect(outsider!.holder_name).toBe("Jeanne Dupont");
    const checkInRes = await run(attendanceRoute.action, db, { path, token, params, form: { intent: "outsider-holder", proxyId: outsider!.id, present: "1" } });
    expect(statusOf(checkInRes)).toBe(302);
    const refused = await run(attendanceRoute.action, db, { path, token, params, form: { intent: "outsider-holder", proxyId: member!.id, present: "1" } });
    expect(statusOf(refused)).toBe(422);
    expect(dataOf(refused).errors).toHaveProperty("proxyId");
    const checked = await db.selectFrom("proxy").select(["id", "holder_checked_in_at"]).execute();
    expect(checked.find((p) => p.id === outsider!.id)!.holder_checked_in_at).not.toBeNull();
    expect(checked.find((p) => p.id === member!.id)!.holder_checked_in_at).toBeNull();
  });
});

describe("the statutes' college rules on meeting proxies", () => {
  it("refuse a holder from another college and a holder over the cap per college, when the proxy is given", async () => {
    const { here, person } = await setup({ rule: { proxySameCollege: true, proxyMaxPerCollege: 1 } });
    await expect(giveMeetingProxy(db, { ...here, principalId: person("Associations", 0).memberId, holderId: person("Salariés", 0).memberId, source: "paper" })).rejects.toMatchObject({
      key: "collegeRules.errors.proxyOtherCollege",
      field: "holderId",
    });
    await giveMeetingProxy(db, { ...here, principalId: person("Associations", 0).memberId, holderId: person("Associations", 2).memberId, source: "paper" });
    await expect(giveMeetingProxy(db, { ...here, principalId: person("Associations", 1).memberId, holderId: person("Associations", 2).memberId, source: "online" })).rejects.toMatchObject({
      key: "collegeRules.errors.proxyCollegeCapReached",
      params: { count: 1, cap: 1 },
      field: "holderMemberId",
    });
    expect(await proxyRows(db)).toHaveLength(1);
  });

  it("leave a proxy the statutes make void out of the quorum (given before the rule changed)", async () => {
    const { s, here, attendance, person } = await setup({});
    await giveMeetingProxy(db, { ...here, principalId: person("Associations", 0).memberId, holderId: person("Salariés", 0).memberId, source: "paper" });
    await checkIn(db, { ...here, memberId: person("Salariés", 0).memberId, mode: "present", actorId: s.admin.id });
    expect((await attendance()).counted).toBe(2);
    await db.updateTable("voting_rule").set({ proxy_same_college: 1 }).where("id", "=", s.ruleId).execute();
    const after = await attendance();
    expect(after.counted).toBe(1);
    expect(after.proxies[0]).toMatchObject({ status: "void" });
  });
});
