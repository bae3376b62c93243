// Governing bodies (issue 15): an entity's organs with their reserved seats, the mandates members
// hold in them (appointed, with a term, ended with a reason), the journal of each change, and the
// expiring mandates on the dashboard of those who prepare the assemblies.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { addMonths } from "~/domain/organs";
import { upsertRole } from "~/queries/entities.server";
import * as dashboardRoute from "~/routes/entity.dashboard";
import { appoint, changeOrgan, createOrgan, endMandate, type MandateInput, type OrganInput } from "~/services/organs.server";
import { createRule } from "~/services/rules.server";
import { dataOf, run, signIn } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { organInput } from "../helpers/organs";
import { makeUser, PASSWORD } from "../helpers/factories";
import { makeVotingScic, TODAY } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

type Scic = Awaited<ReturnType<typeof makeVotingScic>>;

function mandate(memberId: string, over: Partial<MandateInput> = {}): MandateInput {
  return { memberId, role: "member", startsOn: "2025-01-15", endsOn: null, appointedBy: "statute", ...over };
}

const member = (s: Scic, college: string, i: number) => s.people[college]![i]!.memberId;

async function counts(entityId: string) {
  const organs = await db.selectFrom("organ").select("id").where("entity_id", "=", entityId).execute();
  const ids = organs.map((o) => o.id);
  const seats = ids.length ? await db.selectFrom("organ_seat").select("organ_id").where("organ_id", "in", ids).execute() : [];
  const mandates = ids.length ? await db.selectFrom("mandate").select("id").where("organ_id", "in", ids).execute() : [];
  const journal = await db.selectFrom("audit_event").select("id").where("entity_id", "=", entityId).where("action", "in", ["organ.created", "organ.updated", "mandate.started", "mandate.ended"]).execute();
  return { organs: organs.length, seats: seats.length, mandates: mandates.length, journal: journal.length };
}

function journal(entityId: string, action: string) {
  return db
    .selectFrom("audit_event")
    .select(["user_id as userId", "subject_type as subjectType", "subject_id as subjectId", "detail"])
    .where("entity_id", "=", entityId)
    .where("action", "=", action)
    .orderBy("created_at")
    .orderBy("id")
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null })));
}

