// Login throttling behind a proxy: the address counted is the one the trusted proxy saw, and a
// flood of failures from one address (or against one account) does not lock out browsers that
// signed in before.
import express from "express";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { parseEnv } from "~/lib/env.server";
import { DEVICE_COOKIE } from "~/lib/session.server";
import * as loginRoute from "~/routes/login";
import { login } from "~/services/auth.server";
import { dataOf, run, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { makeUser, PASSWORD } from "../helpers/factories";
import { listen, send, type Listening } from "../helpers/web";

let db: Db;
let server: Listening | undefined;
beforeEach(async () => {
  db = await createTestDb();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The address Express gives the app (server.ts passes it to login) under a TRUST_PROXY setting. */
async function seenAddress(trustProxy: string | undefined, forwardedFor?: string) {
  const app = express();
  app.set("trust proxy", parseEnv({ TRUST_PROXY: trustProxy }).TRUST_PROXY);
  app.get("/", (req, res) => void res.send(req.ip));
  server = await listen(app);
  const answer = await send(server.port, { path: "/", headers: forwardedFor ? { "X-Forwarded-For": forwardedFor } : {} });
  await server.close();
  server = undefined;
  return answer.body;
}

describe("the client address behind a proxy", () => {
  it.each([
    [undefined, "6.6.6.6", "127.0.0.1", "not trusted: the proxy's address"],
    ["1", "6.6.6.6, 203.0.113.7", "203.0.113.7", "one proxy: what it saw, not what the client wrote"],
    ["true", "6.6.6.6, 203.0.113.7", "203.0.113.7", "true is one proxy"],
    ["2", "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7", "two proxies"],
    ["loopback", "6.6.6.6, 203.0.113.7", "203.0.113.7", "the proxy named by its address"],
    ["loopback,10.0.0.0/8", "6.6.6.6, 203.0.113.7, 10.1.2.3", "203.0.113.7", "a chain of proxies named by address"],
  ])("TRUST_PROXY=%s, X-Forwarded-For: %s -> %s (%s)", async (setting, xff, expected, _why) => {
    expect(await seenAddress(setting, xff)).toBe(expected);
  });

  it("30 failures with spoofed X-Forwarded-For through one proxy lock that client's address", async () => {
    const app = express();
    app.set("trust proxy", parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY);
    app.get("/try/:i", async (req, res) => {
      const r = await login(db, { email: `victim${req.params.i}@test.example`, password: "wrong password", clientAddress: req.ip ?? "" });
      res.send(r.ok ? "ok" : r.reason);
    });
    server = await listen(app);
    const results: string[] = [];
    for (let i = 0; i < 30; i++) {
      results.push((await send(server.port, { path: `/try/${i}`, headers: { "X-Forwarded-For": `198.51.100.${i}, 203.0.113.7` } })).body);
    }
    expect(results.slice(0, 19).every((r) => r === "invalid")).toBe(true);
    expect(results.slice(19).every((r) => r === "throttled")).toBe(true);
  });
});

function deviceCookieOf(res: unknown): string {
  const cookies = (res as Response).headers.getSetCookie();
  const device = cookies.find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
  expect(device).toBeDefined();
  expect(device).toContain("HttpOnly");
  return device!.split(";")[0]!;
}

async function signInForm(email: string, password: string, clientAddress: string, cookie?: string) {
  return run(loginRoute.action, db, { path: "/login", form: { email, password, redirectTo: "/" }, clientAddress, headers: cookie ? { Cookie: cookie } : {} });
}

describe("a flood of failures", () => {
  it("from the one address everyone shares (a proxy not trusted) does not lock out a browser that signed in before", async () => {
    const user = await makeUser(db);
    const proxy = "10.0.0.1";
    const device = deviceCookieOf(await signInForm(user.email, PASSWORD, proxy));
    for (let i = 0; i < 25; i++) await signInForm(`nobody${i}@test.example`, "wrong password", proxy);
    // A browser that never signed in is slowed down with everyone at that address...
    const stranger = await makeUser(db);
    expect(statusOf(await signInForm(stranger.email, PASSWORD, proxy))).toBe(429);
    // ...but the one with the device cookie gets in.
    expect(statusOf(await signInForm(user.email, PASSWORD, proxy, device))).toBe(302);
  });

  it("against one account does not lock its owner out of their usual browser", async () => {
    const user = await makeUser(db);
    const device = deviceCookieOf(await signInForm(user.email, PASSWORD, "192.0.2.1"));
    for (let i = 0; i < 6; i++) await signInForm(user.email, "wrong password", `198.51.100.${i}`);
    expect(statusOf(await signInForm(user.email, PASSWORD, "198.51.100.99"))).toBe(429);
    expect(statusOf(await signInForm(user.email, PASSWORD, "192.0.2.1", device))).toBe(302);
  });

  it("still limits guesses made with a device cookie, to that device", async () => {
    const user = await makeUser(db);
    const device = deviceCookieOf(await signInForm(user.email, PASSWORD, "192.0.2.1"));
    for (let i = 0; i < 4; i++) expect(statusOf(await signInForm(user.email, "wrong password", "192.0.2.1", device))).toBe(400);
    const fifth = await signInForm(user.email, "wrong password", "192.0.2.1", device);
    expect(statusOf(fifth)).toBe(429);
    expect(statusOf(await signInForm(user.email, PASSWORD, "192.0.2.1", device))).toBe(429);
    // The account itself is not locked for the owner's other browsers.
    expect(statusOf(await signInForm(user.email, PASSWORD, "192.0.2.2"))).toBe(302);
  });

  it("a device cookie counts only for the account it was issued for, and a forged one for none", async () => {
    const user = await makeUser(db);
    const other = await makeUser(db);
    const device = deviceCookieOf(await signInForm(user.email, PASSWORD, "192.0.2.1"));
    for (let i = 0; i < 5; i++) await signInForm(other.email, "wrong password", "198.51.100.1");
    expect(statusOf(await signInForm(other.email, PASSWORD, "192.0.2.1", device))).toBe(429);
    const [name, value] = device.split("=");
    const forged = `${name}=${value!.split(".")[0]}.${"A".repeat(43)}`;
    for (let i = 0; i < 5; i++) await signInForm(user.email, "wrong password", "198.51.100.2");
    expect(statusOf(await signInForm(user.email, PASSWORD, "192.0.2.1", forged))).toBe(429);
  });

  it("answers 429 with Retry-After, which the page keeps", async () => {
    const user = await makeUser(db);
    for (let i = 0; i < 4; i++) await signInForm(user.email, "wrong password", "198.51.100.3");
    const locked = await signInForm(user.email, "wrong password", "198.51.100.3");
    expect(statusOf(locked)).toBe(429);
    const init = (locked as { init: { headers: Record<string, string> } }).init;
    const seconds = Number(new Headers(init.headers).get("Retry-After"));
    expect(seconds).toBeGreaterThan(14 * 60);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    expect(dataOf(locked).retryAt).toBeTruthy();
    const headers = new Headers(loginRoute.headers({ actionHeaders: new Headers(init.headers), loaderHeaders: new Headers(), parentHeaders: new Headers(), errorHeaders: undefined }) as HeadersInit);
    expect(headers.get("Retry-After")).toBe(String(seconds));
  });
});
