// Whose vote and whose meeting (issue 15): a meeting of an organ has the organ's sitting members as
// its electorate, quorum and attendance; a vote's electorate can be every member, some colleges, or
// an organ, frozen when the vote opens; ids from another entity are refused.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { addMonths } from "~/domain/organs";
import { Rational } from "~/domain/rational";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { attendanceRoster, checkIn, checkInMany, openMeeting } from "~/services/meeting-attendance.server";
import { openMeetingResolution } from "~/services/meeting-votes.server";
import { addAgendaItem, createMeeting, meetingAttendance, type MeetingEntity, type MeetingInput } from "~/services/meetings.server";
import { appoint, createOrgan, endMandate } from "~/services/organs.server";
import { createResolution, editResolution, openResolution, type ResolutionInput } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import type { ElectorateChoice } from "~/schemas/electorate";
import { createTestDb } from "../helpers/db";
import { DAY_MS, findMeetingRow } from "../helpers/meetings";
import { makeVotingScic, TODAY } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

/** The organ's rule: its decisions need half its members present, by head. */
const boardRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, secret: false, quorumFirst: Rational.of(1, 2), quorumLater: null };

/**
 * 12 active members in four colleges (3 each); a board of 5 seats where 3 sit today: the first
 * member of Associations, Entreprises and Salariés. Around them: one whose mandate ended, one whose
 * mandate starts next month.
 */
async function organSetup() {
  const s = await makeVotingScic(db, 3);
  const entity = (await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()) as MeetingEntity & typeof s.entity;
  const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "Conseil", rule: boardRule });
  const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: { name: "Conseil coopératif", kind: "cooperative-board", seats: 5, termMonths: 36, ruleId, reserved: [] } });
  const person = (college: string, i: number) => s.people[college]![i]!;
  const sitting = [person("Associations", 0), person("Entreprises", 0), person("Salariés", 0)];
  for (const p of sitting) await appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: { memberId: p.memberId, role: "member", startsOn: "2025-06-01", endsOn: null, appointedBy: "statute" } });
  const gone = person("Collectivités", 0);
  const { id: goneMandate } = await appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: { memberId: gone.memberId, role: "member", startsOn: "2025-06-01", endsOn: null, appointedBy: "statute" } });
  await endMandate(db, { entityId: s.id, actorId: s.admin.id, organId, mandateId: goneMandate, endedOn: "2025-10-01", reason: "resignation" });
  const future = person("Collectivités", 1);
  await appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: { memberId: future.memberId, role: "member", startsOn: addMonths(TODAY(), 1), endsOn: null, appointedBy: "co-optation" } });
  return { ...s, entity, ruleId, organId, sitting, gone, future, person };
}

type Setup = Awaited<ReturnType<typeof organSetup>>;

function boardMeeting(s: Setup, over: Partial<MeetingInput> = {}) {
  const startsAt = new Date(Date.now() + 10 * DAY_MS);
  return createMeeting(db, { entity: s.entity, actorId: s.admin.id, meeting: { kind: "board", organId: s.organId, title: "Conseil de décembre", startsAt, place: "Siège", remoteLink: null, postalDeadline: null, ...over } });
}

function resolutionInput(s: Setup, number: string, electorate?: ElectorateChoice): ResolutionInput {
  return { number, title: `Résolution ${number}`, body: "Le conseil décide.", note: null, ruleId: s.ruleId, kind: "ordinary", recommendation: null, ...(electorate ? { electorate } : {}) };
}

async function voters(resolutionId: string) {
  return (await db.selectFrom("resolution_voter").select("member_id").where("resolution_id", "=", resolutionId).execute()).map((r) => r.member_id).sort();
}

const ids = (people: { memberId: string }[]) => people.map((p) => p.memberId).sort();