function mandateRow(id: string) {
  return db.selectFrom("mandate").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

describe("creating an organ", () => {
  it("stores the organ and the seats it reserves to colleges of the entity, and journals it", async () => {
    const s = await makeVotingScic(db, 1);
    const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "Conseil", preset: "scic-sa-ago" });
    const reserved = [
      { collegeId: s.colleges["Salariés"]!, text: "2" },
      { collegeId: s.colleges["Associations"]!, text: "1" },
      // Empty or zero: nothing reserved.
      { collegeId: s.colleges["Entreprises"]!, text: "" },
      { collegeId: s.colleges["Collectivités"]!, text: "0" },
    ];
    const { id } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 6, termMonths: 36, ruleId, reserved }) });

    const row = await db.selectFrom("organ").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ entity_id: s.id, name: "Conseil coopératif", kind: "cooperative-board", seats: 6, term_months: 36, rule_id: ruleId });
    const seats = await db.selectFrom("organ_seat").select(["college_id as collegeId", "seats"]).where("organ_id", "=", id).orderBy("seats").execute();
    expect(seats).toEqual([
      { collegeId: s.colleges["Associations"], seats: 1 },
      { collegeId: s.colleges["Salariés"], seats: 2 },
    ]);
    const [created, ...more] = await journal(s.id, "organ.created");
    expect(more).toHaveLength(0);
    expect(created).toMatchObject({ userId: s.admin.id, subjectType: "organ", subjectId: id });
    expect(created!.detail).toMatchObject({ after: { name: "Conseil coopératif", seats: 6, termMonths: 36, reserved: expect.arrayContaining([{ collegeId: s.colleges["Salariés"], seats: 2 }]) } });
  });

  it("refuses a name the entity already uses, but not one another entity uses", async () => {
    const s = await makeVotingScic(db, 1);
    const other = await makeVotingScic(db, 1);
    await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput() });
    const before = await counts(s.id);
    await expect(createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ kind: "board", seats: 9 }) })).rejects.toMatchObject({ key: "organs.errors.nameTaken", status: 409, field: "name" });
    expect(await counts(s.id)).toEqual(before);
    await expect(createOrgan(db, { entityId: other.id, actorId: other.admin.id, organ: organInput() })).resolves.toMatchObject({ id: expect.any(String) });
    // Renaming another organ to a taken name is refused as well.
    const { id: second } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ name: "Comité de pilotage", kind: "steering" }) });
    await expect(changeOrgan(db, { entityId: s.id, actorId: s.admin.id, organId: second, organ: organInput() })).rejects.toMatchObject({ key: "organs.errors.nameTaken", status: 409 });
  });

  it("refuses reserved seats above the seats, of a college of another entity, or not a whole number, with nothing written", async () => {
    const s = await makeVotingScic(db, 1);
    const other = await makeVotingScic(db, 1);
    const { id: foreignRule } = await createRule(db, { entityId: other.id, actorId: other.admin.id, name: "Ailleurs", preset: "scic-sa-ago" });
    const before = await counts(s.id);
    const attempt = (organ: OrganInput) => createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ });

    await expect(
      attempt(organInput({ seats: 4, reserved: [{ collegeId: s.colleges["Salariés"]!, text: "3" }, { collegeId: s.colleges["Associations"]!, text: "2" }] })),
    ).rejects.toMatchObject({ key: "organs.errors.reservedAboveSeats", params: { reserved: 5, seats: 4 }, status: 422, field: "seats" });
    await expect(attempt(organInput({ seats: 4, reserved: [{ collegeId: other.colleges["Salariés"]!, text: "1" }] }))).rejects.toMatchObject({
      key: "organs.errors.unknownCollege",
      status: 422,
      field: `seat_${other.colleges["Salariés"]}`,
    });
    await expect(attempt(organInput({ seats: 4, reserved: [{ collegeId: s.colleges["Salariés"]!, text: "1.5" }] }))).rejects.toMatchObject({ key: "organs.errors.reservedNumber", status: 422 });
    await expect(attempt(organInput({ ruleId: foreignRule }))).rejects.toMatchObject({ key: "organs.errors.unknownRule", field: "ruleId" });
    expect(await counts(s.id)).toEqual(before);
    expect(before).toEqual({ organs: 0, seats: 0, mandates: 0, journal: 0 });
    // Reserved seats that exactly fill the organ are fine.
    await attempt(organInput({ seats: 3, reserved: [{ collegeId: s.colleges["Salariés"]!, text: "2" }, { collegeId: s.colleges["Associations"]!, text: "1" }] }));
    expect(await counts(s.id)).toEqual({ organs: 1, seats: 2, mandates: 0, journal: 1 });
  });
});

