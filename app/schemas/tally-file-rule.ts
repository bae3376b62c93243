/**
 * The `rule` member of a tally file (docs/tally-file.md §2), read with zod, and the primitives the
 * rest of the file shares (app/schemas/tally-file.ts): exact numbers written as text, shares,
 * whole numbers, enumerations, each problem as one English line naming what was expected.
 */
import { z } from "zod";
import type { CollegeOptions } from "../domain/college-rules";
import { Rational } from "../domain/rational";
import { count, oneOf, share, shown } from "./json-fields";
import { defaultStrict, type TallyRule } from "../domain/tally";

const HALF = Rational.of(1, 2);


export const ruleSchema = z.object({
  method: oneOf(["proportional", "college-bloc", "headcount"]).default("proportional"),
  base: oneOf(["cast", "present"]).default("cast"),
  threshold: share("a threshold").default(HALF),
  strict: z.boolean({ error: (iss) => `expected true or false, got ${shown(iss.input)}` }).optional(),
  emptyCollege: oneOf(["neutralise", "equal-share", "count-against"]).default("neutralise"),
  headcountBelowColleges: count.default(0),
  quorum: z
    .object({
      fraction: share("a quorum"),
      basis: oneOf(["headcount", "weight"]).default("headcount"),
    })
    .optional(),
  proxy: z
    .object({
      maxPerHolder: z
        .union([count, z.literal("cooperative")], {
          error: (iss) => `expected a whole number or "cooperative", got ${shown(iss.input)}`,
        })
        .optional(),
      sameCollege: z.boolean({ error: (iss) => `expected true or false, got ${shown(iss.input)}` }).optional(),
      maxPerCollege: count.optional(),
    })
    .superRefine((p, ctx) => {
      // Without any of the three, the member says nothing: the cap per holder is what it is for.
      if (p.maxPerHolder === undefined && !p.sameCollege && p.maxPerCollege === undefined) {
        ctx.addIssue({ code: "custom", path: ["maxPerHolder"], message: "is required (or sameCollege, or maxPerCollege)" });
      }
    })
    .optional(),
  college: z
    .object({
      abstain: oneOf(["left-out", "for", "against"]).default("left-out"),
      bloc: z
        .object({
          threshold: share("a bloc threshold"),
          strict: z.boolean({ error: (iss) => `expected true or false, got ${shown(iss.input)}` }).optional(),
          otherwise: oneOf(["neutralise", "second-round"]).default("neutralise"),
        })
        .optional(),
      quorum: share("a quorum per college").optional(),
    })
    .optional(),
});

export type RuleInput = z.output<typeof ruleSchema>;

export function ruleOf(r: RuleInput): TallyRule {
  return {
    method: r.method,
    base: r.base,
    threshold: r.threshold,
    strict: r.strict ?? defaultStrict(r.threshold),
    emptyCollege: r.emptyCollege,
    headcountBelowColleges: r.headcountBelowColleges,
    ...(r.quorum ? { quorum: { fraction: r.quorum.fraction, basis: r.quorum.basis } } : {}),
    ...(r.proxy
      ? {
          proxy: {
            ...(r.proxy.maxPerHolder !== undefined ? { maxPerHolder: r.proxy.maxPerHolder } : {}),
            ...(r.proxy.sameCollege ? { sameCollege: true } : {}),
            ...(r.proxy.maxPerCollege !== undefined ? { maxPerCollege: r.proxy.maxPerCollege } : {}),
          },
        }
      : {}),
    ...(r.college ? { college: collegeOf(r.college) } : {}),
  };
}

function collegeOf(c: NonNullable<RuleInput["college"]>): CollegeOptions {
  return {
    abstain: c.abstain,
    ...(c.bloc ? { bloc: { threshold: c.bloc.threshold, strict: c.bloc.strict ?? defaultStrict(c.bloc.threshold), otherwise: c.bloc.otherwise } } : {}),
    ...(c.quorum ? { quorum: c.quorum } : {}),
  };
}
