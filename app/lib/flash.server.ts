// One-shot messages shown on the next page ("Vous êtes déconnecté·e."), in a signed cookie.
import { createCookie, redirect } from "@remix-run/node";
import { z } from "zod";
import { getEnv } from "./env.server";

const flashSchema = z.object({
  key: z.string().max(200),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  kind: z.enum(["success", "info", "error"]).default("success"),
});
export type Flash = z.infer<typeof flashSchema>;

let cookie: ReturnType<typeof createCookie> | undefined;
function flashCookie() {
  const env = getEnv();
  cookie ??= createCookie("cogere_flash", {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: env.cookieSecure,
    secrets: [env.cookieSecret],
    maxAge: 60,
  });
  return cookie;
}

// Parameters may hold what someone typed (a 5 000-character file name): the cookie carries at
// most PARAMS_BUDGET bytes (UTF-8) of them, each cut with an ellipsis, so it stays under 1 KB.
const PARAMS_BUDGET = 240;
const PARAM_MIN = 48;
const utf8 = new TextEncoder();

function shorten(value: string, maxBytes: number): string {
  if (utf8.encode(value).length <= maxBytes) return value;
  let out = "";
  let bytes = 3; // the ellipsis
  for (const char of value) {
    bytes += utf8.encode(char).length;
    if (bytes > maxBytes) break;
    out += char;
  }
  return `${out}…`;
}

function shortenParams(params: Flash["params"]): Flash["params"] {
  if (!params) return params;
  const texts = Object.values(params).filter((v) => typeof v === "string").length;
  const max = Math.max(PARAM_MIN, Math.floor(PARAMS_BUDGET / Math.max(1, texts)));
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === "string" ? shorten(v, max) : v]));
}

export async function flashHeader(flash: Flash): Promise<string> {
  return flashCookie().serialize({ ...flash, params: shortenParams(flash.params) });
}

/** Redirects to `to` and shows `flash` there. */
export async function redirectWithFlash(to: string, flash: Omit<Flash, "kind"> & { kind?: Flash["kind"] }, headers?: Headers) {
  const h = new Headers(headers);
  h.append("Set-Cookie", await flashHeader({ kind: "success", ...flash }));
  return redirect(to, { headers: h });
}

/** The pending flash message, if any, and the header that clears it. */
export async function takeFlash(request: Request): Promise<{ flash: Flash | null; clear: string | null }> {
  const raw = await flashCookie().parse(request.headers.get("Cookie"));
  if (raw == null) return { flash: null, clear: null };
  const parsed = flashSchema.safeParse(raw);
  const clear = await flashCookie().serialize("", { maxAge: 0 });
  return { flash: parsed.success ? parsed.data : null, clear };
}