describe("appointing members", () => {
  it("fills the seats, then refuses with 409 organFull, and writes nothing for a refusal", async () => {
    const s = await makeVotingScic(db, 2);
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 3 }) });
    const seat = (memberId: string, over: Partial<MandateInput> = {}) => appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(memberId, over) });
    const first = await seat(member(s, "Associations", 0), { role: "president" });
    await seat(member(s, "Entreprises", 0), { role: "treasurer", appointedBy: "co-optation" });
    await seat(member(s, "Salariés", 0), { appointedBy: "statute" });
    const before = await counts(s.id);
    await expect(seat(member(s, "Collectivités", 0))).rejects.toMatchObject({ key: "organs.errors.organFull", params: { seats: 3 }, status: 409, field: "memberId" });
    expect(await counts(s.id)).toEqual(before);
    expect(before.mandates).toBe(3);
    expect(await mandateRow(first.id)).toMatchObject({ organ_id: organId, member_id: member(s, "Associations", 0), role: "president", starts_on: "2025-01-15", ends_on: null, appointed_by: "statute", ended_on: null, end_reason: null });
  });

  it("keeps the seats reserved to a college free for it: reservedElsewhere for any other college", async () => {
    const s = await makeVotingScic(db, 3);
    // 4 seats: 1 for Associations, 1 for Salariés, 2 for anyone.
    const reserved = [
      { collegeId: s.colleges["Associations"]!, text: "1" },
      { collegeId: s.colleges["Salariés"]!, text: "1" },
    ];
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 4, reserved }) });
    const seat = (memberId: string) => appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(memberId) });
    await seat(member(s, "Entreprises", 0));
    await seat(member(s, "Associations", 0));
    // Associations holds its reserved seat and takes the last unreserved one.
    await seat(member(s, "Associations", 1));
    // One seat left, reserved to Salariés.
    await expect(seat(member(s, "Associations", 2))).rejects.toMatchObject({ key: "organs.errors.reservedElsewhere", params: { count: 1 }, status: 409, field: "memberId" });
    // A college with no reserved seat is refused for the same reason.
    await expect(seat(member(s, "Entreprises", 1))).rejects.toMatchObject({ key: "organs.errors.reservedElsewhere", params: { count: 1 }, status: 409, field: "memberId" });
    expect((await counts(s.id)).mandates).toBe(3);
    await seat(member(s, "Salariés", 0));
    await expect(seat(member(s, "Salariés", 1))).rejects.toMatchObject({ key: "organs.errors.organFull", params: { seats: 4 } });
    const held = await db.selectFrom("mandate").innerJoin("member", "member.id", "mandate.member_id").select("member.college_id as collegeId").where("organ_id", "=", organId).execute();
    expect(held.filter((h) => h.collegeId === s.colleges["Salariés"])).toHaveLength(1);
  });

  it("refuses a member of another entity, a member sitting already, and a member gone by the start", async () => {
    const s = await makeVotingScic(db, 1);
    const other = await makeVotingScic(db, 1);
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 5 }) });
    const seat = (memberId: string, over: Partial<MandateInput> = {}) => appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(memberId, over) });
    await expect(seat(member(other, "Associations", 0))).rejects.toMatchObject({ key: "organs.errors.unknownMember", status: 422, field: "memberId" });
    await expect(seat("no-such-member")).rejects.toMatchObject({ key: "organs.errors.unknownMember" });
    await seat(member(s, "Associations", 0));
    await expect(seat(member(s, "Associations", 0), { role: "president" })).rejects.toMatchObject({ key: "organs.errors.alreadySitting", status: 409, field: "memberId" });
    await db.updateTable("member").set({ exited_on: "2025-01-01" }).where("id", "=", member(s, "Entreprises", 0)).execute();
    await expect(seat(member(s, "Entreprises", 0))).rejects.toMatchObject({ key: "organs.errors.memberExited", status: 422 });
    // An organ of another entity is not found from this one.
    const { id: foreignOrgan } = await createOrgan(db, { entityId: other.id, actorId: other.admin.id, organ: organInput() });
    await expect(appoint(db, { entityId: s.id, actorId: s.admin.id, organId: foreignOrgan, mandate: mandate(member(s, "Salariés", 0)) })).rejects.toMatchObject({ status: 404 });
    expect(await counts(s.id)).toMatchObject({ mandates: 1 });
    expect(await counts(other.id)).toMatchObject({ mandates: 0 });
  });

  it("sets the planned end from the organ's term, month ends clamped, unless an end is given", async () => {
    const s = await makeVotingScic(db, 1);
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 5, termMonths: 36 }) });
    const { id: noTerm } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ name: "Comité", seats: 5, termMonths: null }) });
    const seat = (organ: string, memberId: string, over: Partial<MandateInput>) => appoint(db, { entityId: s.id, actorId: s.admin.id, organId: organ, mandate: mandate(memberId, over) });
    const a = await seat(organId, member(s, "Associations", 0), { startsOn: "2025-06-30" });
    const b = await seat(organId, member(s, "Entreprises", 0), { startsOn: "2024-02-29" });
    const c = await seat(organId, member(s, "Salariés", 0), { startsOn: "2025-06-30", endsOn: "2026-06-30" });
    const d = await seat(noTerm, member(s, "Associations", 0), { startsOn: "2025-06-30" });
    expect((await mandateRow(a.id)).ends_on).toBe("2028-06-30");
    expect((await mandateRow(b.id)).ends_on).toBe("2027-02-28");
    expect((await mandateRow(c.id)).ends_on).toBe("2026-06-30");
    expect((await mandateRow(d.id)).ends_on).toBeNull();
    await expect(seat(organId, member(s, "Collectivités", 0), { startsOn: "2025-06-30", endsOn: "2025-06-30" })).rejects.toMatchObject({ key: "organs.errors.endBeforeStart", field: "endsOn" });
    const started = await journal(s.id, "mandate.started");
    expect(started.map((e) => e.detail)).toContainEqual(expect.objectContaining({ memberId: member(s, "Entreprises", 0), startsOn: "2024-02-29", endsOn: "2027-02-28", appointedBy: "statute" }));
  });
});

