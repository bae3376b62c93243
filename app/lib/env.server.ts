import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { z } from "zod";

const boolish = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

/**
 * Express's "trust proxy": which hops of X-Forwarded-For to believe, hence the client address
 * that login throttling counts. Unset, "false" or "0": none (the address of the connection).
 * A number n: the n proxies nearest to the server ("true" means 1: it no longer trusts every
 * hop, which let anyone choose their address). Otherwise a comma-separated list of proxy
 * addresses or subnets, or loopback / linklocal / uniquelocal: "loopback,10.0.0.0/8".
 */
export type TrustProxy = false | number | string[];
const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  return bits >= 0 && bits <= (version === 4 ? 32 : 128);
}

export function parseTrustProxy(value: string | undefined): TrustProxy | null {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || v === "false" || v === "0") return false;
  if (v === "true") return 1;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const list = v.split(",").map((s) => s.trim()).filter(Boolean);
  return list.length > 0 && list.every(isProxyAddress) ? list : null;
}

const trustProxy = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const parsed = parseTrustProxy(v);
    if (parsed === null) {
      ctx.addIssue({ code: "custom", message: "TRUST_PROXY must be false, a number of proxies, or a list of proxy addresses (loopback,10.0.0.0/8)" });
      return z.NEVER;
    }
    return parsed;
  });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_PATH: z.string().min(1).default("data/cogere.db"),
  // PostgreSQL instead of SQLite: postgres://user:password@host:5432/cogere (issue 14).
  DATABASE_URL: z
    .string()
    .regex(/^postgres(?:ql)?:\/\//i, "DATABASE_URL must be a postgres:// URL (leave it unset for SQLite at DATABASE_PATH)")
    .optional(),
  // Connections each server process keeps open to PostgreSQL.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // Secure cookies need HTTPS (browsers accept them on http://localhost too).
  COOKIE_SECURE: boolish.optional(),
  // Signs the flash-message cookie and the device cookies of login throttling; a per-process
  // random secret when unset (device cookies then stop counting when the server restarts).
  COOKIE_SECRET: z.string().min(32, "COOKIE_SECRET must be at least 32 characters").optional(),
  // Public origin(s) accepted by the Origin check, comma-separated, when behind a proxy.
  APP_ORIGIN: z.string().optional(),
  TRUST_PROXY: trustProxy,
  // smtp://user:pass@host:587 or smtps://…; without it, mail stays in the outbox page.
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
  MAIL_FROM: z.string().min(3).default("Cogere <no-reply@cogere.invalid>"),
  // Where meeting documents are stored; default: an "uploads" folder beside the database.
  UPLOAD_DIR: z.string().min(1).optional(),
  // Where the server keeps the secret key of each secret vote in server mode (one file per vote,
  // mode 0600, deleted once the result is frozen); default: a "keys" folder beside the database.
  DATA_KEYS_DIR: z.string().min(1).optional(),
  // Overload (app/lib/http.server.ts admissionControl): requests handled at once (0: no limit),
  // and how long one more may wait for a place before it gets 503 with Retry-After.
  MAX_REQUESTS_IN_FLIGHT: z.coerce.number().int().min(0).default(64),
  MAX_QUEUE_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  // Server processes (Node's cluster, app/lib/cluster.server.ts); one by default.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
}).refine((env) => env.WEB_CONCURRENCY === 1 || env.COOKIE_SECRET !== undefined, {
  // Each process would sign cookies with its own random secret: the others would refuse them.
  message: "COOKIE_SECRET is required when WEB_CONCURRENCY is more than 1 (every process must sign cookies alike)",
  path: ["COOKIE_SECRET"],
});

export type Env = z.infer<typeof envSchema> & { cookieSecure: boolean; cookieSecret: string };

let cached: Env | undefined;

/** The settings read from `source`; throws naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  return {
    ...env,
    cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === "production",
    cookieSecret: env.COOKIE_SECRET ?? randomBytes(32).toString("hex"),
  };
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
