// The tally from the database: one aggregate query of ballots by college and choice (open
// votes), or the decrypted per-college totals of a secret vote's ballot box, combined by the
// pure engine with the counts of a show of hands. No member list is loaded to count.
import { WEIGHT_SCALE } from "~/domain/members";
import { Rational } from "~/domain/rational";
import { toTallyRule, type VotingRule } from "~/domain/rules";
import { combine, quorumRequired, type ChoiceTotals, type CollegeTotals, type TallyResult } from "~/domain/tally";
import { representedPrincipals, validNamedProxies } from "~/domain/turnout";
import { memberColleges } from "~/queries/rules.server";
import type { Db } from "~/lib/db.server";
import { listParticipants, listProxies, scopeOf } from "~/queries/ballots.server";
import { handCounts } from "~/queries/meetings.server";
import { ballotAggregates, resolutionColleges, voterColleges } from "~/queries/resolutions.server";
import { encryptedCountsByCollege, findElection } from "~/queries/election.server";
import { castersWithoutParticipation, proxiesWithTurnout, turnoutOf } from "~/queries/turnout.server";
import type { ParametersJson } from "~/crypto/parameters";
import type { TallyJson } from "~/crypto/tally";
import { collegeOfBox } from "./election-core.server";

const micro = (v: number | string | null | undefined) => Rational.fromScaled(BigInt(v ?? 0), WEIGHT_SCALE);

export interface CollegeFigures {
  id: string | null;
  name: string | null;
  eligible: number;
  eligibleWeight: Rational;
  voted: number;
  /** Ballots per choice; null for a secret vote, whose box gives each college's weighted totals only. */
  ballots: { for: number; against: number; abstain: number } | null;
}

const CHOICES = ["for", "against", "abstain"] as const;

/**
 * Who counts as present for the quorum, listed (the tally file names them): members who took
 * part, holders who cast for someone, and principals of valid proxies whose holder is among them
 * (DESIGN.md §5). Pages and the tally count them with presentTotals instead.
 */
/**
 * The proxies in force with a named holder, less the void ones: beyond the cap, or against the
 * statutes' own rules (the members' colleges looked up only when the rule has such rules), as the
 * tally file counts them (app/domain/tally-file.ts).
 */
async function validProxies(db: Db, entityId: string, proxies: readonly { principalId: string; holderId: string | null }[], rule: VotingRule, eligibleCount: number) {
  if (!rule.proxySameCollege && rule.proxyMaxPerCollege == null) return validNamedProxies(proxies, rule.proxyCap, eligibleCount);
  const colleges = await memberColleges(db, entityId, proxies.flatMap((p) => [p.principalId, ...(p.holderId ? [p.holderId] : [])]));
  const statute = { sameCollege: rule.proxySameCollege, maxPerCollege: rule.proxyMaxPerCollege, collegeOf: (m: string) => colleges.get(m) ?? undefined };
  return validNamedProxies(proxies, rule.proxyCap, eligibleCount, statute);
}

export async function quorumPresent(db: Db, resolution: { id: string; entity_id: string; meeting_id: string | null }, rule: VotingRule, eligibleCount: number) {
  const present = new Set<string>();
  for (const r of await listParticipants(db, resolution.id)) {
    present.add(r.memberId);
    if (r.castById) present.add(r.castById);
  }
  const valid = await validProxies(db, resolution.entity_id, await listProxies(db, scopeOf(resolution)), rule, eligibleCount);
  for (const principal of representedPrincipals(valid, (id) => present.has(id))) present.add(principal);
  return present;
}

/**
 * The same members as quorumPresent, counted by head and by own weight without listing them: the
 * turnout counters, holders who cast for someone without taking part themselves, and principals
 * of valid proxies whose holder is present (a few rows a proxy, looked up by primary key).
 */
