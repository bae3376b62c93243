/**
 * Bounded discrete logarithm: given P = v·G with 0 ≤ v ≤ bound, find v (baby-step giant-step).
 * Tallies need it once per college and choice, with bound = the college's total weight in
 * millionths (up to about 10^11, so about 3·10^5 baby steps, computed once and cached).
 *
 * The walk runs in noble's Edwards group (ed25519.Point), whose coordinates are public, so that
 * one batched inversion normalises a whole chunk of points. A ristretto255 element is a class
 * P + E[4] of Edwards points; the table key (x·y)² is the same for every point of the classes of
 * P and −P, so one baby step j serves both +j and −j and the giant stride is 2M − 1 for M baby
 * steps. A key match is only a candidate: it is confirmed by v·G = P in ristretto255, so a
 * truncated-key collision can never give a wrong answer.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { FpInvertBatch } from "@noble/curves/abstract/modular.js";
import { G, mulPublic, type Point } from "./group";

const Ed = ed25519.Point;
type EdPoint = InstanceType<typeof ed25519.Point>;
const Fp = Ed.Fp;

/** The largest bound accepted: 10^12 millionths (a million voters of weight 1), about 10^6 baby steps. */
export const MAX_DLOG_BOUND = 10n ** 12n;

const CHUNK = 1024;
const KEY_MASK = (1n << 48n) - 1n;

/** 48 bits of (x·y)², from extended coordinates (x·y = T/Z), with one inversion per chunk. */
function keysOf(points: EdPoint[]): number[] {
  const inverses = FpInvertBatch(Fp, points.map((p) => p.Z), true);
  return points.map((p, i) => Number(Fp.sqr(Fp.mul(p.T, inverses[i] as bigint)) & KEY_MASK));
}

// The cached table: key → j (or several j on a key collision) for j·B, j = 0 … size − 1.
const table = new Map<number, number | number[]>();
let size = 0;
let next: EdPoint = Ed.ZERO;

function remember(key: number, j: number): void {
  const known = table.get(key);
  if (known === undefined) table.set(key, j);
  else if (typeof known === "number") table.set(key, [known, j]);
  else known.push(j);
}

function extendTable(target: number): void {
  while (size < target) {
    const count = Math.min(CHUNK, target - size);
    const chunk: EdPoint[] = [];
    for (let k = 0; k < count; k++) {
      chunk.push(next);
      next = next.add(Ed.BASE);
    }
    keysOf(chunk).forEach((key, k) => remember(key, size + k));
    size += count;
  }
}

/** How many baby steps are cached (for the benchmark and tests). */
export function babyStepCount(): number {
  return size;
}

/**
 * The v in [0, bound] with v·G = p, or null when there is none. The first call with a large bound
 * pays for the table (about √bound additions); later calls reuse it.
 */
export function boundedLog(p: Point, bound: bigint): bigint | null {
  if (bound < 0n) return null;
  if (bound > MAX_DLOG_BOUND) throw new RangeError(`discrete logarithm bound ${bound} exceeds ${MAX_DLOG_BOUND}`);
  // √bound baby steps rather than the balanced √(bound/2): a tally takes several logarithms
  // under similar bounds, and the table is shared while giant steps are not.
  extendTable(Math.max(2, Math.ceil(Math.sqrt(Number(bound)))));
  const stride = BigInt(2 * size - 1);
  const half = BigInt(size - 1);
  const step = Ed.BASE.multiplyUnsafe(stride);
  const found = (v: bigint): boolean => v >= 0n && v <= bound && mulPublic(G, v).equals(p);

  // Giant steps i = 0 … last cover [i·stride − half, i·stride + half] ⊇ [0, bound].
  const last = (bound + half) / stride;
  let current = Ed.fromAffine(p.toAffine());
  for (let i = 0n; i <= last; ) {
    const chunk: EdPoint[] = [];
    const count = Number(last - i + 1n < BigInt(CHUNK) ? last - i + 1n : BigInt(CHUNK));
    for (let k = 0; k < count; k++) {
      chunk.push(current);
      current = current.subtract(step);
    }
    const keys = keysOf(chunk);
    for (let k = 0; k < count; k++, i++) {
      const hit = table.get(keys[k] as number);
      if (hit === undefined) continue;
      for (const j of typeof hit === "number" ? [hit] : hit) {
        const base = i * stride;
        if (found(base + BigInt(j))) return base + BigInt(j);
        if (found(base - BigInt(j))) return base - BigInt(j);
      }
    }
  }
  return null;
}
