// What an open vote shows while its rule keeps the results hidden (and a secret vote until its
// count): who took part, per college and in all, and nothing else. Built from counters alone
// (O(1) in the number of ballots); the tally is not computed, so no choice can be stripped too late.
import { WEIGHT_SCALE } from "~/domain/members";
import { Rational } from "~/domain/rational";
import { toTallyRule, type VotingRule } from "~/domain/rules";
import { quorumRequired } from "~/domain/tally";
import { quorumNeeded, quorumOutlook, type QuorumOutlook } from "~/domain/todo";
import type { Db } from "~/lib/db.server";
import { sharedFor } from "~/lib/shared.server";
import { reachableOnline } from "~/queries/dashboard.server";
import { handCounts } from "~/queries/meetings.server";
import { resolutionColleges } from "~/queries/resolutions.server";
import { findRule } from "~/queries/rules.server";
import { turnoutOf, unreachableOnline } from "~/queries/turnout.server";
import { ruleFromRow } from "./rules.server";
import { presentTotals } from "./tally.server";

/**
 * The quorum of an online vote while it is open: counts only, never a choice. Rationals as
 * exact text ("8", "12/5"); `needed` is what people read (by head, a whole number of members).
 */
export interface QuorumView {
  basis: "headcount" | "weight";
  required: string;
  needed: string;
  present: string;
  /** The most that could ever be present online (see reachableOnline). */
  reachable: string;
  outlook: QuorumOutlook;
}

export interface ParticipationView {
  voted: number;
  eligible: number;
  /** The colleges of the frozen electorate, then (id null) members outside any college. */
  colleges: { id: string | null; name: string | null; eligible: number; voted: number }[];
  /** Present when the vote's own rule sets a quorum (a vote at a meeting has the meeting's). */
  quorum?: QuorumView;
}

export interface ParticipationResolution {
  id: string;
  entity_id: string;
  rule_id: string;
  meeting_id: string | null;
  eligible_count: number | null;
  eligible_weight_micro: number | null;
}

const micro = (v: number | bigint | null | undefined) => Rational.fromScaled(BigInt(v ?? 0), WEIGHT_SCALE);

/**
 * Required and present so far, computed as the tally does (presentTotals and the rule's quorum
 * of the first call), and how much of the electorate can vote online at all. `rule`: the
 * resolution's, when the caller has read it already.
 */
export async function onlineQuorum(db: Db, resolution: ParticipationResolution, rule?: VotingRule, options: Shareable = {}): Promise<QuorumView | null> {
  if (resolution.meeting_id) return null;
  if (!rule) {
    const row = await findRule(db, resolution.entity_id, resolution.rule_id);
    if (!row) return null;
    rule = ruleFromRow(row);
  }
  const quorum = toTallyRule(rule, "first").quorum;
  if (!quorum) return null;
  const eligible = resolution.eligible_count ?? 0;
  const [present, reachable] = await Promise.all([presentTotals(db, resolution, rule, eligible), reachableOf(db, resolution, options)]);
  const byWeight = quorum.basis === "weight";
  const required = quorumRequired(quorum.fraction, byWeight ? micro(resolution.eligible_weight_micro) : Rational.of(eligible));
  const presentValue = byWeight ? present.weight : Rational.of(present.count);
  const reachableValue = byWeight ? micro(reachable.weightMicro) : Rational.of(reachable.count);
  return {
    basis: quorum.basis,
    required: required.toString(),
    needed: quorumNeeded(quorum.basis, required).toString(),
    present: presentValue.toString(),
    reachable: reachableValue.toString(),
    outlook: quorumOutlook({ basis: quorum.basis, required, present: presentValue, reachable: reachableValue }),
  };
}

/**
 * `shared`: who can never be present online may be read as it was up to a second ago. It changes
 * only when one of them takes part, gets an account or gives a proxy, so the outlook stays right,
 * and the pages of a vote in its last busy hour read it once a second instead of once a view.
 * The dashboard and the tally always read it afresh.
 */
export interface Shareable {
  shared?: boolean;
}
const unreachable = sharedFor<{ count: number; weightMicro: bigint }>(1000);

/** reachableOnline, as the frozen electorate less those who can never be present online (only they are read). */
async function reachableOf(db: Db, r: ParticipationResolution, options: Shareable): Promise<{ count: number; weightMicro: bigint }> {
  if (r.eligible_count == null || r.eligible_weight_micro == null) {
    const all = await reachableOnline(db, r);
    return { count: all.count, weightMicro: BigInt(all.weightMicro) };
  }
  const out = options.shared ? await unreachable.get(JSON.stringify([r.entity_id, r.id]), () => unreachableOnline(db, r)) : await unreachableOnline(db, r);
  return { count: r.eligible_count - out.count, weightMicro: BigInt(r.eligible_weight_micro) - out.weightMicro };
}

/** Participation from the turnout counters (every channel: online, proxy, postal, secret box) and the hands counted in the room. */
export async function participationOf(db: Db, resolution: ParticipationResolution, rule?: VotingRule, options: Shareable = {}): Promise<ParticipationView> {
  const [colleges, turnout, hands] = await Promise.all([resolutionColleges(db, resolution.id), turnoutOf(db, resolution.id), handCounts(db, resolution.id)]);
  const voted = new Map<string | null, number>();
  const add = (id: string | null, n: number) => voted.set(id, (voted.get(id) ?? 0) + n);
  for (const t of turnout) add(t.collegeId, t.voted);
  // A show of hands: each raised hand is one voter of its college.
  for (const h of hands) add(h.collegeId, h.for + h.against + h.abstain);
  const known = new Set(colleges.map((c) => c.college_id));
  const eligible = resolution.eligible_count ?? 0;
  const rows: ParticipationView["colleges"] = colleges.map((c) => ({ id: c.college_id, name: c.name, eligible: c.eligible_count, voted: voted.get(c.college_id) ?? 0 }));
  const inColleges = colleges.reduce((n, c) => n + c.eligible_count, 0);
  const outside = [...voted].filter(([id]) => id == null || !known.has(id)).reduce((n, [, v]) => n + v, 0);
  if (eligible > inColleges || outside > 0) rows.push({ id: null, name: null, eligible: eligible - inColleges, voted: outside });
  const quorum = await onlineQuorum(db, resolution, rule, options);
  return { voted: [...voted.values()].reduce((n, v) => n + v, 0), eligible, colleges: rows, ...(quorum ? { quorum } : {}) };
}
