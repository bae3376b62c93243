// A verifying thread of verify-pool.server.ts: checks received secret ballots one at a time
// against their vote's parameters (sent once per vote, then named by a number) and answers with
// the check. Relative imports only: the build bundles this file on its own, beside the server.
import { parentPort } from "node:worker_threads";
import { checkBallotForVote } from "./election-core.server";

/** The same bound as the pool's record of what it sent: the oldest vote is forgotten first. */
const KEPT = 64;
const port = parentPort!;
const texts = new Map<number, string>();

port.on("message", (m: { key: number; parameters?: string; ballot: unknown }) => {
  if (m.parameters !== undefined) {
    texts.set(m.key, m.parameters);
    if (texts.size > KEPT) texts.delete(texts.keys().next().value as number);
  }
  const text = texts.get(m.key);
  if (text === undefined) return port.postMessage({ missing: true });
  try {
    port.postMessage({ check: checkBallotForVote(text, m.ballot) });
  } catch (e) {
    port.postMessage({ failed: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
// Loaded (with tsx's loader when TypeScript): the pool may count on this thread.
port.postMessage({ ready: true });
