// Field parsers shared by the forms and imports: dates, euros, optional text.
import { z } from "zod";
import { parisLocalToDate } from "~/lib/dates";

/** A calendar date typed as 2026-03-31 or 31/03/2026, kept as "YYYY-MM-DD". */
export function parseDay(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Euros typed as "50", "50,00" or "1 234,50": integer cents, or null. */
export function parseEuros(text: string): number | null {
  const t = text.replace(/[\s\u00a0\u202f€]/g, "");
  const m = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** An empty form field means "not given". */
export const emptyToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

export const optionalText = (max: number) => z.preprocess(emptyToNull, z.string().trim().max(max).nullable().default(null));

/** An empty required field says so ("obligatoire"), rather than that its format is wrong. */
const formatError = (v: string, key: string) => (v.trim() === "" ? "errors.required" : key);

export const day = z.string().transform((v, ctx) => {
  const parsed = parseDay(v);
  if (!parsed) {
    ctx.addIssue({ code: "custom", message: formatError(v, "errors.date") });
    return z.NEVER;
  }
  return parsed;
});

/** Euros → integer cents. */
export const euros = z.string().transform((v, ctx) => {
  const cents = parseEuros(v);
  if (cents == null) {
    ctx.addIssue({ code: "custom", message: formatError(v, "errors.money") });
    return z.NEVER;
  }
  return cents;
});

/** A Paris wall-clock date and time from a datetime-local field. */
export const dateTime = z.string().transform((v, ctx) => {
  const d = parisLocalToDate(v);
  if (!d) {
    ctx.addIssue({ code: "custom", message: formatError(v, "errors.dateTime") });
    return z.NEVER;
  }
  return d;
});

/** A checkbox: present ("on") when ticked. */
export const checkbox = z.preprocess((v) => v === "on" || v === "true", z.boolean());

/** An optional choice of a row by its id. */
export const optionalId = z.preprocess(emptyToNull, z.string().max(64).nullable().default(null));
