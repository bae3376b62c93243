/**
 * Field readers of the election file only (docs/election-file.md); those it shares with the
 * tally file are in json-fields.ts. Each problem is one English line naming the field.
 */
import { z } from "zod";
import { isDay } from "../domain/election-ties";
import { shown } from "./json-fields";

export { amount, memberWeight, oneOf, share, shown } from "./json-fields";

export const id = z.string().trim().min(1, { error: "must not be empty" });

/** A calendar day "YYYY-MM-DD". */
export const day = z.string({ error: (iss) => `expected a day such as "1970-01-31", got ${shown(iss.input)}` }).refine(isDay, {
  error: (iss) => `expected a day such as "1970-01-31", got ${shown(iss.input)}`,
});

/** A whole number of at least `min`. */
export function whole(min: number) {
  return z
    .number({ error: (iss) => (iss.input === undefined ? "is required" : `expected a whole number, got ${shown(iss.input)}`) })
    .int({ error: "expected a whole number" })
    .min(min, { error: min === 0 ? "must not be negative" : `must be at least ${min}` });
}

export const bool = z.boolean({ error: (iss) => `expected true or false, got ${shown(iss.input)}` });

export type Fail = (path: (string | number)[], message: string) => never;

const STOP = Symbol("stop");

/**
 * A transform whose checks stop at the first problem: `fail` records it (naming its field) and
 * ends the transform, so that later checks never read what an earlier one refused.
 */
export function checked<T, R>(body: (f: T, fail: Fail) => R) {
  return (f: T, ctx: z.RefinementCtx): R => {
    const fail: Fail = (path, message) => {
      ctx.addIssue({ code: "custom", path, message });
      throw STOP;
    };
    try {
      return body(f, fail);
    } catch (e) {
      if (e === STOP) return z.NEVER as R;
      throw e;
    }
  };
}
