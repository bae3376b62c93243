// The Express layer in front of Remix: security headers on every answer, the Origin check,
// request-body limits (body-limit.server.ts), admission control under overload, and the handler
// that hands requests to Remix (remix-handler.server.ts). createApp mounts them in this order (server.ts, and the tests of the whole app); tests
// of one part mount it on a small Express app.
import path from "node:path";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import type * as Entry from "~/entry.server";
import compression from "compression";
import express, { type Express, type Request as ExpressRequest, type RequestHandler, type Response as ExpressResponse } from "express";
import { limitBody } from "./body-limit.server";
import { createLoadContext } from "./context.server";
import { pingDatabase, type Db } from "./db.server";
import type { Env } from "./env.server";
import { isOriginAllowed, parseAllowedOrigins } from "./origin.server";
import { randomBytes } from "./random.server";
import { remixHandler } from "./remix-handler.server";

export { bodyLimitFor, FORM_BODY_LIMIT, limitBody, SIGN_IN_BODY_LIMIT, UPLOAD_BODY_LIMIT } from "./body-limit.server";
export { remixHandler, WHOLE_ANSWER_BYTES } from "./remix-handler.server";

/**
 * The whole Express app: security headers, compression, the Origin check, /healthz and /readyz, static
 * files (`clientDir`: build/client) or Vite's middleware in development, body limits, admission
 * control, the vote lane (vote-lane.server.ts), then Remix.
 */
export function createApp(options: {
  env: Env;
  db: Db;
  build: ServerBuild | (() => Promise<ServerBuild>);
  clientDir?: string;
  viteMiddleware?: RequestHandler;
  /** False: votes go through Remix too (the tests compare both answers). */
  voteLane?: boolean;
}): Express {
  const { env, db } = options;
  const production = env.NODE_ENV === "production";
  const app = express();
  app.disable("x-powered-by");
  // Which X-Forwarded-For hops to believe (a number of proxies or their addresses; see env.server.ts).
  app.set("trust proxy", env.TRUST_PROXY);
  app.use(securityHeaders({ csp: production, hsts: env.cookieSecure }));
  app.use(compression());
  app.use(sameOriginOnly(parseAllowedOrigins(env.APP_ORIGIN)));
  // For a load balancer or a supervisor: answers while the process runs, whatever its load.
  app.get("/healthz", (_req, res) => void res.type("text/plain").send("ok"));
  // For a load balancer: whether this process can answer, its database included.
  app.get("/readyz", (_req, res) => void readiness(db).then((problem) => res.status(problem ? 503 : 200).type("text/plain").set("Cache-Control", "no-store").send(problem ?? "ready")));
  if (options.viteMiddleware) app.use(options.viteMiddleware);
  if (options.clientDir) {
    app.use("/assets", express.static(path.join(options.clientDir, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(options.clientDir, { maxAge: "1h" }));
  }
  app.use(limitBody());
  // Static files, /healthz and /readyz above are never refused; pages, data and actions may be.
  const admission = admissionControl({ maxInFlight: env.MAX_REQUESTS_IN_FLIGHT, maxQueueWaitMs: env.MAX_QUEUE_WAIT_MS });
  app.locals.admission = admission;
  app.use(admission);
  // One context per request: the lane's, when it hands the request on, goes on to Remix.
  const contextOf = (req: ExpressRequest, res: ExpressResponse): AppLoadContext => (res.locals.loadContext ??= createLoadContext(db, req.ip ?? req.socket.remoteAddress ?? "unknown", cspNonce(res)));
  if (options.voteLane !== false) app.post(/\.data$/, voteLaneOf(options.build, contextOf));
  app.all("*", remixHandler({ build: options.build, mode: env.NODE_ENV, getLoadContext: contextOf }));
  return app;
}

/**
 * The vote lane (vote-lane.server.ts), taken from the Remix build like the scheduler (server.ts):
 * compiled, the build and this file are bundled together, and importing the lane here would
 * bundle a second copy of the app beside the build's (its own cookie secret, session cache and
 * verify pool).
 */
function voteLaneOf(build: ServerBuild | (() => Promise<ServerBuild>), contextOf: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext): RequestHandler {
  let lane: RequestHandler | undefined;
  return (req, res, next) => {
    if (lane) return lane(req, res, next);
    void Promise.resolve(typeof build === "function" ? build() : build).then(
      (b) => {
        lane ??= (b.entry.module as unknown as typeof Entry).voteLane(contextOf);
        return lane(req, res, next);
      },
      (error: unknown) => next(error),
    );
  };
}

/** Null when the database answers a query; otherwise what is wrong (no secret in it). */
export async function readiness(db: Db): Promise<string | null> {
  try {
    await pingDatabase(db);
    return null;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return `not ready: the database does not answer${typeof code === "string" ? ` (${code})` : ""}`;
  }
}

/** The per-request nonce that lets the page's own scripts run under the Content-Security-Policy. */
export function cspNonce(res: ExpressResponse): string {
  return String(res.locals.cspNonce ?? "");
}

/**
 * Scripts, styles, images and connections from this site only; inline scripts only with the
 * request's nonce (Remix's <Scripts>, <ScrollRestoration> and streamed data carry it); no
 * plug-ins, no <base>, forms post here only, and no other site may frame the pages.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// In development Vite injects scripts and styles of its own (HMR): only what does not hinder it.
const DEVELOPMENT_POLICY = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Headers every answer carries, redirects, downloads, static files and errors included:
 * set before anything else runs. `csp: false` in development; `hsts` when cookies are Secure
 * (the site is served over HTTPS).
 */
export function securityHeaders(options: { csp: boolean; hsts: boolean }): RequestHandler {
  return (_req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", options.csp ? contentSecurityPolicy(nonce) : DEVELOPMENT_POLICY);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    if (options.hsts) res.setHeader("Strict-Transport-Security", "max-age=31536000");
    next();
  };
}

/** Refuses (403) a state-changing request that did not come from one of our own pages. */
export function sameOriginOnly(allowedOrigins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (!isOriginAllowed(req.method, req.get("origin"), req.get("host"), allowedOrigins)) {
      res.status(403).type("text/plain; charset=utf-8").send("Forbidden: cross-site request refused / requête d’une autre origine refusée");
      return;
    }
    next();
  };
}

/** What a client is told to wait before trying again when the server is overloaded. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 2;

export interface AdmissionOptions {
  /** Requests handled at once; 0: no limit. */
  maxInFlight: number;
  /** How long a request beyond the limit may wait for a place before it is refused; 0: refused at once. */
  maxQueueWaitMs: number;
}