describe("ending a mandate", () => {
  it("records its end and reason, frees the seat, and journals every step", async () => {
    const s = await makeVotingScic(db, 1);
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ seats: 2, termMonths: 24 }) });
    const seat = (memberId: string, over: Partial<MandateInput> = {}) => appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(memberId, over) });
    const a = await seat(member(s, "Associations", 0), { role: "president" });
    await seat(member(s, "Entreprises", 0));
    await expect(seat(member(s, "Salariés", 0))).rejects.toMatchObject({ key: "organs.errors.organFull" });

    const end = (mandateId: string, endedOn: string, reason = "resignation") => endMandate(db, { entityId: s.id, actorId: s.admin.id, organId, mandateId, endedOn, reason });
    await expect(end(a.id, "2025-01-14")).rejects.toMatchObject({ key: "organs.errors.endBeforeStart", field: "endedOn" });
    // An end is recorded once it came: a future one would free the seat while its holder still sits.
    await expect(end(a.id, "2099-01-01")).rejects.toMatchObject({ key: "organs.errors.endInFuture", field: "endedOn" });
    await end(a.id, "2025-09-01");
    expect(await mandateRow(a.id)).toMatchObject({ ended_on: "2025-09-01", end_reason: "resignation", ends_on: "2027-01-15" });
    await expect(end(a.id, "2025-10-01", "revocation")).rejects.toMatchObject({ key: "organs.errors.alreadyEnded", status: 409 });
    expect((await mandateRow(a.id)).end_reason).toBe("resignation");

    // The seat is free again: a new member takes it; the one who left may come back later.
    const c = await seat(member(s, "Salariés", 0), { startsOn: "2025-09-02", appointedBy: "co-optation" });
    await end(c.id, "2025-12-31", "other");
    const again = await seat(member(s, "Associations", 0), { startsOn: "2026-01-01" });
    expect(again.id).not.toBe(a.id);

    const created = await journal(s.id, "organ.created");
    const started = await journal(s.id, "mandate.started");
    const ended = await journal(s.id, "mandate.ended");
    expect(created).toHaveLength(1);
    expect(started).toHaveLength(4);
    expect(ended).toHaveLength(2);
    for (const e of [...created, ...started, ...ended]) expect(e).toMatchObject({ userId: s.admin.id, subjectType: "organ", subjectId: organId });
    // Events journaled within the same millisecond have no order between them: compare as sets.
    expect(started.map((e) => e.detail)).toContainEqual(expect.objectContaining({ memberId: member(s, "Associations", 0), role: "president", startsOn: "2025-01-15", endsOn: "2027-01-15", appointedBy: "statute", resolutionId: null }));
    expect(ended.map((e) => e.detail)).toHaveLength(2);
    expect(ended.map((e) => e.detail)).toEqual(expect.arrayContaining([
      { memberId: member(s, "Associations", 0), endedOn: "2025-09-01", reason: "resignation" },
      { memberId: member(s, "Salariés", 0), endedOn: "2025-12-31", reason: "other" },
    ]));
  });

  it("cannot end a mandate through another organ", async () => {
    const s = await makeVotingScic(db, 1);
    const { id: one } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput() });
    const { id: two } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ name: "Comité" }) });
    const a = await appoint(db, { entityId: s.id, actorId: s.admin.id, organId: one, mandate: mandate(member(s, "Associations", 0)) });
    await expect(endMandate(db, { entityId: s.id, actorId: s.admin.id, organId: two, mandateId: a.id, endedOn: "2025-06-01", reason: "exit" })).rejects.toMatchObject({ status: 404 });
    expect((await mandateRow(a.id)).ended_on).toBeNull();
  });
});

