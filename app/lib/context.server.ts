import type { Db } from "./db.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    db: Db;
    /** Address of the client, for login throttling. */
    clientAddress: string;
    /** Headers (Set-Cookie) that guards add to whatever response the route returns. */
    responseHeaders: Headers;
  }
}

export function createLoadContext(db: Db, clientAddress: string) {
  return { db, clientAddress, responseHeaders: new Headers() };
}
