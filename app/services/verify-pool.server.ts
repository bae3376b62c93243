// Received secret ballots checked in worker threads (issue 13): their proofs cost several ms of
// CPU each, so they run on every core, off the event loop and before the vote's write
// transaction, which then keeps only what needs the database (election.server.ts appendBallot).
//
// Threads: VERIFY_THREADS (default: one per core; 0 checks in this thread), each sent two ballots
// at once. Queue: VERIFY_QUEUE more waiting for a thread at most (default 64 per thread, at least
// 128); beyond, a ballot is refused at once rather than left waiting for seconds. Idle threads
// do not keep the process alive and stop after a minute. The worker is found, in order: VERIFY_WORKER (a .js or
// .ts file); when this code runs bundled (.js), VERIFY_WORKER_BUNDLE next to the bundle, in
// ../server/ or ../bin/ from it, or in build/server/ or build/bin/ of the working folder, then
// the TypeScript source through tsx; when it runs as TypeScript (tests, `npm run dev`), the
// source beside it through tsx. None found or none loads: checked in this thread, said once.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { checkBallotForVote, type BallotCheck } from "./election-core.server";

/** The worker's source from the repository's root: an entry point of the server's build. */
export const VERIFY_WORKER_SOURCE = "app/services/verify-pool-worker.ts";
/** The bundled worker's file name (build/server/verify-pool-worker.js, next to the Remix build). */
export const VERIFY_WORKER_BUNDLE = "verify-pool-worker.js";

const IDLE_MS = 60_000;
/** Votes whose parameters a thread keeps (the worker's KEPT). */
const KEPT = 64;

/** Too many ballots are waiting for a thread: the caller refuses this one now (try again). */
export class VerifyQueueFull extends Error {
  constructor() {
    super("too many ballots are waiting to be verified");
  }
}

interface WorkerEntry {
  file: string;
  /** The URL of tsx's ESM API when the worker is TypeScript. */
  tsx: string | null;
}

/**
 * tsx's ESM API ("tsx/esm/api" as `import` resolves it) seen from one of `from`: read from tsx's
 * exports, since import.meta.resolve is missing under vitest and require resolves the CommonJS
 * build, whose register() does not load in a worker.
 */
function resolveTsx(from: string[]): string | null {
  for (const base of from) {
    try {
      const manifest = createRequire(base).resolve("tsx/package.json");
      const api = (JSON.parse(readFileSync(manifest, "utf8")) as { exports: Record<string, { import: string | { default: string } }> }).exports["./esm/api"]!.import;
      return pathToFileURL(path.join(path.dirname(manifest), typeof api === "string" ? api : api.default)).href;
    } catch {
      // Not installed where this base looks: try the next.
    }
  }
  return null;
}

/** Where the worker is, and how to load it; null when it cannot be found. */
export function workerEntry(env: NodeJS.ProcessEnv = process.env): WorkerEntry | null {
  const here = fileURLToPath(import.meta.url);
  const cwd = process.cwd();
  const bundled = [path.dirname(here), path.join(path.dirname(here), "..", "server"), path.join(path.dirname(here), "..", "bin"), path.join(cwd, "build", "server"), path.join(cwd, "build", "bin")];
  const candidates = env.VERIFY_WORKER
    ? [path.resolve(env.VERIFY_WORKER)]
    : here.endsWith(".js")
      ? [...bundled.map((dir) => path.join(dir, VERIFY_WORKER_BUNDLE)), path.join(cwd, VERIFY_WORKER_SOURCE)]
      : [path.join(path.dirname(here), path.basename(VERIFY_WORKER_SOURCE))];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    if (!file.endsWith(".ts")) return { file, tsx: null };
    const tsx = resolveTsx([here, path.join(cwd, "package.json")]);
    if (tsx) return { file, tsx };
  }
  return null;
}

function startWorker(entry: WorkerEntry): Worker {
  if (entry.tsx === null) return new Worker(entry.file);
  // A TypeScript worker registers tsx's loader itself (hooks registered in this thread do not
  // reach a worker on Node 20), as db/verify-parallel.ts does.
  const boot = `import(${JSON.stringify(entry.tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(entry.file).href)}); });`;
  return new Worker(boot, { eval: true });
}

