// Governing bodies, from a review (issue 15): an organ's new seats and reservations checked against
// the members sitting; an appointment "by election" names the closed vote that elected the member;
// one running président·e, trésorier·e and secrétaire per organ, in the service and the database;
// the organs list counts the members sitting today, the mandates to start apart.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { addMonths } from "~/domain/organs";
import { PRESETS } from "~/domain/rules";
import { isUniqueViolation } from "~/lib/db.server";
import { insertMandate } from "~/queries/organs.server";
import * as organsRoute from "~/routes/entity.organs";
import { appoint, changeOrgan, createOrgan, type MandateInput, type OrganInput } from "~/services/organs.server";
import { organsOverview } from "~/services/organs-page.server";
import { closeResolution, openResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { createElection, enterCandidacy } from "~/services/seat-elections.server";
import { castVote } from "~/services/voting.server";
import { dataOf, run, signIn } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { organInput } from "../helpers/organs";
import { PASSWORD } from "../helpers/factories";
import { makeOpenResolution, makeVotingScic, TODAY } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

type Scic = Awaited<ReturnType<typeof makeVotingScic>>;

const member = (s: Scic, college: string, i: number) => s.people[college]![i]!.memberId;

function mandate(memberId: string, over: Partial<MandateInput> = {}): MandateInput {
  return { memberId, role: "member", startsOn: "2025-01-15", endsOn: null, appointedBy: "co-optation", ...over };
}

async function journalCount(entityId: string, actions: string[]) {
  return (await db.selectFrom("audit_event").select("id").where("entity_id", "=", entityId).where("action", "in", actions).execute()).length;
}

describe("changing an organ's seats and reservations under the members sitting", () => {
  it("refuses reservations the sitting members leave no room for, naming the college's field, and writes nothing", async () => {
    const s = await makeVotingScic(db, 3);
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 4 }) });
    for (const m of [member(s, "Associations", 0), member(s, "Associations", 1), member(s, "Entreprises", 0)]) await appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(m) });
    const change = (organ: Partial<OrganInput>) => changeOrgan(db, { entityId: s.id, actorId: s.admin.id, organId, organ: organInput({ seats: 4, ...organ }) });
    const salaries = s.colleges["Salariés"]!;
    const before = { seats: await db.selectFrom("organ_seat").selectAll().where("organ_id", "=", organId).execute(), journal: await journalCount(s.id, ["organ.updated"]) };

    // One seat is free: two reserved to Salariés, who hold none, do not fit.
    await expect(change({ reserved: [{ collegeId: salaries, text: "2" }] })).rejects.toMatchObject({ key: "organs.errors.reservedBeyondSitting", params: { count: 1, name: "Salariés" }, status: 409, field: `seat_${salaries}` });
    // Nor does one for Salariés beside two for Entreprises, who hold one.
    await expect(change({ reserved: [{ collegeId: s.colleges["Entreprises"]!, text: "2" }, { collegeId: salaries, text: "1" }] })).rejects.toMatchObject({
      key: "organs.errors.noReservedSeatLeft",
      params: { count: 0 },
      field: `seat_${salaries}`,
    });
    // Fewer seats than members sitting.
    await expect(change({ seats: 2 })).rejects.toMatchObject({ key: "organs.errors.fewerSeatsThanSitting", params: { count: 3 }, field: "seats" });
    expect(await db.selectFrom("organ_seat").selectAll().where("organ_id", "=", organId).execute()).toEqual(before.seats);
    expect(await journalCount(s.id, ["organ.updated"])).toBe(before.journal);

    // What fits is saved and journaled: Associations keeps the two it holds, Salariés gets the free seat.
    await change({ reserved: [{ collegeId: s.colleges["Associations"]!, text: "2" }, { collegeId: salaries, text: "1" }] });
    expect(await db.selectFrom("organ_seat").select(["college_id", "seats"]).where("organ_id", "=", organId).orderBy("seats").execute()).toHaveLength(2);
    expect(await journalCount(s.id, ["organ.updated"])).toBe(before.journal + 1);
    // The free seat is then Salariés': an appointment from elsewhere is refused, as the check promised.
    await expect(appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(member(s, "Collectivités", 0)) })).rejects.toMatchObject({ key: "organs.errors.reservedElsewhere" });
  });

  it("counts a mandate recorded to start later as holding its seat", async () => {
    const s = await makeVotingScic(db, 1);
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 2 }) });
    await appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(member(s, "Associations", 0)) });
    await appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(member(s, "Entreprises", 0), { startsOn: addMonths(TODAY(), 2) }) });
    await expect(changeOrgan(db, { entityId: s.id, actorId: s.admin.id, organId, organ: organInput({ seats: 2, reserved: [{ collegeId: s.colleges["Salariés"]!, text: "1" }] }) })).rejects.toMatchObject({ key: "organs.errors.noReservedSeatLeft" });
  });
});

