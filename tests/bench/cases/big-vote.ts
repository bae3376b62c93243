// Cases 1–3: a 100 000-member SCIC late in a vote under the AGO preset (first-call quorum 1/5,
// results hidden while open), with open ballots (secret ballots are case 5).
//   1. the tally of 100 000 ballots, in-process, vs a bare GROUP BY of the same ballots;
//   2. GET of the open resolution's page over HTTP, 90 000 ballots cast, vs the bare server;
//   3. the real flow: POST the vote, then GET the page that follows, 50 voters at once.
// Cogere votes on one resolution, the bare server on a twin with as many ballots; a third,
// with no ballot, shows whether a page view depends on the number of ballots.
import { performance } from "node:perf_hooks";
import { findResolution } from "~/queries/resolutions.server";
import { findRule } from "~/queries/rules.server";
import { SESSION_COOKIE } from "~/lib/session.server";
import { ruleFromRow } from "~/services/rules.server";
import { computeTally } from "~/services/tally.server";
import SQLite from "better-sqlite3";
import { median, ms, ratio, report, runLoad, startBare, startCogere, type Server } from "../lib";
import type { LoadStep } from "../load";
import { castRaw, checkTurnout, seedEntity, tempDir, type Seeded, type Voter } from "../seed";

const MEMBERS = 100_000;
const CAST = 90_000;

interface BigVote {
  s: Seeded;
  /** Cogere's resolution, the bare server's twin, and one with no ballot. */
  ours: string;
  bare: string;
  empty: string;
  /** Members who have not voted on `ours` nor `bare` yet, and how many of them voted since. */
  fresh: Voter[];
  used: number;
}

let big: Promise<BigVote> | undefined;

/** The 100 000-member SCIC (and 10 000 former members), seeded once per run. */
export function bigVote(): Promise<BigVote> {
  big ??= (async () => {
    console.log(`\nseeding a SCIC of ${MEMBERS} members, three open votes (two with ${CAST} ballots)`);
    const s = await seedEntity(tempDir("big"), MEMBERS, { exited: 10_000, openFirst: 3 });
    const [ours, bare, empty] = s.opened as [string, string, string];
    const cast = s.voters.slice(0, CAST);
    castRaw(s, ours, cast);
    castRaw(s, bare, cast);
    await checkTurnout(s, ours);
    return { s, ours, bare, empty, fresh: s.voters.slice(CAST), used: 0 };
  })();
  return big;
}

export const resolutionPath = (b: BigVote, id: string) => `/o/${b.s.entity.slug}/resolutions/${id}`;

function pageViews(server: Server, path: string, viewers: Voter[]) {
  // One after the other, for at most 8 s (at least one).
  return runLoad({ origin: server.origin, cookieName: SESSION_COOKIE, concurrency: 1, maxMs: 8000, sequences: viewers.map((v) => [{ method: "GET", path, token: v.token, ok: [200] }]) }, server);
}

const cpuPer = (r: { serverCpuMs: number | null; done: number }) => `${((r.serverCpuMs ?? 0) / Math.max(1, r.done)).toFixed(1)} ms CPU`;

function failures(label: string, r: { failed: number; firstFailure: string | null; statuses: Record<string, number> }) {
  if (r.failed > 0) console.log(`    ${label}: ${r.failed} failed ${JSON.stringify(r.statuses)}; first: ${r.firstFailure}`);
}

/** Case 2: one viewer at a time (latency, not throughput), members who have not voted yet. */
export async function pageCase() {
  const b = await bigVote();
  console.log("\n2. GET of an open resolution's page, 90 000 of 100 000 members voted (results hidden)");
  const ours = await startCogere(b.s.file, b.s.dir);
  const bare = await startBare(b.s.file);
  try {
    const viewers = b.fresh.slice(-200);
    const full: number[] = [];
    const none: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < 4; round++) {
      const who = viewers.slice(round * 40, round * 40 + 40);
      const a = await pageViews(ours, resolutionPath(b, b.ours), who);
      const z = await pageViews(ours, resolutionPath(b, b.empty), who);
      const c = await pageViews(bare, resolutionPath(b, b.bare), who);
      [a, z, c].forEach((r, i) => failures(["Cogere", "Cogere, no ballot", "bare"][i]!, r));
      console.log(`    round ${round}${round === 0 ? " (warm-up)" : ""}: Cogere p50 ${ms(a.p50)}, ${cpuPer(a)} (vote with no ballot ${ms(z.p50)}, ${cpuPer(z)}); bare p50 ${ms(c.p50)}, ${cpuPer(c)}`);
      if (round === 0) continue;
      full.push(a.p50);
      none.push(z.p50);
      baseline.push(c.p50);
    }
    const o = median(full);
    const e = median(none);
    report({ case: "2. GET open resolution page, 90 000 ballots (p50)", ours: ms(o), bare: ms(median(baseline)), ratio: ratio(o, median(baseline)), target: "—", met: null });
    report({ case: "2b. same page, vote with no ballot (O(1) check)", ours: ms(e), bare: "—", ratio: `${ratio(o, e)} of it`, target: "90 000 ballots ≤ 1.25× no ballot", met: o <= 1.25 * e });
  } finally {
    await Promise.all([ours.stop(), bare.stop()]);
  }
}

/**
 * Case 3: each voter posts the vote and reads the page that follows, two ways: without
 * JavaScript (the form posted to the page, a redirect followed if there is one: Cogere answers
 * 200 with the page and the receipt) and as a browser with JavaScript does (the form posted to
 * the route's .data URL, then the page's data fetched again). The bare server posts, redirects
 * and serves its page, on its twin resolution.
 */
