// What a closed vote publishes: its tally file (DESIGN.md §5), which `npm run tally`
// recomputes without the server, and its ballots as CSV.
import { votingWeightText } from "~/domain/members";
import { classifyProxies, proxyCap } from "~/domain/proxies";
import { toTallyRule, type VotingRule } from "~/domain/rules";
import type { Db } from "~/lib/db.server";
import { toCsv } from "~/lib/csv.server";
import type { Locale } from "~/lib/locale";
import { iterateBallots, iterateElectorate, listParticipants, listProxies, scopeOf } from "~/queries/ballots.server";
import { handCounts } from "~/queries/meetings.server";
import { resolutionColleges, type ResolutionRow } from "~/queries/resolutions.server";
import { quorumPresent } from "./tally.server";

function ruleJson(rule: VotingRule, atMeeting: boolean) {
  // At a meeting the quorum was the meeting's, checked before the vote opened.
  const t = toTallyRule(atMeeting ? { ...rule, quorumFirst: null, quorumLater: null } : rule);
  return {
    method: t.method,
    base: t.base,
    threshold: t.threshold.toString(),
    strict: t.strict,
    emptyCollege: t.emptyCollege,
    headcountBelowColleges: t.headcountBelowColleges,
    ...(t.quorum ? { quorum: { fraction: t.quorum.fraction.toString(), basis: t.quorum.basis } } : {}),
    ...(t.proxy ? { proxy: { maxPerHolder: t.proxy.maxPerHolder } } : {}),
  };
}

/**
 * The tally file of a resolution. A secret ballot is exported under its random ballot id, and
 * the electorate and participants anonymously, so the file links no choice to a member.
 */
export async function tallyFileOf(db: Db, r: ResolutionRow, rule: VotingRule, entityName: string) {
  const colleges = await resolutionColleges(db, r.id);
  const electorate: { voter: string; college?: string; weight: string }[] = [];
  const ballots: { voter: string; college?: string; choice: string; weight: string; castBy?: string; $channel?: string }[] = [];
  let eligibleCount = 0;
  const weightOf = new Map<string, { college: string | null; weightMicro: number }>();
  for await (const page of iterateElectorate(db, r.id)) {
    for (const e of page) {
      eligibleCount++;
      weightOf.set(e.memberId, { college: e.collegeId, weightMicro: e.weightMicro });
      if (!rule.secret) electorate.push({ voter: e.memberId, ...(e.collegeId ? { college: e.collegeId } : {}), weight: votingWeightText(e.weightMicro) });
    }
  }
  for await (const page of iterateBallots(db, r.id)) {
    for (const b of page) {
      const voter = rule.secret ? `b-${b.id}` : b.memberId!;
      if (rule.secret) electorate.push({ voter, ...(b.collegeId ? { college: b.collegeId } : {}), weight: votingWeightText(b.weightMicro) });
      ballots.push({
        voter,
        ...(b.collegeId ? { college: b.collegeId } : {}),
        choice: b.choice,
        weight: votingWeightText(b.weightMicro),
        ...(!rule.secret && b.castById ? { castBy: b.castById } : {}),
        ...(!rule.secret && b.channel ? { $channel: b.channel } : {}),
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
  const present = rule.quorumFirst && !r.meeting_id ? await quorumPresent(db, r, rule, eligibleCount) : null;
  let participants: string[] | undefined;
  let proxies: { principal: string; holder: string }[] | undefined;
  if (!rule.secret) {
    const valid = (await listProxies(db, scopeOf(r))).filter((p): p is { principalId: string; holderId: string } => p.holderId != null).map((p) => ({ principal: p.principalId, holder: p.holderId }));
    proxies = valid;
    participants = present ? [...present] : undefined;
  } else {
    // Secret: everyone eligible appears once, under the ballot id when they voted, else anonymously.
    const voted = new Set((await listParticipants(db, r.id)).map((p) => p.memberId));
    participants = present ? ballots.map((b) => b.voter) : undefined;
    let n = 0;
    for (const [memberId, e] of weightOf) {
      if (voted.has(memberId)) continue;
      const voter = `${present?.has(memberId) ? "present" : "absent"}-${++n}`;
      electorate.push({ voter, ...(e.college ? { college: e.college } : {}), weight: votingWeightText(e.weightMicro) });
      if (present?.has(memberId)) participants?.push(voter);
    }
  }
  // Proxies beyond the cap were refused when given; keep only those the engine would see valid.
  if (proxies && rule.proxyCap != null) proxies = classifyProxies(proxies, proxyCap(rule.proxyCap, eligibleCount)).valid;
  return {
    $comment: `Cogere — ${entityName}, résolution ${r.number} : ${r.title}`,
    $resolution: { id: r.id, number: r.number, title: r.title, openedAt: r.opened_at, closedAt: r.closed_at, secret: rule.secret },
    rule: ruleJson(rule, r.meeting_id != null),
    colleges: colleges.map((c) => ({ id: c.college_id, name: c.name, weight: `${c.weight_num}/${c.weight_den}` })),
    electorate,
    ...(participants ? { participants } : {}),
    ...(proxies ? { proxies } : {}),
    ballots,
  };
}

const CSV_HEADERS = {
  fr: { open: ["numero", "nom", "college", "poids", "choix", "canal", "exprime_par", "date"], secret: ["bulletin", "recu_sha256", "college", "poids", "choix"] },
  en: { open: ["number", "name", "college", "weight", "choice", "channel", "cast_by", "cast_at"], secret: ["ballot", "receipt_sha256", "college", "weight", "choice"] },
} as const;

/** The ballots as CSV, a page at a time; a secret ballot shows its id and receipt hash only. */
export async function* ballotsCsv(db: Db, r: ResolutionRow, secret: boolean, locale: Locale) {
  const names = new Map((await resolutionColleges(db, r.id)).map((c) => [c.college_id, c.name]));
  yield toCsv([[...CSV_HEADERS[locale][secret ? "secret" : "open"]]]);
  for await (const page of iterateBallots(db, r.id)) {
    const rows = page.map((b) => {
      const college = b.collegeId ? (names.get(b.collegeId) ?? b.collegeId) : "";
      const weight = votingWeightText(b.weightMicro);
      return secret
        ? [b.id, b.receiptHash, college, weight, b.choice]
        : [b.voterNumber, b.voterName, college, weight, b.choice, b.channel, b.casterName, b.castAt];
    });
    yield toCsv(rows, { bom: false });
  }
}
