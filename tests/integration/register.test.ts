import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { AppError } from "~/lib/errors";
import * as membersRoute from "~/routes/entity.members";
import * as memberRoute from "~/routes/entity.member";
import * as newMemberRoute from "~/routes/entity.members.new";
import * as exportRoute from "~/routes/entity.members.export";
import * as settingsRoute from "~/routes/entity.settings";
import * as collegesRoute from "~/routes/entity.colleges";
import * as meRoute from "~/routes/entity.me";
import { listHistory } from "~/queries/audit.server";
import { listMembers, MEMBER_PAGE_SIZE } from "~/queries/members.server";
import { assertMayVote, saveMember } from "~/services/members.server";
import { weightsInForce } from "~/services/colleges.server";
import { registerPage } from "~/services/register.server";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { bulkMembers, DAY, makeScic, memberInput } from "../helpers/register";
import { isoDateInParis } from "~/lib/dates";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

describe("members", () => {
  it("are created and changed with a history of who, when, before and after", async () => {
    const s = await makeScic(db);
    const { id } = await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Hélène Duval", collegeId: s.colleges["Salariés"]!, category: "salarie", shares: "3" }), day: DAY });
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, memberId: id, member: memberInput({ name: "Hélène Duval", collegeId: s.colleges["Associations"]!, category: "salarie", shares: "5", votingWeight: "1,5" }), day: DAY });
    const history = await listHistory(db, s.id, { type: "member", id });
    expect(history.map((h) => h.action)).toEqual(["member.updated", "member.created"]);
    expect(history[0]!.detail).toEqual({
      before: { college_id: "Salariés", shares: 3, voting_weight_micro: "1" },
      after: { college_id: "Associations", shares: 5, voting_weight_micro: "1.5" },
    });
  });

  it("refuses a duplicate member number and a legal person without representative, naming the field", async () => {
    const s = await makeScic(db);
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ memberNumber: "M-1", collegeId: s.colleges["Salariés"]! }), day: DAY });
    await expect(saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ memberNumber: "M-1", collegeId: s.colleges["Salariés"]! }), day: DAY })).rejects.toMatchObject({ key: "errors.memberNumberTaken", field: "memberNumber" });
    const token = await signIn(db, s.admin.email, PASSWORD);
    const res = await run(newMemberRoute.action, db, {
      path: `/o/${s.slug}/members/new`,
      token,
      params: { slug: s.slug },
      form: { name: "Coop X", personKind: "legal", representative: "", category: "entreprise", collegeId: s.colleges["Entreprises"]!, joinedOn: "31/02/2026", votingWeight: "-1", shares: "1.5" },
    });
    expect(statusOf(res)).toBe(400);
    expect(dataOf(res).errors).toMatchObject({
      representative: { key: "errors.representativeRequired" },
      joinedOn: { key: "errors.date" },
      votingWeight: { key: "errors.votingWeight" },
      shares: { key: "errors.shares" },
    });
    expect(dataOf(res).values.name).toBe("Coop X");
  });

  it("refuses to give local authorities more than half the capital, with the figures", async () => {
    const s = await makeScic(db);
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Asso", collegeId: s.colleges["Associations"]!, category: "association", shares: "1000" }), day: DAY });
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Commune A", collegeId: s.colleges["Collectivités"]!, category: "collectivite", shares: "1000" }), day: DAY });
    const attempt = saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Commune B", collegeId: s.colleges["Collectivités"]!, category: "collectivite", shares: "10" }), day: DAY });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ key: "errors.capitalCap", params: { collectivites: 101000, total: 201000, percent: 50.25 }, field: "shares" });
    // Exactly half is allowed.
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Asso 2", collegeId: s.colleges["Associations"]!, category: "association", shares: "10" }), day: DAY });
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Commune B", collegeId: s.colleges["Collectivités"]!, category: "collectivite", shares: "10" }), day: DAY });
  });

  it("an exited member keeps their record but cannot be given a vote", async () => {
    const s = await makeScic(db);
    const { id } = await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Parti", collegeId: s.colleges["Salariés"]!, exitedOn: "2026-01-10" }), day: DAY });
    await expect(assertMayVote(db, s.entity, id, "2026-01-09")).resolves.toMatchObject({ id });
    await expect(assertMayVote(db, s.entity, id, "2026-01-10")).rejects.toMatchObject({ key: "errors.memberNotActive" });
    expect((await listMembers(db, s.id, { q: "", college: "", category: "", status: "active", page: 1 }, DAY)).total).toBe(0);
    expect((await listMembers(db, s.id, { q: "", college: "", category: "", status: "exited", page: 1 }, DAY)).rows.map((r) => r.name)).toEqual(["Parti"]);
  });
});

