// Governing bodies (issue 15, review): what the members sitting allow of an organ's new seats and
// reservations, what an election may fill and reserve so that everyone it elects finds a seat,
// the offices one member at a time may hold, and the elected read from a frozen result.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkElectionSeats, checkSitting, electedCandidates, isUniqueRole, reservedToFill, seatFor, type SeatCheck } from "~/domain/organs";

const of = (...colleges: (string | null)[]) => colleges.map((collegeId) => ({ collegeId }));
const organ = (seats: number, reserved: Record<string, number> = {}): SeatCheck => ({ seats, seatsPerCollege: Object.entries(reserved).map(([collegeId, n]) => ({ collegeId, seats: n })) });

describe("reservedToFill", () => {
  it("gives per reserved college the reserved seats its members do not hold", () => {
    expect(reservedToFill(organ(6, { A: 2, S: 1 }), of("A", "B", "B", null))).toEqual([
      { collegeId: "A", seats: 1 },
      { collegeId: "S", seats: 1 },
    ]);
    // Members beyond the reservation hold open seats: nothing below zero.
    expect(reservedToFill(organ(6, { A: 1 }), of("A", "A", "A"))).toEqual([{ collegeId: "A", seats: 0 }]);
  });
});

describe("checkSitting: an organ's new seats and reservations against the members sitting", () => {
  it("accepts what the sitting members leave room for", () => {
    expect(checkSitting(organ(4, { A: 1, S: 1 }), of("A", "B"))).toBeNull();
    expect(checkSitting(organ(3, { A: 2 }), of("A", "A", "B"))).toBeNull();
    expect(checkSitting(organ(2), of("B", "B"))).toBeNull();
  });

  it("refuses fewer seats than members", () => {
    expect(checkSitting(organ(2), of("A", "B", "C"))).toEqual({ code: "fewerSeatsThanSitting", count: 3 });
  });

  it("refuses reservations the free seats cannot hold, on the first college short, with the most it may have", () => {
    // 4 seats, B and C sit: 2 free; S may have 2 reserved, not 3.
    expect(checkSitting(organ(4, { S: 3 }), of("B", "C"))).toEqual({ code: "reservedBeyondSitting", collegeId: "S", max: 2 });
    // A holds 1 of its 2: it needs 1 of the 1 free seat, S gets none.
    expect(checkSitting(organ(4, { A: 2, S: 1 }), of("A", "B", "C"))).toEqual({ code: "reservedBeyondSitting", collegeId: "S", max: 0 });
    // Full with other colleges: A can keep only what it holds.
    expect(checkSitting(organ(3, { A: 2 }), of("A", "B", "C"))).toEqual({ code: "reservedBeyondSitting", collegeId: "A", max: 1 });
  });
});

