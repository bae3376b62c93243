// The memoised route matching (app/lib/route-cache.server.ts) answers exactly as React Router's
// matchRoutes does, on the caller's own route objects, with fresh objects every time.
import { readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { matchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";
import { memoiseMatchRoutes, patchRouterSource, type MatchRoutes } from "~/lib/route-cache.server";

interface R {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: R[];
}

/** A tree shaped like the app's: a layout with an index, nested params, a splat, a pathless layout. */
function tree(): R[] {
  return [
    {
      id: "root",
      path: "",
      children: [
        { id: "home", index: true },
        { id: "login", path: "login" },
        { id: "Exact", path: "Exact", caseSensitive: true },
        {
          id: "entity",
          path: "o/:slug",
          children: [
            { id: "dashboard", index: true },
            { id: "resolution", path: "resolutions/:resolutionId" },
            { id: "file", path: "meetings/:meetingId/minutes/:lang/:format" },
            { id: "optional", path: "docs/:page?" },
          ],
        },
        { id: "pathless", children: [{ id: "inside", path: "inside/:x" }] },
        { id: "splat", path: "*" },
      ],
    },
  ];
}

const original = matchRoutes as unknown as MatchRoutes;
const PATHS = [
  "/",
  "/login",
  "/exact",
  "/Exact",
  "/o",
  "/o/alpha",
  "/o/alpha/",
  "/o/alpha/resolutions/r1",
  "/o/alpha/resolutions/r1?x=1#h",
  "/o/al%20pha/resolutions/r%C3%A9",
  "/o/alpha/meetings/m1/minutes/fr/pdf",
  "/o/alpha/docs",
  "/o/alpha/docs/intro",
  "/inside/3",
  "/nowhere/at/all",
];

function summary(matches: ReturnType<MatchRoutes>) {
  return matches?.map((m) => ({ id: (m.route as R).id, params: { ...m.params }, pathname: m.pathname, pathnameBase: m.pathnameBase })) ?? null;
}

describe("memoised matchRoutes", () => {
  it("answers as matchRoutes does, the first time and the next, strings and locations, with a basename", () => {
    const memo = memoiseMatchRoutes(original);
    const routes = tree();
    for (const p of PATHS) {
      const expected = summary(original(routes, p));
      expect(summary(memo(routes, p)), p).toEqual(expected);
      expect(summary(memo(routes, p)), p).toEqual(expected);
      expect(summary(memo(routes, { pathname: p.split("?")[0] })), p).toEqual(summary(original(routes, { pathname: p.split("?")[0] })));
      expect(summary(memo(routes, `/app${p}`, "/app")), p).toEqual(summary(original(routes, `/app${p}`, "/app")));
    }
  });

  it("gives the caller's own route objects, for another array of the same shape too", () => {
    const memo = memoiseMatchRoutes(original);
    const first = tree();
    const second = tree();
    memo(first, "/o/alpha/resolutions/r1");
    const again = memo(second, "/o/alpha/resolutions/r1")!;
    const own = original(second, "/o/alpha/resolutions/r1")!;
    expect(again.map((m) => m.route)).toEqual(own.map((m) => m.route));
    for (const [i, m] of again.entries()) expect(m.route).toBe(own[i]!.route);
  });

  it("returns fresh objects: changing an answer changes neither the next one nor the cache; matches of one answer share their params as matchRoutes' do", () => {
    const memo = memoiseMatchRoutes(original);
    const routes = tree();
    const a = memo(routes, "/o/alpha/resolutions/r1")!;
    const changed = a[2]!.params;
    changed.resolutionId = "changed";
    a.pop();
    const b = memo(routes, "/o/alpha/resolutions/r1")!;
    expect(b).toHaveLength(3);
    expect(b[2]!.params.resolutionId).toBe("r1");
    expect(b[0]!.params).toBe(b[2]!.params);
    expect(b[2]!.params).not.toBe(changed);
  });

  it("keeps trees of different shapes apart", () => {
    const memo = memoiseMatchRoutes(original);
    const routes = tree();
    const other = tree();
    other[0]!.children![1]!.path = "signin";
    expect(summary(memo(routes, "/login"))?.at(-1)?.id).toBe("login");
    expect(summary(memo(other, "/login"))?.at(-1)?.id).toBe("splat");
    expect(summary(memo(other, "/signin"))?.at(-1)?.id).toBe("login");
  });

  it("stays right beyond its size, dropping the oldest answers", () => {
    const memo = memoiseMatchRoutes(original, 3);
    const routes = tree();
    for (let round = 0; round < 3; round++) for (const p of PATHS) expect(summary(memo(routes, p)), p).toEqual(summary(original(routes, p)));
  });
});

describe("the router's own calls of matchRoutes", () => {
  const file = createRequire(import.meta.url).resolve("@remix-run/router");

  /** @remix-run/router's CommonJS build, loaded afresh from its source as the compiled server's hook loads it. */
  function loadRouter(source: string) {
    const module = new Module(file) as Module & { _compile(source: string, filename: string): void };
    module.filename = file;
    module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
    module._compile(source, file);
    return module.exports as typeof import("@remix-run/router");
  }

  it("go through its export once patched, so that the memoised one answers the static handler (the server's every request)", async () => {
    const source = readFileSync(file, "utf8");
    const patched = patchRouterSource(source);
    expect(patched).not.toBeNull();
    const router = loadRouter(patched!);
    const calls: string[] = [];
    const own = router.matchRoutes;
    (router as { matchRoutes: MatchRoutes }).matchRoutes = ((routes, location, basename) => {
      calls.push(typeof location === "string" ? location : (location.pathname ?? ""));
      return own(routes as never, location, basename) as never;
    }) as MatchRoutes;
    const handler = router.createStaticHandler([{ id: "root", path: "/", children: [{ id: "page", path: "o/:slug", loader: () => ({ ok: true }) }] }]);
    const context = await handler.query(new Request("http://localhost/o/scic"));
    expect(calls).toContain("/o/scic");
    expect(context).toMatchObject({ loaderData: { page: { ok: true } } });
    // Unpatched, the static handler calls its own function: the export is never asked.
    const plain = loadRouter(source);
    let asked = 0;
    (plain as { matchRoutes: MatchRoutes }).matchRoutes = (() => (asked++, null)) as MatchRoutes;
    await plain.createStaticHandler([{ id: "root", path: "/" }]).query(new Request("http://localhost/"));
    expect(asked).toBe(0);
  });

  it("are left alone in a file that is not the one expected", () => {
    expect(patchRouterSource("function matchRoutes(a) {}\nexports.matchRoutes = matchRoutes;")).toBeNull();
    expect(patchRouterSource("")).toBeNull();
  });
});
