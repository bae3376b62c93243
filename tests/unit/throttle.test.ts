import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNT_POLICY, lockedUntil, recordFailure, type ThrottleState } from "~/domain/throttle";

const t0 = new Date("2026-11-27T10:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

function failures(times: number[]): ThrottleState | null {
  let state: ThrottleState | null = null;
  for (const m of times) state = recordFailure(state, at(m), ACCOUNT_POLICY);
  return state;
}

describe("login throttling", () => {
  it.each([
    { times: [0, 1, 2, 3], lockedAt: 4, locked: false, why: "four failures stay under the limit" },
    { times: [0, 1, 2, 3, 4], lockedAt: 5, locked: true, why: "the fifth failure in 15 minutes locks" },
    { times: [0, 1, 2, 3, 4], lockedAt: 18.9, locked: true, why: "the lock lasts 15 minutes from the last failure" },
    { times: [0, 1, 2, 3, 4], lockedAt: 19, locked: false, why: "the lock ends 15 minutes after the last failure" },
    { times: [0, 1, 2, 3, 16], lockedAt: 16.5, locked: false, why: "failures older than the window are forgotten" },
  ])("$why", ({ times, lockedAt, locked }) => {
    expect(lockedUntil(failures(times), at(lockedAt)) !== null).toBe(locked);
  });

  it("tells when the lock ends", () => {
    expect(lockedUntil(failures([0, 1, 2, 3, 4]), at(5))).toEqual(at(19));
  });

  it("never locks with fewer failures than the limit, whatever their timing", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: ACCOUNT_POLICY.maxFailures - 1 }), (minutes) => {
        const sorted = [...minutes].sort((a, b) => a - b);
        const state = failures(sorted);
        return state === null || state.lockedUntil === null;
      }),
    );
  });

  it("always locks when the limit is reached inside one window", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 14 }), { minLength: ACCOUNT_POLICY.maxFailures, maxLength: ACCOUNT_POLICY.maxFailures }), (minutes) => {
        const sorted = [...minutes].sort((a, b) => a - b);
        const last = sorted[sorted.length - 1]!;
        return lockedUntil(failures(sorted), at(last)) !== null;
      }),
    );
  });
});
