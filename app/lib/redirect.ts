/**
 * Where to send someone back to (`redirectTo` of the sign-in and language forms): only a path
 * of this site. Anything else, including what a browser would read as another site (`//x`,
 * `/\x`, `/<tab>/x`, which browsers read as `//x`) or a control character (which would also
 * break the Location header), gives `fallback`.
 */
const BASE = "http://cogere.invalid";
const MAX_LENGTH = 2048;
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function isLocalPath(path: string): boolean {
  return path.startsWith("/") && path[1] !== "/" && path[1] !== "\\";
}

export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length > MAX_LENGTH || CONTROL.test(to) || !isLocalPath(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // Normalised and percent-encoded; "/a/..//x" normalises to "//x", hence the second check.
  const path = url.pathname + url.search + url.hash;
  return isLocalPath(path) ? path : fallback;
}
