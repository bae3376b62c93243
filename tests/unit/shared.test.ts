import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sharedFor } from "~/lib/shared.server";

describe("a figure shared for a while", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());

  it("is computed once for everyone who asks within its time, in flight too, then afresh", async () => {
    const shared = sharedFor<number>(1000);
    let computed = 0;
    const compute = () => Promise.resolve(++computed);
    const [a, b] = await Promise.all([shared.get("k", compute), shared.get("k", compute)]);
    expect([a, b, computed]).toEqual([1, 1, 1]);
    vi.advanceTimersByTime(999);
    expect(await shared.get("k", compute)).toBe(1);
    expect(await shared.get("other", compute)).toBe(2);
    vi.advanceTimersByTime(1);
    expect(await shared.get("k", compute)).toBe(3);
  });

  it("never shares a failure: the next one to ask computes again", async () => {
    const shared = sharedFor<number>(1000);
    await expect(shared.get("k", () => Promise.reject(new Error("busy")))).rejects.toThrow("busy");
    expect(await shared.get("k", () => Promise.resolve(7))).toBe(7);
  });
});
