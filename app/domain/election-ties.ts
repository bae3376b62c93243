/**
 * Ties between candidates of an election (issue 15, docs/election-file.md §6): the statutes'
 * tie-break — the elder first (`age`), the earlier member first (`seniority`), or a draw by lot
 * (`lot`) — and the draw itself, reproducible by anyone: the tied candidates in the ascending order
 * of SHA-256(JSON ["seed", "candidate id"]) in hexadecimal. Age and seniority fall back to the lot
 * when a tied candidate's date is unknown, and among candidates with the same date. Pure.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

export type TieBreakRule = "age" | "seniority" | "lot";

export interface TiedCandidate {
  id: string;
  /** "YYYY-MM-DD": the earlier, the elder. */
  bornOn?: string;
  /** "YYYY-MM-DD": the earlier, the more senior. */
  memberSince?: string;
}

/** How one group of tied candidates was ordered, as the result reports it. */
export interface TieBreak {
  /** The tied candidates, in the order of the candidates' list. */
  candidates: string[];
  /** The criteria used, in order: ["age"], ["age", "lot"], ["lot"]… */
  by: TieBreakRule[];
  /** The draw's seed, when the lot was used. */
  seed?: string;
  /** The candidates in the order the tie-break gave, first the winner. */
  order: string[];
  /** When the lot was used: the drawn candidates with their hash, in the order drawn. */
  draws?: { candidate: string; hash: string }[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written "YYYY-MM-DD" (so that comparing the texts compares the days). */
export function isDay(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The hash of one candidate in the draw: lower-case hexadecimal SHA-256 of JSON ["seed", "id"]. */
export function lotHash(seed: string, candidate: string): string {
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify([seed, candidate]))));
}

/** The draw among `ids`: ascending hash, first the winner. */
export function drawByLot(seed: string, ids: readonly string[]): { candidate: string; hash: string }[] {
  return ids
    .map((candidate) => ({ candidate, hash: lotHash(seed, candidate) }))
    .sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0));
}

/**
 * Orders a group of (two or more) tied candidates by the rule, the lot deciding what the rule
 * cannot. A draw without a seed is refused: a result must never depend on an unrecorded chance.
 */
export function breakTie(group: readonly TiedCandidate[], rule: TieBreakRule, seed: string | undefined): TieBreak {
  const ids = group.map((c) => c.id);
  const drawn: { candidate: string; hash: string }[] = [];
  const draw = (sub: readonly string[]): string[] => {
    if (sub.length < 2) return [...sub];
    if (seed === undefined) {
      throw new RangeError(`candidates ${sub.join(", ")} are tied and a draw by lot must decide: the election needs a seed`);
    }
    const d = drawByLot(seed, sub);
    drawn.push(...d);
    return d.map((x) => x.candidate);
  };

  let by: TieBreakRule[];
  let order: string[];
  const field = rule === "age" ? "bornOn" : rule === "seniority" ? "memberSince" : null;
  if (field === null || group.some((c) => c[field] === undefined)) {
    // The lot, or a date unknown: one cannot tell who is older (or senior) than an unknown.
    by = rule === "lot" ? ["lot"] : [rule, "lot"];
    order = draw(ids);
  } else {
    // The earlier day first; candidates with the same day are drawn among themselves.
    const days = [...new Set(group.map((c) => c[field]!))].sort();
    order = days.flatMap((day) => draw(group.filter((c) => c[field] === day).map((c) => c.id)));
    by = drawn.length > 0 ? [rule, "lot"] : [rule];
  }
  return {
    candidates: ids,
    by,
    ...(by.includes("lot") ? { seed: seed! } : {}),
    order,
    ...(drawn.length > 0 ? { draws: drawn } : {}),
  };
}
