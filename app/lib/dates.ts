// Building an Intl formatter costs far more than using one (about 0.1 ms, several per vote):
// each (locale, options) pair is built once and kept. Options come from our code, so the set is
// small; the bound only guards against a caller building options from data.
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 200;

/** A shared `Intl.DateTimeFormat` for these locale and options (formatters hold no state). */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

const PARIS_DAY: Intl.DateTimeFormatOptions = { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" };
const PARIS_MINUTE: Intl.DateTimeFormatOptions = { timeZone: "Europe/Paris", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" };

// Since 1911 France's offset from UTC is a whole number of hours and it changes on the hour:
// every instant of one UTC hour falls on the same French day, so the last answer is kept.
const HOUR_MS = 3_600_000;
let lastDay = { hour: Number.NaN, day: "" };

/** The calendar date (YYYY-MM-DD) in France at `now`: membership and deadlines follow French days. */
export function isoDateInParis(now: Date = new Date()): string {
  const hour = Math.floor(now.getTime() / HOUR_MS);
  if (hour === lastDay.hour) return lastDay.day;
  const parts = dateTimeFormat("en-CA", PARIS_DAY).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const day = `${get("year")}-${get("month")}-${get("day")}`;
  if (now.getTime() >= 0) lastDay = { hour, day };
  return day;
}

/**
 * The instant of a wall-clock time in France ("2026-11-27T21:30", as a datetime-local field
 * gives it), whatever the server's own time zone; null when it is not one.
 */
export function parisLocalToDate(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(asUtc).getUTCDate() !== d || h > 23 || mi > 59) return null;
  // The offset of Paris at that moment; one refinement covers the daylight-saving edges.
  const offset = (t: number) => {
    const p = dateTimeFormat("en-GB", PARIS_MINUTE).formatToParts(new Date(t));
    const g = (type: string) => Number(p.find((x) => x.type === type)?.value);
    return Date.UTC(g("year"), g("month") - 1, g("day"), g("hour"), g("minute")) - t;
  };
  const first = asUtc - offset(asUtc);
  return new Date(asUtc - offset(first));
}

/** The datetime-local text of an instant in France: the inverse of parisLocalToDate. */
export function dateToParisLocal(date: Date): string {
  const p = dateTimeFormat("en-GB", PARIS_MINUTE).formatToParts(date);
  const g = (type: string) => p.find((x) => x.type === type)?.value ?? "";
  return `${g("year")}-${g("month")}-${g("day")}T${g("hour")}:${g("minute")}`;
}
