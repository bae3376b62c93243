// What a closed vote publishes: its tally file (docs/tally-file.md), which `npm run tally`
// recomputes without the server, and its ballots as CSV. A secret vote publishes per-college
// totals only — the decrypted sums of its ballot box and the counts entered in the room — never
// a ballot, a voter or one ballot's weight.
import type { ParametersJson } from "~/crypto/parameters";
import type { TallyJson } from "~/crypto/tally";
import { votingWeightText, WEIGHT_SCALE } from "~/domain/members";
import { classifyProxies, proxyCap } from "~/domain/proxies";
import { Rational } from "~/domain/rational";
import { toTallyRule, type VotingRule } from "~/domain/rules";
import type { Choice } from "~/domain/tally";
import { amountText, boxTotals, participationJson, tallyRuleJson, totalsJson, type TallyFileParticipation, type TallyFileTotals } from "~/domain/tally-file";
import type { Db } from "~/lib/db.server";
import { toCsv } from "~/lib/csv.server";
import type { Locale } from "~/lib/locale";
import { iterateBallots, iterateElectorate, listProxies, scopeOf } from "~/queries/ballots.server";
import { findElection } from "~/queries/election.server";
import { handCounts } from "~/queries/meetings.server";
import { listCandidacies } from "~/queries/seat-elections.server";
import { ballotAggregates, resolutionColleges, type ResolutionRow } from "~/queries/resolutions.server";
import { electionTallyFileOf, secretElectionTotalsJson } from "./election-exports.server";
import { presentPerCollege, presentTotals, quorumPresent } from "./tally.server";

/** The rule as the tally file writes it; at a meeting the quorum was the meeting's, checked before the vote opened. */
const CHOICES = ["for", "against", "abstain"] as const;

export function ruleJson(rule: VotingRule, atMeeting: boolean, round = 1) {
  return tallyRuleJson(toTallyRule(atMeeting ? { ...rule, quorumFirst: null, quorumLater: null } : rule, "first", round === 2 ? 2 : 1));
}

export async function collegesJson(db: Db, resolutionId: string) {
  return (await resolutionColleges(db, resolutionId)).map((c) => ({ id: c.college_id, name: c.name, weight: Rational.of(c.weight_num, c.weight_den).toString() }));
}

function resolutionJson(r: ResolutionRow, entityName: string, secret: boolean, extra: Record<string, unknown> = {}) {
  return {
    $comment: `Cogere — ${entityName}, résolution ${r.number} : ${r.title}`,
    $resolution: { id: r.id, number: r.number, title: r.title, openedAt: r.opened_at, closedAt: r.closed_at, secret, ...extra },
  };
}

/**
 * The tally file of a resolution: the ballots form for an open vote; for a secret vote, the
 * totals form, which links no choice and no weight to anyone. An election's: its election form
 * (election-exports.server.ts), in the same two forms.
 */
