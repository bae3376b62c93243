/**
 * Governing bodies (organs) and the mandates members hold in them (issue 15): their kinds, the
 * roles inside them, how a mandate began and ended, its term, and the checks on seats.
 */

export const ORGAN_KINDS = ["board", "cooperative-board", "steering", "supervisory", "management", "other"] as const;
export type OrganKind = (typeof ORGAN_KINDS)[number];

export const MANDATE_ROLES = ["president", "vice-president", "treasurer", "secretary", "member"] as const;
export type MandateRole = (typeof MANDATE_ROLES)[number];

export const APPOINTMENTS = ["election", "co-optation", "statute"] as const;
export type Appointment = (typeof APPOINTMENTS)[number];

export const END_REASONS = ["term", "resignation", "revocation", "exit", "death", "other"] as const;
export type EndReason = (typeof END_REASONS)[number];

/** How many months ahead an expiring mandate shows on the dashboard. */
export const EXPIRY_NOTICE_MONTHS = 3;

/** "YYYY-MM-DD" plus whole months, the day kept or clamped to the month's end (31 Jan + 1 = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** The planned end of a mandate starting on `startsOn` under a term of `termMonths` (null: none). */
export function termEnd(startsOn: string, termMonths: number | null): string | null {
  return termMonths == null ? null : addMonths(startsOn, termMonths);
}

export interface MandateDates {
  startsOn: string;
  endsOn: string | null;
  endedOn: string | null;
}

/** Whether the mandate makes its holder sit in the organ on `day`: begun and not ended (a term past its planned end still sits until its end is recorded, as statutes prorogue mandates until the assembly that renews them). */
export function sitsOn(m: MandateDates, day: string): boolean {
  return m.startsOn <= day && (m.endedOn == null || m.endedOn > day);
}

/**
 * Whether a running mandate comes to term by `day` (its planned end on or before it): an election
 * that day counts its seat as free, and the election's close ends it. A mandate with no planned
 * end never does.
 */
export function atTermBy(m: Pick<MandateDates, "endsOn">, day: string): boolean {
  return m.endsOn != null && m.endsOn <= day;
}

/** A mandate recorded to start after `day`: it holds its seat in the checks, but its holder does not sit yet. */
export function startsLater(m: Pick<MandateDates, "startsOn">, day: string): boolean {
  return m.startsOn > day;
}

export type ExpiryState = "running" | "expiring" | "expired";

/** A running mandate's state on `day`: past its planned end, within the notice window, or neither. */
export function expiryState(m: MandateDates, day: string): ExpiryState {
  if (m.endedOn != null || m.endsOn == null) return "running";
  if (m.endsOn <= day) return "expired";
  return m.endsOn <= addMonths(day, EXPIRY_NOTICE_MONTHS) ? "expiring" : "running";
}

export interface SeatCheck {
  seats: number;
  seatsPerCollege: { collegeId: string; seats: number }[];
}

export type SeatViolation =
  | { code: "reservedAboveSeats"; reserved: number; seats: number }
  | { code: "organFull"; seats: number }
  | { code: "reservedElsewhere"; seats: number };

/** Reserved seats may not add up to more than the organ's seats. */
export function checkReservedSeats(organ: SeatCheck): SeatViolation | null {
  const reserved = organ.seatsPerCollege.reduce((n, s) => n + s.seats, 0);
  return reserved > organ.seats ? { code: "reservedAboveSeats", reserved, seats: organ.seats } : null;
}

/**
 * Whether one more member, from `collegeId`, may take a seat beside the `sitting` ones: the organ
 * has a free seat, and the free seats left are not all reserved to other colleges.
 */
export function seatFor(organ: SeatCheck, sitting: { collegeId: string | null }[], collegeId: string | null): SeatViolation | null {
  if (sitting.length >= organ.seats) return { code: "organFull", seats: organ.seats };
  const held = (id: string) => sitting.filter((s) => s.collegeId === id).length;
  const own = organ.seatsPerCollege.find((s) => s.collegeId === collegeId);
  // Seats reserved to other colleges and still empty must stay free for them.
  const stillReservedElsewhere = organ.seatsPerCollege.filter((s) => s.collegeId !== collegeId).reduce((n, s) => n + Math.max(0, s.seats - held(s.collegeId)), 0);
  const heldByOwn = collegeId == null ? 0 : held(collegeId);
  const free = organ.seats - sitting.length;
  if (own && heldByOwn < own.seats) return null;
  if (free - stillReservedElsewhere <= 0) return { code: "reservedElsewhere", seats: stillReservedElsewhere };
  return null;
}

