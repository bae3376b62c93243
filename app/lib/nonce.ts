// The Content-Security-Policy nonce of the page being rendered on the server, for the inline
// scripts of <Scripts> and <ScrollRestoration> (app/root.tsx). Undefined in the browser.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