export async function flowCase() {
  const b = await bigVote();
  console.log("\n3. Real flow late in the vote: POST the vote, then GET the page that follows, 50 voters at once");
  const ours = await startCogere(b.s.file, b.s.dir);
  const bare = await startBare(b.s.file);
  const page = (id: string) => resolutionPath(b, id);
  const formPost = (v: Voter, id: string): LoadStep[] => [{ method: "POST", path: page(id), token: v.token, body: "intent=vote&choice=for", ok: [200, 302, 303], follow: true }];
  const scripted = (v: Voter, id: string): LoadStep[] => [
    { method: "POST", path: `${page(id)}.data`, token: v.token, body: "intent=vote&choice=for", ok: [200, 202, 204] },
    { method: "GET", path: `${page(id)}.data`, token: v.token, ok: [200] },
  ];
  const flow = (server: Server, id: string, voters: Voter[], steps: (v: Voter, id: string) => LoadStep[]) =>
    runLoad({ origin: server.origin, cookieName: SESSION_COOKIE, concurrency: 50, maxMs: 8000, sequences: voters.map((v) => steps(v, id)) }, server);
  // Fresh members who vote in this run: taken in order, as many as voted.
  const take = () => b.fresh.slice(b.used, b.used + 1000);
  try {
    const runs: Record<"document" | "scripted" | "bare", Awaited<ReturnType<typeof flow>>[]> = { document: [], scripted: [], bare: [] };
    for (let round = 0; round < 3; round++) {
      const first = take();
      const a = await flow(ours, b.ours, first, formPost);
      // The bare server's twin: the same members, on its own resolution.
      const c = await flow(bare, b.bare, first, formPost);
      b.used += Math.max(a.done, c.done);
      const second = take();
      const j = await flow(ours, b.ours, second, scripted);
      b.used += j.done;
      for (const [label, r] of [["Cogere", a], ["Cogere (JavaScript)", j], ["bare", c]] as const) failures(label, r);
      const line = (r: typeof a) => `${r.rate.toFixed(0)} votes/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, ${cpuPer(r)}/vote ${JSON.stringify(r.statuses)}`;
      console.log(`    round ${round}: Cogere ${line(a)}; with JavaScript ${line(j)}; bare ${line(c)}`);
      runs.document.push(a);
      runs.scripted.push(j);
      runs.bare.push(c);
    }
    const rate = (k: keyof typeof runs) => median(runs[k].map((r) => (r.ok / r.elapsedMs) * 1000));
    const p = (k: keyof typeof runs, q: "p50" | "p99") => median(runs[k].map((r) => r[q]));
    const bareText = `${rate("bare").toFixed(0)} votes/s, p50 ${ms(p("bare", "p50"))}, p99 ${ms(p("bare", "p99"))}`;
    for (const k of ["document", "scripted"] as const) {
      report({
        case: k === "document" ? "3. real flow: POST vote + page, no JavaScript, 50 voters" : "3b. real flow with JavaScript: POST .data + GET .data",
        ours: `${rate(k).toFixed(0)} votes/s, p50 ${ms(p(k, "p50"))}, p99 ${ms(p(k, "p99"))}`,
        bare: bareText,
        ratio: ratio(rate(k), rate("bare")),
        target: "≥ 100 votes/s, p50 < 0.5 s",
        met: rate(k) >= 100 && p(k, "p50") < 500,
      });
    }
    await checkTurnout(b.s, b.ours);
  } finally {
    await Promise.all([ours.stop(), bare.stop()]);
  }
}

/** Case 1: the votes not cast yet are added, so that all 100 000 members have voted. */
export async function tallyCase() {
  const b = await bigVote();
  console.log("\n1. Tally of 100 000 ballots in 5 colleges, AGO preset with its first-call quorum 1/5, file database");
  const { db } = b.s;
  const voted = new Set((await db.selectFrom("participation").select("member_id").where("resolution_id", "=", b.ours).execute()).map((p) => p.member_id));
  castRaw(b.s, b.ours, b.s.voters.filter((v) => !voted.has(v.memberId)));
  await checkTurnout(b.s, b.ours);
  const raw = new SQLite(b.s.file, { readonly: true });
  const bare = raw.prepare("select college_id, choice, count(*) as n, sum(weight_micro) as w from ballot where resolution_id = ? group by college_id, choice");
  const tally = async () => {
    const r = (await findResolution(db, b.s.entity.id, b.ours))!;
    const rule = ruleFromRow((await findRule(db, b.s.entity.id, r.rule_id))!);
    return computeTally(db, r, rule);
  };
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < 27; i++) {
    let t = performance.now();
    await tally();
    const a = performance.now() - t;
    t = performance.now();
    bare.all(b.ours);
    const c = performance.now() - t;
    // Two warm-up rounds, then twenty-five: tens of milliseconds each, easily disturbed.
    if (i >= 2) {
      ours.push(a);
      baseline.push(c);
    }
  }
  raw.close();
  const result = await tally();
  const q = result.result.quorum;
  console.log(
    `    ${result.voted} voted of ${result.eligible}; quorum ${q ? `${q.present.toString()} present, ${q.required.toString()} required, ${q.reached ? "reached" : "NOT reached"}` : "none"}; ` +
      `${result.result.adopted ? "adopted" : "rejected"} (${result.result.reason}), share for ${result.result.percent ?? "—"} %`,
  );
  const o = median(ours);
  const c = median(baseline);
  report({ case: "1. tally, 100 000 ballots, AGO preset with quorum", ours: ms(o), bare: ms(c), ratio: ratio(o, c), target: "≤ 1.1× bare", met: o <= 1.1 * c });
}
