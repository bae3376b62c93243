// What a closed election publishes (issue 15): its tally file in the election form of
// docs/election-file.md, which `npm run tally` recounts without the server — the ballots form for
// an open election (each ballot's approvals or choices, by voter id), the totals form for a secret
// one (the decrypted sums of its ballot box per college and candidate, never a ballot) — and what
// its downloadable box says of the result (election-box.server.ts), which `npm run verify` recounts.
import { hashJson } from "~/crypto/encoding";
import type { ElectionRule } from "~/domain/election";
import { votingWeightText, WEIGHT_SCALE } from "~/domain/members";
import { classifyProxies, proxyCap } from "~/domain/proxies";
import { Rational } from "~/domain/rational";
import type { VotingRule } from "~/domain/rules";
import { amountText } from "~/domain/tally-file";
import type { Db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { iterateBallots, iterateElectorate, listProxies, scopeOf } from "~/queries/ballots.server";
import { findElection } from "~/queries/election.server";
import { resolutionColleges, type ResolutionRow } from "~/queries/resolutions.server";
import * as q from "~/queries/seat-elections.server";
import type { FrozenResult } from "./resolution-result.server";
import { secretElectionTotals } from "./seat-election-box.server";
import { electionRuleOf } from "./seat-election-result.server";

const micro = (v: number | string | bigint | null | undefined) => Rational.fromScaled(BigInt(v ?? 0), WEIGHT_SCALE);

/** One entry of the totals form (docs/election-file.md §4). */
export interface ElectionTotalsJson {
  college?: string;
  channel: string;
  ballots: string;
  marks: { candidate: string; for: string; against?: string }[];
}

/**
 * The seed of a draw by lot, as electionCount makes it before counting: the vote's figures per
 * college of the vote (ballots, then each candidacy's for), so anyone recomputes the same draw.
 */
async function drawSeed(db: Db, r: ResolutionRow, secret: boolean, collegeIds: readonly string[], candidacyIds: readonly string[]): Promise<string> {
  const ballots = new Map<string, Rational>();
  const marks = new Map<string, Rational>();
  const add = (m: Map<string, Rational>, key: string, v: Rational) => m.set(key, (m.get(key) ?? Rational.ZERO).add(v));
  if (secret) {
    for (const c of (await secretElectionTotals(db, r.id)) ?? []) {
      if (c.collegeId === null) continue;
      add(ballots, c.collegeId, c.ballots);
      for (const m of c.marks) add(marks, JSON.stringify([c.collegeId, m.candidacyId]), m.for);
    }
  } else {
    const [b, m] = await Promise.all([q.ballotTotals(db, r.id), q.markTotals(db, r.id)]);
    for (const x of b) if (x.collegeId !== null) add(ballots, x.collegeId, micro(x.w));
    for (const x of m) if (x.collegeId !== null && x.choice === "for") add(marks, JSON.stringify([x.collegeId, x.candidacyId]), micro(x.w));
  }
  const zero = Rational.ZERO;
  const figures = collegeIds.map((id) => [id, (ballots.get(id) ?? zero).toString(), candidacyIds.map((c) => [c, (marks.get(JSON.stringify([id, c])) ?? zero).toString()])]);
  return hashJson(["cogere/election-draw/v1", r.id, figures]);
}

/** The `election` member: the rule as the count used it (electionRuleOf), with the draw's seed. */
function electionMember(e: ElectionRule, seed: string) {
  return {
    method: e.method,
    seats: e.seats,
    ...(e.seatsPerCollege && e.seatsPerCollege.length > 0 ? { seatsPerCollege: e.seatsPerCollege.map((s) => ({ college: s.college, seats: s.seats })) } : {}),
    weighting: e.weighting,
    round: e.round,
    absoluteMajority: e.absoluteMajority,
    base: e.base,
    threshold: e.threshold.toString(),
    strict: e.strict,
    tieBreak: e.tieBreak,
    seed,
  };
}

/**
 * What both forms and the box's result share: the election member, the colleges with the weights
 * frozen at opening, the candidates (candidacy ids; names as on the result; the college whose
 * reserved seats they may take; the dates the tie-break reads, only the one it reads).
 */
export async function electionHead(db: Db, r: ResolutionRow, rule: VotingRule, frozen: FrozenResult | null) {
  const setup = await q.findSetup(db, r.id);
  if (!setup) notFound();
  const [reserved, candidacies, colleges] = await Promise.all([q.reservedSeats(db, r.id), q.listCandidacies(db, r.id), resolutionColleges(db, r.id)]);
  const e = electionRuleOf(setup, reserved, rule, r.round);
  const known = new Set(colleges.map((c) => c.college_id));
  // The seed the close drew and froze; a result frozen before seeds were drawn at random used the vote's figures.
  const seed = frozen?.election?.seed ?? (await drawSeed(db, r, rule.secret, [...known], candidacies.map((c) => c.id)));
  const names = new Map((frozen?.election?.candidates ?? []).map((c) => [c.id, c.name]));
  // A birth date is personal: the file gives only those of candidates whose tie the age broke,
  // the only ones the count reads (every member reads this file).
  const ties = (frozen?.election?.result.tieBreaks ?? []) as { candidates: string[]; by: string[] }[];
  const tiedBy = (rule: string) => new Set(ties.filter((x) => x.by[0] === rule).flatMap((x) => x.candidates));
  const agedTie = tiedBy("age");
  const seniorTie = tiedBy("seniority");
  const candidates = candidacies.map((c) => ({
    id: c.id,
    name: names.get(c.id) ?? c.name,
    // Under proportional weighting a candidate's college is one of the vote's (a college of the file).
    ...(c.collegeId && (e.weighting === "headcount" || known.has(c.collegeId)) ? { college: c.collegeId } : {}),
    ...(e.tieBreak === "age" && c.bornOn && agedTie.has(c.id) ? { bornOn: c.bornOn } : {}),
    ...(e.tieBreak === "seniority" && c.joinedOn && seniorTie.has(c.id) ? { memberSince: c.joinedOn } : {}),
  }));
  return {
    rule: e,
    known,
    head: {
      election: electionMember(e, seed),
      colleges: colleges.map((c) => ({ id: c.college_id, name: c.name, weight: Rational.of(c.weight_num, c.weight_den).toString() })),
      candidates,
    },
  };
}

/**
 * A secret election's totals form: per college of its box (in the parameters' order) the weight of
 * its ballots and the decrypted weight of the ballots selecting each candidacy (approval: marking it
 * for, and against; abstain is left out, what is left of the ballots). Blank ballots cannot
 * be told apart in the box: they stay in `ballots` (no `blank`). Members outside the vote's colleges
 * are the entry with no college.
 */
export async function secretElectionTotalsJson(db: Db, resolutionId: string, known: ReadonlySet<string>): Promise<ElectionTotalsJson[]> {
  return ((await secretElectionTotals(db, resolutionId)) ?? []).map((c) => ({
    ...(c.collegeId !== null && known.has(c.collegeId) ? { college: c.collegeId } : {}),
    channel: "ballot-box",
    ballots: amountText(c.ballots),
    marks: c.marks.map((m) => ({ candidate: m.candidacyId, for: amountText(m.for), ...(m.against ? { against: amountText(m.against) } : {}) })),
  }));
}

/** The marks of an open election's ballots, by ballot id, in the order of the candidacies. */
async function marksByBallot(db: Db, resolutionId: string) {
  const rows = await db
    .selectFrom("candidate_mark as m")
    .innerJoin("ballot as b", "b.id", "m.ballot_id")
    .innerJoin("candidacy as c", "c.id", "m.candidacy_id")
    .select(["m.ballot_id as ballotId", "m.candidacy_id as candidacyId", "m.choice"])
    .where("b.resolution_id", "=", resolutionId)
    .orderBy("m.ballot_id")
    .orderBy("c.position")
    .execute();
  const out = new Map<string, { candidacyId: string; choice: string }[]>();
  for (const row of rows) {
    const list = out.get(row.ballotId) ?? [];
    list.push({ candidacyId: row.candidacyId, choice: row.choice });
    out.set(row.ballotId, list);
  }
  return out;
}

/**
 * The tally file of a closed election (docs/election-file.md): the ballots form for an open vote
 * (voters by member id, as a resolution's file), the totals form for a secret one. Under
 * proportional weighting, ballots of members outside the vote's colleges count for nothing and are
 * left out (a ballot of the file needs a college of the file); the electorate lists everyone.
 */
export async function electionTallyFileOf(db: Db, r: ResolutionRow, rule: VotingRule, entityName: string) {
  const frozen = r.result ? (JSON.parse(r.result) as FrozenResult) : null;
  const { rule: e, known, head } = await electionHead(db, r, rule, frozen);
  const setup = (await q.findSetup(db, r.id))!;
  const organ = frozen?.election?.organ;
  const about = {
    $comment: `Cogere — ${entityName}, élection ${r.number} : ${r.title}`,
    $resolution: { id: r.id, number: r.number, title: r.title, openedAt: r.opened_at, closedAt: r.closed_at, secret: rule.secret, organ: organ ?? { id: setup.organ_id } },
  };
  if (rule.secret) {
    const box = await findElection(db, r.id);
    return {
      ...about,
      $resolution: { ...about.$resolution, ...(box?.box_hash ? { boxHash: box.box_hash } : {}) },
      ...head,
      totals: await secretElectionTotalsJson(db, r.id, known),
    };
  }
  const counted = (college: string | null) => e.weighting === "headcount" || (college !== null && known.has(college));
  const electorate: { voter: string; college?: string; weight: string }[] = [];
  let eligibleCount = 0;
  for await (const page of iterateElectorate(db, r.id)) {
    for (const x of page) {
      eligibleCount++;
      electorate.push({ voter: x.memberId, ...(x.collegeId && known.has(x.collegeId) ? { college: x.collegeId } : {}), weight: votingWeightText(x.weightMicro) });
    }
  }
  const marks = await marksByBallot(db, r.id);
  const ballots: Record<string, unknown>[] = [];
  for await (const page of iterateBallots(db, r.id)) {
    for (const b of page) {
      if (!counted(b.collegeId)) continue;
      const own = marks.get(b.id) ?? [];
      ballots.push({
        voter: b.memberId!,
        ...(b.collegeId && known.has(b.collegeId) ? { college: b.collegeId } : {}),
        weight: votingWeightText(b.weightMicro),
        ...(b.castById ? { castBy: b.castById } : {}),
        ...(e.method === "plurinominal"
          ? { approvals: own.filter((m) => m.choice === "for").map((m) => m.candidacyId) }
          : { choices: Object.fromEntries(own.map((m) => [m.candidacyId, m.choice])) }),
        ...(b.channel ? { $channel: b.channel } : {}),
      });
    }
  }
  const given = (await listProxies(db, scopeOf(r))).filter((p): p is { principalId: string; holderId: string } => p.holderId != null);
  let proxies = given.map((p) => ({ principal: p.principalId, holder: p.holderId }));
  // Proxies beyond the cap were refused when given; keep only those the count would see valid.
  if (rule.proxyCap != null) proxies = classifyProxies(proxies, proxyCap(rule.proxyCap, eligibleCount)).valid;
  return {
    ...about,
    ...head,
    election: { ...head.election, ...(rule.proxyCap != null ? { proxy: { maxPerHolder: rule.proxyCap } } : {}) },
    electorate,
    proxies,
    ballots,
  };
}
