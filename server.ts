// The HTTP server: Express in front of Remix (app/lib/http.server.ts createApp: security headers,
// the Origin check, body limits, 503 under overload). It owns the one database connection. In
// production it runs compiled, build/bin/server.js (scripts/build-server.mjs: `npm run build`);
// `npm run dev` runs this file with tsx and Vite.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type * as Entry from "~/entry.server";
import { createDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { createApp } from "~/lib/http.server";
import { installRouteCache } from "~/lib/route-cache.server";

const env = getEnv();
const production = env.NODE_ENV === "production";
const db = createDb(env.DATABASE_PATH);
// The project's folder: this file's, or two up when compiled (build/bin/server.js).
const compiled = import.meta.url.endsWith(".js");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), compiled ? "../.." : ".");

const viteDevServer = production
  ? undefined
  : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

// Compiled, the Remix build is bundled into build/bin/server.js, so that its packages load once;
// run as TypeScript in production mode, it is read from build/server.
const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : compiled
    ? ((await import("@remix-run/dev/server-build")) as ServerBuild)
    : ((await import(pathToFileURL(path.join(root, "build/server/index.js")).href)) as ServerBuild);

// Route matching, done several times per request by Remix, answered from a cache.
installRouteCache();

const app = createApp({
  env,
  db,
  build,
  ...(viteDevServer ? { viteMiddleware: viteDevServer.middlewares } : { clientDir: path.join(root, "build/client") }),
});

const server = app.listen(env.PORT, env.HOST ?? "0.0.0.0", () => {
  console.log(`Cogere is ready on http://localhost:${env.PORT}`);
});

function shutdown() {
  server.close(() => void db.destroy().then(() => process.exit(0)));
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

// Votes with a window open and close on time, without anyone having to load a page. The job
// comes from the Remix build (app/entry.server.tsx), so that the services are loaded once.
async function runScheduler() {
  const entry = (typeof build === "function" ? await build() : build).entry.module as unknown as typeof Entry;
  await entry.runScheduler(db);
}
setInterval(() => void runScheduler().catch((e) => console.error("scheduler:", e)), 30_000).unref();
