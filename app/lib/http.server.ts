// The Express layer in front of Remix: security headers on every answer, the Origin check,
// request-body limits, and the handler that hands requests to Remix. server.ts mounts them in
// this order; tests mount them on a small Express app.
import { randomBytes } from "node:crypto";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { MAX_DOCUMENT_BYTES } from "~/domain/files";
import { isOriginAllowed } from "./origin.server";

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

/** Sign-in, first-run, language and invitation forms: a few short fields. */
export const SIGN_IN_BODY_LIMIT = 16 * 1024;
/** Every other form (a resolution's text is at most 50 000 characters). */
export const FORM_BODY_LIMIT = 1024 * 1024;
/** Uploads (meeting documents, expense receipts, member files, minutes to check): the 10 MB file and the form around it. */
export const UPLOAD_BODY_LIMIT = MAX_DOCUMENT_BYTES + 2 * 1024 * 1024;

// Remix's data requests add ".data" to the page's path.
const SIGN_IN_PATHS = /^\/(?:login|setup|language|logout|invitation\/[^/]+)(?:\.data)?\/?$/;
const UPLOAD_PATHS = /^\/o\/[^/]+\/(?:meetings\/[^/]+(?:\/minutes)?|budgets\/[^/]+\/expenses|members\/import)(?:\.data)?\/?$/;

/** The most a request to `path` may send. */
export function bodyLimitFor(path: string): number {
  if (SIGN_IN_PATHS.test(path)) return SIGN_IN_BODY_LIMIT;
  if (UPLOAD_PATHS.test(path)) return UPLOAD_BODY_LIMIT;
  return FORM_BODY_LIMIT;
}

/** The body read by `limitBody`, for the Remix handler. */
const bodies = new WeakMap<ExpressRequest, Buffer>();

function tooLarge(req: ExpressRequest, res: ExpressResponse, limit: number) {
  const mb = Math.round((limit / (1024 * 1024)) * 10) / 10;
  // Stop reading and close the connection once the answer is sent: the rest is never read.
  req.pause();
  res.on("finish", () => req.socket.destroy());
  res
    .status(413)
    .set("Connection", "close")
    .type("text/plain; charset=utf-8")
    .send(`Payload too large: at most ${mb} MB / Requête trop volumineuse : ${String(mb).replace(".", ",")} Mo au plus`);
}

/**
 * Reads the body of a request that has one, up to `limitFor(path)` bytes, before any route
 * runs; beyond that it answers 413 and reads no further, whether the size was announced
 * (Content-Length) or not (chunked): bytes are counted as they arrive.
 */
export function limitBody(limitFor: (path: string) => number = bodyLimitFor): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const limit = limitFor(req.path);
    const declared = Number(req.get("content-length") ?? 0);
    if (declared > limit) return tooLarge(req, res, limit);
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    function onData(chunk: Buffer) {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        tooLarge(req, res, limit);
        return;
      }
      chunks.push(chunk);
    }
    function onEnd() {
      cleanup();
      bodies.set(req, Buffer.concat(chunks, size));
      next();
    }
    // The client went away: there is no one to answer.
    function onError() {
      cleanup();
      chunks.length = 0;
    }
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  };
}

function remixHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    for (const value of Array.isArray(values) ? values : values ? [values] : []) headers.append(key, value);
  }
  return headers;
}

function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // As @remix-run/express builds it, but with the body limitBody read, when it did.
  const [, forwardedPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = [Number.parseInt(forwardedPort ?? "", 10), Number.parseInt(hostPort ?? "", 10)].find(Number.isSafeInteger);
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: remixHeaders(req), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = bodies.get(req);
    init.body = body ? new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length) : createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

/**
 * Sends Remix's answer. What the guards asked for on the way (a renewed or cleared session
 * cookie, in `context.responseHeaders`) goes on every answer, redirects from actions and
 * resource routes included, before the route's own cookies so that those win. Other headers
 * of the route replace the ones set earlier (a download's own Content-Security-Policy, say).
 */
async function sendRemixResponse(res: ExpressResponse, response: Response, context: AppLoadContext) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  const own = new Set(response.headers.getSetCookie());
  for (const cookie of context.responseHeaders.getSetCookie()) if (!own.has(cookie)) res.append("Set-Cookie", cookie);
  context.responseHeaders.forEach((value, key) => {
    if (key !== "set-cookie") res.setHeader(key, value);
  });
  for (const [key, value] of response.headers) {
    if (key === "set-cookie") res.append(key, value);
    else res.setHeader(key, value);
  }
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

export function remixHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}): RequestHandler {
  const handle = createRequestHandler(options.build, options.mode);
  return async (req, res, next) => {
    try {
      const context = options.getLoadContext(req, res);
      const response = await handle(remixRequest(req, res), context);
      await sendRemixResponse(res, response, context);
    } catch (error) {
      next(error);
    }
  };
}
