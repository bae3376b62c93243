import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { meetingProxyPolicy, outsiderAllowed, outsiderKey, proxyBreach, PROXY_HOLDERS, strictestHolders } from "~/domain/proxies";
import { countAttendance } from "~/domain/quorum";
import { Rational } from "~/domain/rational";
import { validNamedProxies } from "~/domain/turnout";

describe("who may hold a proxy", () => {
  it.each([
    ["members", "spouse", false],
    ["members", "other", false],
    ["spouse", "spouse", true],
    ["spouse", "other", false],
    ["anyone", "spouse", true],
    ["anyone", "other", true],
  ] as const)("%s admits a holder outside the members who is %s: %s", (holders, relation, allowed) => {
    expect(outsiderAllowed(holders, relation)).toBe(allowed);
  });

  it("takes the strictest of a meeting's rules, whatever their order", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PROXY_HOLDERS), { minLength: 1, maxLength: 6 }), (all) => {
        const strictest = strictestHolders(all);
        expect(all).toContain(strictest);
        expect(strictestHolders([...all].reverse())).toBe(strictest);
        for (const relation of ["spouse", "other"] as const) if (outsiderAllowed(strictest, relation)) expect(all.every((h) => outsiderAllowed(h, relation))).toBe(true);
      }),
    );
  });

  it("combines a meeting's rules: the lowest caps, the college rule if any rule has it, members only without a rule", () => {
    const rule = { proxyCap: null, proxySameCollege: false, proxyMaxPerCollege: null, proxyHolders: "anyone" as const };
    expect(meetingProxyPolicy([], 30)).toEqual({ cap: null, sameCollege: false, maxPerCollege: null, holders: "members" });
    expect(meetingProxyPolicy([{ ...rule, proxyCap: "cooperative" }, { ...rule, proxyCap: 3, proxySameCollege: true, proxyMaxPerCollege: 2, proxyHolders: "spouse" }, { ...rule, proxyMaxPerCollege: 1 }], 30)).toEqual({
      cap: 1,
      sameCollege: true,
      maxPerCollege: 1,
      holders: "spouse",
    });
  });

  it("counts one person outside the members as one holder however the name is spaced or cased", () => {
    expect(outsiderKey("  Camille   MARTIN ")).toBe(outsiderKey("camille martin"));
    expect(outsiderKey("Camille Martin")).not.toBe(outsiderKey("Camille Martine"));
  });

  it("does not apply the college rule to a holder outside the members, who stands in for the principal", () => {
    const collegeOf = (m: string) => ({ a: "A", b: "B" })[m];
    expect(proxyBreach("a", "b", [], null, { sameCollege: true, collegeOf })).toBe("other-college");
    expect(proxyBreach("a", outsiderKey("Jeanne"), [], null, { sameCollege: true, collegeOf })).toBeNull();
  });
});

describe("attendance with holders outside the members", () => {
  const electorate = ["p1", "p2", "m1"].map((id) => ({ id, weight: Rational.ONE }));
  const base = { electorate, present: ["m1"], postal: [], postalDeadline: null, proxyCap: null };

  it("represents a principal only once their holder is checked in", () => {
    const proxies = [{ principal: "p1", holder: outsiderKey("Jeanne") }];
    expect([...countAttendance({ ...base, proxies }).counted].sort()).toEqual(["m1"]);
    expect([...countAttendance({ ...base, proxies, presentHolders: [outsiderKey("jeanne")] }).counted].sort()).toEqual(["m1", "p1"]);
  });

  it("voids the proxies the statutes forbid, for the quorum as for the vote", () => {
    const collegeOf = (m: string) => ({ p1: "A", p2: "A", m1: "B" })[m];
    const proxies = [{ principal: "p1", holder: "m1" }];
    const counted = countAttendance({ ...base, proxies, statute: { sameCollege: true, collegeOf } });
    expect(counted.voidProxies).toEqual(proxies);
    expect([...counted.counted]).toEqual(["m1"]);
    const named = [{ principalId: "p1", holderId: "m1" }, { principalId: "p2", holderId: "m1" }];
    expect(validNamedProxies(named, null, 3, { sameCollege: true, collegeOf })).toEqual([]);
    expect(validNamedProxies(named, null, 3, { maxPerCollege: 1, collegeOf })).toEqual([{ principal: "p1", holder: "m1" }]);
  });
});