/**
 * Offices one member at a time may hold in an organ: one président·e, one trésorier·e, one
 * secrétaire (several vice-président·es or plain members are fine). A co-presidency or a deputy
 * would need an office of its own.
 */
export const UNIQUE_ROLES = ["president", "treasurer", "secretary"] as const satisfies readonly MandateRole[];

export function isUniqueRole(role: string): boolean {
  return (UNIQUE_ROLES as readonly string[]).includes(role);
}

type Holder = { collegeId: string | null };

/** Per reserved college: its reserved seats that the given members leave to fill (0 when they hold them all). */
export function reservedToFill(organ: SeatCheck, members: Holder[]): { collegeId: string; seats: number }[] {
  return organ.seatsPerCollege.map((s) => ({ collegeId: s.collegeId, seats: Math.max(0, s.seats - members.filter((m) => m.collegeId === s.collegeId).length) }));
}

export type SittingViolation = { code: "fewerSeatsThanSitting"; count: number } | { code: "reservedBeyondSitting"; collegeId: string; max: number };

/**
 * Whether seats and reservations (an organ's new ones) still fit the members sitting: no fewer seats
 * than members, and the reserved seats the sitting members do not hold fit in the free seats. The
 * first college (in the order given) whose reservation no longer fits, with the most it may have.
 */
export function checkSitting(organ: SeatCheck, sitting: Holder[]): SittingViolation | null {
  if (sitting.length > organ.seats) return { code: "fewerSeatsThanSitting", count: sitting.length };
  let free = organ.seats - sitting.length;
  for (const r of reservedToFill(organ, sitting)) {
    const held = sitting.filter((m) => m.collegeId === r.collegeId).length;
    if (r.seats > free) return { code: "reservedBeyondSitting", collegeId: r.collegeId, max: held + free };
    free -= r.seats;
  }
  return null;
}

export type ElectionSeatViolation =
  | { code: "seatsNotFree"; free: number }
  | { code: "reservedBeyondOrgan"; collegeId: string; max: number }
  | { code: "reservedBelowOrgan"; collegeId: string; min: number };

/**
 * Whether an election's seats and reservations fit the organ, given the members who stay (those
 * not coming to term by the election's day), so that every member it elects takes a seat:
 * - it fills no more seats than the organ has free;
 * - it reserves to a college no more than the organ's reserved seats of that college left to fill
 *   (the statutes' reservations are renewed, never widened: the open seats stay open to all);
 * - it reserves to a college at least those left to fill, less the free seats the election leaves
 *   empty (they stay free for the college): else the elected of other colleges could take seats the
 *   organ keeps for it, and the last of them would find none.
 */
export function checkElectionSeats(organ: SeatCheck, staying: Holder[], election: SeatCheck): ElectionSeatViolation | null {
  const free = organ.seats - staying.length;
  if (election.seats > free) return { code: "seatsNotFree", free: Math.max(0, free) };
  const toFill = reservedToFill(organ, staying);
  const need = (collegeId: string) => toFill.find((r) => r.collegeId === collegeId)?.seats ?? 0;
  for (const r of election.seatsPerCollege) if (r.seats > need(r.collegeId)) return { code: "reservedBeyondOrgan", collegeId: r.collegeId, max: need(r.collegeId) };
  let spare = free - election.seats;
  for (const r of toFill) {
    const reserved = election.seatsPerCollege.find((e) => e.collegeId === r.collegeId)?.seats ?? 0;
    const short = Math.max(0, r.seats - reserved);
    if (short > spare) return { code: "reservedBelowOrgan", collegeId: r.collegeId, min: r.seats - spare };
    spare -= short;
  }
  return null;
}

/** The candidates an election's frozen result elected, in the order elected (`result.elected` holds candidacy ids). */
export function electedCandidates<C extends { id: string }>(e: { candidates: C[]; result: Record<string, unknown> }): C[] {
  const ids = Array.isArray(e.result.elected) ? (e.result.elected as string[]) : [];
  return ids.flatMap((id) => e.candidates.filter((c) => c.id === id));
}