export async function presentTotals(db: Db, resolution: { id: string; entity_id: string; meeting_id: string | null }, rule: VotingRule, eligibleCount: number): Promise<{ count: number; weight: Rational }> {
  const [turnout, casters, proxies] = await Promise.all([turnoutOf(db, resolution.id), castersWithoutParticipation(db, resolution.id), proxiesWithTurnout(db, resolution)]);
  // Present already: took part (known for every member a proxy names), or cast for someone.
  const tookPart = new Set<string>();
  const principalWeight = new Map<string, number | null>();
  for (const p of proxies) {
    if (p.principalTookPart != null) tookPart.add(p.principalId);
    if (p.holderTookPart != null && p.holderId != null) tookPart.add(p.holderId);
    principalWeight.set(p.principalId, p.principalWeightMicro);
  }
  const casterIds = new Set(casters.map((c) => c.memberId));
  const added = representedPrincipals(await validProxies(db, resolution.entity_id, proxies, rule, eligibleCount), (id) => tookPart.has(id) || casterIds.has(id));
  let weightMicro = 0n;
  for (const t of turnout) weightMicro += t.weightMicro;
  for (const c of casters) weightMicro += BigInt(c.weightMicro ?? 0);
  for (const id of added) weightMicro += BigInt(principalWeight.get(id) ?? 0);
  const count = turnout.reduce((n, t) => n + t.voted, 0) + casters.length + added.length;
  return { count, weight: Rational.fromScaled(weightMicro, WEIGHT_SCALE) };
}

/** Whether a box's question is a motion's (for, against, abstain in this order), not an election's candidacies. */
function isMotionBox(parameters: string | null): boolean {
  if (parameters == null) return false;
  const answers = (JSON.parse(parameters) as ParametersJson).question.answers;
  return answers.length === CHOICES.length && CHOICES.every((c, j) => answers[j] === c);
}

/**
 * Per college, the members present as quorumPresent counts them (a quorum per college): the
 * present are listed, so only a rule with such a quorum reads them.
 */
export async function presentPerCollege(db: Db, resolution: { id: string; entity_id: string; meeting_id: string | null }, rule: VotingRule, eligibleCount: number) {
  const present = await quorumPresent(db, resolution, rule, eligibleCount);
  const counts = new Map<string | null, number>();
  for (const v of await voterColleges(db, resolution.id)) if (present.has(v.memberId)) counts.set(v.collegeId, (counts.get(v.collegeId) ?? 0) + 1);
  return counts;
}

