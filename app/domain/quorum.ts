/**
 * Attendance of a meeting and its quorum (DESIGN.md §3, LEGAL.md WE-13, WE-14): members present
 * (in person or remote), represented through valid proxies, and postal votes received in time,
 * each member counted once. Proxies beyond the holder's cap are void and count for nothing.
 */
import { classifyProxiesByStatute, type ProxyStatute } from "./proxies";
import { Rational } from "./rational";

export interface AttendanceInput {
  /** Eligible members with their own weight. */
  electorate: readonly { id: string; weight: Rational }[];
  /** Present in person or remote. */
  present: readonly string[];
  /** In the order given; holder null is a blank proxy to the chair. */
  proxies: readonly { principal: string; holder: string | null }[];
  postal: readonly { member: string; receivedAt: Date }[];
  postalDeadline: Date | null;
  /** Proxies a holder may hold; null: no cap. Blank proxies go to the chair, who has no cap. */
  proxyCap: number | null;
  /** The statutes' own proxy rules (holder in the principal's college, a cap per college). */
  statute?: ProxyStatute | null;
  /** Holders outside the members (outsiderKey) the secretary checked in. */
  presentHolders?: readonly string[];
}

export interface Attendance {
  present: Set<string>;
  represented: Set<string>;
  postal: Set<string>;
  /** Everyone counted, once. */
  counted: Set<string>;
  voidProxies: { principal: string; holder: string }[];
  /** Proxies whose holder is not there: they represent no one. */
  idleProxies: { principal: string; holder: string }[];
  latePostal: string[];
}

export function countAttendance(input: AttendanceInput): Attendance {
  const eligible = new Set(input.electorate.map((e) => e.id));
  const present = new Set(input.present.filter((id) => eligible.has(id)));
  const named = input.proxies.filter((p): p is { principal: string; holder: string } => p.holder != null);
  const classified = classifyProxiesByStatute(named, input.proxyCap, input.statute);
  const voidProxies = classified.void.map((v) => v.proxy);
  const holdersIn = new Set(input.presentHolders ?? []);
  const represented = new Set<string>();
  const idleProxies: { principal: string; holder: string }[] = [];
  for (const p of classified.valid) {
    if (!eligible.has(p.principal) || present.has(p.principal)) continue;
    if (present.has(p.holder) || holdersIn.has(p.holder)) represented.add(p.principal);
    else idleProxies.push(p);
  }
  for (const p of input.proxies) if (p.holder == null && eligible.has(p.principal) && !present.has(p.principal)) represented.add(p.principal);
  const postal = new Set<string>();
  const latePostal: string[] = [];
  for (const v of input.postal) {
    if (!eligible.has(v.member)) continue;
    if (input.postalDeadline && v.receivedAt.getTime() > input.postalDeadline.getTime()) latePostal.push(v.member);
    else if (!present.has(v.member) && !represented.has(v.member)) postal.add(v.member);
  }
  const counted = new Set([...present, ...represented, ...postal]);
  return { present, represented, postal, counted, voidProxies, idleProxies, latePostal };
}

export interface QuorumFigures {
  required: Rational;
  present: Rational;
  reached: boolean;
}

/**
 * The quorum: "at least" `fraction` of the electorate, by head or by the members' own weights.
 * `counted` is who attends (present, represented, postal); `total` the whole electorate.
 */
export function meetingQuorum(fraction: Rational, basis: "headcount" | "weight", counted: { count: number; weight: Rational }, total: { count: number; weight: Rational }): QuorumFigures {
  const byWeight = basis === "weight";
  const required = fraction.mul(byWeight ? total.weight : Rational.of(total.count));
  const present = byWeight ? counted.weight : Rational.of(counted.count);
  return { required, present, reached: present.gte(required) };
}

/** What `countAttendance` counted, summed by head and by weight. */
export function countedTotals(attendance: Pick<Attendance, "counted">, electorate: AttendanceInput["electorate"]) {
  const inside = electorate.filter((e) => attendance.counted.has(e.id));
  return { count: inside.length, weight: Rational.sum(inside.map((e) => e.weight)) };
}

export function electorateTotals(electorate: AttendanceInput["electorate"]) {
  return { count: electorate.length, weight: Rational.sum(electorate.map((e) => e.weight)) };
}