describe("the register with 20 000 members", () => {
  let big: Db;
  let scic: Awaited<ReturnType<typeof makeScic>>;
  beforeAll(async () => {
    big = await createTestDb();
    scic = await makeScic(big, "Grande Scic");
    const colleges = Object.values(scic.colleges);
    await bulkMembers(
      big,
      scic.id,
      Array.from({ length: 20_000 }, (_, i) =>
        memberInput({ name: `Membre ${String(i).padStart(6, "0")}`, memberNumber: `N${i}`, email: `m${i}@big.example`, collegeId: colleges[i % 4]!, category: i % 4 === 2 ? "collectivite" : "beneficiaire", exitedOn: i % 10 === 9 ? "2025-01-01" : "" }),
      ),
    );
  }, 60_000);

  it("returns the right page, total and filters without loading the list", async () => {
    const page = await listMembers(big, scic.id, { q: "", college: "", category: "", status: "all", page: 400 }, DAY);
    expect(page.total).toBe(20_000);
    expect(page.rows).toHaveLength(MEMBER_PAGE_SIZE);
    expect(page.rows[0]!.name).toBe(`Membre ${String(399 * MEMBER_PAGE_SIZE).padStart(6, "0")}`);
    expect(page.rows.at(-1)!.name).toBe(`Membre ${String(400 * MEMBER_PAGE_SIZE - 1).padStart(6, "0")}`);

    const active = await listMembers(big, scic.id, { q: "", college: scic.colleges["Entreprises"]!, category: "", status: "active", page: 1 }, DAY);
    // Entreprises are i % 4 == 1; of those, i % 10 == 9 have left: 5 000 - 1 000.
    expect(active.total).toBe(4_000);
    const search = await listMembers(big, scic.id, { q: "m4242@big", college: "", category: "", status: "all", page: 1 }, DAY);
    expect(search.rows.map((r) => r.memberNumber)).toEqual(["N4242"]);
  });

  it("searches the same way below and from three characters, and counts every status", async () => {
    const filter = { q: "", college: "", category: "" as const, status: "all" as const, page: 1 };
    // "m4" (too short for the trigram index): m4, m40 to m49, m400 to m499, m4000 to m4999.
    expect((await listMembers(big, scic.id, { ...filter, q: "m4" }, DAY)).total).toBe(1_111);
    // "m42" through the index: m42, m420 to m429, m4200 to m4299.
    const m42 = await listMembers(big, scic.id, { ...filter, q: "M42", page: 3 }, DAY);
    expect(m42.total).toBe(111);
    expect(m42.rows.map((r) => r.memberNumber)).toEqual(Array.from({ length: 11 }, (_, i) => `N${4_289 + i}`));
    const exited = await registerPage(big, scic.entity, { ...filter, status: "exited" }, DAY);
    expect([exited.total, exited.pages]).toEqual([2_000, 40]);
  });

  it("serves the register page to the admin, with active headcounts per college", async () => {
    const token = await signIn(big, scic.admin.email, PASSWORD);
    const full = dataOf(await run(membersRoute.loader, big, { path: `/o/${scic.slug}/members?page=2&q=membre%2000`, token, params: { slug: scic.slug } }));
    // "membre 00" finds Membre 000000 to 009999, of whom 9 in 10 are still members.
    expect(full.full.total).toBe(9_000);
    expect(full.full.rows).toHaveLength(MEMBER_PAGE_SIZE);
    // Leavers (i % 10 == 9) are odd, so only colleges 1 and 3 (i % 4) lose 1 000 each.
    expect(full.full.colleges.map((c: { headcount: number }) => c.headcount)).toEqual([5_000, 4_000, 5_000, 4_000]);
  });
});

