// WEB_CONCURRENCY > 1: the first process starts that many server processes (Node's cluster; they
// share the port), starts another when one dies, and stops them all on SIGTERM or SIGINT. It
// opens no database and serves nothing itself. What must be one for all of them lives in the
// database: sessions, login throttling, the scheduler's lease (app/services/scheduler.server.ts).
import cluster, { type Worker } from "node:cluster";

/** A process that dies sooner than this after its start is started again after a pause. */
const HEALTHY_MS = 5_000;
const PAUSE_MS = 1_000;

export function superviseWorkers(count: number): void {
  let stopping = false;
  const startedAt = new Map<Worker, number>();
  const start = () => startedAt.set(cluster.fork(), Date.now());
  for (let i = 0; i < count; i++) start();
  cluster.on("exit", (worker, code, signal) => {
    const ranMs = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) {
      if (startedAt.size === 0) process.exit(0);
      return;
    }
    console.error(`server process ${worker.process.pid} ended (${signal ?? `exit ${code}`}); starting another`);
    // A process that cannot start (a port taken, a database missing) is not restarted in a loop.
    if (ranMs < HEALTHY_MS) setTimeout(start, PAUSE_MS);
    else start();
  });
  const stop = () => {
    stopping = true;
    if (startedAt.size === 0) process.exit(0);
    for (const worker of startedAt.keys()) worker.process.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
