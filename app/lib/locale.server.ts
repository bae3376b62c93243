import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, type Locale } from "./locale";
import { getEnv } from "./env.server";

export const LANG_COOKIE = "cogere_lang";

function cookieValue(request: Request, name: string): string | null {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return null;
}

/** The account's choice, else the visitor's choice (cookie), else the browser's language, else French. */
export function resolveLocale(request: Request, accountLocale?: string | null): Locale {
  if (isLocale(accountLocale)) return accountLocale;
  const chosen = cookieValue(request, LANG_COOKIE);
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE;
}

export function langCookie(locale: Locale): string {
  const secure = getEnv().cookieSecure ? "; Secure" : "";
  return `${LANG_COOKIE}=${locale}; Path=/; SameSite=Lax; Max-Age=${365 * 24 * 3600}${secure}`;
}
