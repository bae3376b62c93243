// Shared by the concurrency tests (issue 14, part 2): calls started all at once, and how each
// ended. On PostgreSQL (TEST_DB=postgres) the test pool has 4 connections, so four transactions
// really run side by side and the rest queue for a connection; on SQLite they take turns.
import { AppError } from "~/lib/errors";

/** How one call ended: "ok", an AppError's key ("409 voting.closed"), or anything else ("500 …"). */
export type Outcome = string;

export function outcomeOf(e: unknown): Outcome {
  if (e instanceof AppError) return `${e.status} ${e.key}`;
  if (e instanceof Response) return `${e.status} response`;
  const code = (e as { code?: unknown } | null)?.code;
  return `500 ${code ? `${String(code)} ` : ""}${e instanceof Error ? e.message : String(e)}`;
}

/** Starts every call at once and waits for all: the values of those that succeeded, and every outcome in call order. */
export async function race<F extends () => Promise<unknown>>(calls: F[]): Promise<{ values: Awaited<ReturnType<F>>[]; outcomes: Outcome[] }> {
  const settled = await Promise.allSettled(calls.map((call) => call()));
  return {
    values: settled.flatMap((s) => (s.status === "fulfilled" ? [s.value as Awaited<ReturnType<F>>] : [])),
    outcomes: settled.map((s) => (s.status === "fulfilled" ? "ok" : outcomeOf(s.reason))),
  };
}

/** How many times each outcome came, for an assertion that reads at a glance. */
export function tally(outcomes: Outcome[]): Record<Outcome, number> {
  const out: Record<Outcome, number> = {};
  for (const o of outcomes) out[o] = (out[o] ?? 0) + 1;
  return out;
}

/** `n` copies of a call. */
export function times<T>(n: number, call: (i: number) => Promise<T>): (() => Promise<T>)[] {
  return Array.from({ length: n }, (_, i) => () => call(i));
}