export interface AdmissionState {
  readonly inFlight: number;
  readonly queued: number;
}
/** The middleware, with how many requests it is handling and how many wait. */
export type Admission = RequestHandler & AdmissionState;

/**
 * Admission control. On one event loop, requests handled at once share the processor: past a
 * few, more of them only lengthen every answer, until pages time out mid-render and clients see
 * reset connections. So at most `maxInFlight` requests are handled at once; the next ones wait
 * their turn in order, and one that would wait more than `maxQueueWaitMs` (or finds the queue
 * full) gets a quick 503 with Retry-After instead. A place is freed when the answer has been
 * sent or the client has gone. Mounted after static files and /healthz, which are never refused,
 * and after limitBody: a refused request's body has been read (within its limit), so the
 * connection stays usable.
 */
export function admissionControl(options: AdmissionOptions): Admission {
  const { maxInFlight, maxQueueWaitMs } = options;
  if (maxInFlight <= 0) return Object.assign<RequestHandler, AdmissionState>((_req, _res, next) => next(), { inFlight: 0, queued: 0 });
  // Waiting costs only memory, but a queue longer than this would not drain within the wait.
  const maxQueued = maxQueueWaitMs > 0 ? 16 * maxInFlight : 0;
  let inFlight = 0;
  const queue: { admit: () => void; drop: () => void }[] = [];

  function release() {
    inFlight--;
    const waiting = queue.shift();
    if (waiting) waiting.admit();
  }

  function start(res: ExpressResponse, next: () => void) {
    inFlight++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      release();
    };
    res.once("finish", finish);
    res.once("close", finish);
    next();
  }

  const handler: RequestHandler = (_req, res, next) => {
    if (inFlight < maxInFlight && queue.length === 0) return start(res, next);
    if (queue.length >= maxQueued) return overloaded(res);
    const entry = {
      admit: () => {
        clearTimeout(timer);
        res.off("close", entry.drop);
        start(res, next);
      },
      // Given up (the client left, or the wait is over): out of the queue.
      drop: () => {
        clearTimeout(timer);
        const i = queue.indexOf(entry);
        if (i >= 0) queue.splice(i, 1);
      },
    };
    const timer = setTimeout(() => {
      entry.drop();
      overloaded(res);
    }, maxQueueWaitMs);
    res.once("close", entry.drop);
    queue.push(entry);
  };
  return Object.defineProperties(handler, {
    inFlight: { get: () => inFlight },
    queued: { get: () => queue.length },
  }) as Admission;
}

function overloaded(res: ExpressResponse) {
  if (res.headersSent || res.destroyed) return;
  res
    .status(503)
    .set("Retry-After", String(OVERLOAD_RETRY_AFTER_SECONDS))
    .set("Cache-Control", "no-store")
    .type("text/plain; charset=utf-8")
    .send(
      `Service momentanément surchargé\u00a0: réessayez dans ${OVERLOAD_RETRY_AFTER_SECONDS}\u00a0secondes.\n` +
        `Server busy: please try again in ${OVERLOAD_RETRY_AFTER_SECONDS} seconds.\n`,
    );
}