/** The tally of a resolution as it stands, from aggregates. */
export async function computeTally(
  db: Db,
  resolution: { id: string; entity_id: string; meeting_id: string | null; eligible_count: number | null; eligible_weight_micro: number | null; call?: "first" | "later"; round?: number },
  rule: VotingRule,
): Promise<{ result: TallyResult; colleges: CollegeFigures[]; eligible: number; eligibleWeight: Rational; voted: number }> {
  // Small reads: the electorate's counts were frozen at opening, the ballots are aggregated
  // from a covering index, a secret vote's totals are the box's decrypted sums.
  const [colleges, aggregates, hands, election, boxCounts] = await Promise.all([
    resolutionColleges(db, resolution.id),
    ballotAggregates(db, resolution.id),
    handCounts(db, resolution.id),
    findElection(db, resolution.id),
    encryptedCountsByCollege(db, resolution.id),
  ]);
  // A secret vote's ballot box: how many ballots per college, and once counted, the decrypted
  // weighted totals per college and choice (millionths). Never one ballot's choice.
  const secretBox = election?.parameters != null;
  const boxBallots = new Map<string | null, number>();
  for (const b of boxCounts) boxBallots.set(collegeOfBox(b.collegeId), (boxBallots.get(collegeOfBox(b.collegeId)) ?? 0) + Number(b.count));
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
  // An election's box answers one question per candidacy, not for / against / abstain: its
  // totals are the election's (seat-election-result.server.ts); here its ballots count as voted only.
  if (election?.tally && isMotionBox(election.parameters)) {
    for (const c of (JSON.parse(election.tally) as TallyJson).colleges) {
      const t = slot(collegeOfBox(c.id));
      CHOICES.forEach((choice, j) => (t[choice] = t[choice].add(micro(c.totals[j]))));
    }
  }
  for (const id of boxBallots.keys()) slot(id);
  // A show of hands counts each raised hand as one vote of weight 1, in its college.
  for (const h of hands) {
    const t = slot(h.collegeId);
    for (const choice of ["for", "against", "abstain"] as const) {
      t[choice] = t[choice].add(Rational.of(h[choice]));
      t.counts[choice] += h[choice];
    }
  }
  const known = new Set(colleges.map((c) => c.college_id));
  const unassigned: ChoiceTotals = { for: Rational.ZERO, against: Rational.ZERO, abstain: Rational.ZERO };
  for (const [id, t] of totals) {
    if (id != null && known.has(id)) continue;
    unassigned.for = unassigned.for.add(t.for);
    unassigned.against = unassigned.against.add(t.against);
    unassigned.abstain = unassigned.abstain.add(t.abstain);
  }
  const eligible = resolution.eligible_count ?? 0;
  const eligibleWeight = micro(resolution.eligible_weight_micro);
  const votedIn = (id: string | null) => {
    const c = totals.get(id)?.counts;
    return (c ? c.for + c.against + c.abstain : 0) + (boxBallots.get(id) ?? 0);
  };
  const voted = [...totals.keys()].reduce((n, id) => n + votedIn(id), 0);

  // At a meeting the quorum is the meeting's, checked before any vote opens. A second round
  // counts with the rule's second-round settings.
  const tallyRule = toTallyRule(resolution.meeting_id ? { ...rule, quorumFirst: null, quorumLater: null } : rule, resolution.call ?? "first", resolution.round === 2 ? 2 : 1);
  // A quorum per college: its eligible members (frozen) and those present as for the quorum
  // (took part, or represented through a valid proxy whose holder did), counted per college.
  const presentIn = tallyRule.college?.quorum ? await presentPerCollege(db, resolution, rule, eligible) : new Map<string | null, number>();
  const collegeTotals: CollegeTotals[] = colleges.map((c) => {
    const t = slot(c.college_id);
    const turnout = tallyRule.college?.quorum ? { eligible: Rational.of(c.eligible_count), present: Rational.of(presentIn.get(c.college_id) ?? 0) } : {};
    return { id: c.college_id, weight: Rational.of(c.weight_num, c.weight_den), for: t.for, against: t.against, abstain: t.abstain, ...turnout };
  });
  let quorum: { required: Rational; present: Rational } | undefined;
  if (tallyRule.quorum) {
    const present = await presentTotals(db, resolution, rule, eligible);
    quorum =
      tallyRule.quorum.basis === "headcount"
        ? { required: quorumRequired(tallyRule.quorum.fraction, Rational.of(eligible)), present: Rational.of(present.count) }
        : { required: quorumRequired(tallyRule.quorum.fraction, eligibleWeight), present: present.weight };
  }
  const result = combine(tallyRule, { colleges: collegeTotals, unassigned, quorum });
  const inColleges = colleges.reduce((n, c) => n + c.eligible_count, 0);
  const weightInColleges = colleges.reduce((w, c) => w.add(micro(c.eligible_weight_micro)), Rational.ZERO);
  const figures: CollegeFigures[] = colleges.map((c) => ({
    id: c.college_id,
    name: c.name,
    eligible: c.eligible_count,
    eligibleWeight: micro(c.eligible_weight_micro),
    voted: votedIn(c.college_id),
    ballots: secretBox ? null : (totals.get(c.college_id)?.counts ?? { for: 0, against: 0, abstain: 0 }),
  }));
  // Members outside any college (headcount votes, or colleges turned off).
  if (eligible > inColleges || [...totals.keys()].some((id) => id == null || !known.has(id))) {
    const counts = { for: 0, against: 0, abstain: 0 };
    let voted = 0;
    for (const [id, t] of totals) {
      if (id != null && known.has(id)) continue;
      for (const k of CHOICES) counts[k] += t.counts[k];
      voted += votedIn(id);
    }
    figures.push({ id: null, name: null, eligible: eligible - inColleges, eligibleWeight: eligibleWeight.sub(weightInColleges), voted, ballots: secretBox ? null : counts });
  }
  return { result, colleges: figures, eligible, eligibleWeight, voted };
}
