// Everything the resolution page shows, gathered for the route.
import { foldText } from "~/domain/members";
import { smallCollegesOf } from "./secrecy.server";
import { can, canSeeResolution, type Role } from "~/domain/roles";
import { ruleInWords, showsLiveResults } from "~/domain/rules";
import { isActiveMember } from "~/domain/scic";
import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { notFound } from "~/lib/errors";
import { renderMarkdown } from "~/lib/markdown.server";
import * as ballots from "~/queries/ballots.server";
import { listMemberPage } from "~/queries/members.server";
import { findResolutionWithRule, findVoter } from "~/queries/resolutions.server";
import { findElection } from "~/queries/election.server";
import { collegeInBox, parametersOf, SECRET_CHOICES } from "./election-core.server";
import { participationOf, type ParticipationView } from "./participation.server";
import { liveResultOf } from "./resolution-result.server";
import { resultOf, type FrozenResult } from "./resolutions.server";
import { ruleFromRow } from "./rules.server";
import { electionView } from "./seat-election-page.server";
import { findSetup } from "~/queries/seat-elections.server";
import { roundsOf } from "./seat-election-rounds.server";

/** What a secret vote's page needs: its box (mode, head, size) and, while voting, what the browser encrypts with. */
export interface SecretView {
  mode: "server" | "trustees";
  head: string | null;
  inBox: number;
  boxHash: string | null;
  keyDestroyed: boolean;
  /** Present while the member can vote: the key and the frozen college and weight of each ballot they may cast. */
  electionId: string;
  electionKey: string | null;
  choices: typeof SECRET_CHOICES;
  mine: { collegeId: string; weightMicro: string } | null;
  held: { principalId: string; collegeId: string; weightMicro: string }[];
}

/** The result as published (closed, or live results), or participation alone. */
export type ResultView = ({ hidden: false } & FrozenResult) | ({ hidden: true } & ParticipationView);