describe("a meeting of an organ", () => {
  it("has the sitting members as its electorate: 12 active members, 3 sitting, total 3", async () => {
    const s = await organSetup();
    const { id } = await boardMeeting(s);
    const meeting = await findMeetingRow(db, id);
    expect(meeting).toMatchObject({ kind: "board", organ_id: s.organId });
    const a = await meetingAttendance(db, s.entity, meeting);
    expect(a.total.count).toBe(3);
    expect(a.counted).toBe(0);
    // Per college: one sitting member in each of three colleges, none from Collectivités.
    expect(Object.fromEntries(a.colleges.map((c) => [c.collegeId, c.eligible]))).toEqual({
      [s.colleges["Associations"]!]: 1,
      [s.colleges["Entreprises"]!]: 1,
      [s.colleges["Salariés"]!]: 1,
    });
    // The quorum is the organ's rule's, over its 3 sitting members.
    expect(a.quorums.ordinary).toBeDefined();
    expect(a.quorums.ordinary!.fraction).toBe("1/2");
    expect(a.quorums.ordinary!.required.toString()).toBe("3/2");
    expect(a.quorums.ordinary!.reached).toBe(false);

    // A general meeting of the same entity still has all 12.
    const { id: ago } = await createMeeting(db, { entity: s.entity, actorId: s.admin.id, meeting: { kind: "ago", title: "AGO", startsAt: new Date(Date.now() + 20 * DAY_MS), place: null, remoteLink: null, postalDeadline: null } });
    expect((await meetingAttendance(db, s.entity, await findMeetingRow(db, ago))).total.count).toBe(12);

    // The desk's roster lists the sitting members only.
    const roster = await attendanceRoster(db, { entity: s.entity, query: "", organId: s.organId });
    expect(roster.total).toBe(3);
    expect(roster.rows.map((r) => r.id).sort()).toEqual(ids(s.sitting));
  });

  it("checks in only sitting members, and counts them towards its quorum", async () => {
    const s = await organSetup();
    const { id } = await boardMeeting(s);
    const check = (memberId: string) => checkIn(db, { entity: s.entity, meetingId: id, memberId, mode: "present", actorId: s.admin.id });
    // A member who does not sit, whose mandate ended, or whose mandate has not begun.
    for (const p of [s.person("Associations", 1), s.gone, s.future]) {
      await expect(check(p.memberId)).rejects.toMatchObject({ key: "meetings.notEligible", status: 422, field: "memberId" });
    }
    await expect(checkInMany(db, { entity: s.entity, meetingId: id, entries: [{ memberId: s.sitting[1]!.memberId, mode: "present" }, { memberId: s.person("Salariés", 2).memberId, mode: "remote" }], actorId: s.admin.id })).rejects.toMatchObject({
      key: "meetings.notEligible",
    });
    expect(await db.selectFrom("attendance").select("member_id").where("meeting_id", "=", id).execute()).toEqual([]);

    await check(s.sitting[0]!.memberId);
    await check(s.sitting[1]!.memberId);
    const a = await meetingAttendance(db, s.entity, await findMeetingRow(db, id));
    expect(a.counted).toBe(2);
    expect(a.total.count).toBe(3);
    expect(a.quorums.ordinary!.reached).toBe(true);
  });

  it("is a board meeting: another kind with an organ, or an organ of another entity, is refused with field organId", async () => {
    const s = await organSetup();
    const other = await makeVotingScic(db, 1);
    const { id: foreignOrgan } = await createOrgan(db, { entityId: other.id, actorId: other.admin.id, organ: { name: "Conseil", kind: "board", seats: 3, termMonths: null, ruleId: null, reserved: [] } });
    const count = async () => (await db.selectFrom("meeting").select("id").where("entity_id", "=", s.id).execute()).length;
    for (const kind of ["ago", "age", "ago-age", "written"] as const) {
      await expect(boardMeeting(s, { kind })).rejects.toMatchObject({ key: "organs.errors.organMeetingKind", status: 422, field: "organId" });
    }
    await expect(boardMeeting(s, { organId: foreignOrgan })).rejects.toMatchObject({ key: "organs.errors.unknownOrgan", field: "organId" });
    expect(await count()).toBe(0);
    // A board meeting with no organ stays a free board meeting: no quorum to check.
    const { id } = await boardMeeting(s, { organId: null });
    const free = await meetingAttendance(db, s.entity, await findMeetingRow(db, id));
    expect(free.total.count).toBe(12);
    expect(free.quorums).toEqual({});
  });
});

