// The authorization matrix: every route of app/routes.ts (its loader, and its action once per
// intent) called by every kind of visitor, against the table in authz-matrix.table.ts. A route
// or intent without a row fails, naming it; so does a row for something that is gone. A refused
// request (L, 401, 403, 404, 405) and any other 4xx must leave every table as it was.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { RouteConfigEntry } from "@remix-run/route-config";
import { beforeAll, describe, expect, it } from "vitest";
import { keysDir, readServerKey, writeServerKey } from "~/lib/keys.server";
import routes from "~/routes";
import { run, statusOf } from "../helpers/app";
import { buildWorld, digest, openCopy, type World } from "./authz-matrix.fixture";
import { ACTORS, MATRIX, type Actor, type Expect, type Row } from "./authz-matrix.table";

interface RouteInfo {
  /** The file under app/routes/ without its extension: the table's first column. */
  id: string;
  pattern: string;
  loader?: Handler;
  action?: Handler;
  intents: string[];
}
type Handler = Parameters<typeof run>[0];

function flatten(entries: RouteConfigEntry[], parent = ""): { file: string; pattern: string }[] {
  return entries.flatMap((e) => {
    const pattern = e.index ? parent || "/" : `${parent}/${e.path ?? ""}`.replace(/\/+$/, "") || "/";
    return [{ file: e.file, pattern }, ...flatten(e.children ?? [], pattern === "/" ? "" : pattern)];
  });
}

/**
 * The intents a route's action tells apart, read from its source: the values of its hidden
 * `intent` inputs and `intent="…"` props, the strings compared with an intent, and the `case`
 * labels of the server code (above the page's component). "" stands for no (or an unknown) intent.
 */
