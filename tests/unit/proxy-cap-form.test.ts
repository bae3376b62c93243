import { describe, expect, it } from "vitest";
import { ruleSchema } from "~/schemas/voting";

const base = { name: "AGO", method: "proportional", base: "cast", threshold: "1/2", emptyCollege: "neutralise", quorumBasis: "headcount" };

describe("the proxy cap of the rule form", () => {
  it.each(["coopérative", "Coopérative", "coopératif", "formule coopérative", "cooperative", " COOPERATIVE "])("reads %j as the cooperative cap", (proxyCap) => {
    const parsed = ruleSchema.safeParse({ ...base, proxyCap });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.proxyCap).toBe("cooperative");
  });

  it.each([["3", 3], ["", null]] as const)("reads %j as %j", (proxyCap, expected) => {
    expect(ruleSchema.parse({ ...base, proxyCap }).proxyCap).toBe(expected);
  });

  it.each(["coop", "co-opérative", "deux"])("refuses %j with the field's message", (proxyCap) => {
    const parsed = ruleSchema.safeParse({ ...base, proxyCap });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["proxyCap", "errors.proxyCap"]]);
  });
});
