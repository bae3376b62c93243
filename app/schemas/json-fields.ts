/**
 * Field readers shared by the public JSON files (the tally file, docs/tally-file.md, and the
 * election file, docs/election-file.md): each problem is one English line naming the field, e.g.
 * `ballots[3].weight: expected a positive decimal or fraction such as "1", "1.5" or "3/2", got "-1"`.
 */
import { z } from "zod";
import { Rational } from "../domain/rational";

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

/** The value without the keys that begin with `$` (comments), at every level. */
export function withoutDollarKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDollarKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !key.startsWith("$"))
        .map(([key, v]) => [key, withoutDollarKeys(v)]),
    );
  }
  return value;
}

/** A member's own weight: a positive decimal or fraction ("1", "1.5", "3/2"). */
export const memberWeight = numberText('"1"').transform((text, ctx) => {
  const r = Rational.parse(text);
  if (r === null || !r.isPositive()) {
    ctx.addIssue({ code: "custom", message: `expected a positive decimal or fraction such as "1", "1.5" or "3/2", got ${shown(text)}` });
    return z.NEVER;
  }
  return r;
});

/** A total or a weight that may be zero: "0", "2.5", "5/2". */
export const amount = numberText('"5/2"').transform((text, ctx) => {
  const r = Rational.parse(text);
  if (r === null || r.isNegative()) {
    ctx.addIssue({ code: "custom", message: `expected zero or a positive decimal or fraction such as "2.5" or "5/2", got ${shown(text)}` });
    return z.NEVER;
  }
  return r;
});

/** `ballots[3].choice`, `election.seats`, `colleges[0].weight`. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Messages for the issues no field-level message covers. */
export const genericError: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === "invalid_type") {
    if (iss.input === undefined) return "is required";
    const expected = iss.expected === "object" ? "an object" : iss.expected === "array" ? "an array" : `a ${iss.expected}`;
    return `expected ${expected}, got ${shown(iss.input)}`;
  }
  return undefined;
};

/**
 * Reads a JSON file already decoded with the schema `pick` chooses from its members (keys
 * beginning with `$` ignored): the data, or the first problem naming its field.
 */
export function readJson<T>(json: unknown, pick: (stripped: Record<string, unknown>) => z.ZodType<T>): { ok: true; data: T } | { ok: false; error: string } {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return { ok: false, error: `the file must hold a JSON object, got ${shown(json)}` };
  const stripped = withoutDollarKeys(json) as Record<string, unknown>;
  const parsed = pick(stripped).safeParse(stripped, { error: genericError });
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = fieldName(issue.path);
  return { ok: false, error: field === "" ? issue.message : `${field}: ${issue.message}` };
}
