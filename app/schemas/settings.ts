import { z } from "zod";
import { LEGAL_FORMS } from "~/domain/legal-forms";
import { checkbox, day, emptyToNull, euros, optionalId, optionalText } from "./fields";

export const settingsSchema = z.object({
  name: z.string().trim().min(1).max(160),
  legalForm: z.enum(LEGAL_FORMS),
  address: optionalText(300),
  registrationNumber: optionalText(80),
  capitalVariable: checkbox,
  collegesEnabled: checkbox,
  publicBallotBoxes: checkbox,
  noticeDays: z.preprocess(emptyToNull, z.string().trim().regex(/^\d{1,3}$/, { error: "errors.wholeNumber" }).transform(Number).nullable().default(null)),
  shareNominal: z.preprocess(emptyToNull, euros.nullable().default(null)),
  budgetRuleId: optionalId,
  expenseApprovals: z.preprocess((v) => (v === "" || v == null ? "2" : v), z.string().trim().regex(/^[1-9]$/, { error: "errors.approvals" }).transform(Number)),
  expenseThreshold: z.preprocess(emptyToNull, euros.nullable().default(null)),
  transferThreshold: z.preprocess(emptyToNull, euros.nullable().default(null)),
});

export const collegeSchema = z.object({
  name: z.string().trim().min(1).max(120),
  description: optionalText(500),
});

export const weightsMetaSchema = z.object({
  effectiveFrom: day,
  reason: z.string().trim().min(1).max(300),
});