export function discoverIntents(source: string): string[] {
  const found = new Set<string>([""]);
  const server = source.split(/^\s*export default function/m)[0]!;
  const patterns: [RegExp, string][] = [
    [/name=["']intent["']\s+value=["']([^"']+)["']/g, source],
    [/value=["']([^"']+)["']\s+name=["']intent["']/g, source],
    [/\bintent=["']([^"']+)["']/g, source],
    [/intent["')\]]*\s*[!=]==?\s*["']([^"']+)["']/g, source],
    [/["']([^"']+)["']\s*[!=]==?\s*(?:intent\b|formIntent\()/g, source],
    [/\bcase\s+["']([^"']+)["']\s*:/g, server],
  ];
  for (const [re, text] of patterns) for (const m of text.matchAll(re)) found.add(m[1]!);
  return [...found].sort();
}

const ROUTES: RouteInfo[] = await Promise.all(
  flatten(routes).map(async ({ file, pattern }) => {
    const full = path.resolve("app", file);
    const mod = (await import(/* @vite-ignore */ full)) as { loader?: Handler; action?: Handler };
    const id = path.basename(file).replace(/\.[jt]sx?$/, "");
    return { id, pattern, loader: mod.loader, action: mod.action, intents: mod.action ? discoverIntents(readFileSync(full, "utf8")) : [] };
  }),
);
const byId = new Map(ROUTES.map((r) => [r.id, r]));
const key = (route: string, method: string, intent: string) => `${route} ${method} ${intent === "" ? '""' : intent}`;

/** Every (route, method, intent) the app has. */
const DISCOVERED = ROUTES.flatMap((r) => [...(r.loader ? [key(r.id, "GET", "")] : []), ...r.intents.map((i) => key(r.id, "POST", i))]);
const TABULATED = MATRIX.map(([route, method, intent]) => key(route, method, intent));

let world: World;
let pristine: Record<string, string>;
/** The server's key files of the world's secret votes: beside the database, copied with it (a close deletes its vote's key). */
let keyFiles: [string, string][] = [];
beforeAll(async () => {
  world = await buildWorld();
  const ids = readdirSync(keysDir()).filter((f) => f.endsWith(".key")).map((f) => f.slice(0, -4));
  keyFiles = ids.map((id) => [id, readServerKey(id)] as const).filter((k): k is [string, string] => k[1] !== null);
  const { raw, db } = openCopy(world.image);
  pristine = digest(raw);
  await db.destroy();
}, 60_000);

/** One request by one actor on a fresh copy of the world: what it answered, and which tables it changed. */
async function attempt(route: RouteInfo, method: "GET" | "POST", intent: string, actor: Actor): Promise<{ got: Expect | string; changed: string[] }> {
  const handler = method === "GET" ? route.loader : route.action;
  if (!handler) return { got: method === "GET" ? "no loader" : "no action", changed: [] };
  const params: Record<string, string> = {};
  let pathname = route.pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = name === "slug" && actor === "otherAdmin" ? world.otherSlug : (world.routeParams[route.id]?.[name] ?? world.params[name]);
    if (value === undefined) throw new Error(`the matrix's world has no value for the URL parameter :${name} (${route.pattern}): add one in authz-matrix.fixture.ts`);
    params[name] = value;
    return encodeURIComponent(value);
  });
  if (pathname.includes("*")) {
    params["*"] = "nowhere/at-all";
    pathname = pathname.replace("*", params["*"]);
  }
  const { db, raw } = openCopy(world.image);
  for (const [id, key] of keyFiles) writeServerKey(id, key);
  try {
    let got: Expect | string;
    try {
      const result = await run(handler, db, { path: pathname, method, params, token: actor === "anonymous" ? null : world.tokens[actor]!, form: method === "POST" ? (intent ? { intent, confirmed: "1" } : {}) : undefined });
      const status = statusOf(result);
      const location = result instanceof Response ? result.headers.get("Location") : null;
      got = status >= 300 && status < 400 && location?.startsWith("/login") ? "login" : status;
    } catch (e) {
      got = `500 (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`;
    }
    // Refused: any 4xx, and the sign-in page for a visitor (for someone signed in, it follows signing out).
    const refused = (got === "login" && actor === "anonymous") || (typeof got === "number" && got >= 400 && got < 500);
    // SQLite counts the rows this connection changed: none, nothing written; else, which tables.
    const after = refused && (raw.prepare("SELECT total_changes()").pluck().get() as number) > 0 ? digest(raw) : pristine;
    return { got, changed: Object.keys(pristine).filter((t) => after[t] !== pristine[t]) };
  } finally {
    await db.destroy();
  }
}

function formatRow(route: string, method: string, intent: string, values: (Expect | string)[]): string {
  const cell = (v: Expect | string) => (v === "login" ? "L" : typeof v === "number" ? String(v) : JSON.stringify(v));
  return `  [${`"${route}",`.padEnd(36)} ${`"${method}",`.padEnd(7)} ${`"${intent}",`.padEnd(18)} ${values.map((v) => `${cell(v)},`.padEnd(5)).join(" ").trimEnd().replace(/,$/, "")}],`;
}

describe("authorization matrix", () => {
  it("has a row for every route, method and intent of app/routes.ts, and none for what is gone", async () => {
    const missing = DISCOVERED.filter((k) => !TABULATED.includes(k));
    const gone = TABULATED.filter((k) => !DISCOVERED.includes(k));
    const twice = TABULATED.filter((k, i) => TABULATED.indexOf(k) !== i);
    const lines: string[] = [];
    if (missing.length > 0) {
      lines.push(`${missing.length} route/intent(s) missing from tests/integration/authz-matrix.table.ts. What they answer today (check each value before adding the row):`);
      for (const k of missing) {
        const [id, method, quoted] = k.split(" ") as [string, "GET" | "POST", string];
        const intent = quoted === '""' ? "" : quoted;
        const route = byId.get(id)!;
        const values = [];
        for (const actor of ACTORS) values.push((await attempt(route, method, intent, actor)).got);
        lines.push(`  ${route.pattern} ${method}${method === "POST" ? ` intent ${JSON.stringify(intent)}` : ""}:`, formatRow(id, method, intent, values));
      }
    }
    if (gone.length > 0) lines.push(`${gone.length} row(s) of the matrix name a route, method or intent that no longer exists: ${gone.join("; ")}`);
    if (twice.length > 0) lines.push(`row(s) given twice: ${twice.join("; ")}`);
    expect(lines.join("\n")).toBe("");
  }, 120_000);

  it("sees a write to any table but the sessions and sign-in throttling", async () => {
    const { raw, db } = openCopy(world.image);
    try {
      raw.prepare("DELETE FROM session").run();
      raw.prepare("INSERT INTO login_throttle (key, failures, window_started_at, locked_until) VALUES ('x', 1, 'now', NULL)").run();
      expect(digest(raw)).toEqual(pristine);
      raw.prepare("UPDATE member SET name = name || ' ' WHERE id = ?").run(world.params.memberId);
      const after = digest(raw);
      expect(Object.keys(pristine).filter((t) => after[t] !== pristine[t])).toEqual(["member"]);
    } finally {
      await db.destroy();
    }
  });

  it("finds the intents of an action in its source", () => {
    const source = `
      const needed = NEEDS[intent];
      if (formData.get("intent") === "archive") {}
      if (intent !== "inviteAll") {}
      switch (intent) { case "vote": case 'close': }
      export default function Page() {
        switch (status) { case "draft": return null; }
        return <><input type="hidden" name="intent" value="withdraw" /><RuleForm intent="revise" /></>;
      }`;
    expect(discoverIntents(source)).toEqual(["", "archive", "close", "inviteAll", "revise", "vote", "withdraw"]);
  });

  for (const row of MATRIX) {
    const [id, method, intent, ...expected] = row as Row;
    it(`${id} ${method}${method === "POST" ? ` intent ${JSON.stringify(intent)}` : ""}`, async () => {
      const route = byId.get(id);
      expect(route, `no route app/routes/${id}.tsx in app/routes.ts`).toBeDefined();
      const got: (Expect | string)[] = [];
      const problems: string[] = [];
      for (const [i, actor] of ACTORS.entries()) {
        const { got: answer, changed } = await attempt(route!, method, intent, actor);
        got.push(answer);
        if (answer !== expected[i]) problems.push(`${actor}: expected ${expected[i] === "login" ? "L (redirect to /login)" : expected[i]}, got ${answer === "login" ? "L (redirect to /login)" : answer}`);
        if (changed.length > 0) problems.push(`${actor}: refused (${answer}) but wrote to ${changed.join(", ")}`);
      }
      expect(problems, `${route!.pattern}\n  expected: ${formatRow(id, method, intent, expected).trim()}\n  got:      ${formatRow(id, method, intent, got).trim()}\n`).toEqual([]);
    });
  }
});
