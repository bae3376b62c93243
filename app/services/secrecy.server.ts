// What a secret vote's published totals would reveal, and the small helpers the meeting's
// secret votes share (issue 11, items 7 to 9).
import { smallColleges, type CollegeElectorate } from "~/domain/secrecy";
import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { notFound } from "~/lib/errors";
import { listColleges } from "~/queries/colleges.server";
import { findEntityById } from "~/queries/entities.server";
import { electionsOf, trusteesOf } from "~/queries/meeting-elections.server";
import { electorateTotals } from "~/queries/meetings.server";
import { findResolution, resolutionColleges } from "~/queries/resolutions.server";
import { findRule } from "~/queries/rules.server";
import { ruleFromRow } from "./rules.server";

/** Whether a resolution's rule is secret; a rule gone missing is treated as secret, the safe side. */
export async function isSecretResolution(db: Db, entityId: string, r: { rule_id: string }) {
  const row = await findRule(db, entityId, r.rule_id);
  return row ? ruleFromRow(row).secret : true;
}

/**
 * The groups whose totals a resolution's result publishes, with their eligible voters: frozen
 * at the opening, or, before it, as the opening would freeze them today.
 */
async function electorateGroups(db: Db, entity: { id: string; colleges_enabled: number }, r: { id: string; status: string; eligible_count: number | null; rule_id: string }, method: string, now: Date): Promise<CollegeElectorate[]> {
  if (r.status !== "draft" && r.status !== "scheduled" && r.status !== "withdrawn") {
    const colleges = await resolutionColleges(db, r.id);
    const groups: CollegeElectorate[] = colleges.map((c) => ({ id: c.college_id, name: c.name, eligible: c.eligible_count }));
    const outside = (r.eligible_count ?? 0) - colleges.reduce((n, c) => n + c.eligible_count, 0);
    return outside > 0 ? [...groups, { id: null, name: null, eligible: outside }] : groups;
  }
  const useColleges = entity.colleges_enabled === 1;
  const totals = await electorateTotals(db, entity.id, isoDateInParis(now), useColleges && method !== "headcount");
  if (!useColleges) return [{ id: null, name: null, eligible: totals.reduce((n, t) => n + Number(t.n), 0) }];
  const colleges = await listColleges(db, entity.id, { includeArchived: true });
  // In the colleges' order, members outside any college last.
  const rank = (id: string | null) => {
    const i = colleges.findIndex((c) => c.id === id);
    return i < 0 ? colleges.length : i;
  };
  return totals
    .map((t) => ({ id: t.collegeId, name: colleges.find((c) => c.id === t.collegeId)?.name ?? null, eligible: Number(t.n) }))
    .sort((a, b) => rank(a.id) - rank(b.id));
}

/**
 * The colleges of a secret resolution whose decrypted totals would reveal choices (fewer than
 * three eligible voters): empty for an open vote. For the warning shown before a secret vote
 * opens, on the meeting's page and on the resolution's page, and for the minutes.
 */
export async function smallCollegesOf(db: Db, entityId: string, resolutionId: string, now: Date = new Date()): Promise<CollegeElectorate[]> {
  const r = await findResolution(db, entityId, resolutionId);
  if (!r) notFound();
  const ruleRow = await findRule(db, entityId, r.rule_id);
  const rule = ruleRow ? ruleFromRow(ruleRow) : null;
  if (rule && !rule.secret) return [];
  const entity = await findEntityById(db, entityId);
  if (!entity) notFound();
  return smallColleges(await electorateGroups(db, entity, r, rule?.method ?? "proportional", now));
}

export interface SecretVoteInfo {
  /** null until the election exists (before the notice, or before the vote opens). */
  mode: "server" | "trustees" | null;
  status: "keys" | "ready" | "counting" | "tallied" | null;
  /** Ballots in the box (online, in the room, by post, blank proxies). */
  ballots: number;
  boxHash: string | null;
  /** The people holding the key shares (trustee mode). */
  trustees: string[];
  /** Trustees who have not published their key yet: postal votes and the opening wait for them. */
  waitingFor: string[];
  small: CollegeElectorate[];
}

/** For each secret resolution among `resolutions`, its election and its small colleges. */
export async function secretVotesOf(db: Db, entityId: string, resolutions: readonly { id: string; rule_id: string }[], now: Date = new Date()): Promise<Record<string, SecretVoteInfo>> {
  const secret = [];
  for (const r of resolutions) if (await isSecretResolution(db, entityId, r)) secret.push(r.id);
  const [elections, trustees] = await Promise.all([electionsOf(db, secret), trusteesOf(db, secret)]);
  const out: Record<string, SecretVoteInfo> = {};
  for (const id of secret) {
    const e = elections.find((x) => x.resolutionId === id);
    const mine = trustees.filter((x) => x.resolutionId === id && x.userId != null);
    out[id] = {
      mode: e?.mode ?? null,
      status: e?.status ?? null,
      ballots: e?.ballots ?? 0,
      boxHash: e?.boxHash ?? null,
      trustees: e?.mode === "trustees" ? mine.map((x) => x.name) : [],
      waitingFor: e?.mode === "trustees" ? mine.filter((x) => !x.published).map((x) => x.name) : [],
      small: await smallCollegesOf(db, entityId, id, now),
    };
  }
  return out;
}