/** A closed election of the organ that elected the first of `candidates`. */
async function closedElection(s: Scic, organId: string, candidates: string[]) {
  const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "Élections", rule: { ...PRESETS["scic-sa-ago"].rule, secret: false, quorumFirst: null, quorumLater: null } });
  const { id } = await createElection(db, {
    entityId: s.id,
    actorId: s.admin.id,
    resolution: { number: "E1", title: "Élection", body: "Élection.", note: null, ruleId, kind: "ordinary", recommendation: null },
    setup: { organId, seats: 1, method: "plurinominal", rounds: 1, absoluteMajority: false, tieBreak: "age", candidacyDeadline: null, reserved: [] },
  });
  const ids: string[] = [];
  for (const m of candidates) ids.push((await enterCandidacy(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id, memberId: m, bornOn: null })).id);
  await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
  for (const people of Object.values(s.people)) for (const p of people) await castVote(db, { entityId: s.id, userId: p.userId, resolutionId: id, marks: { [ids[0]!]: "for" } });
  await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
  return id;
}

describe("an appointment by election names its vote", () => {
  it("refuses 'election' without a resolution, with one of another entity, not closed, rejected, or that did not elect the member", async () => {
    const s = await makeVotingScic(db, 2);
    const other = await makeVotingScic(db, 1);
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 3 }) });
    const seat = (memberId: string, over: Partial<MandateInput>) => appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(memberId, { appointedBy: "election", ...over }) });
    const a = member(s, "Associations", 0);

    await expect(seat(a, {})).rejects.toMatchObject({ key: "organs.errors.electionWithoutResolution", status: 422, field: "resolutionNumber" });
    await expect(seat(a, { resolutionNumber: "  " })).rejects.toMatchObject({ key: "organs.errors.electionWithoutResolution" });
    await expect(seat(a, { resolutionNumber: "99" })).rejects.toMatchObject({ key: "organs.errors.unknownResolution", params: { number: "99" }, field: "resolutionNumber" });
    const { id: foreign } = await makeOpenResolution(db, other, { number: "F1" });
    await expect(seat(a, { resolutionId: foreign })).rejects.toMatchObject({ key: "organs.errors.unknownResolution" });
    await expect(seat(a, { resolutionNumber: "F1" })).rejects.toMatchObject({ key: "organs.errors.unknownResolution" });
    const { id: open } = await makeOpenResolution(db, s, { number: "7" });
    await expect(seat(a, { resolutionNumber: "7" })).rejects.toMatchObject({ key: "organs.errors.resolutionNotClosed", params: { number: "7" }, status: 409 });
    for (const people of Object.values(s.people)) for (const p of people) await castVote(db, { entityId: s.id, userId: p.userId, resolutionId: open, choice: "against" });
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: open });
    await expect(seat(a, { resolutionNumber: "7" })).rejects.toMatchObject({ key: "organs.errors.resolutionNotAdopted", params: { number: "7" } });
    // Another appointment names no vote.
    await expect(seat(a, { appointedBy: "co-optation", resolutionNumber: "7" })).rejects.toMatchObject({ key: "organs.errors.resolutionOnlyForElection", field: "resolutionNumber" });
    expect(await db.selectFrom("mandate").select("id").where("organ_id", "=", organId).execute()).toHaveLength(0);
    expect(await journalCount(s.id, ["mandate.started"])).toBe(0);

    // An adopted motion naming the member.
    const { id: adopted } = await makeOpenResolution(db, s, { number: "8" });
    for (const people of Object.values(s.people)) for (const p of people) await castVote(db, { entityId: s.id, userId: p.userId, resolutionId: adopted, choice: "for" });
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: adopted });
    const { id } = await seat(a, { resolutionNumber: " 8 " });
    expect(await db.selectFrom("mandate").select(["appointed_by", "resolution_id"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ appointed_by: "election", resolution_id: adopted });
  });

  it("records a member an election elected (its result seats them; recorded by hand if it could not), never one it did not", async () => {
    const s = await makeVotingScic(db, 1);
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 3 }) });
    const [winner, loser] = [member(s, "Associations", 0), member(s, "Entreprises", 0)];
    const election = await closedElection(s, organId, [winner, loser]);
    const seat = (memberId: string) => appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(memberId, { appointedBy: "election", resolutionNumber: "E1", startsOn: TODAY() }) });
    await expect(seat(loser)).rejects.toMatchObject({ key: "organs.errors.notElectedBy", params: { number: "E1" }, field: "resolutionNumber" });
    // The close seated the winner already: recorded by hand again, they sit once.
    await expect(seat(winner)).rejects.toMatchObject({ key: "organs.errors.alreadySitting" });
    const rows = await db.selectFrom("mandate").select(["id", "member_id", "appointed_by", "resolution_id"]).where("organ_id", "=", organId).execute();
    expect(rows).toEqual([{ id: expect.any(String), member_id: winner, appointed_by: "election", resolution_id: election }]);
    // Had the close found no seat for them (its mandate is removed here), the secretary records it by the election's number.
    await db.deleteFrom("mandate").where("id", "=", rows[0]!.id).execute();
    const { id } = await seat(winner);
    expect(await db.selectFrom("mandate").select(["member_id", "appointed_by", "resolution_id"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ member_id: winner, appointed_by: "election", resolution_id: election });
  });
});

