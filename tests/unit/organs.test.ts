// Governing bodies (issue 15): the dates of a mandate (its term, whether its holder sits, when it
// shows as expiring) and the seats of an organ (reserved seats per college, who may take a seat).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonths, atTermBy, checkReservedSeats, EXPIRY_NOTICE_MONTHS, expiryState, seatFor, sitsOn, startsLater, termEnd, type SeatCheck } from "~/domain/organs";

/** The last day of a month, independently of addMonths (month 1–12). */
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** A valid day between 1900 and 2200. */
const dayArb = fc
  .record({ y: fc.integer({ min: 1900, max: 2200 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => iso(y, m, Math.min(d, lastDay(y, m))));

describe("addMonths", () => {
  it.each([
    ["2026-01-15", 0, "2026-01-15"],
    ["2026-01-15", 1, "2026-02-15"],
    ["2026-01-15", 12, "2027-01-15"],
    ["2026-05-10", 36, "2029-05-10"],
    // Year wrap.
    ["2026-11-15", 3, "2027-02-15"],
    ["2026-12-31", 1, "2027-01-31"],
    ["2026-12-01", 13, "2028-01-01"],
    ["2026-01-15", -1, "2025-12-15"],
    ["2026-03-31", -13, "2025-02-28"],
    // The day clamped to the month's end.
    ["2026-01-31", 1, "2026-02-28"],
    ["2028-01-31", 1, "2028-02-29"], // leap year
    ["2100-01-31", 1, "2100-02-28"], // a century, not a leap year
    ["2000-01-31", 1, "2000-02-29"], // every 400 years, a leap year
    ["2024-02-29", 12, "2025-02-28"],
    ["2024-02-29", 48, "2028-02-29"],
    ["2026-03-31", 1, "2026-04-30"],
    ["2026-10-31", 4, "2027-02-28"],
    ["2026-08-31", 1, "2026-09-30"],
    ["2026-08-31", 36, "2029-08-31"],
    ["0999-12-31", 2, "1000-02-28"], // four-digit years kept
  ] as const)("%s + %i months = %s", (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it("moves by exactly that many calendar months, keeping the day or clamping it to the month's last", () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -600, max: 600 }), (day, months) => {
        const out = addMonths(day, months);
        expect(out).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        const [y, m, d] = day.split("-").map(Number) as [number, number, number];
        const [oy, om, od] = out.split("-").map(Number) as [number, number, number];
        expect(oy * 12 + om - (y * 12 + m)).toBe(months);
        expect(od).toBe(Math.min(d, lastDay(oy, om)));
        // A valid day: the parser of dates agrees.
        expect(new Date(`${out}T00:00:00Z`).toISOString().slice(0, 10)).toBe(out);
      }),
    );
  });

  it("is monotonic, and composes when no clamping happens (days up to the 28th)", () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), (day, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(addMonths(day, lo) <= addMonths(day, hi)).toBe(true);
        if (Number(day.slice(8)) <= 28) expect(addMonths(addMonths(day, a), b)).toBe(addMonths(day, a + b));
        // Going forward then back never lands after the start.
        expect(addMonths(addMonths(day, a), -a) <= day).toBe(true);
        expect(addMonths(day, a) >= day).toBe(true);
      }),
    );
  });
});

describe("termEnd", () => {
  it.each([
    ["2026-06-30", null, null],
    ["2026-06-30", 36, "2029-06-30"],
    ["2026-06-30", 12, "2027-06-30"],
    ["2026-08-31", 6, "2027-02-28"],
    ["2027-11-30", 3, "2028-02-29"],
  ] as const)("a mandate from %s under a term of %s months ends on %s", (startsOn, termMonths, expected) => {
    expect(termEnd(startsOn, termMonths)).toBe(expected);
  });

  it("is the start plus the term, and always after the start", () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 1, max: 240 }), (startsOn, termMonths) => {
        const end = termEnd(startsOn, termMonths);
        expect(end).toBe(addMonths(startsOn, termMonths));
        expect(end! > startsOn).toBe(true);
      }),
    );
  });
});

describe("atTermBy", () => {
  it.each([
    ["before its planned end", "2029-01-31", "2029-01-30", false],
    ["on its planned end", "2029-01-31", "2029-01-31", true],
    ["after it", "2029-01-31", "2030-06-01", true],
    ["with no planned end, ever", null, "2090-01-01", false],
  ] as const)("a mandate %s → %s", (_label, endsOn, day, expected) => {
    expect(atTermBy({ endsOn }, day)).toBe(expected);
    // At term, it shows as expired on that day, as the organ's page says.
    if (expected) expect(expiryState({ startsOn: "2026-01-31", endsOn, endedOn: null }, day)).toBe("expired");
  });
});

