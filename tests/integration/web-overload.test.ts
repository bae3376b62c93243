// Overload: beyond MAX_REQUESTS_IN_FLIGHT requests handled at once, the next ones wait their turn
// at most MAX_QUEUE_WAIT_MS, then get a quick 503 with Retry-After and the security headers, never
// a reset connection; static files, /healthz and /readyz are never refused. The whole app of server.ts
// (createApp) over real HTTP, with tiny limits set through the environment, and a route that
// holds its answer until the test releases it, so that nothing depends on timing.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "~/lib/env.server";
import { createApp, OVERLOAD_RETRY_AFTER_SECONDS, type Admission } from "~/lib/http.server";
import { createTestDb } from "../helpers/db";
import { fakeBuild, listen, send, type Answer, type Listening } from "../helpers/web";

let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A route whose answers wait for `release()`; `arrived` counts the requests it has received. */
function held() {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const state = { arrived: 0, release: () => open() };
  const module = {
    loader: async () => {
      state.arrived++;
      await gate;
      return new Response("done", { headers: { "Content-Type": "text/plain" } });
    },
    action: async () => {
      state.arrived++;
      await gate;
      return new Response("posted", { headers: { "Content-Type": "text/plain" } });
    },
  };
  return { state, module };
}

async function overloadApp(limits: { MAX_REQUESTS_IN_FLIGHT: string; MAX_QUEUE_WAIT_MS: string }) {
  const clientDir = mkdtempSync(path.join(tmpdir(), "cogere-client-"));
  writeFileSync(path.join(clientDir, "favicon.svg"), "<svg/>");
  const slow = held();
  const build = await fakeBuild({
    root: { path: "", module: { default: () => null } },
    "routes/slow": { parentId: "root", path: "slow", module: slow.module },
    "routes/quick": { parentId: "root", path: "quick", module: { loader: () => new Response("quick") } },
  });
  const env = parseEnv({ NODE_ENV: "production", COOKIE_SECURE: "false", ...limits });
  const app = createApp({ env, db: await createTestDb(), build, clientDir });
  server = await listen(app);
  return { port: server.port, slow: slow.state, admission: app.locals.admission as Admission };
}

