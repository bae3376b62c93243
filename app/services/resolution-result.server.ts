// The result of a vote: as it stands, and as frozen at the close with the rule and weights used
// (and, for a secret vote, the hash of its ballot box). Nothing changes a frozen result.
import { Rational } from "~/domain/rational";
import { ruleInWords, type VotingRule } from "~/domain/rules";
import { resultToJson } from "~/domain/tally";
import type { Db } from "~/lib/db.server";
import { sharedFor } from "~/lib/shared.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { handCounts } from "~/queries/meetings.server";
import * as res from "~/queries/resolutions.server";
import { applyBudgetDecision } from "./budget-decisions.server";
import { electionCount, electionTally, seatElected, type FrozenElection } from "./seat-election-result.server";
import { computeTally } from "./tally.server";
import { hashJson } from "~/crypto/encoding";
import { randomToken } from "~/lib/tokens.server";
import { findSetup } from "~/queries/seat-elections.server";

export interface FrozenResult {
  rule: { name: string; version: number; words: { key: string; params?: Record<string, string | number> }[]; method: string; base: string; threshold: string; strict: boolean; emptyCollege: string; secret: boolean; quorum: string | null };
  tally: Record<string, unknown>;
  /** `ballots` per choice is null for a secret vote: its box gives weighted totals per college only (in `tally`). */
  colleges: { id: string | null; name: string | null; weight: string | null; eligible: number; eligibleWeight: string; voted: number; ballots: { for: number; against: number; abstain: number } | null }[];
  eligible: number;
  eligibleWeight: string;
  voted: number;
  channels: Record<string, number>;
  closedAt: string;
  /** A secret vote: hashJson of its final ballot box (docs/ballot-box.md §6), as downloaded without "result". */
  boxHash?: string;
  /** An election: its candidates and per-candidate count (then `tally` only says whether it concluded). */
  election?: FrozenElection;
}

/** The result as it stands (live) or as frozen at close. */
export async function resultOf(db: Db, resolution: res.ResolutionRow, rule: VotingRule, ruleMeta: { name: string; version: number }, at: Date = new Date()): Promise<FrozenResult> {
  if (resolution.status === "closed" && resolution.result) return JSON.parse(resolution.result) as FrozenResult;
  const { result, colleges, eligible, eligibleWeight, voted } = await computeTally(db, resolution, rule);
  const weights = new Map((await res.resolutionColleges(db, resolution.id)).map((c) => [c.college_id, Rational.of(c.weight_num, c.weight_den)]));
  const channels: Record<string, number> = Object.fromEntries((await res.participationByChannel(db, resolution.id)).map((c) => [c.channel, Number(c.count)]));
  const hands = (await handCounts(db, resolution.id)).reduce((n, h) => n + h.for + h.against + h.abstain, 0);
  const election = resolution.form === "election" ? await electionCount(db, resolution, rule) : null;
  // Counted in the room: raised hands, or paper ballots counted by the scrutineers for a secret vote.
  if (hands > 0) channels[rule.secret ? "paper" : "show-of-hands"] = hands;
  return {
    rule: {
      name: ruleMeta.name,
      version: ruleMeta.version,
      words: ruleInWords(rule),
      method: rule.method,
      base: rule.base,
      threshold: rule.threshold.toString(),
      strict: rule.strict,
      emptyCollege: rule.emptyCollege,
      secret: rule.secret,
      quorum: rule.quorumFirst?.toString() ?? null,
    },
    tally: election ? electionTally(election.count) : resultToJson(result),
    ...(election ? { election: election.frozen } : {}),
    colleges: colleges.map((c) => ({ ...c, weight: c.id ? (weights.get(c.id)?.toString() ?? null) : null, eligibleWeight: c.eligibleWeight.toString() })),
    eligible,
    eligibleWeight: eligibleWeight.toString(),
    voted,
    channels,
    closedAt: at.toISOString(),
  };
}

/** How long a live result is shared by everyone who looks (issue 13: at most one tally a second per vote). */
export const LIVE_RESULT_TTL_MS = 1000;
const live = sharedFor<FrozenResult>(LIVE_RESULT_TTL_MS);

/**
 * The live result of an open vote whose rule shows it: computed at most once a second per vote
 * and shared, in this process, by whoever looks (the computation in flight too). Keyed by entity,
 * vote and rule; never used to close a vote (freezeResult computes afresh in its transaction).
 */
export function liveResultOf(db: Db, resolution: res.ResolutionRow, rule: VotingRule, ruleMeta: { name: string; version: number }, now: Date = new Date()): Promise<FrozenResult> {
  const key = JSON.stringify([resolution.entity_id, resolution.id, resolution.rule_id, ruleMeta.version]);
  return live.get(key, () => resultOf(db, resolution, rule, ruleMeta, now));
}

/**
 * Inside the closing transaction: computes the result, stores it with the rule and weights used,
 * closes the resolution, applies a budget decision and journals it. Returns the outcome.
 */
export async function freezeResult(
  trx: Db,
  input: { entityId: string; actorId: string | null; resolution: res.ResolutionRow; rule: VotingRule; ruleMeta: { name: string; version: number }; closedAt: Date; now: Date; boxHash?: string },
): Promise<{ outcome: "adopted" | "rejected"; frozen: FrozenResult }> {
  const current = input.resolution;
  const computed = await resultOf(trx, current, input.rule, input.ruleMeta, input.closedAt);
  const frozen: FrozenResult = input.boxHash ? { ...computed, boxHash: input.boxHash } : computed;
  // An election: counted again with a seed drawn now at random (a tie by lot is then decided by
  // nobody's choice), and its elected take their seats in the organ, in the same transaction.
  if (current.form === "election") {
    const counted = await electionCount(trx, current, input.rule, hashJson(["cogere/election-draw/v2", current.id, randomToken()]));
    if (counted) {
      frozen.election = counted.frozen;
      frozen.tally = electionTally(counted.count);
      const setup = await findSetup(trx, current.id);
      Object.assign(frozen.election, await seatElected(trx, { entityId: input.entityId, actorId: input.actorId, resolutionId: current.id, frozen: frozen.election, termMonths: setup?.term_months ?? null, closedAt: input.closedAt, now: input.now }));
    }
  }
  const outcome = frozen.tally.adopted === true ? "adopted" : "rejected";
  const now = input.now.toISOString();
  await res.updateResolution(trx, current.id, { status: "closed", closed_at: input.closedAt.toISOString(), outcome, result: JSON.stringify(frozen), updated_at: now });
  await applyBudgetDecision(trx, { entityId: input.entityId, resolutionId: current.id, outcome, tally: frozen.tally, now: input.now });
  await insertAuditEvent(trx, {
    entityId: input.entityId,
    userId: input.actorId,
    action: "resolution.closed",
    subject: { type: "resolution", id: current.id },
    detail: { outcome, reason: frozen.tally.reason, ...(input.boxHash ? { boxHash: input.boxHash } : {}) },
    now: input.now,
  });
  return { outcome, frozen };
}
