// npm run test:crash (needs the built app: npm run build). A storm of concurrent votes through
// the built server, killed with SIGKILL half-way, three times. After each kill, on the files the
// server left: PRAGMA integrity_check is ok, every vote the server acknowledged (its receipt page, or 302 back to the
// resolution) is in the database with its choice, no vote is half-written (participations ==
// ballots, college by college) and the app's tally equals the ballots counted row by row. Then the
// server restarts on the same files, the votes that were lost in flight are cast again, and the
// vote is complete and exact. During the second storm an online backup is taken (db/backup.ts):
// it must hold every vote acknowledged before it started; at the end `npm run db:backup` copies
// the live database while the server runs, and the copy, restored, opens, migrates and matches.
// A storm first runs through two server processes (WEB_CONCURRENCY=2), one of them killed.
// The server is the compiled one (build/bin/server.js), the commands are the npm scripts.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { backupDatabase } from "#db/backup";
import { createDb, type Db } from "#db/index";
import { migrateToLatest } from "#db/migrate";
import { SESSION_COOKIE } from "~/lib/session.server";
import { choiceOf, integrityProblems as integrity, makeVoteFixture, readVote, voteProblems, type Ack, type VoteFixture } from "./fixture";

const VOTERS = 200;
const CONCURRENCY = 40;
const CYCLES = 3;
/** The last storm's server processes (WEB_CONCURRENCY). */
const PROCESSES = 2;

let passed = 0;
let failed = 0;
function check(name: string, problems: string[]) {
  if (problems.length === 0) {
    passed++;
    console.log(`  ✓ ${name}`);
  } else {
    failed++;
    console.log(`  ✗ ${name}`);
    for (const p of problems.slice(0, 5)) console.log(`      ${p}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const dir = mkdtempSync(path.join(tmpdir(), "cogere-crash-"));
const file = path.join(dir, "crash.db");
const env = { ...process.env, NODE_ENV: "production" as const, DATABASE_PATH: file, UPLOAD_DIR: path.join(dir, "uploads") };

/** `npm run <script> -- args`, as an operator types it (the compiled tools of build/bin). */
function npmRun(script: string, args: string[], extra: Record<string, string> = {}) {
  return spawnSync("npm", ["run", script, "--", ...args], { env: { ...env, ...extra }, encoding: "utf8" });
}

/** What `npm run serve` runs, started directly so that the pid we kill is the server's. */
async function startServer(port: number, extra: Record<string, string> = {}, processes = 1): Promise<ChildProcess> {
  const server = spawn(process.execPath, ["build/bin/server.js"], { env: { ...env, ...extra, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  server.stderr!.on("data", (d: Buffer) => (output += String(d)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 30 s:\n${output}`)), 30_000);
    server.stdout!.on("data", (d: Buffer) => {
      output += String(d);
      if (output.split("is ready").length > processes) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it was ready:\n${output}`));
    });
  });
  // Once it runs, what the server says about errors goes into this test's output.
  server.stderr!.on("data", (d: Buffer) => process.stderr.write(`  [server] ${String(d)}`));
  return server;
}

// One kill a server: the acknowledgements still arriving ask for it again.
const kills = new WeakMap<ChildProcess, Promise<void>>();

function killHard(server: ChildProcess): Promise<void> {
  let killed = kills.get(server);
  if (!killed) {
    killed = new Promise((resolve) => {
      if (server.exitCode !== null || server.signalCode !== null) return resolve();
      server.once("exit", () => resolve());
      server.kill("SIGKILL");
    });
    kills.set(server, killed);
  }
  return killed;
}

/** Whether the server answers /healthz within a second (a killed one refuses the connection). */
async function answers(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://localhost:${port}/healthz`, { signal: AbortSignal.timeout(1_000), headers: { Connection: "close" } })).ok;
  } catch {
    return false;
  }
}

interface Storm {
  acked: Map<string, Ack>;
  refused: string[];
}

/**
 * Each voter of `voters` votes on resolution `k`, CONCURRENCY at a time. `onAck` runs after each
 * acknowledgement (it may kill the server: requests then in flight fail, none is sent after).
 */
