import type { Db } from "./db.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    db: Db;
    /** Address of the client, for login throttling. */
    clientAddress: string;
    /** Headers (Set-Cookie) that guards add to whatever response the route returns. */
    responseHeaders: Headers;
    /** This request's Content-Security-Policy nonce, for the page's inline scripts ("" when none). */
    cspNonce: string;
  }
}

export function createLoadContext(db: Db, clientAddress: string, cspNonce = "") {
  return { db, clientAddress, responseHeaders: new Headers(), cspNonce };
}
