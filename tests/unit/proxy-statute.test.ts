import { describe, expect, it } from "vitest";
import { classifyProxies, classifyProxiesByStatute, proxyBreach } from "~/domain/proxies";
import { tallyFile, tallyRuleJson } from "~/domain/tally-file";
import { parseTallyFile } from "~/schemas/tally-file";
import fc from "fast-check";

const collegeOf = (m: string) => m.slice(0, 2); // "c1m2" -> "c1"

describe("the statutes' proxy rules", () => {
  it("a holder in another college: void (other-college), and it takes no room under the cap", () => {
    const proxies = [
      { principal: "c1m2", holder: "c2m1" },
      { principal: "c2m2", holder: "c2m1" },
    ];
    const r = classifyProxiesByStatute(proxies, 1, { sameCollege: true, collegeOf });
    expect(r.valid).toEqual([proxies[1]]);
    expect(r.void).toEqual([{ proxy: proxies[0], reason: "other-college" }]);
  });

  it("at most N per holder and college, the earliest stay valid", () => {
    const proxies = [
      { principal: "c1m2", holder: "c2m1" },
      { principal: "c1m3", holder: "c2m1" },
      { principal: "c3m1", holder: "c2m1" },
      { principal: "c1m4", holder: "c2m2" },
    ];
    const r = classifyProxiesByStatute(proxies, null, { maxPerCollege: 1, collegeOf });
    expect(r.valid).toEqual([proxies[0], proxies[2], proxies[3]]);
    expect(r.void).toEqual([{ proxy: proxies[1], reason: "over-cap" }]);
  });

  it("proxyBreach checks the college, then the cap, then the cap per college", () => {
    const statute = { sameCollege: true, maxPerCollege: 1, collegeOf };
    expect(proxyBreach("c1m1", "c2m1", [], 5, statute)).toBe("other-college");
    expect(proxyBreach("c1m1", "c1m2", ["c1m3"], 1, statute)).toBe("over-cap");
    expect(proxyBreach("c1m1", "c1m2", ["c1m3"], 5, statute)).toBe("over-cap");
    expect(proxyBreach("c1m1", "c1m2", [], 5, statute)).toBeNull();
    // Two members in no college are in the same one.
    expect(proxyBreach("a", "b", [], null, { sameCollege: true, collegeOf: () => undefined })).toBeNull();
  });

  it("without a statute, the same as classifyProxies", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ principal: fc.constantFrom("a", "b", "c", "d"), holder: fc.constantFrom("e", "f", "g") }), { maxLength: 12 }), fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), (proxies, cap) => {
        const old = classifyProxies(proxies, cap);
        const now = classifyProxiesByStatute(proxies, cap, null);
        expect(now.valid).toEqual(old.valid);
        expect(now.void.map((v) => v.proxy)).toEqual(old.void);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the tally file and the statutes' proxy rules", () => {
  const electorate = ["c1m1", "c1m2", "c1m3", "c2m1", "c2m2"].map((voter) => ({ voter, college: voter.slice(0, 2).toUpperCase() }));
  const colleges = [
    { id: "C1", weight: "1/2" },
    { id: "C2", weight: "1/2" },
  ];
  const file = (proxy: Record<string, unknown>) => ({
    rule: { proxy },
    colleges,
    electorate,
    proxies: [
      { principal: "c1m2", holder: "c2m1" },
      { principal: "c1m3", holder: "c1m1" },
      { principal: "c2m2", holder: "c1m1" },
    ],
    ballots: [
      { voter: "c1m2", college: "C1", choice: "for", castBy: "c2m1" },
      { voter: "c1m3", college: "C1", choice: "for", castBy: "c1m1" },
      { voter: "c2m2", college: "C2", choice: "against", castBy: "c1m1" },
    ],
  });
  const run = (json: unknown) => {
    const parsed = parseTallyFile(json);
    if (!parsed.ok) throw new Error(parsed.error);
    return tallyFile(parsed.file);
  };

  it("rejects a ballot cast under a proxy to another college (proxy-other-college)", () => {
    expect(run(file({ sameCollege: true })).rejectedBallots).toEqual([
      { voter: "c1m2", reason: "proxy-other-college" },
      { voter: "c2m2", reason: "proxy-other-college" },
    ]);
  });

  it("rejects a ballot cast under a proxy over the cap per college (proxy-over-cap)", () => {
    const proxies = [
      { principal: "c1m2", holder: "c2m1" },
      { principal: "c1m3", holder: "c2m1" },
    ];
    const json = { ...file({ maxPerHolder: 5, maxPerCollege: 1 }), proxies, ballots: [
      { voter: "c1m2", college: "C1", choice: "for", castBy: "c2m1" },
      { voter: "c1m3", college: "C1", choice: "for", castBy: "c2m1" },
    ] };
    expect(run(json).rejectedBallots).toEqual([{ voter: "c1m3", reason: "proxy-over-cap" }]);
  });

  it("without the options, proxies across colleges stay valid (WE-14 d)", () => {
    expect(run(file({ maxPerHolder: 2 })).rejectedBallots).toEqual([]);
  });

  it("reads and writes the options; needs an electorate; a proxy member with nothing in it is malformed", () => {
    const parsed = parseTallyFile(file({ sameCollege: true, maxPerCollege: 2 }));
    expect(parsed.ok && tallyRuleJson(parsed.file.rule).proxy).toEqual({ sameCollege: true, maxPerCollege: 2 });
    const { electorate: _, ...noElectorate } = file({ sameCollege: true });
    expect(parseTallyFile(noElectorate)).toEqual({ ok: false, error: expect.stringMatching(/^electorate: is required when rule\.proxy\.sameCollege/) });
    expect(parseTallyFile(file({}))).toEqual({ ok: false, error: expect.stringMatching(/^rule\.proxy\.maxPerHolder: is required/) });
    expect(parseTallyFile(file({ maxPerCollege: -1 }))).toEqual({ ok: false, error: expect.stringMatching(/^rule\.proxy\.maxPerCollege: /) });
  });
});

