// What every bench case shares: statistics, the final table, servers started as users start
// them (ours and the bare baseline), the separate load-generating process, and what the
// kernel says of a process's CPU time and memory (/proc, never the app's own counters).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { LoadJob, LoadResult } from "./load";
import { RUN_ROOT } from "./seed";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const HERE = path.join(ROOT, "tests/bench");

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Nearest-rank percentile. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

// ---------------------------------------------------------------------------------------------
// The table

export interface Row {
  case: string;
  ours: string;
  bare: string;
  ratio: string;
  target: string;
  /** null: no target for this line. */
  met: boolean | null;
}

export const rows: Row[] = [];

export function ms(x: number): string {
  if (!Number.isFinite(x)) return "—";
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;
}

export function ratio(ours: number, bare: number, digits = 2): string {
  return Number.isFinite(ours) && Number.isFinite(bare) && bare > 0 ? `${(ours / bare).toFixed(digits)}×` : "—";
}

/** Adds a line to the final table and prints it now. */
export function report(row: Row) {
  rows.push(row);
  const met = row.met == null ? "" : row.met ? "  [met]" : "  [NOT met]";
  console.log(`  => ${row.case}: Cogere ${row.ours} | bare ${row.bare} | ratio ${row.ratio} | target ${row.target}${met}`);
}

export function printTable() {
  const head: Row = { case: "case", ours: "Cogere", bare: "bare baseline", ratio: "ratio", target: "target", met: null };
  const cells = (r: Row) => [r.case, r.ours, r.bare, r.ratio, r.target, r === head ? "met" : r.met == null ? "" : r.met ? "yes" : "NO"];
  const all = [head, ...rows].map(cells);
  const widths = all[0]!.map((_, i) => Math.max(...all.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(`\n${line(all[0]!)}\n| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
  for (const c of all.slice(1)) console.log(line(c));
}

// ---------------------------------------------------------------------------------------------
// Processes

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The command `npm run serve` runs: the compiled server when it was built, else tsx. */
export function serverCommand(): { command: string; args: string[]; label: string } {
  const compiled = path.join(ROOT, "build/bin/server.js");
  if (existsSync(compiled)) {
    // Node's flags as `npm run serve` gives them (package.json), so that the bench runs what users run.
    const serve: string = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.serve;
    const flags = /\bnode((?:\s+--\S+)*)\s+build\/bin\/server\.js/.exec(serve)?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
    return { command: process.execPath, args: [...flags, compiled], label: ["node", ...flags, "build/bin/server.js"].join(" ") };
  }
  return { command: path.join(ROOT, "node_modules/.bin/tsx"), args: [path.join(ROOT, "server.ts")], label: "tsx server.ts" };
}

export interface Server {
  name: string;
  port: number;
  origin: string;
  child: ChildProcess;
  /** Milliseconds from spawning to the first 200 on `readyPath`. */
  startMs: number;
  /** The end of what the server wrote on stderr. */
  stderr(): string;
  stop(): Promise<void>;
}

async function firstOk(port: number, readyPath: string, child: ChildProcess, deadline: number): Promise<void> {
  let exited: number | null | undefined;
  child.once("exit", (code) => (exited = code));
  for (;;) {
    if (exited !== undefined) throw new Error(`server exited (${exited}) before answering`);
    if (performance.now() > deadline) throw new Error("server did not answer in time");
    try {
      const res = await fetch(`http://127.0.0.1:${port}${readyPath}`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

// Servers still running, killed if the bench stops half-way (Ctrl-C, a failed case).
const running = new Set<ChildProcess>();
const killAll = () => {
  for (const c of running) {
    for (const pid of processTree(c.pid!).reverse()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone already
      }
    }
  }
};
process.once("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

function startProcess(name: string, command: string, args: string[], env: Record<string, string>, port: number, readyPath: string): Promise<Server> {
  const t0 = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "ignore", "pipe"] });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    stderr += String(d);
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });
  return firstOk(port, readyPath, child, t0 + 60_000).then(
    () => ({ name, port, origin: `http://127.0.0.1:${port}`, child, startMs: performance.now() - t0, stop, stderr: () => stderr }),
    async (e: Error) => {
      await stop();
      throw new Error(`${name}: ${e.message}\n${stderr.slice(-3000)}`);
    },
  );
}

