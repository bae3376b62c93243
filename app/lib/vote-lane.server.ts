// The vote lane: the vote form posted by a browser with JavaScript (`POST
// /o/<slug>/resolutions/<id>.data`, `intent=vote`), answered without going through Remix. In the
// last hour of a large vote this is nearly every request, and Remix's handling of one (two Fetch
// Requests with their streams and abort signals, the router, the data strategy) took about a
// quarter of a vote's CPU (docs/benchmarks.md). The lane runs the route's own code, written
// once: the same guard (requireEntity), the same permission, the same use (voteAnswer), and
// sends the same bytes Remix would (a test compares them). It hands the request on to Remix,
// unanswered, whenever it is not sure: another shape of request, or anything thrown before an
// answer is ready (a redirect to the sign-in page, a 403 or 404). Nothing has been written then:
// a vote's writes are one transaction, rolled back when it throws. It is taken from the Remix
// build (entry.server.tsx), so that the server runs one copy of the app.
import type { AppLoadContext } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { encode } from "turbo-stream";
import { can } from "~/domain/roles";
import { bodyOf } from "./body-limit.server";
import { requireEntity } from "./guards.server";
import { requestUrl, sendAnswer, type Answer } from "./remix-handler.server";
import { voteAnswer } from "./vote-action.server";

/** A resolution's data URL; `resolutions/new` is another route. Other spellings go to Remix. */
// Without regard to case, as Remix matches routes: "NEW.data" is `resolutions/new` too.
export const VOTE_LANE_PATH = /^\/o\/([a-z0-9-]+)\/resolutions\/(?!new\.data$)([a-z0-9_-]+)\.data$/i;

/** Remix's own CSRF check (server-runtime actions.js): an Origin must name the host asked. */
function remixAcceptsOrigin(req: ExpressRequest): boolean {
  const origin = req.get("origin");
  if (!origin) return false;
  const host = req.get("x-forwarded-host")?.split(",")[0]?.trim() || req.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The form's fields, as Remix's `request.formData()` reads an URL-encoded body. */
function urlEncodedForm(req: ExpressRequest): FormData | null {
  const body = bodyOf(req);
  if (!body || !/^application\/x-www-form-urlencoded\s*(?:;\s*charset=utf-8\s*)?$/i.test(req.get("content-type") ?? "")) return null;
  const formData = new FormData();
  for (const [key, value] of new URLSearchParams(body.toString("utf8"))) formData.append(key, value);
  return formData;
}

/** Single fetch's answer to an action: what it returned, or where it redirects (status 202). */
function singleFetchResponse(answer: Awaited<ReturnType<typeof voteAnswer>>): Answer {
  const headers = new Headers();
  let result: unknown;
  let status: number;
  if (answer instanceof Response) {
    answer.headers.forEach((value, key) => headers.append(key, value));
    result = { redirect: answer.headers.get("Location"), status: answer.status, revalidate: answer.headers.has("X-Remix-Revalidate") || answer.headers.has("Set-Cookie"), reload: answer.headers.has("X-Remix-Reload-Document"), replace: answer.headers.has("X-Remix-Replace") };
    status = 202;
  } else {
    const { data, init } = answer as Extract<typeof answer, { init: unknown }>;
    // Of an action's own headers, Remix keeps its cookies and what the route's `headers` passes on.
    const own = new Headers(init?.headers);
    for (const cookie of own.getSetCookie()) headers.append("Set-Cookie", cookie);
    const cacheControl = own.get("Cache-Control");
    if (cacheControl) headers.set("Cache-Control", cacheControl);
    result = { data };
    status = init?.status ?? 200;
  }
  headers.set("X-Remix-Response", "yes");
  headers.set("Content-Type", "text/x-script");
  return { status, statusText: "", headers, body: encode(result) };
}

export function voteLane(contextOf: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext): RequestHandler {
  return async (req, res, next) => {
    const path = VOTE_LANE_PATH.exec(req.originalUrl);
    const formData = path && req.method === "POST" && remixAcceptsOrigin(req) ? urlEncodedForm(req) : null;
    if (!path || !formData || formData.get("intent") !== "vote") return next();
    const [, slug, resolutionId] = path as unknown as [string, string, string];
    const context = contextOf(req, res);
    let answer: Awaited<ReturnType<typeof voteAnswer>>;
    try {
      // The guards read the request's URL (the page's, as Remix gives it), method and headers, nothing else.
      const request = { url: requestUrl(req).slice(0, -".data".length), method: req.method, headers: { get: (name: string) => req.get(name) ?? null } } as unknown as Request;
      const { entity, role, session } = await requireEntity({ request, context, params: { slug } }, "entity.view");
      if (!can(role, "vote.cast")) return next();
      answer = await voteAnswer(context.db, { entityId: entity.id, resolutionId, userId: session.user.id, here: `/o/${entity.slug}/resolutions/${resolutionId}`, formData });
    } catch (error) {
      // A guard's answer (sign in, 403, 404) or a vote refused before it was written: Remix answers it.
      if (error instanceof Response) return next();
      // Nothing was written either (one transaction), but an error is not run twice: it is told.
      console.error("vote lane:", error);
      return next(error);
    }
    try {
      await sendAnswer(res, singleFetchResponse(answer), context);
    } catch (error) {
      next(error);
    }
  };
}