/** Resolves when `check` holds, looking again after each turn of the event loop. */
async function until(check: () => boolean) {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

function expectOverloaded(a: Answer) {
  expect(a.status).toBe(503);
  expect(a.headers["retry-after"]).toBe(String(OVERLOAD_RETRY_AFTER_SECONDS));
  expect(a.headers["x-content-type-options"]).toBe("nosniff");
  expect(a.headers["x-frame-options"]).toBe("DENY");
  expect(a.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(a.body).toContain("Service momentanément surchargé");
  expect(a.body).toContain("Server busy");
}

describe("under the limit", () => {
  it("every request is handled at once, all 200", async () => {
    const { port, slow } = await overloadApp({ MAX_REQUESTS_IN_FLIGHT: "6", MAX_QUEUE_WAIT_MS: "0" });
    const answers = Array.from({ length: 6 }, () => send(port, { path: "/slow" }));
    // All six are inside the route together before any is answered.
    await until(() => slow.arrived === 6);
    slow.release();
    const all = await Promise.all(answers);
    expect(all.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(all.every((a) => a.body === "done")).toBe(true);
  });

  it("with no limit (0), nothing is refused", async () => {
    const { port, slow } = await overloadApp({ MAX_REQUESTS_IN_FLIGHT: "0", MAX_QUEUE_WAIT_MS: "0" });
    const answers = Array.from({ length: 20 }, () => send(port, { path: "/slow" }));
    await until(() => slow.arrived === 20);
    slow.release();
    expect(new Set((await Promise.all(answers)).map((a) => a.status))).toEqual(new Set([200]));
  });
});

describe("over the limit", () => {
  it("a burst gets 503 with Retry-After and the security headers at once, never a reset; the admitted ones finish", async () => {
    const { port, slow } = await overloadApp({ MAX_REQUESTS_IN_FLIGHT: "2", MAX_QUEUE_WAIT_MS: "0" });
    const origin = `http://127.0.0.1:${port}`;
    const burst = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0
        ? send(port, { method: "POST", path: "/slow", headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" }, body: "choice=for" })
        : send(port, { path: "/slow" }),
    );
    // The refusals arrive while the two admitted requests are still held: nobody waited for them.
    const settled = burst.map((p) => p.then((a) => ({ a }), (error: Error) => ({ error })));
    let refused = 0;
    for (const p of settled) void p.then((r) => "a" in r && r.a.status === 503 && refused++);
    await until(() => refused === 10);
    expect(slow.arrived).toBe(2);
    slow.release();
    const results = await Promise.all(settled);
    // Every request got an answer: no reset connection.
    expect(results.filter((r) => "error" in r)).toEqual([]);
    const answers = results.map((r) => (r as { a: Answer }).a);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
    for (const a of answers.filter((a) => a.status === 503)) expectOverloaded(a);
  });

  it("the next ones wait their turn, in order, and are served once places free up", async () => {
    const { port, slow, admission } = await overloadApp({ MAX_REQUESTS_IN_FLIGHT: "1", MAX_QUEUE_WAIT_MS: "30000" });
    const answers = Array.from({ length: 4 }, () => send(port, { path: "/slow" }));
    await until(() => slow.arrived === 1 && admission.queued === 3);
    // The other three wait outside the route until the first is answered.
    expect([admission.inFlight, slow.arrived]).toEqual([1, 1]);
    slow.release();
    expect((await Promise.all(answers)).map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(slow.arrived).toBe(4);
  });

  it("one that waits longer than MAX_QUEUE_WAIT_MS gets 503; static files, /healthz and /readyz are still served", async () => {
    const { port, slow } = await overloadApp({ MAX_REQUESTS_IN_FLIGHT: "1", MAX_QUEUE_WAIT_MS: "20" });
    const first = send(port, { path: "/slow" });
    await until(() => slow.arrived === 1);
    const [waited, quick, health, file, ready] = await Promise.all([
      send(port, { path: "/slow" }),
      send(port, { path: "/quick" }),
      send(port, { path: "/healthz" }),
      send(port, { path: "/favicon.svg" }),
      send(port, { path: "/readyz" }),
    ]);
    expectOverloaded(waited);
    expectOverloaded(quick);
    expect([health.status, health.body]).toEqual([200, "ok"]);
    expect([file.status, file.body]).toEqual([200, "<svg/>"]);
    expect([ready.status, ready.body, ready.headers["cache-control"]]).toEqual([200, "ready", "no-store"]);
    expect(slow.arrived).toBe(1);
    slow.release();
    expect((await first).status).toBe(200);
    // Places free again: served.
    expect((await send(port, { path: "/quick" })).status).toBe(200);
  });

  it("a client that gives up while waiting frees its place in the queue", async () => {
    const { port, slow, admission } = await overloadApp({ MAX_REQUESTS_IN_FLIGHT: "1", MAX_QUEUE_WAIT_MS: "30000" });
    const first = send(port, { path: "/slow" });
    await until(() => slow.arrived === 1);
    const controller = new AbortController();
    const gone = fetch(`http://127.0.0.1:${port}/slow`, { signal: controller.signal }).catch((e: Error) => e.name);
    await until(() => admission.queued === 1);
    const next = send(port, { path: "/quick" });
    await until(() => admission.queued === 2);
    controller.abort();
    expect(await gone).toBe("AbortError");
    await until(() => admission.queued === 1);
    slow.release();
    expect((await first).status).toBe(200);
    expect((await next).status).toBe(200);
    // The one that left never reached the route.
    expect(slow.arrived).toBe(1);
  });
});

describe("the settings", () => {
  it("default to 64 requests at once and a second of waiting; a bad value stops the server", () => {
    const env = parseEnv({});
    expect([env.MAX_REQUESTS_IN_FLIGHT, env.MAX_QUEUE_WAIT_MS]).toEqual([64, 1000]);
    expect(() => parseEnv({ MAX_REQUESTS_IN_FLIGHT: "-1" })).toThrow(/MAX_REQUESTS_IN_FLIGHT/);
    expect(() => parseEnv({ MAX_QUEUE_WAIT_MS: "soon" })).toThrow(/MAX_QUEUE_WAIT_MS/);
  });

  it("/readyz answers 503 when the database does not answer, /healthz still ok", async () => {
    const db = await createTestDb();
    const build = await fakeBuild({ root: { path: "", module: { default: () => null } } });
    server = await listen(createApp({ env: parseEnv({ NODE_ENV: "production" }), db, build }));
    expect((await send(server.port, { path: "/readyz" })).status).toBe(200);
    await db.destroy();
    const ready = await send(server.port, { path: "/readyz" });
    expect([ready.status, ready.body]).toEqual([503, "not ready: the database does not answer"]);
    expect((await send(server.port, { path: "/healthz" })).body).toBe("ok");
  });
});
