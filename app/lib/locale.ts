// Locale negotiation and Intl formatting, shared by server and browser.
import { dateTimeFormat } from "./dates";

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "fr";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The best supported locale for an Accept-Language header, or null when none fits. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { lang: tag.trim().toLowerCase().split("-")[0] ?? "", quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((r) => r.lang).find(isLocale) ?? null;
}

/** The Intl locale tag for a Cogere locale (British English for day-month order and the euro). */
export function intlTag(locale: Locale): string {
  return locale === "fr" ? "fr-FR" : "en-GB";
}

export function formatDate(locale: Locale, value: Date | string, options: Intl.DateTimeFormatOptions = { dateStyle: "long" }): string {
  const format = dateTimeFormat(intlTag(locale), { timeZone: "Europe/Paris", ...options });
  const date = new Date(value);
  if (locale !== "fr") return format.format(date);
  // French writes the first day of a month as an ordinal: « 1er janvier », never « 1 janvier ».
  const parts = format.formatToParts(date);
  const spelledMonth = parts.some((p) => p.type === "month" && !/^\d+$/.test(p.value));
  return parts.map((p) => (p.type === "day" && spelledMonth && p.value === "1" ? "1er" : p.value)).join("");
}

/**
 * French « de » before a name, elided before a vowel or a mute h: « de Claire », « d’Élodie »,
 * « d’Hélène », « d’Yves » but « de Yannick » (a y before a vowel is a consonant).
 */
export function de(name: string): string {
  const plain = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const [first = "", second = ""] = plain;
  const elide = (first !== "" && "aeiouh".includes(first)) || (first === "y" && !"aeiou".includes(second));
  return `${elide ? "d’" : "de "}${name}`;
}

export function formatTime(locale: Locale, value: Date | string): string {
  return formatDate(locale, value, { hour: "2-digit", minute: "2-digit" });
}

// Number formatters are costly to build and hold no state: one per (locale, options), as dates.ts
// does for dates.
const numberFormatters = new Map<string, Intl.NumberFormat>();
const MAX_NUMBER_FORMATTERS = 200;

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormatters.get(key);
  if (!format) {
    if (numberFormatters.size >= MAX_NUMBER_FORMATTERS) numberFormatters.clear();
    format = new Intl.NumberFormat(intlTag(locale), options);
    numberFormatters.set(key, format);
  }
  return format;
}

export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions): string {
  return numberFormat(locale, options).format(value);
}

/** Cents as an exact decimal string ("-1234.50"): Intl accepts it, so no amount goes through a float. */
function centsDecimal(cents: number | bigint): string {
  const c = BigInt(cents);
  const abs = c < 0n ? -c : c;
  return `${c < 0n ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** Money is integer cents, always euros. */
export function formatMoney(locale: Locale, cents: number | bigint): string {
  return numberFormat(locale, { style: "currency", currency: "EUR" }).format(centsDecimal(cents) as unknown as number);
}

/** Cents as an amount to put back in a form field ("1 234,50"), without the euro sign. */
export function formatCentsText(locale: Locale, cents: number | bigint): string {
  return formatDecimalText(locale, centsDecimal(cents));
}

export function formatPercent(locale: Locale, fraction: number): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(fraction);
}

/** An exact decimal string ("33.33", "1234.5") in the locale's notation, without going through a float. */
export function formatDecimalText(locale: Locale, text: string): string {
  const decimals = text.split(".")[1]?.length ?? 0;
  const fmt = numberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return fmt.format(text as unknown as number);
}

/** A percentage given as an exact decimal string ("33.33") with the locale's sign and spacing. */
export function formatPercentText(locale: Locale, percent: string): string {
  return `${formatDecimalText(locale, percent)}${locale === "fr" ? "\u202f%" : "%"}`;
}
