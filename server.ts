// The HTTP server: Express in front of Remix. It owns the one database connection; before any
// route runs it sets the security headers, rejects cross-site state-changing requests and
// bounds request bodies (app/lib/http.server.ts).
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { createLoadContext } from "~/lib/context.server";
import { createDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { cspNonce, limitBody, remixHandler, sameOriginOnly, securityHeaders } from "~/lib/http.server";
import { parseAllowedOrigins } from "~/lib/origin.server";

const env = getEnv();
const production = env.NODE_ENV === "production";
const db = createDb(env.DATABASE_PATH);

const viteDevServer = production
  ? undefined
  : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

const app = express();
app.disable("x-powered-by");
// Which X-Forwarded-For hops to believe (a number of proxies or their addresses; see env.server.ts).
app.set("trust proxy", env.TRUST_PROXY);
app.use(securityHeaders({ csp: production, hsts: env.cookieSecure }));
app.use(compression());
app.use(sameOriginOnly(parseAllowedOrigins(env.APP_ORIGIN)));

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

app.use(limitBody());

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : ((await import(new URL("./build/server/index.js", import.meta.url).href)) as ServerBuild);

app.all(
  "*",
  remixHandler({
    build,
    mode: env.NODE_ENV,
    getLoadContext: (req, res) => createLoadContext(db, req.ip ?? req.socket.remoteAddress ?? "unknown", cspNonce(res)),
  }),
);

const server = app.listen(env.PORT, env.HOST ?? "0.0.0.0", () => {
  console.log(`Cogere is ready on http://localhost:${env.PORT}`);
});

function shutdown() {
  server.close(() => void db.destroy().then(() => process.exit(0)));
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

// Votes with a window open and close on time, without anyone having to load a page.
const { runScheduler } = await import("~/services/resolutions.server");
setInterval(() => void runScheduler(db).catch((e) => console.error("scheduler:", e)), 30_000).unref();