export async function tallyFileOf(db: Db, r: ResolutionRow, rule: VotingRule, entityName: string): Promise<Record<string, unknown>> {
  // An election's file is the election form (docs/election-file.md).
  if (r.form === "election") return electionTallyFileOf(db, r, rule, entityName);
  if (rule.secret) {
    const { totals, boxHash } = await secretTotals(db, r);
    return {
      ...resolutionJson(r, entityName, true, boxHash ? { boxHash } : {}),
      rule: ruleJson(rule, r.meeting_id != null, r.round),
      colleges: await collegesJson(db, r.id),
      totals: totals.map(totalsJson),
      participation: participationJson(await secretParticipation(db, r, rule)),
    };
  }
  const electorate: { voter: string; college?: string; weight: string }[] = [];
  const ballots: { voter: string; college?: string; choice: string; weight: string; castBy?: string; $channel?: string }[] = [];
  let eligibleCount = 0;
  for await (const page of iterateElectorate(db, r.id)) {
    for (const e of page) {
      eligibleCount++;
      electorate.push({ voter: e.memberId, ...(e.collegeId ? { college: e.collegeId } : {}), weight: votingWeightText(e.weightMicro) });
    }
  }
  for await (const page of iterateBallots(db, r.id)) {
    for (const b of page) {
      ballots.push({
        voter: b.memberId!,
        ...(b.collegeId ? { college: b.collegeId } : {}),
        choice: b.choice,
        weight: votingWeightText(b.weightMicro),
        ...(b.castById ? { castBy: b.castById } : {}),
        ...(b.channel ? { $channel: b.channel } : {}),
      });
    }
  }
  // A show of hands: one ballot per college and choice, weighing the number of hands.
  for (const h of await handCounts(db, r.id)) {
    for (const choice of ["for", "against", "abstain"] as const) {
      if (h[choice] === 0) continue;
      const voter = `hands-${h.collegeId}-${choice}`;
      electorate.push({ voter, college: h.collegeId, weight: String(h[choice]) });
      ballots.push({ voter, college: h.collegeId, choice, weight: String(h[choice]), $channel: "show-of-hands" });
    }
  }
  // Who was present, when a quorum needs it: the assembly's (outside a meeting) or each college's.
  const present = (rule.quorumFirst && !r.meeting_id) || rule.collegeQuorum ? await quorumPresent(db, r, rule, eligibleCount) : null;
  const given = (await listProxies(db, scopeOf(r))).filter((p): p is { principalId: string; holderId: string } => p.holderId != null);
  let proxies = given.map((p) => ({ principal: p.principalId, holder: p.holderId }));
  // Proxies beyond the cap were refused when given; keep only those the engine would see valid.
  if (rule.proxyCap != null) proxies = classifyProxies(proxies, proxyCap(rule.proxyCap, eligibleCount)).valid;
  return {
    ...resolutionJson(r, entityName, false),
    rule: ruleJson(rule, r.meeting_id != null, r.round),
    colleges: await collegesJson(db, r.id),
    electorate,
    ...(present ? { participants: [...present] } : {}),
    proxies,
    ballots,
  };
}

const micro = (v: number | string | bigint | null | undefined) => Rational.fromScaled(BigInt(v ?? 0), WEIGHT_SCALE);

/**
 * A secret vote's totals, the same figures the engine combined at the close (computeTally), per
 * college and channel: "ballot-box" (the box's decrypted sums), "paper" (ballots counted in the
 * room), "ballots" (a secret vote held before encrypted ballots: the sums of its anonymous
 * ballots). Members outside the vote's colleges are added up in entries with no college.
 */
export async function secretTotals(db: Db, r: { id: string }): Promise<{ totals: TallyFileTotals[]; boxHash: string | null }> {
  const known = new Set((await resolutionColleges(db, r.id)).map((c) => c.college_id));
  const entries = new Map<string, TallyFileTotals>();
  const add = (college: string | null, channel: string, t: Partial<Record<Choice, Rational>>) => {
    const id = college !== null && known.has(college) ? college : undefined;
    const key = JSON.stringify([id ?? null, channel]);
    const entry = entries.get(key) ?? { ...(id !== undefined ? { college: id } : {}), channel, for: Rational.ZERO, against: Rational.ZERO, abstain: Rational.ZERO };
    for (const choice of CHOICES) entry[choice] = entry[choice].add(t[choice] ?? Rational.ZERO);
    entries.set(key, entry);
  };
  for (const a of await ballotAggregates(db, r.id)) add(a.collegeId, "ballots", { [a.choice as Choice]: micro(a.weightMicro) });
  const election = await findElection(db, r.id);
  if (election?.tally && election.parameters) {
    const answers = (JSON.parse(election.parameters) as ParametersJson).question.answers;
    for (const t of boxTotals(answers, (JSON.parse(election.tally) as TallyJson).colleges, known)) add(t.college ?? null, "ballot-box", t);
  }
  for (const h of await handCounts(db, r.id)) add(h.collegeId, "paper", { for: Rational.of(h.for), against: Rational.of(h.against), abstain: Rational.of(h.abstain) });
  return { totals: [...entries.values()], boxHash: election?.box_hash ?? null };
}

