// The scheduler: votes open and close on time, counts complete, reminders go out, without anyone
// loading a page. With several server processes (WEB_CONCURRENCY) it runs in one of them at a
// time: the one that holds its lease (a row of job_lease), renewed on each run.
import { hostname } from "node:os";
import type { Db } from "~/lib/db.server";
import { newId } from "~/lib/ids.server";
import { releaseLease, takeLease } from "~/queries/leases.server";
import { runScheduler } from "./resolutions.server";

/** How long a lease lasts (each process asks every 30 s, server.ts): a process that died is replaced within this and one more turn. */
export const SCHEDULER_LEASE_MS = 75_000;

/** This process, as the lease names its holder (host, pid, and a random part for a restarted pid). */
export const THIS_PROCESS = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;

/** Runs the scheduler when this process holds (or gets) its lease; false when another one does. */
export async function runSchedulerTurn(db: Db, now: Date = new Date(), holder = THIS_PROCESS): Promise<boolean> {
  const held = await takeLease(db, { name: "scheduler", holder, now: now.toISOString(), until: new Date(now.getTime() + SCHEDULER_LEASE_MS).toISOString() });
  if (!held) return false;
  await runScheduler(db, now);
  return true;
}

/** When this process stops: another one takes the scheduler on its next turn. */
export function releaseScheduler(db: Db, holder = THIS_PROCESS): Promise<void> {
  return releaseLease(db, "scheduler", holder);
}
