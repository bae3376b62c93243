import { z } from "zod";
import { LOCALES } from "~/lib/locale";
import { safeRedirect } from "~/lib/redirect";

export const PASSWORD_MIN = 10;

const email = z.string().trim().min(1).max(254).pipe(z.email());
const password = z.string().min(1).max(200);
const newPassword = z.string().min(PASSWORD_MIN, { error: "errors.passwordTooShort" }).max(200);

/** A local path to return to after signing in; anything else falls back to "/" (see safeRedirect). */
export const redirectTo = z
  .string()
  .optional()
  .transform((v) => safeRedirect(v));

export const loginSchema = z.object({ email, password, redirectTo });

export const setupSchema = z.object({
  name: z.string().trim().min(1).max(120),
  email,
  password: newPassword,
});

export const passwordChangeSchema = z
  .object({ currentPassword: password, newPassword, confirmPassword: z.string() })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], error: "errors.passwordMismatch" });

export const languageSchema = z.object({ lang: z.enum(LOCALES), redirectTo });

export const invitationSchema = z.object({ password: newPassword });

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z
  .object({ newPassword, confirmPassword: z.string() })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], error: "errors.passwordMismatch" });

/** The access page's "send a password reset link" form. */
export const sendResetSchema = z.object({ intent: z.literal("sendReset"), userId: z.string().min(1).max(64) });