describe("checkElectionSeats: what an election may fill and reserve", () => {
  it("fills no more seats than the organ has free once the mandates at term are out", () => {
    expect(checkElectionSeats(organ(5), of("A", "B", "C"), organ(3))).toEqual({ code: "seatsNotFree", free: 2 });
    expect(checkElectionSeats(organ(5), of("A", "B", "C"), organ(2))).toBeNull();
    expect(checkElectionSeats(organ(2), of("A", "B"), organ(1))).toEqual({ code: "seatsNotFree", free: 0 });
  });

  it("reserves to a college no more than the organ's reserved seats it has to fill", () => {
    expect(checkElectionSeats(organ(5), [], organ(3, { S: 1 }))).toEqual({ code: "reservedBeyondOrgan", collegeId: "S", max: 0 });
    expect(checkElectionSeats(organ(5, { S: 2 }), [], organ(3, { S: 3 }))).toEqual({ code: "reservedBeyondOrgan", collegeId: "S", max: 2 });
    // An S member stays on one of the two: one left to fill.
    expect(checkElectionSeats(organ(5, { S: 2 }), of("S"), organ(3, { S: 2 }))).toEqual({ code: "reservedBeyondOrgan", collegeId: "S", max: 1 });
    expect(checkElectionSeats(organ(5, { S: 2 }), of("S"), organ(3, { S: 1 }))).toBeNull();
  });

  it("reserves to a college at least its reserved seats to fill, less the free seats the election leaves empty", () => {
    // The whole organ renewed: every reserved seat is the election's.
    expect(checkElectionSeats(organ(3, { S: 1 }), [], organ(3))).toEqual({ code: "reservedBelowOrgan", collegeId: "S", min: 1 });
    expect(checkElectionSeats(organ(3, { S: 1 }), [], organ(3, { S: 1 }))).toBeNull();
    // Two of six seats filled, four stay free: S's two reserved seats can wait for a later election.
    expect(checkElectionSeats(organ(6, { S: 2 }), [], organ(2))).toBeNull();
    // Five of six filled: one seat stays free, S needs one of the five.
    expect(checkElectionSeats(organ(6, { S: 2 }), [], organ(5))).toEqual({ code: "reservedBelowOrgan", collegeId: "S", min: 1 });
    // The spare seat goes to the first college short; the next one must be reserved in full.
    expect(checkElectionSeats(organ(6, { A: 1, S: 1 }), [], organ(5))).toEqual({ code: "reservedBelowOrgan", collegeId: "S", min: 1 });
    expect(checkElectionSeats(organ(6, { A: 1, S: 1 }), [], organ(5, { S: 1 }))).toBeNull();
  });

  // Whatever the voters choose, an election the check accepts seats everyone it elects: its
  // reserved seats go to their college or stay empty, its open seats to anyone, in any order.
  it("property: an accepted election's elected all find a seat (seatFor), in any order", () => {
    const colleges = ["A", "B", "C"];
    const college = fc.constantFrom<string | null>("A", "B", "C", null);
    // Mostly no reservation for a college, as in most statutes.
    const reservedArb = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 })), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        reservedArb,
        fc.array(college, { maxLength: 7 }),
        fc.integer({ min: 1, max: 7 }),
        reservedArb,
        fc.array(college, { minLength: 7, maxLength: 7 }),
        fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
        fc.integer({ min: 0, max: 1000 }),
        (seats, organReserved, staying, electionSeats, electionReserved, openWinners, filled, shuffle) => {
          const o: SeatCheck = { seats, seatsPerCollege: colleges.map((c, i) => ({ collegeId: c, seats: organReserved[i]! })).filter((r) => r.seats > 0) };
          const e: SeatCheck = { seats: electionSeats, seatsPerCollege: colleges.map((c, i) => ({ collegeId: c, seats: electionReserved[i]! })).filter((r) => r.seats > 0) };
          const reservedTotal = e.seatsPerCollege.reduce((n, r) => n + r.seats, 0);
          fc.pre(reservedTotal <= e.seats && o.seatsPerCollege.reduce((n, r) => n + r.seats, 0) <= o.seats);
          fc.pre(staying.length <= seats && checkSitting(o, staying.map((collegeId) => ({ collegeId }))) === null);
          const sitting = staying.map((collegeId) => ({ collegeId }));
          if (checkElectionSeats(o, sitting, e) !== null) return;
          // Some seats may stay empty (no candidate): the elected are a subset, reserved seats to their college.
          const elected: { collegeId: string | null }[] = [];
          let k = 0;
          for (const r of e.seatsPerCollege) for (let i = 0; i < r.seats; i++) if (filled[k++ % filled.length]) elected.push({ collegeId: r.collegeId });
          for (let i = 0; i < e.seats - reservedTotal; i++) if (filled[k++ % filled.length]) elected.push({ collegeId: openWinners[i]! });
          const order = elected.map((x, i) => ({ x, key: (i * 7919 + shuffle) % 101 })).sort((a, b) => a.key - b.key);
          for (const { x } of order) {
            expect(seatFor(o, sitting, x.collegeId)).toBeNull();
            sitting.push(x);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe("offices held by one member at a time", () => {
  it("président·e, trésorier·e and secrétaire are unique; vice-président·es and members are not", () => {
    expect(["president", "treasurer", "secretary"].every(isUniqueRole)).toBe(true);
    expect(["vice-president", "member", "other"].some(isUniqueRole)).toBe(false);
  });
});

describe("electedCandidates", () => {
  it("reads the elected of a frozen result in the order elected, ignoring unknown ids", () => {
    const candidates = [{ id: "c1", memberId: "m1" }, { id: "c2", memberId: "m2" }, { id: "c3", memberId: "m3" }];
    expect(electedCandidates({ candidates, result: { elected: ["c3", "nope", "c1"] } }).map((c) => c.memberId)).toEqual(["m3", "m1"]);
    expect(electedCandidates({ candidates, result: {} })).toEqual([]);
  });
});
