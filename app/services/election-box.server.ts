// The ballot box of a secret vote as anyone downloads it (docs/ballot-box.md §6): parameters,
// every accepted ballot in chain order (no member, no time), the head, the tally after the close,
// and a "result" member with what `npm run verify` needs to recompute the published result (a
// motion's tally, or an election's count per candidate).
import type { BoxEntryJson, BoxJson } from "~/crypto/box";
import { hashJson } from "~/crypto/encoding";
import type { ParametersJson } from "~/crypto/parameters";
import type { TallyJson } from "~/crypto/tally";
import type { VotingRule } from "~/domain/rules";
import type { Db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import * as q from "~/queries/election.server";
import { handCounts } from "~/queries/meetings.server";
import { findEntityBySlug } from "~/queries/entities.server";
import { findResolution, type ResolutionRow } from "~/queries/resolutions.server";
import { findRule } from "~/queries/rules.server";
import type { FrozenResult } from "./resolution-result.server";
import { ruleFromRow } from "./rules.server";
import { NO_COLLEGE } from "./election-core.server";
import { electionHead, secretElectionTotalsJson } from "./election-exports.server";
import { collegesJson, ruleJson, secretParticipation } from "./exports.server";

/** The box as stored: parameters, ballots in chain order, head and (after the count) the tally. */
export async function boxJsonOf(db: Db, election: q.ElectionRow): Promise<BoxJson> {
  if (!election.parameters || election.head == null) notFound();
  const ballots: BoxEntryJson[] = [];
  for (let after = 0; ; ) {
    const page = await q.encryptedBallotsPage(db, election.resolution_id, after, 5000);
    if (page.length === 0) break;
    for (const b of page) ballots.push({ tracker: b.tracker, hash: b.link, ballot: JSON.parse(b.ballot) as BoxEntryJson["ballot"] });
    after = page[page.length - 1]!.position;
  }
  return { parameters: JSON.parse(election.parameters) as ParametersJson, ballots, head: election.head, tally: election.tally ? (JSON.parse(election.tally) as TallyJson) : null };
}

/** The hash the frozen result carries: hashJson of the box without "result". */
export function boxHashOf(box: BoxJson): string {
  return hashJson(box);
}

/**
 * An election's "result" after the close: what its tally file's totals form holds — the election
 * member (rule and seed), the colleges with their weights, the candidates (ids: the box's
 * answers), the decrypted totals per college and candidate — and the election's result as frozen
 * (electionResultToJson), which `npm run verify` recounts from the box (db/verify-result.ts).
 */
async function electionBoxResult(db: Db, r: ResolutionRow, rule: VotingRule, frozen: FrozenResult) {
  const { known, head } = await electionHead(db, r, rule, frozen);
  return { ...head, totals: await secretElectionTotalsJson(db, r.id, known), published: frozen.election?.result ?? {} };
}

/**
 * A motion's "result" after the close: the rule, the colleges of the rule with their weights, the counts
 * entered in the room (each hand or paper ballot weighs 1 in its college), the figures of the
 * quorum — `eligible` and `present` in the quorum's basis (headcount, or weight; headcount when
 * the rule has none), exact fractions as text — and the result as frozen.
 */
async function resultMember(db: Db, r: ResolutionRow, rule: VotingRule, frozen: FrozenResult) {
  if (r.form === "election") return electionBoxResult(db, r, rule, frozen);
  // Paper ballots counted by the scrutineers, per college ("" in the room is "none" in the box).
  const extra = (await handCounts(db, r.id)).map((h) => ({ college: h.collegeId || NO_COLLEGE, channel: "paper" as const, for: h.for, against: h.against, abstain: h.abstain }));
  const participation = await secretParticipation(db, r, rule);
  return {
    rule: ruleJson(rule, r.meeting_id != null),
    colleges: await collegesJson(db, r.id),
    extra,
    participation: { eligible: participation.eligible.toString(), present: participation.present.toString() },
    published: frozen.tally,
  };
}

/** The downloadable box (BoxJson + "result": null while the vote is open or being counted). */
export async function ballotBoxFile(db: Db, entityId: string, resolutionId: string): Promise<object> {
  const r = await findResolution(db, entityId, resolutionId);
  if (!r) notFound();
  const election = await q.findElection(db, r.id);
  if (!election || !election.parameters) notFound();
  const box = await boxJsonOf(db, election);
  let result: object | null = null;
  if (r.status === "closed" && r.result) {
    const ruleRow = await findRule(db, entityId, r.rule_id);
    if (!ruleRow) notFound();
    result = await resultMember(db, r, ruleFromRow(ruleRow), JSON.parse(r.result) as FrozenResult);
  }
  return { ...box, result };
}

/**
 * Whether anyone may download a resolution's box: the entity publishes its boxes and the vote has
 * opened (open, counting or closed) — never a draft, a scheduled or a withdrawn one.
 */
export function boxIsPublic(entity: { public_ballot_boxes: number }, status: string): boolean {
  return entity.public_ballot_boxes === 1 && (status === "open" || status === "counting" || status === "closed");
}

/**
 * The box as anyone downloads it, signed in or not, when the entity publishes its boxes: the same
 * file as the members'. Anything missing (entity, setting, resolution, status, box) is one 404
 * that never says which.
 */
export async function publicBallotBoxFile(db: Db, slug: string, resolutionId: string): Promise<{ slug: string; status: string; box: object }> {
  const entity = await findEntityBySlug(db, slug);
  if (!entity || entity.public_ballot_boxes !== 1) notFound();
  const r = await findResolution(db, entity.id, resolutionId);
  if (!r || !boxIsPublic(entity, r.status)) notFound();
  return { slug: entity.slug, status: r.status, box: await ballotBoxFile(db, entity.id, r.id) };
}