describe("the tally file and the college options", () => {
  it("reads them with their defaults, and writes them back", () => {
    const parsed = parseTallyFile({ rule: { method: "college-bloc", college: { abstain: "for", bloc: { threshold: "60%" }, quorum: "1/4" } }, electorate: [], ballots: [] });
    if (!parsed.ok) throw new Error(parsed.error);
    // "60%" is not one half: at least, as rule.strict would be.
    expect(tallyRuleJson(parsed.file.rule).college).toEqual({ abstain: "for", bloc: { threshold: "3/5", strict: false, otherwise: "neutralise" }, quorum: "1/4" });
  });

  it.each([
    [{ college: { abstain: "yes" } }, /^rule\.college\.abstain: expected "left-out", "for" or "against", got "yes"$/],
    [{ college: { bloc: { threshold: "60" } } }, /^rule\.college\.bloc\.threshold: must be greater than 0 and at most 1/],
    [{ college: { bloc: { threshold: "3/5", otherwise: "again" } } }, /^rule\.college\.bloc\.otherwise: expected "neutralise" or "second-round"/],
    [{ college: { quorum: "0" } }, /^rule\.college\.quorum: /],
  ])("a malformed rule.college: %j", (rule, message) => {
    const parsed = parseTallyFile({ rule, ballots: [] });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(message);
  });

  it("a quorum per college needs the electorate (ballots form), or each college's figures (totals form)", () => {
    const colleges = [{ id: "C1", weight: "1/2" }, { id: "C2", weight: "1/2" }];
    expect(parseTallyFile({ rule: { college: { quorum: "1/2" } }, colleges, ballots: [] })).toEqual({ ok: false, error: expect.stringMatching(/^electorate: is required when rule\.college\.quorum/) });
    const totals = [{ college: "C1", for: "1", against: "0", abstain: "0" }];
    expect(parseTallyFile({ rule: { college: { quorum: "1/2" } }, colleges, totals })).toEqual({ ok: false, error: expect.stringMatching(/^participation: is required/) });
    expect(parseTallyFile({ rule: { college: { quorum: "1/2" } }, colleges, totals, participation: { eligible: "4", present: "2", colleges: [{ college: "C1", eligible: "2", present: "1" }] } })).toEqual({
      ok: false,
      error: 'participation.colleges: college "C2" has no figures (rule.college.quorum is given)',
    });
    expect(parseTallyFile({ rule: {}, colleges, totals, participation: { eligible: "4", present: "2", colleges: [{ college: "C1", eligible: "2", present: "3" }] } })).toEqual({
      ok: false,
      error: "participation.colleges[0].present: 3 is more than its eligible (2)",
    });
  });
});