async function storm(port: number, fx: VoteFixture, k: number, voters: number[], onAck: (acked: ReadonlyMap<string, Ack>) => Promise<boolean> | boolean): Promise<Storm> {
  const resolutionId = fx.resolutions[k]!.id;
  const here = `/o/${fx.slug}/resolutions/${resolutionId}`;
  const acked = new Map<string, Ack>();
  const refused: string[] = [];
  let next = 0;
  let stopped = false;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (!stopped && next < voters.length) {
        const i = voters[next++]!;
        const voter = fx.voters[i]!;
        const choice = choiceOf(i, k);
        // A keep-alive socket the server closed while this process was busy checking the files
        // (its event loop blocked, it never saw the close) fails at once, before the request is
        // read: retried while the server answers.
        for (let attempt = 0; ; attempt++) {
        try {
          const res = await fetch(`http://localhost:${port}${here}`, {
            method: "POST",
            redirect: "manual",
            headers: { Origin: `http://localhost:${port}`, Cookie: `${SESSION_COOKIE}=${voter.token}`, "Content-Type": "application/x-www-form-urlencoded" },
            // confirmed=1: what the confirmation step (or its dialog) posts for a secret ballot;
            // without it the server would answer that step and record nothing.
            body: new URLSearchParams({ intent: "vote", choice, confirmed: "1" }),
          });
          const page = await res.text();
          // A first ballot is acknowledged by the page that shows its receipt once (never a
          // redirect with the receipt in a cookie); a changed open ballot by a redirect back.
          const recorded = res.status === 200 && page.includes("enregistré. Gardez votre reçu");
          if (recorded || (res.status === 302 && res.headers.get("Location") === here)) {
            acked.set(voter.memberId, { collegeId: voter.collegeId, choice });
            if (await onAck(acked)) stopped = true;
          } else {
            refused.push(`${voter.memberId}: ${res.status}`);
          }
          break;
        } catch (e) {
          // Up to three times, while the server still answers: the next socket of the pool may
          // have been closed the same way, or reset as the server closed it for idleness.
          const code = (e as { cause?: { code?: string } }).cause?.code;
          if (attempt < 3 && !stopped && (code === "UND_ERR_SOCKET" || code === "ECONNRESET") && (await answers(port))) continue;
          // The server died with this request in flight: not acknowledged, may or may not be there.
          stopped = true;
          break;
        }
        }
      }
    }),
  );
  return { acked, refused };
}

