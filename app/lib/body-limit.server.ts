// Request bodies read before any route runs, within a limit per kind of form (413 beyond it),
// then handed to the Remix handler (remix-handler.server.ts).
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { MAX_DOCUMENT_BYTES } from "~/domain/files";

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

// The body read by `limitBody`, for the Remix handler and the vote lane. Kept on the request under a registered symbol, not in this module: the vote lane reads it from
// the Remix build's copy of this module (the compiled server bundles two).
const BODY = Symbol.for("cogere.requestBody");
type WithBody = ExpressRequest & { [BODY]?: Buffer };

/** The body `limitBody` read for this request, if it read one. */
export function bodyOf(req: ExpressRequest): Buffer | undefined {
  return (req as WithBody)[BODY];
}

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
      (req as WithBody)[BODY] = Buffer.concat(chunks, size);
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
