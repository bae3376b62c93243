// A figure many people look at in the same second, computed once and shared in this process
// (the computation in flight too). Only for what may be a second old: never for a decision.

export interface Shared<T> {
  get(key: string, compute: () => Promise<T>): Promise<T>;
}

export function sharedFor<T>(ttlMs: number): Shared<T> {
  const kept = new Map<string, { until: number; value: Promise<T> }>();
  return {
    get(key, compute) {
      const at = Date.now();
      const hit = kept.get(key);
      if (hit && hit.until > at) return hit.value;
      for (const [k, v] of kept) if (v.until <= at) kept.delete(k);
      const value = compute();
      kept.set(key, { until: at + ttlMs, value });
      // A failure is not shared: the next look computes again.
      value.catch(() => kept.get(key)?.value === value && kept.delete(key));
      return value;
    },
  };
}