describe("who sees what", () => {
  it("a member sees the directory (names and colleges only) and their own membership, not the register", async () => {
    const s = await makeScic(db, "Scic", { member: 1, secretary: 1 });
    const person = s.byRole.member![0]!;
    const { id } = await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Membre Lié", email: person.email, collegeId: s.colleges["Salariés"]!, shares: "7" }), day: DAY });
    await db.updateTable("member").set({ user_id: person.id }).where("id", "=", id).execute();
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Autre", email: "secret@test.example", collegeId: s.colleges["Associations"]! }), day: DAY });
    const token = await signIn(db, person.email, PASSWORD);
    const args = { token, params: { slug: s.slug } };
    const dir = dataOf(await run(membersRoute.loader, db, { path: `/o/${s.slug}/members`, ...args }));
    expect(dir.full).toBeNull();
    expect(dir.directory.rows).toEqual([
      { id: expect.any(String), name: "Autre", collegeName: "Associations", personKind: "natural" },
      { id, name: "Membre Lié", collegeName: "Salariés", personKind: "natural" },
    ]);
    expect(JSON.stringify(dir)).not.toContain("secret@test.example");
    // Searching the directory by e-mail tells nothing.
    expect(dataOf(await run(membersRoute.loader, db, { path: `/o/${s.slug}/members?q=secret`, ...args })).directory.total).toBe(0);
    const me = dataOf(await run(meRoute.loader, db, { path: `/o/${s.slug}/me`, ...args }));
    expect(me.member).toMatchObject({ name: "Membre Lié", college: "Salariés", shares: 7, votingWeight: "1", collegeWeight: { num: 1, den: 5 } });

    for (const [route, path] of [[memberRoute.loader, `members/${id}`], [exportRoute.loader, "members/export"], [settingsRoute.loader, "settings"]] as const) {
      expect(statusOf(await run(route, db, { path: `/o/${s.slug}/${path}`, ...args, params: { slug: s.slug, memberId: id } }))).toBe(403);
    }
    expect(statusOf(await run(collegesRoute.action, db, { path: `/o/${s.slug}/colleges`, ...args, form: { intent: "create", name: "Pirates" } }))).toBe(403);

    const secretary = await signIn(db, s.byRole.secretary![0]!.email, PASSWORD);
    expect(statusOf(await run(memberRoute.loader, db, { path: `/o/${s.slug}/members/${id}`, token: secretary, params: { slug: s.slug, memberId: id } }))).toBe(200);
    expect(statusOf(await run(memberRoute.action, db, { path: `/o/${s.slug}/members/${id}`, token: secretary, params: { slug: s.slug, memberId: id }, form: { intent: "save", name: "X" } }))).toBe(403);
  });

  it("exports the register as UTF-8 CSV with a BOM, semicolons and accents", async () => {
    const s = await makeScic(db);
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Élodie Français", memberNumber: "É-1", collegeId: s.colleges["Collectivités"]!, category: "benevole", votingWeight: "2.5", shares: "3" }), day: DAY });
    const token = await signIn(db, s.admin.email, PASSWORD);
    const res = (await run(exportRoute.loader, db, { path: `/o/${s.slug}/members/export`, token, params: { slug: s.slug } })) as Response;
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split("\r\n")).toEqual([
      "numero;nom;type;representant;categorie;college;poids;email;parts;date_entree;date_sortie",
      "É-1;Élodie Français;physique;;benevole;Collectivités;2,5;;3;2020-01-01;",
      "",
    ]);
  });
});

