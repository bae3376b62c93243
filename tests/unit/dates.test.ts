// French days and wall-clock times around the daylight-saving changes of 2026 (29 March,
// 25 October), through the formatters that app/lib/dates.ts builds once and shares.
import { describe, expect, it } from "vitest";
import { dateTimeFormat, dateToParisLocal, isoDateInParis, parisLocalToDate } from "~/lib/dates";
import { formatDate, formatTime } from "~/lib/locale";

describe("the French calendar day", () => {
  it.each([
    ["2026-03-28T22:59:59Z", "2026-03-28"],
    ["2026-03-28T23:00:00Z", "2026-03-29"],
    ["2026-03-29T21:59:59Z", "2026-03-29"],
    ["2026-03-29T22:00:00Z", "2026-03-30"],
    ["2026-10-24T21:59:59Z", "2026-10-24"],
    ["2026-10-24T22:00:00Z", "2026-10-25"],
    ["2026-10-25T22:59:59Z", "2026-10-25"],
    ["2026-10-25T23:00:00Z", "2026-10-26"],
    ["2026-12-31T23:00:00Z", "2027-01-01"],
  ])("at %s is %s", (instant, day) => {
    expect(isoDateInParis(new Date(instant))).toBe(day);
  });

  it("answers right when asked again within one hour, across midnight and back", () => {
    const asked = ["2026-10-25T22:10:00Z", "2026-10-25T22:50:00Z", "2026-10-25T23:05:00Z", "2026-10-25T22:59:59Z", "1969-12-31T23:30:00Z", "1969-12-31T23:59:00Z"];
    expect(asked.map((t) => isoDateInParis(new Date(t)))).toEqual(["2026-10-25", "2026-10-25", "2026-10-26", "2026-10-25", "1970-01-01", "1970-01-01"]);
  });
});

describe("wall-clock times in France", () => {
  it.each([
    ["2026-01-15T12:00", "2026-01-15T11:00:00.000Z"],
    ["2026-07-14T12:00", "2026-07-14T10:00:00.000Z"],
    ["2026-03-29T01:30", "2026-03-29T00:30:00.000Z"],
    // 2:30 does not exist on 29 March (2:00 jumps to 3:00): the instant an hour later.
    ["2026-03-29T02:30", "2026-03-29T01:30:00.000Z"],
    ["2026-03-29T03:30", "2026-03-29T01:30:00.000Z"],
    ["2026-10-25T01:30", "2026-10-24T23:30:00.000Z"],
    // 2:30 happens twice on 25 October: the second one, in winter time.
    ["2026-10-25T02:30", "2026-10-25T01:30:00.000Z"],
    ["2026-10-25T03:30", "2026-10-25T02:30:00.000Z"],
  ])("%s is the instant %s", (local, instant) => {
    expect(parisLocalToDate(local)?.toISOString()).toBe(instant);
  });

  it("is no instant for a day that does not exist", () => {
    expect(parisLocalToDate("2026-02-30T10:00")).toBeNull();
  });

  it.each([
    ["2026-03-29T00:30:00Z", "2026-03-29T01:30", "29 mars 2026 à 01:30", "29 March 2026 at 01:30"],
    ["2026-03-29T01:30:00Z", "2026-03-29T03:30", "29 mars 2026 à 03:30", "29 March 2026 at 03:30"],
    ["2026-10-25T00:30:00Z", "2026-10-25T02:30", "25 octobre 2026 à 02:30", "25 October 2026 at 02:30"],
    ["2026-10-25T01:30:00Z", "2026-10-25T02:30", "25 octobre 2026 à 02:30", "25 October 2026 at 02:30"],
  ])("the instant %s reads %s, %j, %j", (instant, local, fr, en) => {
    expect(dateToParisLocal(new Date(instant))).toBe(local);
    expect(formatDate("fr", instant, { dateStyle: "long", timeStyle: "short" })).toBe(fr);
    expect(formatDate("en", instant, { dateStyle: "long", timeStyle: "short" })).toBe(en);
    expect(formatTime("fr", instant)).toBe(local.slice(11));
  });
});

describe("shared formatters", () => {
  it("keeps one formatter per locale and options, and tells different ones apart", () => {
    const long = dateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "long" });
    expect(dateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "long" })).toBe(long);
    expect(dateTimeFormat("en-GB", { timeZone: "Europe/Paris", dateStyle: "long" })).not.toBe(long);
    expect(dateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "short" })).not.toBe(long);
  });

  it("formats the same instant differently for each locale and style, in any order", () => {
    const instant = "2026-10-01T08:00:00Z";
    const expected: [Parameters<typeof formatDate>, string][] = [
      [["fr", instant, { dateStyle: "short" }], "01/10/2026"],
      [["fr", instant], "1er octobre 2026"],
      [["en", instant], "1 October 2026"],
      [["fr", instant, { dateStyle: "full" }], "jeudi 1er octobre 2026"],
    ];
    for (const order of [expected, [...expected].reverse()]) {
      for (const [args, text] of order) expect(formatDate(...args)).toBe(text);
    }
  });
});
