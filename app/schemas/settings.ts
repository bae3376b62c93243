import { z } from "zod";
import { LEGAL_FORMS } from "~/domain/legal-forms";
import { parseDay } from "./member";

const emptyToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

/** Euros typed as "50", "50,00" or "1 234,50": integer cents, or the error names the field. */
export function parseEuros(text: string): number | null {
  const t = text.replace(/[\s\u00a0\u202f€]/g, "");
  const m = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

export const settingsSchema = z.object({
  name: z.string().trim().min(1).max(160),
  legalForm: z.enum(LEGAL_FORMS),
  address: z.preprocess(emptyToNull, z.string().trim().max(300).nullable().default(null)),
  registrationNumber: z.preprocess(emptyToNull, z.string().trim().max(80).nullable().default(null)),
  capitalVariable: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  collegesEnabled: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  noticeDays: z.preprocess(emptyToNull, z.string().trim().regex(/^\d{1,3}$/, { error: "errors.wholeNumber" }).transform(Number).nullable().default(null)),
  shareNominal: z.preprocess(
    emptyToNull,
    z
      .string()
      .transform((v, ctx) => {
        const cents = parseEuros(v);
        if (cents == null) {
          ctx.addIssue({ code: "custom", message: "errors.money" });
          return z.NEVER;
        }
        return cents;
      })
      .nullable()
      .default(null),
  ),
});

export const collegeSchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.preprocess(emptyToNull, z.string().trim().max(500).nullable().default(null)),
});

export const weightsMetaSchema = z.object({
  effectiveFrom: z.string().transform((v, ctx) => {
    const day = parseDay(v);
    if (!day) {
      ctx.addIssue({ code: "custom", message: "errors.date" });
      return z.NEVER;
    }
    return day;
  }),
  reason: z.string().trim().min(1).max(300),
});