/** The figures of the quorum, in its basis: members, or their weights when the quorum counts weights (headcount without quorum). */
export async function secretParticipation(db: Db, r: ResolutionRow, rule: VotingRule): Promise<TallyFileParticipation> {
  const present = await presentTotals(db, r, rule, r.eligible_count ?? 0);
  // A quorum per college: each college's eligible and present members, as the close counted them.
  const perCollege = rule.collegeQuorum ? await presentPerCollege(db, r, rule, r.eligible_count ?? 0) : null;
  const colleges = perCollege ? { colleges: (await resolutionColleges(db, r.id)).map((c) => ({ college: c.college_id, eligible: Rational.of(c.eligible_count), present: Rational.of(perCollege.get(c.college_id) ?? 0) })) } : {};
  return ruleJson(rule, r.meeting_id != null, r.round).quorum?.basis === "weight"
    ? { eligible: micro(r.eligible_weight_micro), present: present.weight, ...colleges }
    : { eligible: Rational.of(r.eligible_count ?? 0), present: Rational.of(present.count), ...colleges };
}

const CSV_HEADERS = {
  fr: { open: ["numero", "nom", "college", "poids", "choix", "canal", "exprime_par", "date"], secret: ["college", "canal", "pour", "contre", "abstention"], election: ["college", "canal", "candidat", "pour"], electionAgainst: "contre" },
  en: { open: ["number", "name", "college", "weight", "choice", "channel", "cast_by", "cast_at"], secret: ["college", "channel", "for", "against", "abstain"], election: ["college", "channel", "candidate", "for"], electionAgainst: "against" },
} as const;

/**
 * The ballots as CSV, a page at a time. A secret vote has no ballot to list: its CSV gives the
 * totals of the tally file, per college and channel (weights summed, exact decimals).
 */
export async function* ballotsCsv(db: Db, r: ResolutionRow, secret: boolean, locale: Locale) {
  const names = new Map((await resolutionColleges(db, r.id)).map((c) => [c.college_id, c.name]));
  if (secret && r.form === "election") {
    // A secret election's box gives per college the weight of the ballots selecting each candidate
    // (approval per candidate: saying for, and against, a column more).
    const candidates = new Map((await listCandidacies(db, r.id)).map((c) => [c.id, c.name]));
    const totals = await secretElectionTotalsJson(db, r.id, new Set(names.keys()));
    const approval = totals.some((t) => t.marks.some((m) => m.against !== undefined));
    yield toCsv([[...CSV_HEADERS[locale].election, ...(approval ? [CSV_HEADERS[locale].electionAgainst] : [])]]);
    yield toCsv(totals.flatMap((t) => t.marks.map((m) => [t.college === undefined ? "" : (names.get(t.college) ?? t.college), t.channel, candidates.get(m.candidate) ?? m.candidate, m.for, ...(approval ? [m.against ?? "0"] : [])])), { bom: false });
    return;
  }
  yield toCsv([[...CSV_HEADERS[locale][secret ? "secret" : "open"]]]);
  if (secret) {
    const { totals } = await secretTotals(db, r);
    const rows = totals.map((t) => [t.college === undefined ? "" : (names.get(t.college) ?? t.college), t.channel ?? "", amountText(t.for), amountText(t.against), amountText(t.abstain)]);
    yield toCsv(rows, { bom: false });
    return;
  }
  for await (const page of iterateBallots(db, r.id)) {
    const rows = page.map((b) => {
      const college = b.collegeId ? (names.get(b.collegeId) ?? b.collegeId) : "";
      return [b.voterNumber, b.voterName, college, votingWeightText(b.weightMicro), b.choice, b.channel, b.casterName, b.castAt];
    });
    yield toCsv(rows, { bom: false });
  }
}
