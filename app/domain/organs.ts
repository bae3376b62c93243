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