describe("startsLater", () => {
  it.each([
    ["the day before its start", "2026-01-31", true],
    ["on its first day", "2026-02-01", false],
    ["once begun", "2027-06-15", false],
  ] as const)("a mandate from 2026-02-01, %s → %s", (_label, day, expected) => {
    expect(startsLater({ startsOn: "2026-02-01" }, day)).toBe(expected);
    // A mandate not yet ended either sits on a day or starts later, never both.
    expect(sitsOn({ startsOn: "2026-02-01", endsOn: null, endedOn: null }, day)).toBe(!expected);
  });
});

describe("sitsOn", () => {
  const m = (startsOn: string, endsOn: string | null, endedOn: string | null) => ({ startsOn, endsOn, endedOn });
  it.each([
    ["not begun yet", m("2026-02-01", "2029-02-01", null), "2026-01-31", false],
    ["from its first day", m("2026-02-01", "2029-02-01", null), "2026-02-01", true],
    ["while it runs", m("2026-02-01", "2029-02-01", null), "2027-06-15", true],
    ["with no planned end", m("2026-02-01", null, null), "2090-01-01", true],
    // Prorogued: past its planned end, it sits until its end is recorded.
    ["past its planned end, not ended", m("2020-02-01", "2023-02-01", null), "2026-01-15", true],
    ["until the day before it ended", m("2020-02-01", "2023-02-01", "2024-03-10"), "2024-03-09", true],
    ["not on the day it ended", m("2020-02-01", "2023-02-01", "2024-03-10"), "2024-03-10", false],
    ["not after it ended", m("2020-02-01", "2023-02-01", "2024-03-10"), "2025-01-01", false],
    ["ended before its planned end", m("2026-02-01", "2029-02-01", "2026-05-01"), "2026-06-01", false],
  ] as const)("%s → %s", (_label, mandate, day, expected) => {
    expect(sitsOn(mandate, day)).toBe(expected);
  });

  it("sits exactly from its start until (excluded) its recorded end, whatever the planned end", () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 120 }), fc.option(fc.integer({ min: 0, max: 120 })), fc.option(fc.integer({ min: 1, max: 120 })), fc.integer({ min: -24, max: 240 }), (startsOn, _, ended, planned, offset) => {
        const endedOn = ended == null ? null : addMonths(startsOn, ended);
        const endsOn = planned == null ? null : addMonths(startsOn, planned);
        const day = addMonths(startsOn, offset);
        const expected = day >= startsOn && (endedOn == null || day < endedOn);
        expect(sitsOn({ startsOn, endsOn, endedOn }, day)).toBe(expected);
      }),
    );
  });
});

describe("expiryState", () => {
  const running = (endsOn: string | null) => ({ startsOn: "2020-01-01", endsOn, endedOn: null });
  it("shows the notice window of 3 months", () => {
    expect(EXPIRY_NOTICE_MONTHS).toBe(3);
  });

  it.each([
    // day, planned end, expected
    ["2026-01-15", "2026-04-16", "running"],
    ["2026-01-15", "2026-04-15", "expiring"], // the boundary: exactly 3 months ahead
    ["2026-01-15", "2026-02-01", "expiring"],
    ["2026-01-15", "2026-01-16", "expiring"],
    ["2026-01-15", "2026-01-15", "expired"], // ends today
    ["2026-01-15", "2025-06-30", "expired"],
    // Month ends: 30 Nov + 3 months = 28 Feb.
    ["2026-11-30", "2027-02-28", "expiring"],
    ["2026-11-30", "2027-03-01", "running"],
    ["2027-11-30", "2028-02-29", "expiring"], // leap year
    ["2027-11-30", "2028-03-01", "running"],
    // Year wrap.
    ["2026-10-31", "2027-01-31", "expiring"],
    ["2026-10-31", "2027-02-01", "running"],
  ] as const)("on %s, a mandate planned to end on %s is %s", (day, endsOn, expected) => {
    expect(expiryState(running(endsOn), day)).toBe(expected);
  });

  it("is running for a mandate with no planned end, and for one whose end is recorded", () => {
    expect(expiryState(running(null), "2026-01-15")).toBe("running");
    expect(expiryState({ startsOn: "2020-01-01", endsOn: "2026-02-01", endedOn: "2025-12-31" }, "2026-01-15")).toBe("running");
    expect(expiryState({ startsOn: "2020-01-01", endsOn: "2023-01-01", endedOn: "2023-01-01" }, "2026-01-15")).toBe("running");
  });

  it("is expired on and after the planned end, expiring within 3 months before it, running before", () => {
    fc.assert(
      fc.property(dayArb, dayArb, (day, endsOn) => {
        const state = expiryState(running(endsOn), day);
        const expected = endsOn <= day ? "expired" : endsOn <= addMonths(day, 3) ? "expiring" : "running";
        expect(state).toBe(expected);
      }),
    );
  });
});

