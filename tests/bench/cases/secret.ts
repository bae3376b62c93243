// Case 5: secret ballots over HTTP. Each ballot is built beforehand as the browser builds it
// (app/crypto, in worker threads, not timed) and posted as the browser posts it (the form to the
// route's .data URL, confirmed). The baseline is their physical limit: verifying the same
// ballots' proofs alone, one worker thread per core.
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { BallotInput, BallotJson } from "~/crypto/ballot";
import { SESSION_COOKIE } from "~/lib/session.server";
import { collegeInBox, parametersOf } from "~/services/election-core.server";
import { median, ms, report, runLoad, startCogere } from "../lib";
import { seedEntity, tempDir } from "../seed";
import type { CryptoTask } from "../crypto-worker";

const MEMBERS = 600;
const BALLOTS = 200;
const CONCURRENCY = 50;

// The worker is TypeScript: it registers tsx's loader first (as db/verify-parallel.ts does).
const WORKER = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL("../crypto-worker.ts", import.meta.url).href)}); });`;

class Pool {
  readonly workers = Array.from({ length: availableParallelism() }, () => new Worker(WORKER, { eval: true }));

  private ask<T>(w: Worker, task: CryptoTask): Promise<T> {
    return new Promise((resolve, reject) => {
      w.once("message", resolve);
      w.once("error", reject);
      w.postMessage(task);
    });
  }

  /** Splits `items` among the workers, one slice each. */
  async map<I, T>(items: I[], task: (slice: I[]) => CryptoTask): Promise<T[]> {
    const n = this.workers.length;
    const size = Math.ceil(items.length / n);
    return Promise.all(this.workers.map((w, i) => this.ask<T>(w, task(items.slice(i * size, (i + 1) * size)))));
  }

  close() {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export async function secretCase() {
  console.log(`\n5. Secret ballots over HTTP, ${CONCURRENCY} voters at once, vs verifying their proofs alone on ${availableParallelism()} threads`);
  const s = await seedEntity(tempDir("secret"), MEMBERS, { openFirst: 4, secret: true });
  const pool = new Pool();
  const ours = await startCogere(s.file, s.dir);
  try {
    const rates: number[] = [];
    const p50s: number[] = [];
    const p99s: number[] = [];
    const bare: number[] = [];
    for (let round = 0; round < 4; round++) {
      const id = s.opened[round]!;
      const election = await s.db.selectFrom("election").select(["election_key", "parameters"]).where("resolution_id", "=", id).executeTakeFirstOrThrow();
      const colleges = parametersOf(election.parameters!).colleges;
      const voters = s.voters.slice(0, round === 0 ? 40 : BALLOTS);
      const inputs: BallotInput[] = voters.map((v, i) => ({ electionId: id, electionKey: election.election_key!, college: collegeInBox(colleges, v.collegeId), weightMicro: BigInt(v.weightMicro), choice: i % 3, nChoices: 3 }));
      const t = performance.now();
      const ballots = (await pool.map<BallotInput, BallotJson[]>(inputs, (slice) => ({ kind: "build", inputs: slice }))).flat();
      if (round === 1) console.log(`    ${ballots.length} ballots built in ${ms(performance.now() - t)} (not timed)`);
      const path = `/o/${s.entity.slug}/resolutions/${id}.data`;
      const r = await runLoad({
        origin: ours.origin,
        cookieName: SESSION_COOKIE,
        concurrency: CONCURRENCY,
        sequences: voters.map((v, i) => [{ method: "POST", path, token: v.token, body: `intent=vote&confirmed=1&ballot=${encodeURIComponent(JSON.stringify(ballots[i]))}`, ok: [200] }]),
      });
      if (r.failed > 0) console.log(`    Cogere: ${r.failed} failed ${JSON.stringify(r.statuses)}; first: ${r.firstFailure}`);
      const inBox = await s.db.selectFrom("election").select("ballot_count").where("resolution_id", "=", id).executeTakeFirstOrThrow();
      const v0 = performance.now();
      const verified = (await pool.map<unknown, number>(ballots, (slice) => ({ kind: "verify", ballots: slice, electionId: id, electionKey: election.election_key! }))).reduce((a, b) => a + b, 0);
      const verifyRate = (ballots.length / (performance.now() - v0)) * 1000;
      const rate = (r.ok / r.elapsedMs) * 1000;
      console.log(
        `    round ${round}${round === 0 ? " (warm-up)" : ""}: Cogere ${rate.toFixed(0)} ballots/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, ${inBox.ballot_count} in the box; ` +
          `verification alone ${verifyRate.toFixed(0)} ballots/s (${verified} valid)`,
      );
      if (round === 0) continue;
      rates.push(rate);
      p50s.push(r.p50);
      p99s.push(r.p99);
      bare.push(verifyRate);
    }
    const rate = median(rates);
    const limit = median(bare);
    report({
      case: `5. secret ballots over HTTP, ${CONCURRENCY} concurrent`,
      ours: `${rate.toFixed(0)} ballots/s, p50 ${ms(median(p50s))}, p99 ${ms(median(p99s))}`,
      bare: `${limit.toFixed(0)} ballots/s verified (${availableParallelism()} threads)`,
      ratio: `${((rate / limit) * 100).toFixed(0)} %`,
      target: "≥ 80 % of verification alone",
      met: rate >= 0.8 * limit,
    });
  } finally {
    await Promise.all([ours.stop(), pool.close()]);
  }
}
