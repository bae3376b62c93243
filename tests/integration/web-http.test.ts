// The Express layer: security headers on every answer, bounded request bodies, and Remix
// answers that carry the guards' cookies, tested over real HTTP on an ephemeral port.
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { get as httpGet, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { redirect } from "@remix-run/node";
import express, { type RequestHandler } from "express";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { createLoadContext } from "~/lib/context.server";
import { parseEnv } from "~/lib/env.server";
import {
  bodyLimitFor,
  createApp,
  cspNonce,
  FORM_BODY_LIMIT,
  limitBody,
  remixHandler,
  sameOriginOnly,
  securityHeaders,
  SIGN_IN_BODY_LIMIT,
  UPLOAD_BODY_LIMIT,
  WHOLE_ANSWER_BYTES,
} from "~/lib/http.server";
import { LANG_COOKIE } from "~/lib/locale.server";
import { SESSION_COOKIE, sessionIdFromToken } from "~/lib/session.server";
import * as languageRoute from "~/routes/language";
import { signIn } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { makeUser, PASSWORD } from "../helpers/factories";
import { fakeBuild, listen, send, type Answer, type Listening } from "../helpers/web";

let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function expectSecurityHeaders(answer: Answer) {
  expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  expect(answer.headers["x-frame-options"]).toBe("DENY");
  // Express's own error pages set a stricter policy of their own (default-src 'none').
  expect(answer.headers["content-security-policy"]).toBeTruthy();
}

/** Resource routes under a minimal root, for what the Remix handler does with their answers. */
async function remixApp(db: Db, routes: Record<string, Record<string, unknown>>) {
  const build = await fakeBuild({
    root: { path: "", module: { default: () => null } },
    ...Object.fromEntries(Object.entries(routes).map(([p, module]) => [`routes/${p}`, { parentId: "root", path: p, module }])),
  });
  const app = express();
  app.use(securityHeaders({ csp: true, hsts: false }));
  app.use(sameOriginOnly([]));
  app.use(limitBody());
  app.all("*", remixHandler({ build, mode: "production", getLoadContext: (req, res) => createLoadContext(db, req.ip ?? "", cspNonce(res)) }));
  return app;
}

describe("security headers", () => {
  it("are on every answer: page, redirect, static file, refusal, too large, not found", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cogere-static-"));
    writeFileSync(path.join(dir, "favicon.svg"), "<svg/>");
    const app = express();
    app.use(securityHeaders({ csp: true, hsts: false }));
    app.use(sameOriginOnly([]));
    app.use(express.static(dir));
    app.use(limitBody(() => 10));
    app.get("/page", (_req, res) => void res.send("<p>hi</p>"));
    app.get("/away", (_req, res) => res.redirect("/page"));
    server = await listen(app);
    const answers = await Promise.all([
      send(server.port, { path: "/page" }),
      send(server.port, { path: "/away" }),
      send(server.port, { path: "/favicon.svg" }),
      send(server.port, { method: "POST", path: "/page", headers: { Origin: "https://evil.example" }, body: "x" }),
      send(server.port, { method: "POST", path: "/page", headers: { Origin: `http://127.0.0.1:${server.port}` }, body: "more than ten bytes" }),
      send(server.port, { path: "/nothing-here" }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 302, 200, 403, 413, 404]);
    for (const a of answers) expectSecurityHeaders(a);
    expect(answers.every((a) => a.headers["strict-transport-security"] === undefined)).toBe(true);
  });

  it("give a fresh script nonce per request, and HSTS when cookies are secure", async () => {
    const app = express();
    app.use(securityHeaders({ csp: true, hsts: true }));
    app.get("/", (_req, res) => void res.send(cspNonce(res)));
    server = await listen(app);
    const [a, b] = await Promise.all([send(server.port, { path: "/" }), send(server.port, { path: "/" })]);
    expect(a!.body).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a!.body).not.toBe(b!.body);
    expect(a!.headers["content-security-policy"]).toContain(`script-src 'self' 'nonce-${a!.body}'`);
    expect(a!.headers["content-security-policy"]).not.toContain("unsafe-inline");
    expect(a!.headers["strict-transport-security"]).toBe("max-age=31536000");
  });

  it("leave Vite's scripts alone in development, still refusing frames", async () => {
    const app = express();
    app.use(securityHeaders({ csp: false, hsts: false }));
    app.get("/", (_req, res) => void res.send("ok"));
    server = await listen(app);
    const a = await send(server.port, { path: "/" });
    expect(a.headers["content-security-policy"]).not.toContain("script-src");
    expectSecurityHeaders(a);
  });
});