describe("the electorate of a vote", () => {
  it("an organ: opening the vote freezes exactly its sitting members", async () => {
    const s = await organSetup();
    const { id } = await createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: resolutionInput(s, "C-1", { organId: s.organId, collegeIds: null }) });
    expect(await db.selectFrom("resolution").select(["electorate_organ_id", "electorate_colleges"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ electorate_organ_id: s.organId, electorate_colleges: null });
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
    expect(await voters(id)).toEqual(ids(s.sitting));
    expect((await db.selectFrom("resolution").select("eligible_count").where("id", "=", id).executeTakeFirstOrThrow()).eligible_count).toBe(3);
    // A mandate ended afterwards changes nothing in a vote already open.
    const m = await db.selectFrom("mandate").select("id").where("member_id", "=", s.sitting[0]!.memberId).executeTakeFirstOrThrow();
    await endMandate(db, { entityId: s.id, actorId: s.admin.id, organId: s.organId, mandateId: m.id, endedOn: TODAY(), reason: "resignation" });
    expect(await voters(id)).toEqual(ids(s.sitting));
  });

  it("some colleges: only their members vote, and only those colleges are frozen", async () => {
    const s = await organSetup();
    const chosen = [s.colleges["Associations"]!, s.colleges["Salariés"]!];
    const { id } = await createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: resolutionInput(s, "AG-1", { organId: null, collegeIds: chosen }) });
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
    expect(await voters(id)).toEqual(ids([...s.people["Associations"]!, ...s.people["Salariés"]!]));
    const colleges = await db.selectFrom("resolution_college").select(["college_id", "eligible_count"]).where("resolution_id", "=", id).execute();
    expect(colleges.map((c) => c.college_id).sort()).toEqual([...chosen].sort());
    expect(colleges.map((c) => c.eligible_count)).toEqual([3, 3]);

    // Every member when nothing is chosen: all 12, all four colleges.
    const { id: all } = await createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: resolutionInput(s, "AG-2") });
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: all });
    expect(await voters(all)).toHaveLength(12);
    expect(await db.selectFrom("resolution_college").select("college_id").where("resolution_id", "=", all).execute()).toHaveLength(4);
  });

  it("a resolution on the agenda of an organ's meeting, with no electorate of its own, is the organ's", async () => {
    const s = await organSetup();
    const { id: meetingId } = await boardMeeting(s, { startsAt: new Date() });
    const { id } = await createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: resolutionInput(s, "C-2") });
    await addAgendaItem(db, { entityId: s.id, actorId: s.admin.id, meetingId, title: "Budget", description: null, resolutionId: id });
    for (const p of s.sitting.slice(0, 2)) await checkIn(db, { entity: s.entity, meetingId, memberId: p.memberId, mode: "present", actorId: s.admin.id });
    await openMeeting(db, { entity: s.entity, meetingId, actorId: s.admin.id, confirmDate: true });
    await openMeetingResolution(db, { entity: s.entity, meetingId, resolutionId: id, actorId: s.admin.id });
    expect(await voters(id)).toEqual(ids(s.sitting));
    expect((await db.selectFrom("resolution").select(["meeting_id", "eligible_count"]).where("id", "=", id).executeTakeFirstOrThrow())).toEqual({ meeting_id: meetingId, eligible_count: 3 });
  });

  it("a resolution's own electorate wins over its meeting's organ", async () => {
    const s = await organSetup();
    const { id: meetingId } = await boardMeeting(s);
    const { id } = await createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: resolutionInput(s, "C-3", { organId: null, collegeIds: [s.colleges["Collectivités"]!] }) });
    await addAgendaItem(db, { entityId: s.id, actorId: s.admin.id, meetingId, title: "Point", description: null, resolutionId: id });
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
    expect(await voters(id)).toEqual(ids(s.people["Collectivités"]!));
  });

  it("refuses an organ or a college of another entity (errors.invalidChoice), with nothing written", async () => {
    const s = await organSetup();
    const other = await makeVotingScic(db, 1);
    const { id: foreignOrgan } = await createOrgan(db, { entityId: other.id, actorId: other.admin.id, organ: { name: "Conseil", kind: "board", seats: 3, termMonths: null, ruleId: null, reserved: [] } });
    const count = async () => (await db.selectFrom("resolution").select("id").where("entity_id", "=", s.id).execute()).length;
    await expect(createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: resolutionInput(s, "X-1", { organId: foreignOrgan, collegeIds: null }) })).rejects.toMatchObject({
      key: "errors.invalidChoice",
      status: 422,
      field: "electorateOrganId",
    });
    await expect(createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: resolutionInput(s, "X-2", { organId: null, collegeIds: [s.colleges["Associations"]!, other.colleges["Salariés"]!] }) })).rejects.toMatchObject({
      key: "errors.invalidChoice",
      status: 422,
      field: "electorateCollege",
    });
    expect(await count()).toBe(0);
    // Nor through an edit of a draft.
    const { id } = await createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: resolutionInput(s, "X-3") });
    await expect(editResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id, resolution: resolutionInput(s, "X-3", { organId: foreignOrgan, collegeIds: null }) })).rejects.toMatchObject({ key: "errors.invalidChoice" });
    expect(await db.selectFrom("resolution").select(["electorate_organ_id", "electorate_colleges"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ electorate_organ_id: null, electorate_colleges: null });
  });
});
