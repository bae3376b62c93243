/**
 * verifyBox on every core: the ballots' proofs (nearly all the work) are split among worker
 * threads (db/verify-worker.ts), then the main thread checks the rest in order — parameters,
 * trackers, weights, the hash chain, the tally — with the workers' failures in their place, so
 * the first failure reported is the one the sequential verifier would report.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { CryptoFormatError } from "../app/crypto/encoding";
import { decodeParameters } from "../app/crypto/parameters";
import { verifyBox, type BoxVerification, type VerifyOptions } from "../app/crypto/verify";
import { slices, type SliceFailure } from "../app/crypto/verify-parallel";

export interface ParallelOptions extends Omit<VerifyOptions, "proofsChecked"> {
  /** Worker threads; default: one per core. 0 checks everything in this thread. */
  threads?: number;
}

export type ParallelVerification = BoxVerification & { threads: number };

// Compiled (build/bin/verify.js, as `npm run verify` runs it), the worker is build/bin/verify-worker.js.
// As TypeScript (tests), it registers tsx's loader (hooks registered here do not reach a worker on
// Node 20), then imports db/verify-worker.ts. Both are resolved here, so that the command works
// from any folder.
function startWorker(workerData: unknown): Worker {
  if (import.meta.url.endsWith(".js")) return new Worker(new URL("./verify-worker.js", import.meta.url), { workerData });
  const code = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL("./verify-worker.ts", import.meta.url).href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

function checkSlice(parameters: unknown, entries: unknown[], first: number): Promise<SliceFailure | null> {
  return new Promise((resolve, reject) => {
    const worker = startWorker({ parameters, entries, first });
    let answer: SliceFailure | null | undefined;
    worker.once("message", (m: SliceFailure | null) => (answer = m));
    worker.once("error", reject);
    worker.once("exit", (code) => (answer === undefined ? reject(new Error(`a verifying thread stopped with code ${code}`)) : resolve(answer)));
  });
}

/** Verifies a whole box (a parsed JSON value) with the ballots' proofs checked in parallel. */
export async function verifyBoxParallel(value: unknown, options: ParallelOptions = {}): Promise<ParallelVerification> {
  const { threads = availableParallelism(), ...rest } = options;
  const box = value as { parameters?: unknown; ballots?: unknown } | null;
  const ballots = box !== null && typeof box === "object" && Array.isArray(box.ballots) ? (box.ballots as unknown[]) : null;
  let parametersOk = true;
  try {
    decodeParameters(box?.parameters);
  } catch (e) {
    if (!(e instanceof CryptoFormatError)) throw e;
    parametersOk = false;
  }
  // Nothing to share out: the sequential verifier reports the malformed box as it is.
  if (threads < 1 || ballots === null || ballots.length === 0 || !parametersOk) return { ...verifyBox(value, rest), threads: 0 };

  const parts = slices(ballots.length, threads);
  const pending = Promise.all(parts.map(([start, end]) => checkSlice(box!.parameters, ballots.slice(start, end), start + 1)));
  // While the workers check the proofs, this thread checks everything else, proofs assumed good.
  const assumingProofs = verifyBox(value, { ...rest, proofsChecked: new Map() });
  const failures = (await pending).filter((f): f is SliceFailure => f !== null);
  if (failures.length === 0) return { ...assumingProofs, threads: parts.length };
  // A proof fails: the pass again with the failures in their place, so the first failure is named.
  const proofsChecked = new Map(failures.map((f) => [f.ballot, f.error]));
  return { ...verifyBox(value, { ...rest, proofsChecked }), threads: parts.length };
}