export async function resolutionPage(db: Db, input: { entityId: string; role: Role; userId: string; resolutionId: string; holderQuery: string; candidateQuery?: string; now?: Date }) {
  const now = input.now ?? new Date();
  const found = await findResolutionWithRule(db, input.entityId, input.resolutionId);
  if (!found) notFound();
  const { resolution: r, rule: ruleRow, meeting } = found;
  const canRun = can(input.role, "meeting.run");
  const calls = r.form === "election" && r.status === "draft" ? (await findSetup(db, r.id))?.candidacy_deadline != null : false;
  if (!canSeeResolution(input.role, r.status, meeting ? { noticeSent: meeting.notice_sent_at != null } : null, calls)) notFound();
  if (!ruleRow) notFound();
  const rule = ruleFromRow(ruleRow);
  const voting = r.status === "open" && (!r.opens_at || r.opens_at <= now.toISOString()) && (!r.closes_at || r.closes_at > now.toISOString());

  let me: null | {
    memberId: string;
    name: string;
    eligible: boolean;
    voted: boolean;
    choice: string | null;
    castByOther: boolean;
    proxyGiven: { holderName: string | null; blank: boolean } | null;
    held: { principalId: string; principalName: string; voted: boolean; choice: string | null }[];
  } = null;
  // Where the member stands (electorate, participation, ballot, proxy given) in one read.
  const member = can(input.role, "vote.cast") ? await ballots.memberStanding(db, r, { userId: input.userId }) : undefined;
  if (member && isActiveMember({ joinedOn: member.joined_on, exitedOn: member.exited_on }, isoDateInParis(now))) {
    const eligible = r.status === "open" || r.status === "counting" || r.status === "closed" ? member.voterId != null : r.status === "scheduled";
    const voted = member.participantId != null;
    const held = await ballots.proxiesHeldBy(db, ballots.scopeOf(r), member.id);
    me = {
      memberId: member.id,
      name: member.name,
      eligible,
      voted,
      choice: !rule.secret && voted ? member.ballotChoice : null,
      castByOther: member.castById != null && member.castById !== member.id,
      proxyGiven: member.proxyId != null ? { holderName: member.proxyHolderName, blank: member.proxyHolderId == null } : null,
      held: held.map((h) => ({ principalId: h.principalId, principalName: h.principalName, voted: h.votedMemberId != null, choice: (!rule.secret && h.ballotChoice) || null })),
    };
  }

  // Holders to choose from: a search, never the whole register.
  let holders: { id: string; name: string; collegeName: string | null }[] = [];
  if (me && input.holderQuery && !me.voted && !me.proxyGiven) {
    const found = await listMemberPage(db, input.entityId, { q: input.holderQuery, college: "", category: "", status: "active", page: 1 }, isoDateInParis(now), { namesOnly: true });
    holders = found.filter((m) => m.id !== me!.memberId).slice(0, 20).map((m) => ({ id: m.id, name: m.name, collegeName: m.collegeName }));
  }

  // A secret vote's box: the browser encrypts each ballot with the frozen college and weight.
  const election = rule.secret ? await findElection(db, r.id) : undefined;
  let secret: SecretView | null = null;
  if (election?.parameters) {
    const colleges = parametersOf(election.parameters).colleges;
    const frozen = async (memberId: string) => {
      const v = await findVoter(db, r.id, memberId);
      return v ? { collegeId: collegeInBox(colleges, v.college_id), weightMicro: String(v.weight_micro) } : null;
    };
    const mine = voting && me?.eligible && !me.voted && !me.proxyGiven ? await frozen(me.memberId) : null;
    const held = [];
    for (const h of voting && me ? me.held.filter((x) => !x.voted) : []) {
      const f = await frozen(h.principalId);
      if (f) held.push({ principalId: h.principalId, ...f });
    }
    secret = {
      mode: election.mode,
      head: election.head,
      inBox: election.ballot_count,
      boxHash: election.box_hash,
      keyDestroyed: election.key_destroyed_at != null,
      electionId: r.id,
      electionKey: election.election_key,
      choices: SECRET_CHOICES,
      mine,
      held,
    };
  }

  // While a vote is open and its rule hides results, only participation leaves the server:
  // built from counts, never from a tally with the choices taken out. A secret vote has no
  // result before its count: its sums are decrypted only after the close.
  const showChoices = r.status === "closed" || (r.status === "open" && showsLiveResults(rule));
  const result: ResultView | null =
    r.status !== "open" && r.status !== "counting" && r.status !== "closed"
      ? null
      : showChoices
        ? { hidden: false, ...(await (r.status === "open" ? liveResultOf : resultOf)(db, r, rule, { name: ruleRow.name, version: ruleRow.version }, now)) }
        : { hidden: true, ...(await participationOf(db, r, rule, { shared: true })) };
  const seatElection = await electionView(db, r, {
    entityId: input.entityId,
    canRun,
    secret: rule.secret,
    me: me && member ? { memberId: me.memberId, joinedOn: member.joined_on, exitedOn: member.exited_on } : null,
    held: me?.held.map((h) => h.principalId) ?? [],
    candidateQuery: input.candidateQuery ?? "",
    now,
  });
  return {
    election: seatElection,
    rounds: await roundsOf(db, r, result && !result.hidden ? result : null, seatElection?.rounds ?? (rule.collegeBlocOtherwise === "second-round" ? 2 : 1)),
    resolution: {
      id: r.id,
      number: r.number,
      title: r.title,
      bodyHtml: renderMarkdown(r.body),
      noteHtml: r.note ? renderMarkdown(r.note) : null,
      status: r.status,
      kind: r.kind,
      recommendation: r.recommendation,
      opensAt: r.opens_at,
      closesAt: r.closes_at,
      closedAt: r.closed_at,
      outcome: r.outcome,
    },
    rule: { name: ruleRow.name, words: ruleInWords(rule), secret: rule.secret, liveResults: rule.liveResults, proxyCap: rule.proxyCap },
    voting,
    canRun,
    me,
    holders,
    holderQuery: input.holderQuery,
    result,
    secret,
    // Before a secret vote opens, those who open it are told which colleges its totals would expose.
    smallColleges: canRun && rule.secret && (r.status === "draft" || r.status === "scheduled") ? (await smallCollegesOf(db, input.entityId, r.id, now)).map((c) => c.name ?? "") : [],
  };
}

export function normaliseHolderQuery(q: string | null): string {
  return foldText(q ?? "").slice(0, 80);
}