async function withDb<T>(dbFile: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(dbFile);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/** The pids of a process's children (cluster's server processes). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    for (const c of readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/)) if (c) out.push(Number(c));
  }
  return out;
}

async function waitFor<T>(what: string, get: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const until = performance.now() + ms;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (performance.now() > until) throw new Error(`waited ${ms / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The last storm, through PROCESSES server processes over the one file (WEB_CONCURRENCY): one of
 * them holds the scheduler's lease; one is killed with SIGKILL half-way and the first process
 * starts another; every acknowledged vote is there, and once the others have voted, all are.
 */
async function severalProcesses(port: number, fx: VoteFixture, everyone: number[]): Promise<void> {
  const k = CYCLES;
  const resolutionId = fx.resolutions[k]!.id;
  console.log(`Storm 0 (open ballot, ${PROCESSES} server processes)`);
  const primary = await startServer(port, { WEB_CONCURRENCY: String(PROCESSES), COOKIE_SECRET: "crash-test-cookie-secret-0123456789abcdef" }, PROCESSES);
  const workers = await waitFor("the server processes", () => {
    const pids = childrenOf(primary.pid!);
    return pids.length === PROCESSES ? pids : undefined;
  });
  const holder = await waitFor("the scheduler's lease", () =>
    withDb(file, async (db) => (await db.selectFrom("job_lease").select("holder").where("name", "=", "scheduler").executeTakeFirst())?.holder),
  );
  const leader = workers.find((pid) => holder.includes(`:${pid}:`));
  check(`storm 0: ${PROCESSES} processes, the scheduler's lease held by one of them`, leader ? [] : [`lease holder ${holder}, processes ${workers.join(", ")}`]);

  // The process that does not run the scheduler is killed half-way (the lease of a killed
  // holder passes after it expires: tests/integration/scheduler-lease.test.ts).
  const victim = workers.find((pid) => pid !== leader)!;
  const first = await storm(port, fx, k, everyone, (acked) => {
    if (acked.size < VOTERS / 2) return false;
    try {
      process.kill(victim, "SIGKILL");
    } catch {
      // already gone
    }
    return true;
  });
  const recorded = await withDb(file, async (db) => {
    const state = await readVote(db, fx.entityId, resolutionId);
    check(`storm 0: one process killed with ${first.acked.size} votes acknowledged; every one is there, nothing partial, the tally matches`, [
      ...(first.refused.length > 0 ? [`refused: ${first.refused.slice(0, 3).join(", ")}`] : []),
      ...voteProblems(state, first.acked, false),
    ]);
    return state.participants;
  });
  const replaced = await waitFor("a new server process", () => {
    const pids = childrenOf(primary.pid!);
    return pids.length === PROCESSES && !pids.includes(victim) ? pids : undefined;
  });
  // The new process is ready when it answers; then the others vote, through both processes.
  await waitFor("an answer", () => fetch(`http://localhost:${port}/readyz`).then((r) => (r.ok ? true : undefined), () => undefined));
  const rest = everyone.filter((i) => !recorded.has(fx.voters[i]!.memberId));
  const second = await storm(port, fx, k, rest, () => false);
  await withDb(file, async (db) => {
    const state = await readVote(db, fx.entityId, resolutionId);
    const problems = voteProblems(state, new Map([...first.acked, ...second.acked]), false);
    if (second.refused.length > 0) problems.push(`refused: ${second.refused.slice(0, 3).join(", ")}`);
    if (state.participations !== VOTERS) problems.push(`${state.participations} votes recorded for ${VOTERS} voters`);
    check(`storm 0: process ${victim} replaced by ${replaced.find((p) => !workers.includes(p))}; the ${rest.length} others vote and all ${VOTERS} votes are counted exactly`, problems);
  });

  // Stopped as a supervisor stops it: every process ends, the lease is given up.
  const now = childrenOf(primary.pid!);
  const exited = new Promise<number | null>((resolve) => primary.once("exit", (code) => resolve(code)));
  primary.kill("SIGTERM");
  const code = await Promise.race([exited, new Promise<"late">((r) => setTimeout(() => r("late"), 20_000))]);
  if (code === "late") await killHard(primary);
  const gone = await waitFor("the server processes to stop", () => (now.every((pid) => !existsSync(`/proc/${pid}`)) ? true : undefined)).catch(() => false);
  const left = await withDb(file, (db) => db.selectFrom("job_lease").select("holder").execute());
  check(`storm 0: SIGTERM stops the ${PROCESSES} processes (exit ${code}) and gives the scheduler's lease up`, code === 0 && gone && left.length === 0 ? [] : [`exit ${code}, stopped ${gone}, leases ${JSON.stringify(left)}`]);
}

async function main() {
  const started = performance.now();
  if (!existsSync("build/bin/server.js")) {
    console.error("No build: run `npm run build` first.");
    console.log("0 passed, 1 failed");
    return 2;
  }
  const setup = npmRun("db:setup", []);
  if (setup.status !== 0) throw new Error(`db setup failed:\n${setup.stderr}`);
  // One vote per storm, and one for the storm through several processes.
  const fx = await withDb(file, (db) => makeVoteFixture(db, { voters: VOTERS, secret: Array.from({ length: CYCLES + 1 }, (_, k) => k === 1) }));
  const port = await freePort();
  const everyone = fx.voters.map((_, i) => i);
  console.log(`Crash test: ${VOTERS} voters, ${CONCURRENCY} at a time, ${CYCLES} kills and one through ${PROCESSES} processes (database ${file})`);
  await severalProcesses(port, fx, everyone);
  let server = await startServer(port);

  for (let k = 0; k < CYCLES; k++) {
    const { secret } = fx.resolutions[k]!;
    const resolutionId = fx.resolutions[k]!.id;
    console.log(`Storm ${k + 1} (${secret ? "secret" : "open"} ballot)`);
    let backup: { file: string; ackedBefore: Map<string, Ack> } | undefined;
    const live = server;
    const first = await storm(port, fx, k, everyone, async (acked) => {
      // Storm 2: an online backup a quarter of the way, while votes keep coming.
      if (k === 1 && !backup && acked.size >= VOTERS / 4) {
        backup = { file: path.join(dir, "storm.backup.db"), ackedBefore: new Map(acked) };
        await backupDatabase(file, backup.file);
      }
      if (acked.size >= VOTERS / 2) {
        await killHard(live);
        return true;
      }
      return false;
    });
    await killHard(live);
    check(`storm ${k + 1}: killed with ${first.acked.size} of ${VOTERS} votes acknowledged, none refused`, first.refused.length > 0 ? [`refused: ${first.refused.slice(0, 3).join(", ")}`] : first.acked.size >= VOTERS / 2 && first.acked.size < VOTERS ? [] : [`${first.acked.size} acknowledged`]);

    // The files as the killed server left them.
    const recorded = await withDb(file, async (db) => {
      check(`storm ${k + 1}: integrity_check ok after kill -9`, await integrity(db));
      const state = await readVote(db, fx.entityId, resolutionId);
      check(`storm ${k + 1}: every acknowledged vote is there (${state.participations} recorded), nothing partial, the tally matches`, voteProblems(state, first.acked, secret));
      return state.participants;
    });
    if (backup) {
      const b = backup;
      await withDb(b.file, async (db) => {
        const state = await readVote(db, fx.entityId, resolutionId);
        check(`storm ${k + 1}: the backup taken mid-storm holds the ${b.ackedBefore.size} votes acknowledged before it (${state.participations} in it)`, [...(await integrity(db)), ...voteProblems(state, b.ackedBefore, secret)]);
      });
    }

    // Restart on the same files; those whose vote is not there vote again, and the vote is whole.
    // (A vote in flight may have been recorded unacknowledged: a secret one cannot be cast twice.)
    server = await startServer(port);
    const rest = everyone.filter((i) => !recorded.has(fx.voters[i]!.memberId));
    const second = await storm(port, fx, k, rest, () => false);
    const all = new Map([...first.acked, ...second.acked]);
    await withDb(file, async (db) => {
      const state = await readVote(db, fx.entityId, resolutionId);
      const problems = voteProblems(state, all, secret);
      if (second.refused.length > 0) problems.push(`after restart, refused: ${second.refused.slice(0, 3).join(", ")}`);
      if (state.participations !== VOTERS) problems.push(`${state.participations} votes recorded for ${VOTERS} voters`);
      check(`storm ${k + 1}: after restart the ${rest.length} other voters vote and all ${VOTERS} votes are counted exactly`, problems);
    });
  }

  // The command an operator runs, while the server runs; the copy restored elsewhere.
  const backupFile = path.join(dir, "cli.backup.db");
  const cli = npmRun("db:backup", [backupFile]);
  check("npm run db:backup while the server runs", cli.status === 0 ? [] : [`exit ${cli.status}: ${cli.stderr}`]);
  await killHard(server);
  const restored = path.join(dir, "restored", "cogere.db");
  if (existsSync(backupFile)) {
    mkdirSync(path.dirname(restored), { recursive: true });
    copyFileSync(backupFile, restored);
    const migrate = npmRun("db:migrate", [], { DATABASE_PATH: restored });
    const problems = migrate.status === 0 ? [] : [`migrate: ${migrate.stderr}`];
    await withDb(restored, async (db) => {
      problems.push(...(await integrity(db)));
      await migrateToLatest(db);
      await withDb(file, async (liveDb) => {
        for (const r of fx.resolutions) {
          const [a, b] = [await readVote(db, fx.entityId, r.id), await readVote(liveDb, fx.entityId, r.id)];
          if (JSON.stringify(a.counted) !== JSON.stringify(b.counted) || a.participations !== b.participations) problems.push(`resolution ${r.id}: the restored copy differs from the live database`);
        }
      });
    });
    check("the backup, restored, passes integrity_check, migrates and holds every vote", problems);
  }

  rmSync(dir, { recursive: true, force: true });
  console.log(`\n${passed} passed, ${failed} failed (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    console.log(`\n${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  },
);