/** A whole number ≥ 0 from the environment, or the default. */
function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number (0 or more), got ${JSON.stringify(text)}`);
  return Number(text);
}

interface Task {
  key: number;
  parameters: string;
  ballot: unknown;
  resolve: (check: BallotCheck) => void;
  reject: (e: unknown) => void;
}

/**
 * Ballots sent to a thread at once. With two, the thread starts the next as soon as it answers,
 * without waiting for this thread's event loop to read the answer and send another: the threads
 * stay busy while the server handles requests.
 */
const DEPTH = 2;

interface Slot {
  worker: Worker;
  /** Sent to the thread, not answered yet, in the order sent (the thread answers in that order). */
  tasks: Task[];
  /** Its module loaded: a thread that dies before is a loading failure, not a ballot's. */
  ready: boolean;
  /** Keys of the parameters sent to this thread, oldest first. */
  known: Set<number>;
  idle: NodeJS.Timeout | null;
  closing: boolean;
}

type WorkerAnswer = { ready: true } | { check: BallotCheck } | { missing: true } | { failed: string };

export class VerifyPool {
  readonly threads: number;
  readonly maxQueue: number;
  private readonly entry: WorkerEntry | null;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  /** Parameters per vote id, with the number the threads know them by. */
  private readonly keys = new Map<string, { text: string; key: number }>();
  private nextKey = 0;
  private answered = 0;
  /** No thread can load (no worker file, no tsx): everything is checked in this thread. */
  private inThread: boolean;

  constructor(options: { threads: number; maxQueue?: number; entry?: WorkerEntry | null }) {
    this.threads = options.threads;
    this.maxQueue = options.maxQueue ?? Math.max(128, 64 * options.threads);
    this.entry = options.threads > 0 ? (options.entry === undefined ? workerEntry() : options.entry) : null;
    this.inThread = this.entry === null;
    if (options.threads > 0 && this.entry === null) console.error(`verify pool: no worker file (${VERIFY_WORKER_BUNDLE} or ${VERIFY_WORKER_SOURCE} with tsx): secret ballots are verified in the main thread`);
  }

  /** The pool as the environment sets it (VERIFY_THREADS, VERIFY_QUEUE, VERIFY_WORKER). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): VerifyPool {
    const threads = count(env, "VERIFY_THREADS", availableParallelism());
    return new VerifyPool({ threads, maxQueue: env.VERIFY_QUEUE?.trim() ? count(env, "VERIFY_QUEUE", 0) : undefined });
  }

  /** Whether ballots are checked in worker threads (else in this thread, synchronously). */
  get usesThreads(): boolean {
    return !this.inThread;
  }

  /** How many ballots the threads have answered for (a figure for tests and benches). */
  get checkedInThreads(): number {
    return this.answered;
  }

  /**
   * checkBallotForVote(parameters, ballot) in a worker thread. `voteId` names the parameters, so
   * that each thread receives them once. Rejects with VerifyQueueFull when the queue is full.
   */
  check(voteId: string, parameters: string, ballot: unknown): Promise<BallotCheck> {
    if (this.inThread) return new Promise((resolve) => resolve(checkBallotForVote(parameters, ballot)));
    if (this.queue.length >= this.maxQueue && !this.hasFreeThread()) return Promise.reject(new VerifyQueueFull());
    const key = this.keyOf(voteId, parameters);
    return new Promise((resolve, reject) => {
      this.queue.push({ key, parameters, ballot, resolve, reject });
      this.pump();
    });
  }

  /** Stops every thread; ballots still waiting are refused. */
  async close(): Promise<void> {
    for (const task of this.queue.splice(0)) task.reject(new Error("the verify pool is closed"));
    await Promise.all(this.slots.splice(0).map((slot) => this.stop(slot)));
  }

  private keyOf(voteId: string, text: string): number {
    const known = this.keys.get(voteId);
    if (known && known.text === text) return known.key;
    const key = ++this.nextKey;
    this.keys.delete(voteId);
    this.keys.set(voteId, { text, key });
    if (this.keys.size > KEPT) this.keys.delete(this.keys.keys().next().value as string);
    return key;
  }

  private hasFreeThread(): boolean {
    return this.slots.length < this.threads || this.slots.some((s) => s.tasks.length < DEPTH && !s.closing);
  }

  private pump(): void {
    while (this.queue.length > 0) {
      // The least busy thread; a new one while fewer than asked run and none is free.
      let slot: Slot | undefined;
      for (const s of this.slots) if (!s.closing && s.tasks.length < DEPTH && (!slot || s.tasks.length < slot.tasks.length)) slot = s;
      if (!slot || (slot.tasks.length > 0 && this.slots.length < this.threads)) {
        if (this.slots.length >= this.threads) return;
        slot = this.spawn();
      }
      this.run(slot, this.queue.shift()!);
    }
  }

  private run(slot: Slot, task: Task, resend = false): void {
    slot.tasks.push(task);
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    // A thread at work keeps the process alive until it answers.
    slot.worker.ref();
    const send = resend || !slot.known.has(task.key);
    if (send) {
      slot.known.add(task.key);
      if (slot.known.size > KEPT) slot.known.delete(slot.known.values().next().value as number);
    }
    try {
      slot.worker.postMessage({ key: task.key, parameters: send ? task.parameters : undefined, ballot: task.ballot });
    } catch (e) {
      // Not a value JSON can give (it cannot be copied to a thread): this ballot's error only.
      slot.tasks.pop();
      task.reject(e);
      if (slot.tasks.length === 0) this.rest(slot);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(this.entry!), tasks: [], ready: false, known: new Set(), idle: null, closing: false };
    let failure: unknown = null;
    slot.worker.on("message", (m: WorkerAnswer) => this.answer(slot, m));
    slot.worker.on("error", (e) => (failure = e));
    slot.worker.on("exit", (code) => this.exited(slot, failure ?? new Error(`a verifying thread stopped with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private answer(slot: Slot, m: WorkerAnswer): void {
    if ("ready" in m) {
      slot.ready = true;
      return;
    }
    const task = slot.tasks.shift();
    if (!task) return;
    // The thread forgot this vote's parameters: sent again with them, behind the others.
    if ("missing" in m) return this.run(slot, task, true);
    this.answered++;
    if ("check" in m) task.resolve(m.check);
    else task.reject(new Error(`verifying a ballot failed in a worker thread: ${m.failed}`));
    this.pump();
    if (slot.tasks.length === 0) this.rest(slot);
  }

  /** Idle: the thread no longer keeps the process alive, and stops after a while. */
  private rest(slot: Slot): void {
    slot.worker.unref();
    slot.idle = setTimeout(() => {
      const i = this.slots.indexOf(slot);
      if (i >= 0 && slot.tasks.length === 0) {
        this.slots.splice(i, 1);
        void this.stop(slot);
      }
    }, IDLE_MS);
    slot.idle.unref();
  }

  private async stop(slot: Slot): Promise<void> {
    slot.closing = true;
    if (slot.idle) clearTimeout(slot.idle);
    await slot.worker.terminate();
  }

  private exited(slot: Slot, error: unknown): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    const tasks = slot.tasks.splice(0);
    if (slot.closing) return tasks.forEach((t) => t.reject(new Error("the verify pool is closed")));
    if (!slot.ready) {
      // The thread did not load: the setup is wrong (worker file, loader, files replaced under a
      // running server), not a ballot. Slower but correct: everything in this thread from now on.
      if (!this.inThread) console.error("verify pool: a verifying thread could not start; secret ballots are verified in the main thread:", error);
      this.inThread = true;
      for (const t of [...tasks, ...this.queue.splice(0)]) {
        try {
          t.resolve(checkBallotForVote(t.parameters, t.ballot));
        } catch (e) {
          t.reject(e);
        }
      }
      return;
    }
    // The ballot it was checking fails; the one sent behind it waits for another thread.
    const [current, ...behind] = tasks;
    current?.reject(error);
    this.queue.unshift(...behind);
    this.pump();
  }
}

let shared: VerifyPool | null = null;

/** The process's pool, made on first use from the environment. */
export function verifyPool(): VerifyPool {
  return (shared ??= VerifyPool.fromEnv());
}

/** Stops the process's pool (a clean shutdown; the next use makes a new one). */
export async function closeVerifyPool(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}
