import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { representedPrincipals, validNamedProxies } from "~/domain/turnout";

describe("who valid proxies bring in for the quorum", () => {
  it("counts a principal whose holder is present, through earlier proxies too, each once, in the order given", () => {
    const present = new Set(["h"]);
    const valid = [
      { principal: "a", holder: "h" },
      // a is brought in just above, so b counts through a; c comes before d is in, so not.
      { principal: "b", holder: "a" },
      { principal: "c", holder: "d" },
      { principal: "d", holder: "h" },
      { principal: "a", holder: "h" },
      { principal: "h", holder: "b" },
    ];
    expect(representedPrincipals(valid, (id) => present.has(id))).toEqual(["a", "b", "d"]);
  });

  it("drops blank proxies and those beyond the holder's cap, earliest first", () => {
    const proxies = [
      { principalId: "a", holderId: "h" },
      { principalId: "b", holderId: null },
      { principalId: "c", holderId: "h" },
      { principalId: "d", holderId: "k" },
    ];
    expect(validNamedProxies(proxies, 1, 10)).toEqual([
      { principal: "a", holder: "h" },
      { principal: "d", holder: "k" },
    ]);
    expect(validNamedProxies(proxies, null, 10)).toHaveLength(3);
    // The cooperative cap: 1 below 20 members.
    expect(validNamedProxies(proxies, "cooperative", 19)).toHaveLength(2);
  });

  it("gives the same members as adding principals to a set while going through the proxies", () => {
    const id: fc.Arbitrary<string> = fc.constantFrom("a", "b", "c", "d", "e", "f");
    fc.assert(
      fc.property(fc.array(fc.record({ principal: id, holder: id })), fc.uniqueArray(id), (valid, initial) => {
        const set = new Set(initial);
        for (const p of valid) if (set.has(p.holder)) set.add(p.principal);
        const start = new Set(initial);
        const added = representedPrincipals(valid, (m) => start.has(m));
        expect(new Set([...initial, ...added])).toEqual(set);
        expect(added.filter((m) => start.has(m))).toEqual([]);
        expect(new Set(added).size).toBe(added.length);
      }),
    );
  });
});
