import { describe, expect, it } from "vitest";
import { escapeText, foldLine, calendarText, utcStamp } from "~/domain/ics";
import { closingSoonDue, closingSoonRecipients, deliveryMode, groupDigest, type DigestItem, type HeldProxy, type VoterState } from "~/domain/notifications";

describe("deliveryMode", () => {
  it.each([
    ["vote.opened", null, "immediate"],
    ["vote.opened", "digest", "digest"],
    ["vote.result", "never", "never"],
    ["meeting.convened", "never", "immediate"],
    ["meeting.convened", "digest", "immediate"],
    ["expense.toApprove", undefined, "immediate"],
  ] as const)("%s with %s → %s", (kind, pref, mode) => {
    expect(deliveryMode(kind, pref)).toBe(mode);
  });
});

describe("closingSoonRecipients", () => {
  const v = (memberId: string, userId: string | null, voted: boolean, gaveProxy: boolean): VoterState => ({ memberId, userId, voted, gaveProxy });
  it.each<[string, VoterState[], HeldProxy[], string[]]>([
    ["voters who have not voted", [v("m1", "u1", false, false), v("m2", "u2", true, false)], [], ["u1"]],
    ["not those who gave a proxy", [v("m1", "u1", false, true)], [], []],
    ["not members without an account", [v("m1", null, false, false)], [], []],
    ["holders of an unused proxy, even after voting themselves", [v("m1", "u1", true, false)], [{ holderUserId: "u1", principalVoted: false }], ["u1"]],
    ["not holders whose proxy was used", [v("m1", "u1", true, false)], [{ holderUserId: "u1", principalVoted: true }], []],
    ["each person once", [v("m1", "u1", false, false)], [{ holderUserId: "u1", principalVoted: false }, { holderUserId: "u1", principalVoted: false }], ["u1"]],
  ])("%s", (_, voters, proxies, expected) => {
    expect(closingSoonRecipients(voters, proxies)).toEqual(expected);
  });

  it.each([
    [null, false],
    ["2026-12-02T10:00:00.000Z", true],
    ["2026-12-02T12:00:00.000Z", true],
    ["2026-12-02T12:00:01.000Z", false],
    ["2026-12-01T11:59:59.000Z", false],
  ])("due when closing at %s: %s", (closesAt, due) => {
    expect(closingSoonDue(closesAt, new Date("2026-12-01T12:00:00.000Z"))).toBe(due);
  });
});

describe("groupDigest", () => {
  it("groups by entity, then by kind in the kinds' order, oldest first", () => {
    const items: DigestItem[] = [
      { kind: "vote.result", entityName: "Zèbre", summary: "z1", createdAt: "2026-12-01T10:00:00Z" },
      { kind: "vote.opened", entityName: "Alliance", summary: "a2", createdAt: "2026-12-01T11:00:00Z" },
      { kind: "minutes.finalized", entityName: "Alliance", summary: "a3", createdAt: "2026-12-01T09:00:00Z" },
      { kind: "vote.opened", entityName: "Alliance", summary: "a1", createdAt: "2026-12-01T08:00:00Z" },
    ];
    expect(groupDigest(items)).toEqual([
      { entityName: "Alliance", kinds: [{ kind: "vote.opened", lines: ["a1", "a2"] }, { kind: "minutes.finalized", lines: ["a3"] }] },
      { entityName: "Zèbre", kinds: [{ kind: "vote.result", lines: ["z1"] }] },
    ]);
  });
});

describe("ics", () => {
  it.each([
    ["a, b; c\\d", "a\\, b\\; c\\\\d"],
    ["ligne 1\nligne 2\r\nligne 3", "ligne 1\\nligne 2\\nligne 3"],
    ["Assemblée", "Assemblée"],
  ])("escapes %j", (input, out) => {
    expect(escapeText(input)).toBe(out);
  });

  it("folds at 75 octets without splitting a character", () => {
    const line = `SUMMARY:${"é".repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(folded.replace(/\r\n /g, "")).toBe(line);
    expect(foldLine("SHORT:x")).toBe("SHORT:x");
  });

  it("writes a calendar with UTC times, CRLF and one event per entry", () => {
    expect(utcStamp("2026-12-21T17:00:00.000Z")).toBe("20261221T170000Z");
    const text = calendarText({ name: "Cogere", now: "2026-12-01T08:00:00.000Z", events: [{ uid: "m1@cogere", start: "2026-12-21T17:00:00.000Z", title: "AGO", location: "Tours" }] });
    expect(text.split("\r\n")).toEqual([
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cogere//Cogere//FR", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Cogere",
      "BEGIN:VEVENT", "UID:m1@cogere", "DTSTAMP:20261201T080000Z", "DTSTART:20261221T170000Z", "DTEND:20261221T180000Z", "SUMMARY:AGO", "LOCATION:Tours", "END:VEVENT",
      "END:VCALENDAR", "",
    ]);
  });
});
