// Who uses the CPU during a load run (the scale case): sampled from /proc.
import { readdirSync, readFileSync } from "node:fs";
import { processTree, TICK_MS, ticksOf, type Server } from "./lib";

/** Shares of one core (100 = one core busy all along) over a sampled window. */
export interface CpuShares {
  /** The server's processes (a Cogere or bare server and its cluster workers). */
  node: number;
  /** PostgreSQL backends connected to the database watched. */
  backends: number;
  /** PostgreSQL's own processes (WAL writer, checkpointer, background writer, autovacuum). */
  postgresAux: number;
  /** The load generator. */
  generator: number;
  /** Every CPU of the machine, others' work included (/proc/stat), and the time stolen by the hypervisor. */
  machine: number;
  steal: number;
  cores: number;
  /** Most backends of the database seen at once. */
  connections: number;
  seconds: number;
}

/** PostgreSQL's processes, by kind: backends of `database`, the server's own, others (other databases' backends, ignored). */
function postgresProcesses(database: string): { backends: number[]; aux: number[] } {
  const backends: number[] = [];
  const aux: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
    } catch {
      continue;
    }
    // The postmaster: ".../bin/postgres -D …"; the others name themselves
    // ("postgres: 15/main: root cogere_bench_scale 127.0.0.1(41234) idle", "postgres: 15/main: walwriter").
    if (/^\S*\/postgres /.test(cmdline)) aux.push(Number(entry));
    if (!cmdline.startsWith("postgres: ")) continue;
    if (cmdline.includes(` ${database} `)) backends.push(Number(entry));
    else if (/: (checkpointer|background writer|walwriter|autovacuum|logical replication|stats|archiver)/.test(cmdline)) aux.push(Number(entry));
  }
  return { backends, aux };
}

function machineTicks(): { busy: number; steal: number } {
  const [, ...f] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f.map(Number) as number[];
  return { busy: user! + nice! + system! + irq! + softirq!, steal: steal ?? 0 };
}

/**
 * Samples, every 200 ms from start() to stop(), the CPU time of a server's processes, of the
 * PostgreSQL backends of `database` (and PostgreSQL's own processes), of the load generator and
 * of the whole machine. Processes that appear meanwhile count from zero; the last sample of one
 * that ends counts.
 */
export function cpuSampler(server: Server, database: string | null) {
  const base = new Map<number, number>();
  const last = new Map<number, number>();
  type Kind = "node" | "backends" | "postgresAux" | "generator";
  const kind = new Map<number, Kind>();
  let generator = 0;
  let connections = 0;
  let timer: NodeJS.Timeout | undefined;
  let t0 = 0;
  let m0 = machineTicks();
  const sample = (first: boolean) => {
    const seen: [number, Kind][] = processTree(server.child.pid!).map((p) => [p, "node"]);
    // tsx runs the generator in a child process.
    if (generator) for (const p of processTree(generator)) seen.push([p, "generator"]);
    if (database) {
      const pg = postgresProcesses(database);
      connections = Math.max(connections, pg.backends.length);
      for (const p of pg.backends) seen.push([p, "backends"]);
      for (const p of pg.aux) seen.push([p, "postgresAux"]);
    }
    for (const [pid, k] of seen) {
      const ticks = ticksOf(pid);
      if (ticks == null) continue;
      if (!base.has(pid)) base.set(pid, first ? ticks : 0);
      last.set(pid, ticks);
      kind.set(pid, k);
    }
  };
  return {
    /** Call when the load starts (runLoad's onGo), with the generator's pid. */
    start(generatorPid: number) {
      generator = generatorPid;
      t0 = performance.now();
      m0 = machineTicks();
      // The generator's time so far is loading, not load: counted from here, as everything else.
      sample(true);
      timer = setInterval(() => sample(false), 200);
    },
    stop(): CpuShares {
      clearInterval(timer);
      sample(false);
      const seconds = (performance.now() - t0) / 1000;
      const m1 = machineTicks();
      const shares: CpuShares = { node: 0, backends: 0, postgresAux: 0, generator: 0, machine: 0, steal: 0, cores: availableCores(), connections, seconds };
      // CPU milliseconds per wall second, over 10: a percentage of one core.
      const share = (ticks: number) => (ticks * TICK_MS) / (seconds * 10);
      for (const [pid, ticks] of last) shares[kind.get(pid)!] += share(ticks - base.get(pid)!);
      shares.machine = share(m1.busy - m0.busy);
      shares.steal = share(m1.steal - m0.steal);
      return shares;
    },
  };
}

function availableCores(): number {
  return readFileSync("/proc/stat", "utf8").split("\n").filter((l) => /^cpu\d+ /.test(l)).length;
}

/** "node 98 %, postgres 45 % (+4 % own), load 31 %, others 20 %; machine 196 % of 200 %": others is the rest of the machine's busy time (other users, this bench). */
export function formatShares(c: CpuShares): string {
  const p = (x: number) => `${x.toFixed(0)} %`;
  const others = Math.max(0, c.machine - c.node - c.backends - c.postgresAux - c.generator);
  return `node ${p(c.node)}, postgres ${p(c.backends)} (+${p(c.postgresAux)} own), load ${p(c.generator)}, others ${p(others)}; machine ${p(c.machine)} of ${c.cores * 100} %${c.steal >= 5 ? `, ${p(c.steal)} stolen` : ""}`;
}
