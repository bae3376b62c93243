// The tally from the database: one aggregate query of ballots by college and choice,
// combined by the pure engine. No member list is loaded to count.
import { WEIGHT_SCALE } from "~/domain/members";
import { classifyProxies, proxyCap } from "~/domain/proxies";
import { Rational } from "~/domain/rational";
import { toTallyRule, type VotingRule } from "~/domain/rules";
import { combine, quorumRequired, type ChoiceTotals, type CollegeTotals, type TallyResult } from "~/domain/tally";
import type { Db } from "~/lib/db.server";
import { listProxies } from "~/queries/ballots.server";
import { ballotAggregates, electorateByCollege, resolutionColleges } from "~/queries/resolutions.server";

const micro = (v: number | string | null | undefined) => Rational.fromScaled(BigInt(v ?? 0), WEIGHT_SCALE);

export interface CollegeFigures {
  id: string | null;
  name: string | null;
  eligible: number;
  eligibleWeight: Rational;
  voted: number;
  ballots: { for: number; against: number; abstain: number };
}

/**
 * Who counts as present for the quorum: members who took part, holders who cast for someone,
 * and principals of valid proxies whose holder is among them (DESIGN.md §5).
 */
export async function quorumPresent(db: Db, resolutionId: string, rule: VotingRule, eligibleCount: number) {
  const rows = await db
    .selectFrom("participation")
    .select(["member_id as memberId", "cast_by_member_id as castBy"])
    .where("resolution_id", "=", resolutionId)
    .execute();
  const present = new Set<string>();
  for (const r of rows) {
    present.add(r.memberId);
    if (r.castBy) present.add(r.castBy);
  }
  const proxies = (await listProxies(db, resolutionId)).filter((p): p is { principalId: string; holderId: string } => p.holderId != null);
  const cap = rule.proxyCap == null ? null : proxyCap(rule.proxyCap, eligibleCount);
  const { valid } = classifyProxies(proxies.map((p) => ({ principal: p.principalId, holder: p.holderId })), cap);
  for (const p of valid) if (present.has(p.holder)) present.add(p.principal);
  return present;
}

/** The tally of a resolution as it stands, from aggregates. */
export async function computeTally(db: Db, resolution: { id: string; call?: "first" | "later" }, rule: VotingRule): Promise<{ result: TallyResult; colleges: CollegeFigures[]; eligible: number; eligibleWeight: Rational; voted: number }> {
  const [colleges, aggregates, electorate] = await Promise.all([resolutionColleges(db, resolution.id), ballotAggregates(db, resolution.id), electorateByCollege(db, resolution.id)]);
  const totals = new Map<string | null, ChoiceTotals & { counts: { for: number; against: number; abstain: number } }>();
  const slot = (id: string | null) => {
    let t = totals.get(id);
    if (!t) totals.set(id, (t = { for: Rational.ZERO, against: Rational.ZERO, abstain: Rational.ZERO, counts: { for: 0, against: 0, abstain: 0 } }));
    return t;
  };
  for (const a of aggregates) {
    const t = slot(a.collegeId);
    const choice = a.choice as "for" | "against" | "abstain";
    t[choice] = t[choice].add(micro(a.weightMicro));
    t.counts[choice] += Number(a.count);
  }
  const known = new Set(colleges.map((c) => c.college_id));
  const collegeTotals: CollegeTotals[] = colleges.map((c) => {
    const t = slot(c.college_id);
    return { id: c.college_id, weight: Rational.of(c.weight_num, c.weight_den), for: t.for, against: t.against, abstain: t.abstain };
  });
  const unassigned: ChoiceTotals = { for: Rational.ZERO, against: Rational.ZERO, abstain: Rational.ZERO };
  for (const [id, t] of totals) {
    if (id != null && known.has(id)) continue;
    unassigned.for = unassigned.for.add(t.for);
    unassigned.against = unassigned.against.add(t.against);
    unassigned.abstain = unassigned.abstain.add(t.abstain);
  }
  const eligible = electorate.reduce((n, e) => n + Number(e.eligible), 0);
  const eligibleWeight = electorate.reduce((w, e) => w.add(micro(e.eligibleWeightMicro)), Rational.ZERO);
  const voted = electorate.reduce((n, e) => n + Number(e.voted), 0);

  const tallyRule = toTallyRule(rule, resolution.call ?? "first");
  let quorum: { required: Rational; present: Rational } | undefined;
  if (tallyRule.quorum) {
    const present = await quorumPresent(db, resolution.id, rule, eligible);
    if (tallyRule.quorum.basis === "headcount") {
      quorum = { required: quorumRequired(tallyRule.quorum.fraction, Rational.of(eligible)), present: Rational.of(present.size) };
    } else {
      let presentWeight = Rational.ZERO;
      const ids = [...present];
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db.selectFrom("resolution_voter").select("weight_micro").where("resolution_id", "=", resolution.id).where("member_id", "in", ids.slice(i, i + 500)).execute();
        for (const r of rows) presentWeight = presentWeight.add(micro(r.weight_micro));
      }
      quorum = { required: quorumRequired(tallyRule.quorum.fraction, eligibleWeight), present: presentWeight };
    }
  }
  const result = combine(tallyRule, { colleges: collegeTotals, unassigned, quorum });
  const byCollege = new Map(electorate.map((e) => [e.collegeId, e]));
  const figures: CollegeFigures[] = [
    ...colleges.map((c) => ({ id: c.college_id as string | null, name: c.name as string | null })),
    ...(byCollege.has(null) || totals.has(null) ? [{ id: null, name: null }] : []),
  ].map(({ id, name }) => {
    const e = byCollege.get(id);
    const t = totals.get(id);
    return { id, name, eligible: Number(e?.eligible ?? 0), eligibleWeight: micro(e?.eligibleWeightMicro), voted: Number(e?.voted ?? 0), ballots: t?.counts ?? { for: 0, against: 0, abstain: 0 } };
  });
  return { result, colleges: figures, eligible, eligibleWeight, voted };
}
