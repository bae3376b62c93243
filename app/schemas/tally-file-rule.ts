/**
 * The `rule` member of a tally file (docs/tally-file.md §2), read with zod, and the primitives the
 * rest of the file shares (app/schemas/tally-file.ts): exact numbers written as text, shares,
 * whole numbers, enumerations, each problem as one English line naming what was expected.
 */
import { z } from "zod";
import type { CollegeOptions } from "../domain/college-rules";
import { Rational } from "../domain/rational";
import { defaultStrict, type TallyRule } from "../domain/tally";

const HALF = Rational.of(1, 2);

/** A JSON value as a message shows it: `"yes"`, `12`, `null`, `an object`. */
export function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (value !== null && typeof value === "object") return "an object";
  return JSON.stringify(value);
}

/** An exact number written as text ("3/10", "0.3", "30%"); a JSON number is read as its decimal text. */
export function numberText(example: string) {
  return z
    .union([z.string(), z.number()], { error: (iss) => (iss.input === undefined ? "is required" : `expected a text such as ${example}, got ${shown(iss.input)}`) })
    .transform((v) => (typeof v === "number" ? String(v) : v.trim()));
}


/** A share of the whole in (0, 1]: "a/b", "66.67%" (exact decimal percentage) or "0.5". */
export function share(what: string) {
  return numberText('"2/3"').transform((text, ctx) => {
    const r = text.endsWith("%") ? Rational.parsePercent(text) : Rational.parse(text);
    if (r === null) {
      ctx.addIssue({
        code: "custom",
        message: `expected ${what} as a fraction "2/3", a percentage "66.67%" or a decimal "0.5", got ${shown(text)}`,
      });
      return z.NEVER;
    }
    if (!r.isPositive() || r.gt(Rational.ONE)) {
      // "30" for 30 % is the likely slip: a plain decimal here is a share of the whole.
      const hint = r.gt(Rational.ONE) && !text.endsWith("%") && !text.includes("/") ? ` (write "${text}%" for a percentage)` : "";
      ctx.addIssue({ code: "custom", message: `must be greater than 0 and at most 1 (100%), got ${shown(text)}${hint}` });
      return z.NEVER;
    }
    return r;
  });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const list = values.map((v) => `"${v}"`);
  const words = list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} or ${list.at(-1)}`;
  return z.enum(values, { error: (iss) => `expected ${words}, got ${shown(iss.input)}` });
}

export const count = z
  .number({ error: (iss) => `expected a whole number, got ${shown(iss.input)}` })
  .int({ error: "expected a whole number" })
  .min(0, { error: "must not be negative" });

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
