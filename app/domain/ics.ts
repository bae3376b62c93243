/**
 * iCalendar text (RFC 5545) for meetings and vote deadlines: CRLF line ends, lines folded at
 * 75 octets (never inside a UTF-8 character), TEXT values escaped, times in UTC.
 */

export interface CalendarEvent {
  uid: string;
  start: string; // ISO-8601 instant
  end?: string | null; // ISO-8601 instant; default: one hour after start
  title: string;
  location?: string | null;
  url?: string | null;
  description?: string | null;
}

/** Escapes a TEXT value: backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds a content line: at most 75 octets per line, continuation lines start with a space. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74;
    if (size + n > limit) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** 2026-12-21T17:00:00.000Z → 20261221T170000Z */
export function utcStamp(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export function calendarText(input: { name: string; events: readonly CalendarEvent[]; now: string; method?: "PUBLISH" }): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cogere//Cogere//FR", "CALSCALE:GREGORIAN", `METHOD:${input.method ?? "PUBLISH"}`, `X-WR-CALNAME:${escapeText(input.name)}`];
  for (const e of input.events) {
    const end = e.end ?? new Date(new Date(e.start).getTime() + 3600_000).toISOString();
    lines.push("BEGIN:VEVENT", `UID:${e.uid}`, `DTSTAMP:${utcStamp(input.now)}`, `DTSTART:${utcStamp(e.start)}`, `DTEND:${utcStamp(end)}`, `SUMMARY:${escapeText(e.title)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.url) lines.push(`URL:${e.url}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
