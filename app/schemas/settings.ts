import { z } from "zod";
import { LEGAL_FORMS } from "~/domain/legal-forms";
import { checkbox, day, emptyToNull, euros, optionalText } from "./fields";

export const settingsSchema = z.object({
  name: z.string().trim().min(1).max(160),
  legalForm: z.enum(LEGAL_FORMS),
  address: optionalText(300),
  registrationNumber: optionalText(80),
  capitalVariable: checkbox,
  collegesEnabled: checkbox,
  noticeDays: z.preprocess(emptyToNull, z.string().trim().regex(/^\d{1,3}$/, { error: "errors.wholeNumber" }).transform(Number).nullable().default(null)),
  shareNominal: z.preprocess(emptyToNull, euros.nullable().default(null)),
});

export const collegeSchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: optionalText(500),
});

export const weightsMetaSchema = z.object({
  effectiveFrom: day,
  reason: z.string().trim().min(1).max(300),
});
