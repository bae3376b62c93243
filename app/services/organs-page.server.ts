// What the organs' pages read: the organs with their sitting members, one organ's mandates, and
// the members a search finds for an appointment (never the whole register).
import { atTermBy, expiryState, reservedToFill, sitsOn, startsLater } from "~/domain/organs";
import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { notFound } from "~/lib/errors";
import { listColleges } from "~/queries/colleges.server";
import { listMemberPage } from "~/queries/member-search.server";
import * as organs from "~/queries/organs.server";
import { listRules } from "~/queries/rules.server";

/**
 * The organs with their seats taken on `day` (Paris): the members sitting that day (domain sitsOn),
 * and apart from them the mandates recorded to start later, which hold no seat yet.
 */
export async function organsOverview(db: Db, entityId: string, day: string = isoDateInParis()) {
  const [list, colleges, rules] = await Promise.all([organs.listOrgans(db, entityId), listColleges(db, entityId), listRules(db, entityId)]);
  const seats = await organs.organSeats(db, list.map((o) => o.id));
  const running = await Promise.all(list.map((o) => organs.runningMandates(db, o.id)));
  return {
    organs: list.map((o, i) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      seats: o.seats,
      termMonths: o.term_months,
      sitting: running[i]!.filter((m) => sitsOn(m, day)).length,
      upcoming: running[i]!.filter((m) => startsLater(m, day)).length,
      reserved: seats.filter((s) => s.organId === o.id).map((s) => ({ collegeId: s.collegeId, seats: s.seats })),
    })),
    colleges: colleges.map((c) => ({ id: c.id, name: c.name })),
    rules: rules.map((r) => ({ id: r.id, name: r.name })),
  };
}

export async function organPage(db: Db, input: { entityId: string; organId: string; day: string; memberQuery: string; canManage: boolean }) {
  const organ = await organs.findOrgan(db, input.entityId, input.organId);
  if (!organ) notFound();
  const [mandates, seats, colleges, rules] = await Promise.all([organs.organMandates(db, organ.id), organs.organSeats(db, [organ.id]), listColleges(db, input.entityId), listRules(db, input.entityId)]);
  const collegeName = new Map(colleges.map((c) => [c.id, c.name]));
  const matches = input.memberQuery
    ? (await listMemberPage(db, input.entityId, { q: input.memberQuery, college: "", category: "", status: "active", page: 1 }, input.day)).slice(0, 20).map((m) => ({ id: m.id, name: m.name, collegeName: m.collegeName }))
    : [];
  return {
    organ: { id: organ.id, name: organ.name, kind: organ.kind, seats: organ.seats, termMonths: organ.term_months, ruleId: organ.rule_id },
    reserved: seats.map((s) => ({ collegeId: s.collegeId, collegeName: collegeName.get(s.collegeId) ?? "—", seats: s.seats })),
    // A mandate recorded to start later holds its seat in the checks, but its holder sits only from its start.
    mandates: mandates.map((m) => ({ ...m, collegeName: m.collegeId ? collegeName.get(m.collegeId) ?? null : null, state: m.endedOn ? ("ended" as const) : startsLater(m, input.day) ? ("upcoming" as const) : expiryState(m, input.day) })),
    // The edit form's choices, for those who may edit the organ only.
    colleges: input.canManage ? colleges.map((c) => ({ id: c.id, name: c.name })) : [],
    rules: input.canManage ? rules.map((r) => ({ id: r.id, name: r.name })) : [],
    matches,
  };
}

/**
 * A general assembly's renewals: per organ, the running mandates whose planned end falls by the
 * assembly's day, unless an election of that organ is already on its agenda.
 */
export async function renewalsAt(db: Db, entityId: string, meeting: { id: string; kind: string; status: string; starts_at: string }) {
  if (!["ago", "ago-age"].includes(meeting.kind) || (meeting.status !== "draft" && meeting.status !== "convened")) return [];
  const ending = await organs.mandatesEndingBy(db, entityId, isoDateInParis(new Date(meeting.starts_at)));
  const planned = new Set((await organs.electionsOnAgenda(db, meeting.id)).map((e) => e.organId));
  const byOrgan = new Map<string, { organId: string; organName: string; names: string[] }>();
  for (const m of ending) {
    if (planned.has(m.organId)) continue;
    const o = byOrgan.get(m.organId) ?? { organId: m.organId, organName: m.organName, names: [] };
    o.names.push(m.memberName);
    byOrgan.set(m.organId, o);
  }
  return [...byOrgan.values()];
}

/**
 * The new-election form's starting values: the organ chosen (else the first), its rule, and the
 * seats free on the election's day — the assembly's it is drafted for (Paris), else today —
 * counting the mandates coming to term by then, with the organ's reserved seats the members who
 * stay leave to fill: what createElection accepts (domain checkElectionSeats).
 */
export async function electionFormDefaults(db: Db, entityId: string, input: { organId: string | null; meeting: { starts_at: string } | null }) {
  const [list, colleges, rules] = await Promise.all([organs.listOrgans(db, entityId), listColleges(db, entityId), listRules(db, entityId)]);
  const organ = list.find((o) => o.id === (input.organId ?? list[0]?.id)) ?? null;
  const day = isoDateInParis(input.meeting ? new Date(input.meeting.starts_at) : new Date());
  const reserved = organ ? (await organs.organSeats(db, [organ.id])).map((s) => ({ collegeId: s.collegeId, seats: s.seats })) : [];
  const staying = organ ? (await organs.runningMandates(db, organ.id)).filter((m) => !atTermBy(m, day)) : [];
  const toFill = organ ? reservedToFill({ seats: organ.seats, seatsPerCollege: reserved }, staying).filter((r) => r.seats > 0) : [];
  const values: Record<string, string> = {
    organId: organ?.id ?? "",
    seats: String(Math.max(1, (organ?.seats ?? 1) - staying.length)),
    method: "plurinominal",
    rounds: "2",
    absoluteMajority: "on",
    tieBreak: "age",
    ruleId: organ?.rule_id ?? rules[0]?.id ?? "",
    kind: "ordinary",
    organName: organ?.name ?? "",
    ...Object.fromEntries(toFill.map((r) => [`seat_${r.collegeId}`, String(r.seats)])),
  };
  return {
    organs: list.map((o) => ({ id: o.id, name: o.name })),
    colleges: colleges.map((c) => ({ id: c.id, name: c.name })),
    rules: rules.map((r) => ({ id: r.id, name: r.name })),
    values,
  };
}