describe("request bodies", () => {
  it.each([
    ["/login", SIGN_IN_BODY_LIMIT],
    ["/login.data", SIGN_IN_BODY_LIMIT],
    ["/setup", SIGN_IN_BODY_LIMIT],
    ["/language", SIGN_IN_BODY_LIMIT],
    ["/logout", SIGN_IN_BODY_LIMIT],
    ["/invitation/abcdef", SIGN_IN_BODY_LIMIT],
    ["/o/alpha/meetings/m1", UPLOAD_BODY_LIMIT],
    ["/o/alpha/meetings/m1.data", UPLOAD_BODY_LIMIT],
    ["/o/alpha/meetings/m1/minutes", UPLOAD_BODY_LIMIT],
    ["/o/alpha/budgets/b1/expenses", UPLOAD_BODY_LIMIT],
    ["/o/alpha/members/import", UPLOAD_BODY_LIMIT],
    ["/o/alpha/members/import.data", UPLOAD_BODY_LIMIT],
    ["/o/alpha/meetings/m1/attendance", FORM_BODY_LIMIT],
    ["/o/alpha/resolutions/new", FORM_BODY_LIMIT],
    ["/o/alpha/members", FORM_BODY_LIMIT],
    ["/login/../o/alpha/members/import", FORM_BODY_LIMIT],
  ])("%s may send %i bytes", (p, limit) => {
    expect(bodyLimitFor(p)).toBe(limit);
  });

  it("are small for sign-in and 10 MB and a little for uploads", () => {
    expect(SIGN_IN_BODY_LIMIT).toBeLessThanOrEqual(64 * 1024);
    expect(UPLOAD_BODY_LIMIT).toBeGreaterThan(10 * 1024 * 1024);
    expect(UPLOAD_BODY_LIMIT).toBeLessThanOrEqual(16 * 1024 * 1024);
  });

  function countingApp(limit: number) {
    const seen = { bytes: 0, handled: 0 };
    const app = express();
    app.use(securityHeaders({ csp: true, hsts: false }));
    // Counts what the server reads off the socket, alongside limitBody.
    app.use(((req, _res, next) => {
      req.on("data", (c: Buffer) => (seen.bytes += c.length));
      next();
    }) as RequestHandler);
    app.use(limitBody(() => limit));
    app.post("*", (_req, res) => {
      seen.handled++;
      res.send("handled");
    });
    return { app, seen };
  }

  it("answers 413 to a declared Content-Length over the limit without reading the body", async () => {
    const { app, seen } = countingApp(16 * 1024);
    server = await listen(app);
    const a = await send(server.port, { method: "POST", path: "/login", headers: { "Content-Length": 200 * 1024 * 1024 } }).catch((e: Error) => e);
    expect(a).not.toBeInstanceOf(Error);
    expect((a as Answer).status).toBe(413);
    expect((a as Answer).body).toContain("Requête trop volumineuse");
    expect(seen.handled).toBe(0);
    expect(seen.bytes).toBe(0);
  });

  it("answers 413 to a chunked 200 MB body and stops reading it, never buffering it", async () => {
    const limit = 16 * 1024;
    const { app, seen } = countingApp(limit);
    server = await listen(app);
    const total = 200 * 1024 * 1024;
    let produced = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const body = new Readable({
      read() {
        if (produced >= total) return void this.push(null);
        produced += chunk.length;
        this.push(chunk);
      },
    });
    const before = process.memoryUsage().rss;
    const answer = await send(server.port, { method: "POST", path: "/login", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body }).catch((e: Error) => e);
    body.destroy();
    expect(answer).not.toBeInstanceOf(Error);
    expect((answer as Answer).status).toBe(413);
    expect(seen.handled).toBe(0);
    // The server read at most the limit plus what was in flight (socket buffers), not 200 MB.
    expect(seen.bytes).toBeLessThan(limit + 8 * 1024 * 1024);
    expect(produced).toBeLessThan(32 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it("passes a body within the limit on to Remix whole, chunked or not", async () => {
    const db = await createTestDb();
    const app = await remixApp(db, {
      echo: { action: async ({ request }: { request: Request }) => Response.json({ bytes: (await request.arrayBuffer()).byteLength }) },
    });
    server = await listen(app);
    const origin = `http://127.0.0.1:${server.port}`;
    const payload = "é".repeat(200_000);
    const plain = await send(server.port, { method: "POST", path: "/echo", headers: { Origin: origin, "Content-Type": "text/plain; charset=utf-8" }, body: payload });
    expect(plain.status).toBe(200);
    expect(JSON.parse(plain.body).bytes).toBe(Buffer.byteLength(payload));
    const chunked = await send(server.port, { method: "POST", path: "/echo", headers: { Origin: origin }, body: Readable.from([Buffer.from("a".repeat(1000)), Buffer.from("b".repeat(2000))]) });
    expect(JSON.parse(chunked.body).bytes).toBe(3000);
  });
});

describe("Remix answers", () => {
  it("a POST that redirects carries the renewed session cookie, then the route's own cookies, and the security headers", async () => {
    const db = await createTestDb();
    const app = await remixApp(db, {
      renew: {
        action: ({ context }: { context: { responseHeaders: Headers } }) => {
          // What getSession does when it renews a session.
          context.responseHeaders.append("Set-Cookie", "cogere_session=renewed; Path=/; HttpOnly");
          throw redirect("/elsewhere", { headers: { "Set-Cookie": "cogere_flash=done; Path=/" } });
        },
      },
      download: {
        loader: ({ context }: { context: { responseHeaders: Headers } }) => {
          context.responseHeaders.append("Set-Cookie", "cogere_session=renewed; Path=/; HttpOnly");
          return new Response("a,b\n", { headers: { "Content-Type": "text/csv", "X-Content-Type-Options": "nosniff" } });
        },
      },
    });
    server = await listen(app);
    const posted = await send(server.port, { method: "POST", path: "/renew", headers: { Origin: `http://127.0.0.1:${server.port}`, "Content-Type": "application/x-www-form-urlencoded" }, body: "a=1" });
    expect(posted.status).toBe(302);
    expect(posted.headers.location).toBe("/elsewhere");
    expect(posted.headers["set-cookie"]).toEqual(["cogere_session=renewed; Path=/; HttpOnly", "cogere_flash=done; Path=/"]);
    expectSecurityHeaders(posted);
    const file = await send(server.port, { path: "/download" });
    expect(file.status).toBe(200);
    expect(file.headers["set-cookie"]).toEqual(["cogere_session=renewed; Path=/; HttpOnly"]);
    expect(file.headers["x-content-type-options"]).toBe("nosniff");
    expectSecurityHeaders(file);
  });

  it("a real session in its last 15 days: POST /language, through the whole app, redirects with the renewed session cookie, the route's cookie and the security headers", async () => {
    const db = await createTestDb();
    const user = await makeUser(db);
    const token = await signIn(db, user.email, PASSWORD);
    // Ten days left: the next request renews it for 30 days.
    const tenDays = new Date(Date.now() + 10 * 86_400_000).toISOString();
    await db.updateTable("session").set({ expires_at: tenDays }).where("id", "=", sessionIdFromToken(token)).execute();
    const build = await fakeBuild({
      root: { path: "", module: { default: () => null } },
      "routes/language": { parentId: "root", path: "language", module: languageRoute },
    });
    const env = parseEnv({ NODE_ENV: "production", COOKIE_SECURE: "true" });
    server = await listen(createApp({ env, db, build }));
    const posted = await send(server.port, {
      method: "POST",
      path: "/language",
      headers: { Origin: `http://127.0.0.1:${server.port}`, "Content-Type": "application/x-www-form-urlencoded", Cookie: `${SESSION_COOKIE}=${token}` },
      body: "lang=en&redirectTo=%2Faccount",
    });
    expect(posted.status).toBe(302);
    expect(posted.headers.location).toBe("/account");
    const cookies = posted.headers["set-cookie"] ?? [];
    const renewed = cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=${token};`));
    expect(renewed).toBeDefined();
    expect(new Date(/Expires=([^;]+)/.exec(renewed!)![1]!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(cookies.some((c) => c.startsWith(`${LANG_COOKIE}=en`))).toBe(true);
    expectSecurityHeaders(posted);
    expect(posted.headers["strict-transport-security"]).toBe("max-age=31536000");
    // Stored too: the next request finds a session with 30 days ahead, and renews nothing.
    const again = await send(server.port, { method: "POST", path: "/language", headers: { Origin: `http://127.0.0.1:${server.port}`, "Content-Type": "application/x-www-form-urlencoded", Cookie: `${SESSION_COOKIE}=${token}` }, body: "lang=fr&redirectTo=%2F" });
    expect(again.status).toBe(302);
    expect((again.headers["set-cookie"] ?? []).some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
    expectSecurityHeaders(again);
  });

  it("a page puts the Content-Security-Policy's nonce on every script, the app's root layout included", async () => {
    const db = await createTestDb();
    const root = await import("~/root");
    const build = await fakeBuild({
      root: { path: "", module: root },
      "routes/home": { parentId: "root", index: true, module: { default: () => "Bonjour" } },
    });
    const app = express();
    app.use(securityHeaders({ csp: true, hsts: false }));
    app.all("*", remixHandler({ build, mode: "production", getLoadContext: (req, res) => createLoadContext(db, req.ip ?? "", cspNonce(res)) }));
    server = await listen(app);
    const page = await send(server.port, { path: "/" });
    expect(page.status).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(String(page.headers["content-security-policy"]))?.[1];
    expect(nonce).toBeTruthy();
    const scripts = [...page.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(page.body).toContain("Bonjour");
    // A crawler gets the page once all of it is rendered, as complete.
    const crawled = await send(server.port, { path: "/", headers: { "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" } });
    expect(crawled.status).toBe(200);
    expect(crawled.body).toContain("Bonjour");
    expect(crawled.body).toContain("</html>");
  });
});

describe("answer bodies", () => {
  /** GET with gzip accepted, the raw bytes unzipped when they came compressed. */
  function fetchRaw(port: number, path: string): Promise<{ headers: IncomingHttpHeaders; text: string }> {
    return new Promise((resolve, reject) => {
      httpGet({ host: "127.0.0.1", port, path, headers: { "Accept-Encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          resolve({ headers: res.headers, text: (res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8") });
        });
      }).on("error", reject);
    });
  }
  const streamOf = (parts: string[]) =>
    new Response(new ReadableStream({ pull: (c) => void (parts.length ? c.enqueue(new TextEncoder().encode(parts.shift()!)) : c.close()) }), { headers: { "Content-Type": "text/html; charset=utf-8" } });

  it("sends a short answer whole with its length, uncompressed; a page compressed; a long one streamed, compressed, intact", async () => {
    const db = await createTestDb();
    const long = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(2, "0")}${"x".repeat(4000)}\n`);
    const build = await fakeBuild({
      root: { path: "", module: { default: () => null } },
      "routes/short": { parentId: "root", path: "short", module: { loader: () => streamOf(["o", "k"]) } },
      "routes/page": { parentId: "root", path: "page", module: { loader: () => streamOf(["<p>", "a".repeat(5000), "</p>"]) } },
      "routes/long": { parentId: "root", path: "long", module: { loader: () => streamOf([...long]) } },
    });
    server = await listen(createApp({ env: parseEnv({ NODE_ENV: "production" }), db, build }));
    const short = await fetchRaw(server.port, "/short");
    expect([short.text, short.headers["content-length"], short.headers["content-encoding"]]).toEqual(["ok", "2", undefined]);
    const page = await fetchRaw(server.port, "/page");
    expect([page.text.length, page.headers["content-encoding"]]).toEqual([5007, "gzip"]);
    const streamed = await fetchRaw(server.port, "/long");
    expect([streamed.headers["content-encoding"], streamed.headers["transfer-encoding"], streamed.headers["content-length"]]).toEqual(["gzip", "chunked", undefined]);
    expect(streamed.text).toBe(long.join(""));
    expect(40 * 4003).toBeGreaterThan(WHOLE_ANSWER_BYTES);
    await db.destroy();
  });

  it("waits for a client that stops reading, then finishes; stops reading the body when the client goes", async () => {
    const db = await createTestDb();
    // 6 MB of text gzip cannot shrink much: more than the socket and the compressor hold.
    const piece = () => randomBytes(48 * 1024).toString("base64");
    let cancelled = false;
    let pulled = 0;
    const endless = () =>
      new Response(new ReadableStream({ pull: (c) => void (pulled++, c.enqueue(new TextEncoder().encode(piece()))), cancel: () => void (cancelled = true) }), { headers: { "Content-Type": "text/plain" } });
    const parts = Array.from({ length: 96 }, piece);
    const build = await fakeBuild({
      root: { path: "", module: { default: () => null } },
      "routes/big": { parentId: "root", path: "big", module: { loader: () => streamOf([...parts]) } },
      "routes/endless": { parentId: "root", path: "endless", module: { loader: endless } },
    });
    server = await listen(createApp({ env: parseEnv({ NODE_ENV: "production" }), db, build }));
    const port = server.port;
    const slow = await new Promise<string>((resolve, reject) => {
      httpGet({ host: "127.0.0.1", port, path: "/big", headers: { "Accept-Encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.pause();
        setTimeout(() => res.resume(), 1500);
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(gunzipSync(Buffer.concat(chunks)).toString("utf8")));
      }).on("error", reject);
    });
    expect(slow).toBe(parts.join(""));
    await new Promise<void>((resolve) => {
      const req = httpGet({ host: "127.0.0.1", port, path: "/endless" }, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", () => undefined);
    });
    await expect.poll(() => cancelled, { timeout: 5000 }).toBe(true);
    const after = pulled;
    await new Promise((r) => setTimeout(r, 200));
    expect(pulled).toBe(after);
    await db.destroy();
  });
});
