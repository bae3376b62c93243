// A small Express app on an ephemeral port, real HTTP requests to it, and a hand-made Remix
// server build (no Vite build needed) for the tests of the Express layer (app/lib/http.server.ts).
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import type { ServerBuild } from "@remix-run/node";
import type { Express } from "express";

export interface Listening {
  port: number;
  close(): Promise<void>;
}

export function listen(app: Express): Promise<Listening> {
  return new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request; `body` may be a stream (sent chunked when no Content-Length is given). */
export function send(port: number, options: { method?: string; path: string; headers?: Record<string, string | number>; body?: string | Buffer | Readable }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method: options.method ?? "GET", path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    const body = options.body;
    if (body == null || typeof body === "string" || Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}

type RouteModule = Record<string, unknown>;

/**
 * A Remix server build with the given route modules (ids as keys, "root" required), rendered by
 * the app's real entry.server, with the app's future flags.
 */
export async function fakeBuild(routes: Record<string, { parentId?: string; path?: string; index?: boolean; module: RouteModule }>): Promise<ServerBuild> {
  const entry = await import("~/entry.server");
  const serverRoutes: ServerBuild["routes"] = {};
  const manifestRoutes: ServerBuild["assets"]["routes"] = {};
  for (const [id, r] of Object.entries(routes)) {
    serverRoutes[id] = { id, parentId: r.parentId, path: r.path, index: r.index, caseSensitive: undefined, module: r.module as never };
    manifestRoutes[id] = {
      id,
      parentId: r.parentId,
      path: r.path,
      index: r.index,
      caseSensitive: undefined,
      module: `/assets/${id.replace(/\W/g, "-")}.js`,
      imports: [],
      hasAction: typeof r.module.action === "function",
      hasLoader: typeof r.module.loader === "function",
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: typeof r.module.ErrorBoundary === "function",
    };
  }
  return {
    mode: "production",
    entry: { module: entry },
    routes: serverRoutes,
    assets: { entry: { module: "/assets/entry.client.js", imports: [] }, routes: manifestRoutes, url: "/assets/manifest.js", version: "test" },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
    isSpaMode: false,
  };
}
