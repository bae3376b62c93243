// Remix 2 matches a page's URL against all the routes several times per request: to pick the
// handler, while rendering, and once per parent path for the initial manifest of lazy route
// discovery — each time flattening and ranking every route and compiling a regular expression
// per branch tried (a fifth of a page's CPU with our 45 routes). The answer depends only on the
// shape of the routes and on the pathname, so it is kept, bounded, and rebuilt on the caller's
// own route objects. server.ts installs it. React Router's static handler calls its own
// matchRoutes directly, which no export reaches: the compiled server loads the router's file
// with those calls sent through its export (hookRouterSource, loaded first by build/bin/server.js).
import { readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";

interface Route {
  id?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: Route[];
}
interface Match<R extends Route = Route> {
  params: Record<string, string | undefined>;
  pathname: string;
  pathnameBase: string;
  route: R;
}
export type MatchRoutes = <R extends Route>(routes: R[], location: string | { pathname?: string }, basename?: string) => Match<R>[] | null;

/** Pathnames × route trees kept; the oldest is dropped first. */
export const ROUTE_CACHE_ENTRIES = 2000;

interface Shape {
  /** The same number for every routes array of the same shape. */
  id: number;
  /** Each route object of this array, by its position in the tree ("0.3.1"). */
  at: Map<string, Route>;
  positions: Map<Route, string>;
}

interface Kept {
  position: string;
  /** Index in `params` (matches of one answer share their params object). */
  params: number;
  pathname: string;
  pathnameBase: string;
}

/** As React Router reads a location: the path before any "?" or "#". */
function pathnameOf(location: string | { pathname?: string }): string {
  if (typeof location !== "string") return location.pathname || "/";
  return location.split("#")[0]!.split("?")[0] || "/";
}

/** `matchRoutes` answering from a cache: same results, fresh objects each time. */
export function memoiseMatchRoutes(original: MatchRoutes, entries = ROUTE_CACHE_ENTRIES): MatchRoutes {
  const shapes = new WeakMap<Route[], Shape>();
  const shapeIds = new Map<string, number>();
  const kept = new Map<string, { matches: Kept[]; params: Record<string, string | undefined>[] } | null>();

  function shapeOf(routes: Route[]): Shape {
    let shape = shapes.get(routes);
    if (shape) return shape;
    const at = new Map<string, Route>();
    const positions = new Map<Route, string>();
    const describe = (list: Route[], prefix: string): string =>
      list
        .map((route, i) => {
          const position = `${prefix}${i}`;
          at.set(position, route);
          positions.set(route, position);
          const own = `${route.id}\u0001${route.path}\u0001${route.index === true ? 1 : 0}${route.caseSensitive === true ? 1 : 0}`;
          return route.children?.length ? `${own}\u0002${describe(route.children, `${position}.`)}\u0003` : own;
        })
        .join("\u0004");
    const text = describe(routes, "");
    let id = shapeIds.get(text);
    if (id === undefined) shapeIds.set(text, (id = shapeIds.size));
    shape = { id, at, positions };
    shapes.set(routes, shape);
    return shape;
  }

  return (<R extends Route>(routes: R[], location: string | { pathname?: string }, basename = "/") => {
    const shape = shapeOf(routes);
    const key = `${shape.id}\u0000${basename}\u0000${pathnameOf(location)}`;
    const found = kept.get(key);
    if (found === null) return null;
    if (found) {
      const params = found.params.map((p) => ({ ...p }));
      return found.matches.map((m) => ({ params: params[m.params]!, pathname: m.pathname, pathnameBase: m.pathnameBase, route: shape.at.get(m.position) as R }));
    }
    const matches = original(routes, location, basename);
    const known = matches?.every((m) => shape.positions.has(m.route)) ?? true;
    // A match on a route outside the array given (never seen): answered, not kept.
    if (!known) return matches;
    if (kept.size >= entries) kept.delete(kept.keys().next().value!);
    if (matches === null) kept.set(key, null);
    else {
      const params: Record<string, string | undefined>[] = [];
      const index = new Map<object, number>();
      const entry = matches.map((m) => {
        if (!index.has(m.params)) index.set(m.params, params.push({ ...m.params }) - 1);
        return { position: shape.positions.get(m.route)!, params: index.get(m.params)!, pathname: m.pathname, pathnameBase: m.pathnameBase };
      });
      kept.set(key, { matches: entry, params });
    }
    return matches;
  }) as MatchRoutes;
}

let installed = false;

/**
 * Replaces `matchRoutes` of @remix-run/router (one CommonJS module, whose export Remix's server
 * runtime, @remix-run/react and React Router all call through) with the memoised one. Once.
 */
export function installRouteCache(): void {
  if (installed) return;
  installed = true;
  const router = createRequire(import.meta.url)("@remix-run/router") as { matchRoutes: MatchRoutes };
  router.matchRoutes = memoiseMatchRoutes(router.matchRoutes.bind(router) as MatchRoutes);
}

const ROUTER_FILE = /[\\/]@remix-run[\\/]router[\\/]dist[\\/]router\.cjs\.js$/;
const DECLARATION = "function matchRoutes(routes, locationArg, basename) {";
const EXPORT = "exports.matchRoutes = matchRoutes;";

/**
 * The source of @remix-run/router's CommonJS build with every call of its own matchRoutes made
 * through `exports.matchRoutes` (the export keeps the original), so that installRouteCache
 * reaches them too. Null when the file is not the one expected (another version): nothing is
 * changed then, and only speed is lost.
 */
export function patchRouterSource(source: string): string | null {
  if (source.split(DECLARATION).length !== 2 || source.split(EXPORT).length !== 2) return null;
  return source
    .replace(DECLARATION, `function matchRoutes(routes, locationArg, basename) {\n  return exports.matchRoutes(routes, locationArg, basename);\n}\nfunction matchRoutesOwn(routes, locationArg, basename) {`)
    .replace(EXPORT, "exports.matchRoutes = matchRoutesOwn;");
}

type Extension = (module: Module & { _compile(source: string, filename: string): void }, filename: string) => void;

/** Has @remix-run/router loaded through patchRouterSource; must run before anything requires it. */
export function hookRouterSource(): void {
  const extensions = (Module as unknown as { _extensions: Record<string, Extension> })._extensions;
  const plain = extensions[".js"]!;
  extensions[".js"] = function (module, filename) {
    if (!ROUTER_FILE.test(filename)) return plain.call(this, module, filename);
    extensions[".js"] = plain;
    const patched = patchRouterSource(readFileSync(filename, "utf8"));
    if (!patched) {
      console.warn(`route matching: ${filename} is not the version expected; its own matching is not memoised`);
      return plain.call(this, module, filename);
    }
    module._compile(patched, filename);
  };
}