describe("expiring mandates on the dashboard", () => {
  it("lists the running mandates ending within 3 months to admins and secretaries, soonest first; a member sees none", async () => {
    const s = await makeVotingScic(db, 3);
    const other = await makeVotingScic(db, 1);
    const today = TODAY();
    const dayAfter = (day: string) => new Date(Date.parse(`${day}T12:00:00Z`) + 86400_000).toISOString().slice(0, 10);
    const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: organInput({ name: "Conseil", seats: 10 }) });
    const seat = (memberId: string, endsOn: string | null) => appoint(db, { entityId: s.id, actorId: s.admin.id, organId, mandate: mandate(memberId, { startsOn: "2024-01-01", endsOn }) });
    const boundary = await seat(member(s, "Associations", 0), addMonths(today, 3));
    const soon = await seat(member(s, "Associations", 1), addMonths(today, 1));
    const past = await seat(member(s, "Associations", 2), addMonths(today, -1));
    const todayEnd = await seat(member(s, "Entreprises", 0), today);
    await seat(member(s, "Entreprises", 1), dayAfter(addMonths(today, 3)));
    await seat(member(s, "Entreprises", 2), null);
    const ended = await seat(member(s, "Salariés", 0), addMonths(today, 2));
    await endMandate(db, { entityId: s.id, actorId: s.admin.id, organId, mandateId: ended.id, endedOn: "2025-01-01", reason: "resignation" });
    // Another entity's mandate ending soon is not this dashboard's.
    const { id: foreignOrgan } = await createOrgan(db, { entityId: other.id, actorId: other.admin.id, organ: organInput() });
    await appoint(db, { entityId: other.id, actorId: other.admin.id, organId: foreignOrgan, mandate: mandate(member(other, "Associations", 0), { startsOn: "2024-01-01", endsOn: addMonths(today, 1) }) });

    const dashboard = async (token: string) => dataOf(await run(dashboardRoute.loader, db, { path: `/o/${s.slug}`, token, params: { slug: s.slug } }));
    const secretary = await makeUser(db, "Secrétaire");
    await upsertRole(db, { entityId: s.id, userId: secretary.id, role: "secretary", now: new Date(Date.now() - 60_000) });

    const expected = [
      { id: past.id, organId, organName: "Conseil", memberName: s.people["Associations"]![2]!.name, endsOn: addMonths(today, -1), expired: true },
      { id: todayEnd.id, organId, organName: "Conseil", memberName: s.people["Entreprises"]![0]!.name, endsOn: today, expired: true },
      { id: soon.id, organId, organName: "Conseil", memberName: s.people["Associations"]![1]!.name, endsOn: addMonths(today, 1), expired: false },
      { id: boundary.id, organId, organName: "Conseil", memberName: s.people["Associations"]![0]!.name, endsOn: addMonths(today, 3), expired: false },
    ];
    const admin = await dashboard(await signIn(db, s.admin.email, PASSWORD));
    expect(admin.role).toBe("admin");
    expect(admin.mandates).toEqual(expected);
    // Each expiring mandate is something to do.
    expect(admin.todo).toBe(4);
    const bySecretary = await dashboard(await signIn(db, secretary.email, PASSWORD));
    expect(bySecretary.role).toBe("secretary");
    expect(bySecretary.mandates).toEqual(expected);

    const plain = await dashboard(await signIn(db, s.people["Associations"]![0]!.email, PASSWORD));
    expect(plain.role).toBe("member");
    expect(plain.mandates).toBeNull();
    expect(JSON.stringify(plain)).not.toContain(past.id);
  });
});
