// Case 4: votes over HTTP, open ballots, 50 voters at once, a vote of 1 500 members. Cogere gets
// the vote as a browser with JavaScript sends it (the form posted to the route's .data URL);
// the bare server does the same durable work (session by SHA-256, eligibility, participation
// and ballot in one transaction, 302). Each round has a new vote for each, so that every
// member votes once per round; CPU time per vote is the server's, read from /proc.
import { SESSION_COOKIE } from "~/lib/session.server";
import { median, ms, ratio, report, runLoad, startBare, startCogere, type Server } from "../lib";
import { seedEntity, tempDir, type Seeded } from "../seed";

const MEMBERS = 1_500;
const CONCURRENCY = 50;

async function round(s: Seeded, server: Server, kind: "ours" | "bare", voters = s.voters) {
  const id = s.opened.shift()!;
  const path = `/o/${s.entity.slug}/resolutions/${id}${kind === "ours" ? ".data" : ""}`;
  const r = await runLoad(
    {
      origin: server.origin,
      cookieName: SESSION_COOKIE,
      concurrency: CONCURRENCY,
      sequences: voters.map((v, i) => [{ method: "POST", path, token: v.token, body: `intent=vote&choice=${["for", "against", "abstain"][i % 3]}`, ok: kind === "ours" ? [200] : [302] }]),
    },
    server,
  );
  if (r.failed > 0) console.log(`    ${kind}: ${r.failed} failed ${JSON.stringify(r.statuses)}; first: ${r.firstFailure}`);
  const rate = (r.ok / r.elapsedMs) * 1000;
  const cpu = r.serverCpuMs! / Math.max(1, r.done);
  return { rate, p50: r.p50, p99: r.p99, cpu };
}

export async function votesCase() {
  console.log(`\n4. Votes over HTTP, open ballots, ${CONCURRENCY} voters at once, a vote of ${MEMBERS} members`);
  // Two warm-up votes, then one per server and round.
  const s = await seedEntity(tempDir("votes"), MEMBERS, { openFirst: 2 + 2 * 3 });
  const ours = await startCogere(s.file, s.dir);
  const bare = await startBare(s.file);
  try {
    // Warm-up (JIT, caches): a whole round each, not counted. With a few hundred votes, the
    // rounds after it still got faster as the JIT warmed (1.7, 1.1, 1.0 ms of CPU per vote).
    await round(s, ours, "ours");
    await round(s, bare, "bare");
    const o: Awaited<ReturnType<typeof round>>[] = [];
    const b: Awaited<ReturnType<typeof round>>[] = [];
    for (let i = 0; i < 3; i++) {
      o.push(await round(s, ours, "ours"));
      b.push(await round(s, bare, "bare"));
      const [x, y] = [o[i]!, b[i]!];
      console.log(
        `    round ${i}: Cogere ${x.rate.toFixed(0)} votes/s, p50 ${ms(x.p50)}, p99 ${ms(x.p99)}, ${x.cpu.toFixed(2)} ms CPU/vote; ` +
          `bare ${y.rate.toFixed(0)} votes/s, p50 ${ms(y.p50)}, p99 ${ms(y.p99)}, ${y.cpu.toFixed(2)} ms CPU/vote`,
      );
    }
    const m = (xs: typeof o, k: keyof (typeof o)[number]) => median(xs.map((x) => x[k]));
    const rate = m(o, "rate");
    const bareRate = m(b, "rate");
    const p99 = m(o, "p99");
    report({
      case: `4. votes over HTTP, open ballots, ${CONCURRENCY} concurrent`,
      ours: `${rate.toFixed(0)} votes/s, p50 ${ms(m(o, "p50"))}, p99 ${ms(p99)}, ${m(o, "cpu").toFixed(2)} ms CPU/vote`,
      bare: `${bareRate.toFixed(0)} votes/s, p50 ${ms(m(b, "p50"))}, p99 ${ms(m(b, "p99"))}, ${m(b, "cpu").toFixed(2)} ms CPU/vote`,
      ratio: `${((rate / bareRate) * 100).toFixed(0)} % of bare (${ratio(m(o, "cpu"), m(b, "cpu"))} CPU)`,
      target: "≥ 40 % of bare, p99 < 100 ms",
      met: rate >= 0.4 * bareRate && p99 < 100,
    });
  } finally {
    await Promise.all([ours.stop(), bare.stop()]);
  }
}
