import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCOUNT_POLICY, ADDRESS_POLICY, addressGroup, DEVICE_POLICY, keysClearedBySuccess, latest, lockedUntil, recordFailure, throttleKeys, type ThrottleState } from "~/domain/throttle";

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

describe("address groups", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7", "IPv4 as it is"],
    ["::ffff:203.0.113.7", "203.0.113.7", "IPv4 mapped into IPv6"],
    ["::FFFF:203.0.113.7", "203.0.113.7", "in capitals too"],
    ["2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3:8d3::/64", "IPv6 by /64"],
    ["2001:db8:85a3:8d3:ffff:ffff:ffff:1", "2001:db8:85a3:8d3::/64", "another address of the same /64"],
    ["2001:0db8:0000:0000::1", "2001:db8:0:0::/64", "leading zeros and :: compression"],
    ["2001:db8::1", "2001:db8:0:0::/64", "short form"],
    ["fe80::1%eth0", "fe80:0:0:0::/64", "a zone index"],
    ["::1", "0:0:0:0::/64", "IPv6 loopback"],
    ["unknown", "unknown", "no address"],
    ["2001:db8:::1", "2001:db8:::1", "malformed: kept as given"],
  ])("%s -> %s (%s)", (address, group) => {
    expect(addressGroup(address)).toBe(group);
  });
});

describe("which keys an attempt counts against", () => {
  it.each([
    [{ email: "a@x.example", clientAddress: "203.0.113.7", device: null }, ["account:a@x.example", "address:203.0.113.7"], ["account:a@x.example"], "a new browser: the account and the address; success clears the account only"],
    [{ email: "a@x.example", clientAddress: "2001:db8::9", device: null }, ["account:a@x.example", "address:2001:db8:0:0::/64"], ["account:a@x.example"], "IPv6 by /64"],
    [{ email: "a@x.example", clientAddress: "203.0.113.7", device: "n0nce" }, ["device:n0nce"], ["device:n0nce"], "a browser that signed in to this account before: its device only"],
  ])("%j", (input, keys, cleared, _why) => {
    const got = throttleKeys(input);
    expect(got.map((k) => k.key)).toEqual(keys);
    expect(keysClearedBySuccess(got)).toEqual(cleared);
  });

  it("uses the account, address and device policies", () => {
    expect(throttleKeys({ email: "a", clientAddress: "b", device: null }).map((k) => k.policy)).toEqual([ACCOUNT_POLICY, ADDRESS_POLICY]);
    expect(throttleKeys({ email: "a", clientAddress: "b", device: "d" }).map((k) => k.policy)).toEqual([DEVICE_POLICY]);
  });

  it.each([
    [[], null],
    [[null, null], null],
    [[at(3), null, at(9), at(1)], at(9)],
  ])("the latest lock of %j is %j", (dates, expected) => {
    expect(latest(dates)).toEqual(expected);
  });
});
