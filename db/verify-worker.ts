/**
 * A worker thread of `npm run verify` (db/verify-parallel.ts): checks the proofs of one slice of
 * a box's ballots and posts back the first failure, or null.
 */
import { parentPort, workerData } from "node:worker_threads";
import { checkSliceProofs } from "../app/crypto/verify-parallel";

const { parameters, entries, first } = workerData as { parameters: unknown; entries: unknown[]; first: number };
parentPort!.postMessage(checkSliceProofs(parameters, entries, first));