describe("checkReservedSeats", () => {
  it.each([
    [5, [], null],
    [5, [2, 3], null], // exactly the seats
    [5, [2, 2], null],
    [5, [3, 3], { code: "reservedAboveSeats", reserved: 6, seats: 5 }],
    [1, [2], { code: "reservedAboveSeats", reserved: 2, seats: 1 }],
  ] as const)("%i seats, reserved %j → %j", (seats, reserved, expected) => {
    expect(checkReservedSeats({ seats, seatsPerCollege: reserved.map((n, i) => ({ collegeId: `C${i}`, seats: n })) })).toEqual(expected);
  });

  it("refuses exactly when the reserved seats add up to more than the seats", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 6 }), (seats, reserved) => {
        const total = reserved.reduce((a, b) => a + b, 0);
        const v = checkReservedSeats({ seats, seatsPerCollege: reserved.map((n, i) => ({ collegeId: `C${i}`, seats: n })) });
        expect(v).toEqual(total > seats ? { code: "reservedAboveSeats", reserved: total, seats } : null);
      }),
    );
  });
});

describe("seatFor", () => {
  const organ = (seats: number, reserved: Record<string, number> = {}): SeatCheck => ({ seats, seatsPerCollege: Object.entries(reserved).map(([collegeId, n]) => ({ collegeId, seats: n })) });
  const sitting = (...colleges: (string | null)[]) => colleges.map((collegeId) => ({ collegeId }));

  it("gives a seat while the organ has one free, and none once full", () => {
    expect(seatFor(organ(3), sitting(), "A")).toBeNull();
    expect(seatFor(organ(3), sitting("A", null), null)).toBeNull();
    expect(seatFor(organ(3), sitting("A", "B", null), "C")).toEqual({ code: "organFull", seats: 3 });
    // A college's reservation gives no seat beyond the organ's.
    expect(seatFor(organ(3, { A: 2 }), sitting("B", "A", "A"), "A")).toEqual({ code: "organFull", seats: 3 });
    expect(seatFor(organ(3, { A: 3 }), sitting("A", "A", "A"), "A")).toEqual({ code: "organFull", seats: 3 });
  });

  it("keeps the seats reserved to a college free for it", () => {
    // 5 seats, 2 reserved to A: three members of B fill the free seats, the last two stay A's.
    const o = organ(5, { A: 2 });
    expect(seatFor(o, sitting("B", "B"), "B")).toBeNull();
    expect(seatFor(o, sitting("B", "B", "B"), "B")).not.toBeNull();
    expect(seatFor(o, sitting("B", "B", "B"), null)).not.toBeNull();
    expect(seatFor(o, sitting("B", "B", "B"), "A")).toBeNull();
    expect(seatFor(o, sitting("B", "B", "B", "A"), "A")).toBeNull();
    // A holds more than its reserved seats when free seats are left unreserved.
    expect(seatFor(o, sitting("A", "A"), "A")).toBeNull();
    expect(seatFor(o, sitting("A", "A", "A", "A"), "B")).toBeNull();
  });

  it("tells a college whose own seats are taken that the free ones are reserved to others", () => {
    // 5 seats, 2 for A and 2 for B: A holds its two and the one free seat; the last two are B's.
    const o = organ(5, { A: 2, B: 2 });
    expect(seatFor(o, sitting("A", "A"), "A")).toBeNull();
    expect(seatFor(o, sitting("A", "A", "A"), "A")).toEqual({ code: "reservedElsewhere", seats: 2 });
    expect(seatFor(o, sitting("A", "A", "A"), "B")).toBeNull();
    expect(seatFor(o, sitting("A", "A", "A", "B"), "B")).toBeNull();
    // B's reserved seats held, none left for a third: the organ is full anyway.
    expect(seatFor(o, sitting("A", "A", "A", "B", "B"), "B")).toEqual({ code: "organFull", seats: 5 });
  });

  it("gives a reserved seat to its college even when the unreserved seats are all taken", () => {
    const o = organ(4, { A: 1, B: 1 });
    expect(seatFor(o, sitting(null, "C"), "C")).toEqual({ code: "reservedElsewhere", seats: 2 });
    expect(seatFor(o, sitting(null, "C"), "A")).toBeNull();
    expect(seatFor(o, sitting(null, "C", "A"), "B")).toBeNull();
    expect(seatFor(o, sitting(null, "C", "A"), "A")).toEqual({ code: "reservedElsewhere", seats: 1 });
  });

  /** An organ: seats, and reservations to some of colleges A–D that fit in them. */
  const organArb = fc
    .record({ seats: fc.integer({ min: 1, max: 12 }), wanted: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 4, maxLength: 4 }) })
    .map(({ seats, wanted }) => {
      const reserved: Record<string, number> = {};
      let left = seats;
      ["A", "B", "C", "D"].forEach((c, i) => {
        const n = Math.min(wanted[i]!, left);
        if (n > 0) reserved[c] = n;
        left -= n;
      });
      return organ(seats, reserved);
    });
  // Candidates from colleges A–E (E never reserved) or from no college.
  const candidateArb = fc.constantFrom<string | null>("A", "B", "C", "D", "E", null);

  /** Seats the candidates one by one, as the appointments do. */
  function fill(o: SeatCheck, candidates: (string | null)[], start: { collegeId: string | null }[] = []) {
    const seated = [...start];
    for (const c of candidates) {
      const v = seatFor(o, seated, c);
      if (v == null) seated.push({ collegeId: c });
      else expect(["organFull", "reservedElsewhere"]).toContain(v.code);
      expect(seated.length).toBeLessThanOrEqual(o.seats);
    }
    return seated;
  }
  const held = (seated: { collegeId: string | null }[], c: string) => seated.filter((s) => s.collegeId === c).length;
  const unfilled = (o: SeatCheck, seated: { collegeId: string | null }[]) => o.seatsPerCollege.reduce((n, r) => n + Math.max(0, r.seats - held(seated, r.collegeId)), 0);

  it("filling seats one by one never exceeds the seats, and always leaves room for the reserved seats not yet held", () => {
    fc.assert(
      fc.property(organArb, fc.array(candidateArb, { maxLength: 40 }), (o, candidates) => {
        const seated: { collegeId: string | null }[] = [];
        for (const c of candidates) {
          if (seatFor(o, seated, c) == null) seated.push({ collegeId: c });
          expect(seated.length).toBeLessThanOrEqual(o.seats);
          // The free seats always cover the reservations still to fill.
          expect(o.seats - seated.length).toBeGreaterThanOrEqual(unfilled(o, seated));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a college whose candidates keep coming ends with at least its reserved seats", () => {
    fc.assert(
      fc.property(organArb, fc.array(candidateArb, { maxLength: 40 }), (o, candidates) => {
        let seated = fill(o, candidates);
        // Then candidates of every reserved college keep coming.
        for (const r of o.seatsPerCollege) seated = fill(o, Array.from({ length: r.seats }, () => r.collegeId), seated);
        for (const r of o.seatsPerCollege) expect(held(seated, r.collegeId)).toBeGreaterThanOrEqual(r.seats);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses only for a reason: the organ full, or the free seats all reserved to others", () => {
    fc.assert(
      fc.property(organArb, fc.array(candidateArb, { maxLength: 30 }), candidateArb, (o, candidates, c) => {
        const seated = fill(o, candidates);
        const v = seatFor(o, seated, c);
        const free = o.seats - seated.length;
        const own = o.seatsPerCollege.find((r) => r.collegeId === c);
        const ownUnfilled = own ? Math.max(0, own.seats - held(seated, own.collegeId)) : 0;
        const reservedElsewhere = unfilled(o, seated) - ownUnfilled;
        const expectedRefusal = free <= 0 || (ownUnfilled === 0 && free - reservedElsewhere <= 0);
        expect(v != null).toBe(expectedRefusal);
        if (free <= 0) expect(v).toEqual({ code: "organFull", seats: o.seats });
      }),
      { numRuns: 500 },
    );
  });
});
