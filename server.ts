// The HTTP server: Express in front of Remix (app/lib/http.server.ts createApp: security headers,
// the Origin check, body limits, 503 under overload). Each process owns one SQLite connection, or a
// pool of PostgreSQL connections when DATABASE_URL is set;
// with WEB_CONCURRENCY > 1 the first process only starts and watches that many server processes
// (app/lib/cluster.server.ts). In production it runs compiled, build/bin/server.js
// (scripts/build-server.mjs: `npm run build`); `npm run dev` runs this file with tsx and Vite.
import cluster from "node:cluster";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type * as Entry from "~/entry.server";
import { superviseWorkers } from "~/lib/cluster.server";
import { createDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { createApp } from "~/lib/http.server";
import { installRouteCache } from "~/lib/route-cache.server";

const env = getEnv();
if (env.WEB_CONCURRENCY > 1 && cluster.isPrimary) superviseWorkers(env.WEB_CONCURRENCY);
else await serve();

async function serve() {
  const production = env.NODE_ENV === "production";
  const db = createDb(env.DATABASE_URL ?? env.DATABASE_PATH, { poolSize: env.DATABASE_POOL_SIZE });
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

  // Votes with a window open and close on time, without anyone having to load a page: in one
  // process at a time, the holder of the scheduler's lease. The job comes from the Remix build
  // (app/entry.server.tsx), so that the services are loaded once.
  const entry = async () => (typeof build === "function" ? await build() : build).entry.module as unknown as typeof Entry;
  const turn = () => void entry().then((e) => e.runSchedulerTurn(db)).catch((e) => console.error("scheduler:", e));
  // Soon after starting (votes due while the server was stopped), then every 30 s.
  setTimeout(turn, 1_000).unref();
  setInterval(turn, 30_000).unref();

  function shutdown() {
    server.close(() => {
      void entry()
        .then((e) => e.releaseScheduler(db))
        .catch(() => undefined)
        .then(() => db.destroy())
        .then(() => process.exit(0));
    });
  }
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
