import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import * as accessRoute from "~/routes/entity.access";
import * as dashboardRoute from "~/routes/entity.dashboard";
import * as entityRoute from "~/routes/entity";
import * as newEntityRoute from "~/routes/entities.new";
import * as homeRoute from "~/routes/home";
import { findRole } from "~/queries/entities.server";
import { ensurePlatformAdmin } from "~/services/auth.server";
import { createDb } from "#db/index";
import { createMigrator, migrateToLatest } from "#db/migrate";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { makeEntity, makeUser, PASSWORD } from "../helpers/factories";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

describe("entities and roles", () => {
  it("a member of entity A gets 403 on every page of entity B, and sees only A", async () => {
    const a = await makeEntity(db, "Alpha", { member: 1 });
    const b = await makeEntity(db, "Beta");
    const token = await signIn(db, a.byRole.member![0]!.email, PASSWORD);
    expect(statusOf(await run(entityRoute.loader, db, { path: `/o/${a.slug}`, token, params: { slug: a.slug } }))).toBe(200);
    expect(statusOf(await run(entityRoute.loader, db, { path: `/o/${b.slug}`, token, params: { slug: b.slug } }))).toBe(403);
    expect(statusOf(await run(dashboardRoute.loader, db, { path: `/o/${b.slug}`, token, params: { slug: b.slug } }))).toBe(403);
    const home = dataOf(await run(homeRoute.loader, db, { path: "/", token }));
    expect(home.entities.map((e: { slug: string }) => e.slug)).toEqual([a.slug]);
  });

  it("an unknown entity is 404 and a visitor is sent to sign in", async () => {
    const a = await makeEntity(db, "Alpha");
    const token = await signIn(db, a.admin.email, PASSWORD);
    expect(statusOf(await run(dashboardRoute.loader, db, { path: "/o/nope", token, params: { slug: "nope" } }))).toBe(404);
    const anon = (await run(dashboardRoute.loader, db, { path: `/o/${a.slug}`, params: { slug: a.slug } })) as Response;
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/o/${a.slug}`)}`);
  });

  it.each(["observer", "member", "secretary"] as const)("a %s gets 403 on the admin page and its actions, and nothing changes", async (role) => {
    const a = await makeEntity(db, "Alpha", { [role]: 1 });
    const person = a.byRole[role]![0]!;
    const token = await signIn(db, person.email, PASSWORD);
    const call = { path: `/o/${a.slug}/access`, token, params: { slug: a.slug } };
    expect(statusOf(await run(accessRoute.loader, db, call))).toBe(403);
    const promote = await run(accessRoute.action, db, { ...call, form: { intent: "change", userId: person.id, role: "admin" } });
    expect(statusOf(promote)).toBe(403);
    expect(await findRole(db, a.id, person.id)).toBe(role);
  });

  it("an admin grants, changes and removes roles, and cannot remove the last admin", async () => {
    const a = await makeEntity(db, "Alpha");
    const token = await signIn(db, a.admin.email, PASSWORD);
    const call = { path: `/o/${a.slug}/access`, token, params: { slug: a.slug } };

    const missing = await run(accessRoute.action, db, { ...call, form: { intent: "grant", email: "new.person@test.example", role: "secretary" } });
    expect(statusOf(missing)).toBe(422);
    expect(dataOf(missing).errors._form.key).toBe("access.needPassword");
    expect(dataOf(missing).values.email).toBe("new.person@test.example");

    const granted = (await run(accessRoute.action, db, { ...call, form: { intent: "grant", email: "new.person@test.example", name: "New Person", role: "secretary", initialPassword: "initial password" } })) as Response;
    expect(granted.status).toBe(302);
    const newToken = await signIn(db, "new.person@test.example", "initial password");
    const listed = dataOf(await run(accessRoute.loader, db, call));
    const person = listed.people.find((p: { email: string }) => p.email === "new.person@test.example");
    expect(person.role).toBe("secretary");
    expect(listed.total).toBe(2);

    expect(statusOf(await run(accessRoute.action, db, { ...call, form: { intent: "change", userId: person.userId, role: "observer" } }))).toBe(302);
    expect(await findRole(db, a.id, person.userId)).toBe("observer");

    const lastAdmin = await run(accessRoute.action, db, { ...call, form: { intent: "change", userId: a.admin.id, role: "member" } });
    expect(statusOf(lastAdmin)).toBe(409);
    expect(dataOf(lastAdmin).errors._form.key).toBe("errors.lastAdmin");
    expect(statusOf(await run(accessRoute.action, db, { ...call, form: { intent: "remove", confirmed: "1", userId: a.admin.id } }))).toBe(409);

    expect(statusOf(await run(accessRoute.action, db, { ...call, form: { intent: "remove", confirmed: "1", userId: person.userId } }))).toBe(302);
    expect(statusOf(await run(dashboardRoute.loader, db, { path: `/o/${a.slug}`, token: newToken, params: { slug: a.slug } }))).toBe(403);
  });

  it("every grant, change and removal of a role is journaled with the entity and the person; ids outside the entity are missing", async () => {
    const a = await makeEntity(db, "Alpha");
    const b = await makeEntity(db, "Beta", { treasurer: 1 });
    const outsider = b.byRole.treasurer![0]!;
    const newcomer = await makeUser(db, "Newcomer");
    const token = await signIn(db, a.admin.email, PASSWORD);
    const call = { path: `/o/${a.slug}/access`, token, params: { slug: a.slug } };
    const journal = () => db.selectFrom("audit_event").select(["action", "entity_id", "user_id", "subject_type", "subject_id"]).where("action", "like", "role.%").where("entity_id", "=", a.id).orderBy("created_at").orderBy("id").execute();
    const before = await journal();

    // Someone of another entity, or nobody: 404, and nothing changes anywhere.
    for (const userId of [outsider.id, "unknown-user"]) {
      expect(statusOf(await run(accessRoute.action, db, { ...call, form: { intent: "change", userId, role: "admin" } }))).toBe(404);
      expect(statusOf(await run(accessRoute.action, db, { ...call, form: { intent: "remove", confirmed: "1", userId } }))).toBe(404);
    }
    expect(await findRole(db, a.id, outsider.id)).toBeNull();
    expect(await findRole(db, b.id, outsider.id)).toBe("treasurer");
    expect(await journal()).toEqual(before);

    expect(statusOf(await run(accessRoute.action, db, { ...call, form: { intent: "grant", email: newcomer.email, role: "member" } }))).toBe(302);
    expect(statusOf(await run(accessRoute.action, db, { ...call, form: { intent: "change", userId: newcomer.id, role: "treasurer" } }))).toBe(302);
    expect(statusOf(await run(accessRoute.action, db, { ...call, form: { intent: "remove", confirmed: "1", userId: newcomer.id } }))).toBe(302);
    const subject = { entity_id: a.id, user_id: a.admin.id, subject_type: "role", subject_id: newcomer.id };
    // Three events, in any order: they may share a millisecond.
    const events = (await journal()).slice(before.length).sort((x, y) => x.action.localeCompare(y.action));
    expect(events).toEqual([
      { action: "role.changed", ...subject },
      { action: "role.granted", ...subject },
      { action: "role.removed", ...subject },
    ]);
  });

  it("rejects bad role forms naming the field", async () => {
    const a = await makeEntity(db, "Alpha");
    const token = await signIn(db, a.admin.email, PASSWORD);
    const res = await run(accessRoute.action, db, { path: `/o/${a.slug}/access`, token, params: { slug: a.slug }, form: { intent: "grant", email: "x@test.example", role: "king", initialPassword: "short" } });
    expect(statusOf(res)).toBe(400);
    expect(dataOf(res).errors).toMatchObject({ role: { key: "errors.invalidChoice" }, initialPassword: { key: "errors.passwordTooShort" } });
  });
});