/** Cogere as `npm run serve` starts it, in production mode, over the database `file`. */
export async function startCogere(file: string, dir: string, extraEnv: Record<string, string> = {}): Promise<Server> {
  const { command, args } = serverCommand();
  // BENCH_CPU_PROF=folder: each Cogere server writes a V8 CPU profile there when it stops.
  if (process.env.BENCH_CPU_PROF && command === process.execPath) args.unshift("--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`);
  const env = {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    DATABASE_PATH: file,
    // The bench process's own (seed.ts), so that both see the keys of the votes it opens.
    UPLOAD_DIR: process.env.UPLOAD_DIR ?? path.join(dir, "uploads"),
    DATA_KEYS_DIR: process.env.DATA_KEYS_DIR ?? path.join(dir, "keys"),
    COOKIE_SECRET: "bench-cookie-secret-bench-cookie-secret-0123",
    // BENCH_WEB_CONCURRENCY=N: every Cogere server of the run as N processes (docs/operations.md).
    ...(process.env.BENCH_WEB_CONCURRENCY ? { WEB_CONCURRENCY: process.env.BENCH_WEB_CONCURRENCY } : {}),
    ...extraEnv,
  };
  return startProcess("cogere", command, args, env, await freePort(), "/login");
}

/** The bare baseline: node:http + better-sqlite3 over the same file (tests/bench/bare-server.mjs). */
export async function startBare(file: string, extraEnv: Record<string, string> = {}): Promise<Server> {
  return startProcess("bare", process.execPath, [path.join(HERE, "bare-server.mjs")], { DATABASE_PATH: file, ...extraEnv }, await freePort(), "/login");
}

/** The bare PostgreSQL baseline of the scale case: node:http + pg over `url` (tests/bench/bare-pg-server.mjs). */
export async function startBarePg(url: string, extraEnv: Record<string, string> = {}): Promise<Server> {
  return startProcess("bare-pg", process.execPath, [path.join(HERE, "bare-pg-server.mjs")], { DATABASE_URL: url, ...extraEnv }, await freePort(), "/login");
}

/** The process and all its descendants (tsx runs the server in a child process). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim().split(/\s+/)) if (c) out.push(Number(c));
      } catch {
        // gone
      }
    }
  }
  return out;
}

export const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** CPU time (user + system) of a process in clock ticks, from /proc/<pid>/stat; null once it is gone. */
export function ticksOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

/** CPU time (user + system, ms) of a process and its descendants, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  return processTree(pid).reduce((ticks, p) => ticks + (ticksOf(p) ?? 0), 0) * TICK_MS;
}

/** Resident memory (MB) of a process and its descendants, from /proc/<pid>/status. */
export function rssMb(pid: number): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

let jobs = 0;

/**
 * Runs a load job in a separate process (tests/bench/load.ts), so that generating requests
 * never shares the server's event loop; `cpuOf` is the server whose CPU time is read around it.
 */
export async function runLoad(job: LoadJob, cpuOf?: Server, onGo?: (generatorPid: number) => void): Promise<LoadResult & { serverCpuMs: number | null }> {
  const jobFile = path.join(RUN_ROOT, `load-${++jobs}.json`);
  writeFileSync(jobFile, JSON.stringify(job));
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(HERE, "load.ts"), jobFile], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += String(d);
    // The generator says "ready" once loaded, then waits for "go": CPU is read from there.
    if (out.startsWith("ready\n") && !started) {
      started = true;
      cpu0 = cpuOf ? cpuMs(cpuOf.child.pid!) : 0;
      onGo?.(child.pid!);
      child.stdin!.end("go\n");
    }
  });
  let started = false;
  let cpu0 = 0;
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  rmSync(jobFile, { force: true });
  const cpu1 = cpuOf ? cpuMs(cpuOf.child.pid!) : 0;
  const text = out.replace(/^ready\n/, "");
  if (code !== 0) throw new Error(`load generator failed (${code}): ${text.slice(0, 2000)}`);
  return { ...(JSON.parse(text) as LoadResult), serverCpuMs: cpuOf ? cpu1 - cpu0 : null };
}

/** Waits `ms` milliseconds (the server settles: timers, GC). */
export const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));
