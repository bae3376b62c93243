// Every redirect a visitor can choose goes to a path of this site, never elsewhere, never a 500.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import * as languageRoute from "~/routes/language";
import * as loginRoute from "~/routes/login";
import { run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { makeUser, PASSWORD } from "../helpers/factories";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const HOSTILE = ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "//evil.example", "https://evil.example", "/a\r\nSet-Cookie: pwned=1"];

function location(res: unknown): string | null {
  expect(res).toBeInstanceOf(Response);
  return (res as Response).headers.get("Location");
}

describe("redirectTo", () => {
  it.each(HOSTILE)("GET /login when signed in ignores %j", async (to) => {
    const user = await makeUser(db);
    const token = await signIn(db, user.email, PASSWORD);
    const res = await run(loginRoute.loader, db, { path: `/login?redirectTo=${encodeURIComponent(to)}`, token });
    expect(statusOf(res)).toBe(302);
    expect(location(res)).toBe("/");
  });

  it.each(HOSTILE)("the login form ignores %j", async (to) => {
    const user = await makeUser(db);
    const res = await run(loginRoute.action, db, { path: "/login", form: { email: user.email, password: PASSWORD, redirectTo: to } });
    expect(statusOf(res)).toBe(302);
    expect(location(res)).toBe("/");
  });

  it.each(HOSTILE)("POST /language ignores %j", async (to) => {
    const res = await run(languageRoute.action, db, { path: "/language", form: { lang: "en", redirectTo: to } });
    expect(statusOf(res)).toBe(302);
    expect(location(res)).toBe("/");
  });

  it("still goes back to a page of the site", async () => {
    const user = await makeUser(db);
    const res = await run(loginRoute.action, db, { path: "/login", form: { email: user.email, password: PASSWORD, redirectTo: "/account?tab=1" } });
    expect(location(res)).toBe("/account?tab=1");
    const lang = await run(languageRoute.action, db, { path: "/language", form: { lang: "fr", redirectTo: "/o/alpha/meetings" } });
    expect(location(lang)).toBe("/o/alpha/meetings");
  });
});