describe("colleges and weights", () => {
  it("a new weight version never changes the weights a past date sees", async () => {
    const s = await makeScic(db);
    const token = await signIn(db, s.admin.email, PASSWORD);
    const ids = s.colleges;
    const bad = await run(collegesRoute.action, db, {
      path: `/o/${s.slug}/colleges`,
      token,
      params: { slug: s.slug },
      form: { intent: "weights", effectiveFrom: "2026-03-01", reason: "AGE", [`w_${ids["Associations"]}`]: "60", [`w_${ids["Entreprises"]}`]: "20", [`w_${ids["Collectivités"]}`]: "10", [`w_${ids["Salariés"]}`]: "5" },
    });
    expect(statusOf(bad)).toBe(422);
    expect(dataOf(bad).violations).toEqual([
      { code: "aboveMax", college: "Associations", percent: "60", max: "50" },
      { code: "belowMin", college: "Salariés", percent: "5", min: "10" },
      { code: "sumNot100", sum: "95" },
    ]);
    expect(dataOf(bad).values[`w_${ids["Salariés"]}`]).toBe("5");

    const ok = await run(collegesRoute.action, db, {
      path: `/o/${s.slug}/colleges`,
      token,
      params: { slug: s.slug },
      form: { intent: "weights", effectiveFrom: "2026-03-01", reason: "AGE", [`w_${ids["Associations"]}`]: "1/3", [`w_${ids["Entreprises"]}`]: "1/3", [`w_${ids["Collectivités"]}`]: "1/6", [`w_${ids["Salariés"]}`]: "1/6" },
    });
    expect(statusOf(ok)).toBe(302);
    const before = await weightsInForce(db, s.id, "2026-02-28");
    const after = await weightsInForce(db, s.id, "2026-03-01");
    expect(before.get(ids["Associations"]!)!.toString()).toBe("3/10");
    expect(after.get(ids["Associations"]!)!.toString()).toBe("1/3");
    const history = await listHistory(db, s.id, { type: "college", id: ids["Associations"]! });
    expect(history[0]!.detail).toMatchObject({ before: { weight: "3/10" }, after: { weight: "1/3" }, reason: "AGE" });
  });

  it("an alliance paritaire gets equal weights set by the app, and archiving needs an empty college", async () => {
    const s = await makeScic(db);
    const token = await signIn(db, s.admin.email, PASSWORD);
    const res = await run(settingsRoute.action, db, { path: `/o/${s.slug}/settings`, token, params: { slug: s.slug }, form: { name: "Alliance", legalForm: "alliance", address: "", registrationNumber: "", shareNominal: "50,00", collegesEnabled: "on" } });
    expect(statusOf(res)).toBe(302);
    const today = isoDateInParis();
    const weights = await weightsInForce(db, s.id, "2099-01-01");
    expect([...weights.values()].map((w) => w.toString())).toEqual(["1/4", "1/4", "1/4", "1/4"]);
    await saveMember(db, { entity: { ...s.entity, legal_form: "alliance" }, actorId: s.admin.id, member: memberInput({ collegeId: s.colleges["Salariés"]! }), day: today });
    const { archiveCollege } = await import("~/services/colleges.server");
    await expect(archiveCollege(db, { entity: { id: s.id, legal_form: "alliance" }, actorId: s.admin.id, collegeId: s.colleges["Salariés"]!, day: today })).rejects.toMatchObject({ key: "colleges.hasMembers" });
    await archiveCollege(db, { entity: { id: s.id, legal_form: "alliance" }, actorId: s.admin.id, collegeId: s.colleges["Entreprises"]!, day: today });
    expect([...(await weightsInForce(db, s.id, "2099-01-01")).values()].map((w) => w.toString())).toEqual(["1/3", "1/3", "1/3"]);
    const entity = await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow();
    expect(entity.share_nominal_cents).toBe(5000);
  });
});
