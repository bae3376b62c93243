// Hands Express requests to Remix and sends its answers: as @remix-run/express does, with the
// body limitBody read, the guards' cookies on every answer, and small answers sent whole.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { bodyOf } from "./body-limit.server";

function remixHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    for (const value of Array.isArray(values) ? values : values ? [values] : []) headers.append(key, value);
  }
  return headers;
}

/** The URL Remix is given for a request, as @remix-run/express builds it. */
export function requestUrl(req: ExpressRequest): string {
  const [, forwardedPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = [Number.parseInt(forwardedPort ?? "", 10), Number.parseInt(hostPort ?? "", 10)].find(Number.isSafeInteger);
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`).href;
}

function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // As @remix-run/express builds it, but with the body limitBody read, when it did.
  let controller: AbortController | null = new AbortController();
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: remixHeaders(req), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = bodyOf(req);
    init.body = body ? new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length) : createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(requestUrl(req), init);
}

/** What sendAnswer reads of a Remix Response (the vote lane gives it one without building a Response). */
export interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * Sends Remix's answer. What the guards asked for on the way (a renewed or cleared session
 * cookie, in `context.responseHeaders`) goes on every answer, redirects from actions and
 * resource routes included, before the route's own cookies so that those win. Other headers
 * of the route replace the ones set earlier (a download's own Content-Security-Policy, say).
 */
export async function sendAnswer(res: ExpressResponse, response: Answer, context: AppLoadContext) {
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
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) {
    res.flushHeaders();
    if (response.body) await writeReadableStreamToWritable(response.body, res);
    else res.end();
    return;
  }
  if (response.body) await sendBody(res, response.body);
  else res.end();
}

/**
 * Answers up to this size are read whole and sent with their length: an action's answer, a
 * redirect's data. Pages stream on as before: read whole up to 64 kB, a burst of page views
 * left the process 60 MB larger (measured: 9b of npm run bench, 179 → 243 MB).
 */
export const WHOLE_ANSWER_BYTES = 2 * 1024;

/**
 * Sends a body, whole with its Content-Length when it ends within WHOLE_ANSWER_BYTES: then the
 * compression middleware knows its size and leaves those under 1 kB uncompressed, where setting
 * up a compressor cost more than the bytes saved (a tenth of a vote's CPU). A longer body (a
 * page, a download) is piped on as it comes: the pipe waits when the client (or the compressor
 * before it) is full, and stops reading when the client goes.
 */
async function sendBody(res: ExpressResponse, body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  let reading = true;
  const gone = () => void (reading && reader.cancel().catch(() => undefined));
  res.once("close", gone);
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (size <= WHOLE_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) {
        reading = false;
        // No length on an answer that has no body by definition.
        if (res.statusCode !== 204 && res.statusCode !== 304) res.setHeader("Content-Length", size);
        res.end(Buffer.concat(chunks, size));
        return;
      }
      chunks.push(value);
      size += value.length;
    }
    if (res.destroyed) return;
    const rest = new ReadableStream<Uint8Array>({
      start: (controller) => chunks.forEach((c) => controller.enqueue(c)),
      pull: async (controller) => {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    // A pipeline listens for "close" seven times over on its destination: a few answers at
    // once, not a leak (Node warns from ten).
    res.setMaxListeners(Math.max(res.getMaxListeners(), 20));
    try {
      await pipeline(Readable.fromWeb(rest as NodeReadableStream<Uint8Array>), res);
    } catch (e) {
      // The client went away mid-answer: nobody is left to tell.
      if (!res.destroyed || (e as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") throw e;
    }
    reading = false;
  } finally {
    res.off("close", gone);
  }
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
      await sendAnswer(res, response, context);
    } catch (error) {
      next(error);
    }
  };
}
