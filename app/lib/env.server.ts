import { randomBytes } from "node:crypto";
import { z } from "zod";

const boolish = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_PATH: z.string().min(1).default("data/cogere.db"),
  // Secure cookies need HTTPS (browsers accept them on http://localhost too).
  COOKIE_SECURE: boolish.optional(),
  // Signs the flash-message cookie; a per-process random secret is enough when unset.
  COOKIE_SECRET: z.string().min(32, "COOKIE_SECRET must be at least 32 characters").optional(),
  // Public origin(s) accepted by the Origin check, comma-separated, when behind a proxy.
  APP_ORIGIN: z.string().optional(),
  TRUST_PROXY: boolish.default(false),
  // smtp://user:pass@host:587 or smtps://…; without it, mail stays in the outbox page.
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z.string().min(3).default("Cogere <no-reply@cogere.invalid>"),
  // Where meeting documents are stored; default: an "uploads" folder beside the database.
  UPLOAD_DIR: z.string().min(1).optional(),
});

export type Env = z.infer<typeof envSchema> & { cookieSecure: boolean; cookieSecret: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  cached = {
    ...env,
    cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === "production",
    cookieSecret: env.COOKIE_SECRET ?? randomBytes(32).toString("hex"),
  };
  return cached;
}