describe("one running président·e, trésorier·e, secrétaire per organ", () => {
  it("refuses a second holder of a unique office, allows several vice-président·es, and a new holder once the first mandate ended", async () => {
    const s = await makeVotingScic(db, 2);
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 8 }) });
    const seat = (memberId: string, role: string) => appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(memberId, { role }) });
    const president = await seat(member(s, "Associations", 0), "president");
    await seat(member(s, "Associations", 1), "treasurer");
    await seat(member(s, "Entreprises", 0), "secretary");
    await seat(member(s, "Entreprises", 1), "vice-president");
    await seat(member(s, "Salariés", 0), "vice-president");
    for (const role of ["president", "treasurer", "secretary"]) {
      await expect(seat(member(s, "Salariés", 1), role)).rejects.toMatchObject({ key: "organs.errors.roleTaken", status: 409, field: "role" });
    }
    await expect(seat(member(s, "Salariés", 1), "president")).rejects.toMatchObject({ params: { name: s.people["Associations"]![0]!.name } });
    expect(await journalCount(s.id, ["mandate.started"])).toBe(5);
    // A mandate to start later holds the office as well.
    const { id: other } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ name: "Comité", seats: 3 }) });
    await appoint(db, { entityId: s.id, actorId: s.admin.id, organId: other, mandate: mandate(member(s, "Associations", 0), { role: "president", startsOn: addMonths(TODAY(), 1) }) });
    await expect(appoint(db, { entityId: s.id, actorId: s.admin.id, organId: other, mandate: mandate(member(s, "Entreprises", 0), { role: "president" }) })).rejects.toMatchObject({ key: "organs.errors.roleTaken" });
    // Once the president's mandate ended, another takes the office.
    await db.updateTable("mandate").set({ ended_on: "2025-06-01", end_reason: "resignation" }).where("id", "=", president.id).execute();
    await seat(member(s, "Salariés", 1), "president");
  });

  it("the database itself keeps one running holder of a unique office, whatever writes the table", async () => {
    const s = await makeVotingScic(db, 2);
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 8 }) });
    const now = new Date();
    const insert = (id: string, memberId: string, role: string) => insertMandate(db, { id, organId, memberId, role, startsOn: "2025-01-01", endsOn: null, appointedBy: "statute", resolutionId: null, now });
    await insert("m-1", member(s, "Associations", 0), "president");
    const twice = await insert("m-2", member(s, "Associations", 1), "president").then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(twice)).toBe(true);
    await insert("m-3", member(s, "Entreprises", 0), "vice-president");
    await insert("m-4", member(s, "Entreprises", 1), "vice-president");
    await db.updateTable("mandate").set({ ended_on: "2025-06-01", end_reason: "term" }).where("id", "=", "m-1").execute();
    await insert("m-5", member(s, "Associations", 1), "president");
    expect((await db.selectFrom("mandate").select("id").where("organ_id", "=", organId).where("role", "=", "president").execute()).map((m) => m.id).sort()).toEqual(["m-1", "m-5"]);
  });
});

describe("the organs list", () => {
  it("counts the members sitting today as seats taken, and the mandates to start apart", async () => {
    const s = await makeVotingScic(db, 2);
    const today = TODAY();
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 5 }) });
    const seat = (memberId: string, startsOn: string) => appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(memberId, { startsOn }) });
    await seat(member(s, "Associations", 0), "2025-01-15");
    await seat(member(s, "Associations", 1), today);
    await seat(member(s, "Entreprises", 0), addMonths(today, 1));
    await seat(member(s, "Entreprises", 1), addMonths(today, 6));
    const overview = await organsOverview(db, s.id, today);
    expect(overview.organs).toEqual([expect.objectContaining({ id: organId, seats: 5, sitting: 2, upcoming: 2 })]);
    // A month later, the first mandate to start sits.
    expect((await organsOverview(db, s.id, addMonths(today, 1))).organs[0]).toMatchObject({ sitting: 3, upcoming: 1 });
    // The page's loader reads today's.
    const token = await signIn(db, s.admin.email, PASSWORD);
    const page = await dataOf(await run(organsRoute.loader, db, { path: `/o/${s.slug}/organs`, token, params: { slug: s.slug } }));
    expect(page.organs).toEqual([expect.objectContaining({ sitting: 2, upcoming: 2 })]);
  });
});
