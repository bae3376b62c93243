import { z } from "zod";
import { CONTRIBUTION_TYPES } from "~/domain/budget";
import { checkbox, day, emptyToNull, euros, optionalId, optionalText } from "./fields";

const positiveEuros = euros.refine((c) => c > 0, { error: "errors.positiveMoney" });

export const budgetSchema = z.object({ name: z.string().trim().min(1).max(120), fiscalStart: day, fiscalEnd: day });

export const lineSchema = z.object({
  kind: z.enum(["charge", "income"]),
  category: z.string().trim().min(1).max(80),
  label: z.string().trim().min(1).max(200),
  planned: euros,
  memberId: optionalId,
  collegeId: optionalId,
  notes: optionalText(1000),
});

export const contributionSchema = z.object({
  memberId: z.string().min(1).max(64),
  type: z.enum(CONTRIBUTION_TYPES),
  description: optionalText(300),
  publicAid: checkbox,
  pledged: euros,
  pledgedOn: day,
  received: z.preprocess((v) => (v === "" || v == null ? "0" : v), euros),
  receivedOn: z.preprocess(emptyToNull, day.nullable().default(null)),
});

export const receiveSchema = z.object({ contributionId: z.string().min(1).max(64), received: euros, receivedOn: day });

export const expenseSchema = z.object({
  lineId: z.string().min(1).max(64),
  payee: z.string().trim().min(1).max(200),
  spentOn: day,
  amount: positiveEuros,
  description: z.string().trim().min(1).max(1000),
  resolutionId: optionalId,
});

export const decisionSchema = z.object({ expenseId: z.string().min(1).max(64), decision: z.enum(["approve", "refuse"]) });
export const transferSchema = z.object({ fromLineId: z.string().min(1).max(64), toLineId: z.string().min(1).max(64), amount: positiveEuros });
export const allocationSchema = z.object({ result: euros, publicAid: z.preprocess((v) => (v === "" || v == null ? "0" : v), euros) });
