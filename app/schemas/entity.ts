import { z } from "zod";
import { LEGAL_FORMS } from "~/domain/legal-forms";
import { ROLES } from "~/domain/roles";
import { SLUG_PATTERN } from "~/domain/slug";
import { PASSWORD_MIN } from "./auth";

export const slugParam = z.string().regex(SLUG_PATTERN);

export const newEntitySchema = z.object({
  name: z.string().trim().min(1).max(160),
  slug: z
    .string()
    .trim()
    .max(60)
    .refine((s) => s === "" || SLUG_PATTERN.test(s), { error: "errors.slugInvalid" })
    .optional(),
  legalForm: z.enum(LEGAL_FORMS),
});

export const grantRoleSchema = z.object({
  intent: z.literal("grant"),
  email: z.string().trim().min(1).max(254).pipe(z.email()),
  name: z.string().trim().max(120).optional(),
  role: z.enum(ROLES),
  initialPassword: z
    .string()
    .max(200)
    .refine((p) => p === "" || p.length >= PASSWORD_MIN, { error: "errors.passwordTooShort" })
    .optional(),
});

export const changeRoleSchema = z.object({
  intent: z.literal("change"),
  userId: z.string().min(1).max(64),
  role: z.enum(ROLES),
});

export const removeRoleSchema = z.object({
  intent: z.literal("remove"),
  userId: z.string().min(1).max(64),
});

export const pageParam = z.coerce.number().int().min(1).max(1_000_000).catch(1);
