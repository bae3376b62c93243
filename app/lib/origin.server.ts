/**
 * Cross-site request forgery defence as Lucia's guide gives it: a request that may change
 * state (anything but GET, HEAD, OPTIONS) must carry an Origin header equal to our own.
 */
export function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}

/**
 * `host` is the Host header the request arrived with; `allowed` lists extra public origins
 * (APP_ORIGIN) for a deployment behind a proxy that rewrites Host.
 */
export function isOriginAllowed(method: string, origin: string | null | undefined, host: string | null | undefined, allowed: readonly string[] = []): boolean {
  if (isSafeMethod(method.toUpperCase())) return true;
  if (!origin || origin === "null") return false;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.some((a) => a.replace(/\/+$/, "") === originUrl.origin)) return true;
  return host != null && originUrl.host === host;
}

export function parseAllowedOrigins(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
