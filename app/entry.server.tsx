import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/lib/nonce";

export const streamTimeout = 5_000;

// The server's periodic job (one process at a time: its lease), taken from this build (server.ts) rather than from a second copy
// of the services bundled with the server.
export { releaseScheduler, runSchedulerTurn } from "~/services/scheduler.server";
// The vote lane in front of Remix (app/lib/http.server.ts mounts it), from this build too.
export { voteLane } from "~/lib/vote-lane.server";

// Security headers and the guards' cookies are added to every answer by the Express layer
// (app/lib/http.server.ts), not here: this sees neither redirects nor resource routes.

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  console.error(error);
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Every inline script of the page carries the nonce the Content-Security-Policy header names.
  const nonce = loadContext?.cspNonce || undefined;
  const bot = isbot(request.headers.get("user-agent") || "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // The last resort against a render that never ends; cleared once it has ended, so that a
    // finished page is not kept in memory by its timer.
    let timer: ReturnType<typeof setTimeout> | undefined;
    function send() {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    }
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        // Bots get the whole page at once, people the shell first.
        onShellReady() {
          if (!bot) send();
        },
        onAllReady() {
          clearTimeout(timer);
          if (bot) send();
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    timer = setTimeout(abort, streamTimeout + 1000);
  });
}