describe("since when a role is held", () => {
  it("the migration dates existing roles from their creation or their last change in the journal, and new rows from now", async () => {
    const old = createDb(":memory:");
    const { error } = await createMigrator(old).migrateTo("2026-11-27-006-budget");
    expect(error).toBeUndefined();
    const [t1, t2, t3] = ["2026-01-10T08:00:00.000Z", "2026-02-01T09:00:00.000Z", "2026-03-01T10:00:00.000Z"];
    await old.insertInto("entity").values({ id: "e", slug: "e", name: "E", legal_form: "scic-sas", created_at: t1 }).execute();
    for (const u of ["changed", "same", "quiet"]) await old.insertInto("user").values({ id: u, email: `${u}@test.example`, name: u, password_hash: "x", created_at: t1 }).execute();
    for (const [u, role] of [["changed", "treasurer"], ["same", "admin"], ["quiet", "member"]] as const) await old.insertInto("entity_role").values({ entity_id: "e", user_id: u, role, created_at: t1 }).execute();
    const event = (id: string, at: string, detail: string) => ({ id, entity_id: "e", user_id: "same", action: id.startsWith("c") ? "role.changed" : "role.granted", detail, created_at: at });
    await old.insertInto("audit_event").values([
      event("g1", t1, JSON.stringify({ userId: "changed", role: "member", previous: null })),
      event("c1", t2, JSON.stringify({ userId: "changed", role: "treasurer", previous: "member" })),
      // Given the role they already held: not a change.
      event("g2", t3, JSON.stringify({ userId: "same", role: "admin", previous: "admin" })),
      event("g3", t3, "not json"),
    ]).execute();
    await migrateToLatest(old);
    const rows = await old.selectFrom("entity_role").select(["user_id", "role", "created_at", "granted_at"]).orderBy("user_id").execute();
    expect(rows).toEqual([
      { user_id: "changed", role: "treasurer", created_at: t1, granted_at: t2 },
      { user_id: "quiet", role: "member", created_at: t1, granted_at: t1 },
      { user_id: "same", role: "admin", created_at: t1, granted_at: t1 },
    ]);
    // A row written without the column (bulk inserts) holds its role from now, never from before.
    const before = new Date().toISOString();
    await old.insertInto("user").values({ id: "bulk", email: "bulk@test.example", name: "bulk", password_hash: "x", created_at: t1 }).execute();
    await old.insertInto("entity_role").values({ entity_id: "e", user_id: "bulk", role: "member", created_at: t1 }).execute();
    const bulk = await old.selectFrom("entity_role").select("granted_at").where("user_id", "=", "bulk").executeTakeFirstOrThrow();
    expect(bulk.granted_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(bulk.granted_at >= before.slice(0, 19)).toBe(true);
    await old.destroy();
  });
});

describe("platform administration", () => {
  it("the first account is platform administrator; later ones are not", async () => {
    const first = await makeUser(db);
    const second = await makeUser(db);
    expect(first.platformAdmin).toBe(true);
    expect(second.platformAdmin).toBe(false);
  });

  it("only a platform administrator creates entities, and becomes their admin", async () => {
    const first = await makeUser(db);
    const second = await makeUser(db);
    const other = await signIn(db, second.email, PASSWORD);
    expect(statusOf(await run(newEntityRoute.loader, db, { path: "/entities/new", token: other }))).toBe(403);
    expect(statusOf(await run(newEntityRoute.action, db, { path: "/entities/new", token: other, form: { name: "Gamma", legalForm: "association" } }))).toBe(403);

    const token = await signIn(db, first.email, PASSWORD);
    const res = (await run(newEntityRoute.action, db, { path: "/entities/new", token, form: { name: "Coopérative Gamma", slug: "", legalForm: "scic-sa" } })) as Response;
    expect(res.headers.get("Location")).toBe("/o/cooperative-gamma");
    const dup = await run(newEntityRoute.action, db, { path: "/entities/new", token, form: { name: "Gamma bis", slug: "cooperative-gamma", legalForm: "scic-sa" } });
    expect(statusOf(dup)).toBe(409);
    expect(dataOf(dup).errors.slug).toEqual({ key: "errors.slugTaken", params: { slug: "cooperative-gamma" } });
    expect(dataOf(dup).values.name).toBe("Gamma bis");
    const bad = await run(newEntityRoute.action, db, { path: "/entities/new", token, form: { name: "", slug: "Bad Slug", legalForm: "kingdom" } });
    expect(Object.keys(dataOf(bad).errors).sort()).toEqual(["legalForm", "name", "slug"]);
  });

  it("the CLI's create-admin promotes an existing account or creates one", async () => {
    await makeUser(db); // the first account, already platform admin
    const user = await makeUser(db);
    expect(await ensurePlatformAdmin(db, { email: user.email, name: "ignored", password: "ignored password" })).toEqual({ id: user.id, created: false });
    const created = await ensurePlatformAdmin(db, { email: "ops@test.example", name: "Ops", password: "ops password 123" });
    expect(created.created).toBe(true);
    const rows = await db.selectFrom("user").select(["email", "is_platform_admin"]).where("is_platform_admin", "=", 1).execute();
    expect(rows.map((r) => r.email).sort()).toContain("ops@test.example");
    expect(rows.map((r) => r.email)).toContain(user.email);
  });
});
