import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { getFixedT } from "~/lib/i18n";
import { SESSION_LIFETIME_MS, sessionIdFromToken } from "~/lib/session.server";
import * as loginRoute from "~/routes/login";
import * as logoutRoute from "~/routes/logout";
import * as homeRoute from "~/routes/home";
import * as accountRoute from "~/routes/account";
import { login, validateSessionToken } from "~/services/auth.server";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { makeEntity, makeUser, PASSWORD } from "../helpers/factories";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const DAY = 24 * 60 * 60 * 1000;

describe("signing in", () => {
  it("signs in with the right password, sets an HttpOnly SameSite=Lax cookie, and lands on the only entity", async () => {
    const entity = await makeEntity(db, "Alpha");
    const res = (await run(loginRoute.action, db, { path: "/login", form: { email: entity.admin.email.toUpperCase(), password: PASSWORD, redirectTo: "/" } })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/o/${entity.slug}`);
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^cogere_session=[a-z2-7]{32};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    const token = cookie.split(";")[0]!.split("=")[1]!;
    // Only the hash of the token is stored.
    const stored = await db.selectFrom("session").select("id").execute();
    expect(stored.map((s) => s.id)).toEqual([sessionIdFromToken(token)]);
    expect(stored[0]!.id).not.toContain(token);
  });

  it("refuses a wrong password with a message, in French by default, keeping the e-mail", async () => {
    const user = await makeUser(db);
    const res = await run(loginRoute.action, db, { path: "/login", form: { email: user.email, password: "wrong password!", redirectTo: "/o/x" } });
    expect(statusOf(res)).toBe(400);
    const body = dataOf(res);
    expect(body.errors._form.key).toBe("login.invalid");
    expect(body.values).toEqual({ email: user.email, redirectTo: "/o/x" });
    expect(getFixedT("fr")(body.errors._form.key)).toBe("Adresse e-mail ou mot de passe incorrect.");
    expect(await db.selectFrom("session").selectAll().execute()).toHaveLength(0);
  });

  it("names the fields of a malformed form", async () => {
    const res = await run(loginRoute.action, db, { path: "/login", form: { email: "nobody", password: "" } });
    expect(statusOf(res)).toBe(400);
    expect(Object.keys(dataOf(res).errors).sort()).toEqual(["email", "password"]);
  });

  it("throttles an account after 5 failures, saying when to retry, even with the right password", async () => {
    const user = await makeUser(db);
    for (let i = 0; i < 4; i++) {
      const res = await run(loginRoute.action, db, { path: "/login", form: { email: user.email, password: `wrong-${i}-password` }, clientAddress: `10.0.0.${i}` });
      expect(statusOf(res)).toBe(400);
    }
    const fifth = await run(loginRoute.action, db, { path: "/login", form: { email: user.email, password: "wrong-5-password" }, clientAddress: "10.0.0.9" });
    expect(statusOf(fifth)).toBe(429);
    const retryAt = new Date(dataOf(fifth).retryAt);
    expect(retryAt.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(retryAt.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const right = await run(loginRoute.action, db, { path: "/login", form: { email: user.email, password: PASSWORD }, clientAddress: "10.0.0.10" });
    expect(statusOf(right)).toBe(429);
    expect(getFixedT("fr")("login.throttled", { time: "20:45", minutes: 15 })).toBe("Trop de tentatives de connexion. Réessayez à 20:45 (dans 15 min).");
    // Another account is not affected.
    const other = await makeUser(db);
    expect(statusOf(await run(loginRoute.action, db, { path: "/login", form: { email: other.email, password: PASSWORD }, clientAddress: "10.0.0.11" }))).toBe(302);
  });

  it("throttles an address after 20 failures across accounts", async () => {
    const now = new Date();
    for (let i = 0; i < 19; i++) {
      const r = await login(db, { email: `victim${i}@test.example`, password: "nope nope nope", clientAddress: "203.0.113.7", now });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const twentieth = await login(db, { email: "victim20@test.example", password: "nope nope nope", clientAddress: "203.0.113.7", now });
    expect(twentieth.ok === false && twentieth.reason).toBe("throttled");
    const user = await makeUser(db);
    const fromElsewhere = await login(db, { email: user.email, password: PASSWORD, clientAddress: "198.51.100.1", now });
    expect(fromElsewhere.ok).toBe(true);
    const fromThere = await login(db, { email: user.email, password: PASSWORD, clientAddress: "203.0.113.7", now });
    expect(fromThere.ok === false && fromThere.reason).toBe("throttled");
  });

  it("lets the account in again once the lock is over", async () => {
    const user = await makeUser(db);
    const t0 = new Date("2026-11-27T10:00:00Z");
    for (let i = 0; i < 5; i++) await login(db, { email: user.email, password: "wrong password", clientAddress: "1.2.3.4", now: t0 });
    const during = await login(db, { email: user.email, password: PASSWORD, clientAddress: "1.2.3.4", now: new Date(t0.getTime() + 14 * 60_000) });
    expect(during.ok).toBe(false);
    const after = await login(db, { email: user.email, password: PASSWORD, clientAddress: "1.2.3.4", now: new Date(t0.getTime() + 16 * 60_000) });
    expect(after.ok).toBe(true);
  });
});

describe("sessions", () => {
  it("expire after 30 days without use", async () => {
    const user = await makeUser(db);
    const t0 = new Date("2026-01-01T00:00:00Z");
    const r = await login(db, { email: user.email, password: PASSWORD, clientAddress: "x", now: t0 });
    if (!r.ok) throw new Error("login failed");
    expect(r.expiresAt.getTime()).toBe(t0.getTime() + SESSION_LIFETIME_MS);
    // Unused for 30 days: gone (using it on day 29 would have renewed it, see below).
    expect(await validateSessionToken(db, r.token, new Date(t0.getTime() + 30 * DAY + 1))).toBeNull();
    // An expired session is deleted.
    expect(await db.selectFrom("session").selectAll().execute()).toHaveLength(0);
  });

  it("are renewed to 30 days when used in their last 15 days, and not before", async () => {
    const user = await makeUser(db);
    const t0 = new Date("2026-01-01T00:00:00Z");
    const r = await login(db, { email: user.email, password: PASSWORD, clientAddress: "x", now: t0 });
    if (!r.ok) throw new Error("login failed");
    const early = await validateSessionToken(db, r.token, new Date(t0.getTime() + 10 * DAY));
    expect(early?.renewed).toBe(false);
    expect(early?.expiresAt.getTime()).toBe(t0.getTime() + 30 * DAY);
    const late = await validateSessionToken(db, r.token, new Date(t0.getTime() + 20 * DAY));
    expect(late?.renewed).toBe(true);
    expect(late?.expiresAt.getTime()).toBe(t0.getTime() + 50 * DAY);
    // Still valid after the first 30 days thanks to the renewal.
    expect(await validateSessionToken(db, r.token, new Date(t0.getTime() + 45 * DAY))).not.toBeNull();
  });

  it("sends the renewed cookie with the page that renewed it", async () => {
    const user = await makeUser(db);
    const r = await login(db, { email: user.email, password: PASSWORD, clientAddress: "x", now: new Date(Date.now() - 20 * DAY) });
    if (!r.ok) throw new Error("login failed");
    const { makeArgs } = await import("../helpers/app");
    const args = makeArgs(db, { path: "/", token: r.token });
    await homeRoute.loader(args);
    expect(args.context.responseHeaders.get("Set-Cookie")).toContain(`cogere_session=${r.token}`);
  });

  it("end at logout: the token no longer opens any page", async () => {
    const user = await makeUser(db);
    const token = await signIn(db, user.email, PASSWORD);
    expect(statusOf(await run(accountRoute.loader, db, { path: "/account", token }))).toBe(200);
    const res = (await run(logoutRoute.action, db, { path: "/logout", method: "POST", token })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login");
    expect(res.headers.get("Set-Cookie")).toMatch(/cogere_session=;.*Max-Age=0/);
    expect(await validateSessionToken(db, token)).toBeNull();
    const after = (await run(accountRoute.loader, db, { path: "/account", token })) as Response;
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("a GET on /logout signs nobody out", async () => {
    const user = await makeUser(db);
    const token = await signIn(db, user.email, PASSWORD);
    await run(logoutRoute.loader, db, { path: "/logout", token });
    expect(await validateSessionToken(db, token)).not.toBeNull();
  });

  it("changing the password closes the other sessions", async () => {
    const user = await makeUser(db);
    const mine = await signIn(db, user.email, PASSWORD);
    const other = await signIn(db, user.email, PASSWORD);
    const res = await run(accountRoute.action, db, { path: "/account", token: mine, form: { currentPassword: PASSWORD, newPassword: "a brand new secret", confirmPassword: "a brand new secret" } });
    expect(statusOf(res)).toBe(302);
    expect(await validateSessionToken(db, mine)).not.toBeNull();
    expect(await validateSessionToken(db, other)).toBeNull();
    expect((await login(db, { email: user.email, password: "a brand new secret", clientAddress: "x" })).ok).toBe(true);
  });

  it("refuses a wrong current password when changing it", async () => {
    const user = await makeUser(db);
    const token = await signIn(db, user.email, PASSWORD);
    const res = await run(accountRoute.action, db, { path: "/account", token, form: { currentPassword: "not it at all", newPassword: "a brand new secret", confirmPassword: "a brand new secret" } });
    expect(statusOf(res)).toBe(422);
    expect(dataOf(res).errors.currentPassword.key).toBe("errors.currentPasswordWrong");
  });
});

describe("Origin check", () => {
  it("refuses a cross-site POST with 403 and changes nothing", async () => {
    const user = await makeUser(db);
    const token = await signIn(db, user.email, PASSWORD);
    const res = await run(logoutRoute.action, db, { path: "/logout", method: "POST", token, origin: "https://evil.example" });
    expect(statusOf(res)).toBe(403);
    expect(await validateSessionToken(db, token)).not.toBeNull();
  });

  it("refuses a POST without any Origin", async () => {
    const user = await makeUser(db);
    const res = await run(loginRoute.action, db, { path: "/login", form: { email: user.email, password: PASSWORD }, origin: null });
    expect(statusOf(res)).toBe(403);
    expect(await db.selectFrom("session").selectAll().execute()).toHaveLength(0);
  });
});
