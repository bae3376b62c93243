import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "#db/seed";
import * as languageRoute from "~/routes/language";
import * as setupRoute from "~/routes/setup";
import * as rootRoute from "~/root";
import * as dashboardRoute from "~/routes/entity.dashboard";
import { findUserByEmail } from "~/queries/users.server";
import { weightsInForce } from "~/services/colleges.server";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { makeUser, PASSWORD } from "../helpers/factories";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

describe("language", () => {
  it("is French by default and follows the browser", async () => {
    expect(dataOf(await run(rootRoute.loader, db, { path: "/" })).locale).toBe("fr");
    expect(dataOf(await run(rootRoute.loader, db, { path: "/", headers: { "Accept-Language": "en-US,en;q=0.8" } })).locale).toBe("en");
  });

  it("switching to English saves it on the account and in a cookie, and goes back", async () => {
    const user = await makeUser(db);
    const token = await signIn(db, user.email, PASSWORD);
    const res = (await run(languageRoute.action, db, { path: "/language", token, form: { lang: "en", redirectTo: "/account" } })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account");
    expect(res.headers.get("Set-Cookie")).toMatch(/^cogere_lang=en;/);
    expect((await findUserByEmail(db, user.email))?.locale).toBe("en");
    // The account's choice holds even on a French browser without the cookie.
    const root = dataOf(await run(rootRoute.loader, db, { path: "/", token, headers: { "Accept-Language": "fr-FR" } }));
    expect(root.locale).toBe("en");
  });

  it("a visitor's choice is kept in a cookie only", async () => {
    const res = (await run(languageRoute.action, db, { path: "/language", form: { lang: "en", redirectTo: "https://evil.example" } })) as Response;
    expect(res.headers.get("Location")).toBe("/");
    expect(res.headers.get("Set-Cookie")).toMatch(/^cogere_lang=en;/);
    expect(dataOf(await run(rootRoute.loader, db, { path: "/", headers: { Cookie: "cogere_lang=en" } })).locale).toBe("en");
  });

  it("refuses an unknown language", async () => {
    const res = await run(languageRoute.action, db, { path: "/language", form: { lang: "de" } });
    expect(statusOf(res)).toBe(400);
    expect(dataOf(res).errors.lang.key).toBe("errors.invalidChoice");
  });
});

describe("first installation", () => {
  it("creates the platform administrator while there is no account, then closes", async () => {
    expect(statusOf(await run(setupRoute.loader, db, { path: "/setup" }))).toBe(200);
    const bad = await run(setupRoute.action, db, { path: "/setup", form: { name: "Ada", email: "ada@test.example", password: "short" } });
    expect(statusOf(bad)).toBe(400);
    expect(dataOf(bad).values).toEqual({ name: "Ada", email: "ada@test.example" });
    const ok = (await run(setupRoute.action, db, { path: "/setup", form: { name: "Ada", email: "ada@test.example", password: "long enough pw" } })) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Set-Cookie")).toContain("cogere_session=");
    expect((await findUserByEmail(db, "ada@test.example"))?.is_platform_admin).toBe(1);
    expect(statusOf(await run(setupRoute.loader, db, { path: "/setup" }))).toBe(404);
    expect(statusOf(await run(setupRoute.action, db, { path: "/setup", form: { name: "Eve", email: "eve@test.example", password: "long enough pw" } }))).toBe(404);
  });
});

describe("demo entity", () => {
  it("is seeded on the first run only, with 4 weighted colleges, 40 members and its demo accounts", async () => {
    expect(await seedDemo(db)).toBe(true);
    expect(await seedDemo(db)).toBe(false);
    const colleges = await db.selectFrom("college").select(["id", "name"]).orderBy("position").execute();
    const weights = await weightsInForce(db, colleges.length ? (await db.selectFrom("entity").select("id").executeTakeFirstOrThrow()).id : "", "2026-01-01");
    expect(colleges.map((c) => [c.name, weights.get(c.id)?.toString()])).toEqual([
      ["Associations", "3/10"],
      ["Entreprises", "3/10"],
      ["Collectivités", "1/5"],
      ["Salariés et usagers", "1/5"],
    ]);
    const token = await signIn(db, DEMO_ACCOUNTS[0].email, DEMO_ACCOUNTS[0].password);
    const dashboard = dataOf(await run(dashboardRoute.loader, db, { path: `/o/${DEMO_SLUG}`, token, params: { slug: DEMO_SLUG } }));
    expect(dashboard.summary.activeMembers).toBe(40);
    expect(dashboard.summary.colleges.map((c: { headcount: number }) => c.headcount).reduce((a: number, b: number) => a + b, 0)).toBe(40);
    expect(dashboard.role).toBe("admin");
    for (const account of DEMO_ACCOUNTS) {
      const t = await signIn(db, account.email, account.password);
      const d = dataOf(await run(dashboardRoute.loader, db, { path: `/o/${DEMO_SLUG}`, token: t, params: { slug: DEMO_SLUG } }));
      expect(d.role).toBe(account.role);
    }
  });
});
