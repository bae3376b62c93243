// The load generator, run as its own process by the bench (lib.ts runLoad) so that it never
// shares the server's event loop. Reads the JSON job from the file named on its command line,
// prints "ready", waits for "go" on stdin, then runs a closed loop: `concurrency` clients over keep-alive connections, each taking
// the next sequence of requests (a voter: POST the vote, then GET the page it is sent to) until
// none is left or `maxMs` has passed. Prints the result as JSON on stdout.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

export interface LoadStep {
  method: "GET" | "POST";
  path: string;
  /** The session token, sent as the cookie `cookieName`. */
  token?: string;
  /** application/x-www-form-urlencoded body. */
  body?: string;
  /** Statuses that count as success. */
  ok: number[];
  /** After a redirect (3xx with Location), GET where it points, as a browser does; that GET must answer 200. */
  follow?: boolean;
}

export interface LoadJob {
  origin: string;
  cookieName: string;
  concurrency: number;
  /** Stop taking new sequences after this long. */
  maxMs?: number;
  sequences: LoadStep[][];
}

export interface LoadResult {
  /** Sequences finished (successful or not). */
  done: number;
  ok: number;
  failed: number;
  /** Answers by status, per step kind ("POST 302", "GET 200", "follow 200", "error ECONNRESET"). */
  statuses: Record<string, number>;
  elapsedMs: number;
  /** Sequences per second. */
  rate: number;
  /** Latency of whole sequences, ms. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  bytes: number;
  firstFailure: string | null;
}

interface Answer {
  status: number;
  location: string | undefined;
  bytes: number;
  body: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.origin);
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const statuses: Record<string, number> = {};
  const count = (key: string) => (statuses[key] = (statuses[key] ?? 0) + 1);
  let bytes = 0;
  let firstFailure: string | null = null;

  function send(method: string, path: string, token: string | undefined, body: string | undefined): Promise<Answer> {
    return new Promise((resolve, reject) => {
      // What a browser sends that matters to the server: the cookie, the origin of a form post, compression.
      const headers: Record<string, string | number> = { "Accept-Encoding": "gzip, deflate, br", Accept: "text/html,*/*" };
      if (token) headers.Cookie = `${job.cookieName}=${token}`;
      if (method === "POST") {
        headers.Origin = job.origin;
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        headers["Content-Length"] = Buffer.byteLength(body ?? "");
      }
      const req = request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (chunks.length < 4) chunks.push(c);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, bytes: size, body: Buffer.concat(chunks).toString("latin1").slice(0, 300) }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  async function sequence(steps: LoadStep[]): Promise<boolean> {
    for (const step of steps) {
      let a: Answer;
      try {
        a = await send(step.method, step.path, step.token, step.body);
      } catch (e) {
        count(`error ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
        firstFailure ??= `${step.method} ${step.path}: ${String(e)}`;
        return false;
      }
      bytes += a.bytes;
      count(`${step.method} ${a.status}`);
      if (!step.ok.includes(a.status)) {
        firstFailure ??= `${step.method} ${step.path}: ${a.status} ${a.body}`;
        return false;
      }
      if (step.follow && a.status >= 300 && a.status < 400 && a.location) {
        const target = new URL(a.location, job.origin);
        let b: Answer;
        try {
          b = await send("GET", target.pathname + target.search, step.token, undefined);
        } catch (e) {
          count(`error ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
          firstFailure ??= `GET ${a.location}: ${String(e)}`;
          return false;
        }
        bytes += b.bytes;
        count(`follow ${b.status}`);
        if (b.status !== 200) {
          firstFailure ??= `GET ${a.location}: ${b.status} ${b.body}`;
          return false;
        }
      }
    }
    return true;
  }

  const latencies: number[] = [];
  let next = 0;
  let ok = 0;
  const t0 = performance.now();
  const stopAt = job.maxMs ? t0 + job.maxMs : Infinity;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < job.sequences.length && performance.now() < stopAt) {
        const steps = job.sequences[next++]!;
        const t = performance.now();
        if (await sequence(steps)) ok++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsedMs = performance.now() - t0;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    done: latencies.length,
    ok,
    failed: latencies.length - ok,
    statuses,
    elapsedMs,
    rate: (latencies.length / elapsedMs) * 1000,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    bytes,
    firstFailure,
  };
}

// Only when run as the generator process, not when lib.ts imports the types.
if (process.argv[1] && /load\.ts$/.test(process.argv[1])) {
  const job = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as LoadJob;
  process.stdout.write("ready\n");
  await createInterface({ input: process.stdin })[Symbol.asyncIterator]().next(); // "go"
  const result = await run(job);
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}
