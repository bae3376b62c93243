// Cases 8 and 9: the server process itself.
//   8. cold start: spawning what `npm run serve` runs until the first 200 on /login, vs a bare
//      node:http + better-sqlite3 server until its first 200;
//   9. memory: resident size (the process and its children, from /proc) once started and idle,
//      then after a burst of 200 page views (resolution pages, and register pages as the admin),
//      vs the bare server serving the same burst.
import { SESSION_COOKIE } from "~/lib/session.server";
import type { LoadStep } from "../load";
import { median, ms, ratio, report, rssMb, runLoad, sleep, startBare, startCogere, type Server } from "../lib";
import { seedEntity, tempDir } from "../seed";
import { bigVote, resolutionPath } from "./big-vote";

export async function coldCase() {
  console.log(`\n8. Cold start: spawn → first 200 on /login`);
  const s = await seedEntity(tempDir("cold"), 10);
  const o: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < 6; round++) {
    const ours = await startCogere(s.file, s.dir);
    await ours.stop();
    const bare = await startBare(s.file);
    await bare.stop();
    console.log(`    round ${round}${round === 0 ? " (warm-up: files into the page cache)" : ""}: Cogere ${ms(ours.startMs)}, bare ${ms(bare.startMs)}`);
    if (round === 0) continue;
    o.push(ours.startMs);
    b.push(bare.startMs);
  }
  const x = median(o);
  report({ case: "8. cold start → first 200 on /login", ours: ms(x), bare: ms(median(b)), ratio: ratio(x, median(b), 1), target: "< 0.7 s", met: x < 700 });
}

const mb = (x: number) => `${x.toFixed(0)} MB`;

export async function memoryCase() {
  const big = await bigVote();
  console.log("\n9. Memory (RSS): idle after start, then after a burst of 200 page views (20 at once) on the 100 000-member database");
  const viewers = big.fresh.slice(-400);
  const burst = (server: Server, resolutionId: string): LoadStep[][] =>
    Array.from({ length: 200 }, (_, i) =>
      i % 4 === 3
        ? [{ method: "GET", path: `/o/${big.s.entity.slug}/members?status=active&page=${1 + ((i * 37) % 2000)}`, token: big.s.adminToken, ok: [200] }]
        : [{ method: "GET", path: resolutionPath(big, resolutionId), token: viewers[i % viewers.length]!.token, ok: [200] }],
    );
  const measure = async (server: Server, resolutionId: string) => {
    await sleep(1000);
    const idle = rssMb(server.child.pid!);
    const r = await runLoad({ origin: server.origin, cookieName: SESSION_COOKIE, concurrency: 20, sequences: burst(server, resolutionId) });
    if (r.failed > 0) console.log(`    ${server.name}: ${r.failed} failed ${JSON.stringify(r.statuses)}; first: ${r.firstFailure}`);
    const after = rssMb(server.child.pid!);
    await server.stop();
    return { idle, after };
  };
  const o: { idle: number; after: number }[] = [];
  const b: { idle: number; after: number }[] = [];
  for (let round = 0; round < 3; round++) {
    o.push(await measure(await startCogere(big.s.file, big.s.dir), big.ours));
    b.push(await measure(await startBare(big.s.file), big.bare));
    console.log(`    round ${round}: Cogere idle ${mb(o[round]!.idle)}, after ${mb(o[round]!.after)}; bare idle ${mb(b[round]!.idle)}, after ${mb(b[round]!.after)}`);
  }
  const idle = median(o.map((x) => x.idle));
  const after = median(o.map((x) => x.after));
  report({ case: "9. memory idle after start (RSS)", ours: mb(idle), bare: mb(median(b.map((x) => x.idle))), ratio: ratio(idle, median(b.map((x) => x.idle)), 1), target: "< 130 MB", met: idle < 130 });
  report({ case: "9b. memory after 200 page views (RSS)", ours: mb(after), bare: mb(median(b.map((x) => x.after))), ratio: ratio(after, median(b.map((x) => x.after)), 1), target: "—", met: null });
}
