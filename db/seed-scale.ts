// A generated instance at scale (issue 14): `npm run db:seed-scale -- --entities N --members M`
// fills an empty database (DATABASE_URL, else DATABASE_PATH) with N SCICs of five colleges and
// M members in all. The first entity is the large one (`--large`, by default a tenth of M up to
// 100 000 members), whose members each have an account and which has `--resolutions` votes open
// under the SCIC AGO preset; the others share the remaining members evenly. The bench's scale case
// (tests/bench/cases/scale.ts) measures on it.
//
// As the bench's 100 000-member database (tests/bench/seed.ts): entities, colleges, weights, rules
// and votes go through the app's services; members are the app's rows (memberSchema, memberValues)
// written by the app's multi-row insert (insertMembers), so the database's own triggers keep the
// register's search copy and stamps; accounts are multi-row inserts with one password hash, made
// after the votes are open (opening notifies every account of the electorate). Nothing here is
// specific to a database but the page cache SQLite is given while seeding and the VACUUM ANALYZE
// that ends it on PostgreSQL.
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { z } from "zod";
import { isPostgres } from "./dialect";
import type { Db } from "./index";
import { migrateToLatest } from "./migrate";
import { PRESETS } from "~/domain/rules";
import { newId } from "~/lib/ids.server";
import { hashPassword } from "~/lib/password.server";
import { insertMembers, type MemberRow } from "~/queries/members.server";
import { memberSchema } from "~/schemas/member";
import { createAccount } from "~/services/auth.server";
import { createCollege, setWeights } from "~/services/colleges.server";
import { createEntity } from "~/services/entities.server";
import { memberValues } from "~/services/members.server";
import { createResolution, openResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";

/** Generated data, printed by the command: change them before anything else uses the instance. */
export const SCALE_ADMIN = { email: "admin@scale.example", name: "Scale admin", password: "scale-admin-password" } as const;
export const SCALE_MEMBER_PASSWORD = "scale-member-password";
const COLLEGES = 5;

/** The slug of entity `i` (from 0); entity 0 is the large one. */
export function scaleSlug(i: number): string {
  return `scale-${String(i + 1).padStart(4, "0")}`;
}

/** The e-mail of the `g`-th member generated (from 0, across entities): its account's, in the large entity. */
export function scaleEmail(g: number): string {
  return `m${g}@scale.example`;
}

// Deterministic names (the bench's too): a register with many distinct surnames, as real ones have.
export const FIRST_NAMES = ["Éloïse", "Marc", "Amélie", "Karim", "Sophie", "Jean", "Léa", "Nora", "Paul", "Inès", "Hugo", "Zoé", "Luc", "Yasmine", "Chloé", "Théo", "Anaïs", "Rémi", "Maëlle", "Omar"];
const SYLLABLES = ["ber", "mar", "ton", "lu", "vi", "gne", "rou", "da", "che", "lan", "pi", "sa", "mo", "ret", "fa", "bou", "nel", "ga", "cor", "di"];

/** The `i`-th of 8 000 surnames. */
export function surname(i: number): string {
  const a = SYLLABLES[i % 20]!, b = SYLLABLES[Math.floor(i / 20) % 20]!, c = SYLLABLES[Math.floor(i / 400) % 20]!;
  const s = a + b + (i % 3 === 0 ? c : "");
  return s[0]!.toUpperCase() + s.slice(1);
}

/** The name of the `i`-th member of a register drawing on `surnames` surnames. */
export function memberName(i: number, surnames = 4000): string {
  return `${FIRST_NAMES[i % FIRST_NAMES.length]} ${surname((i * 7919) % surnames)}`;
}

// ---------------------------------------------------------------------------------------------
// Options

const count = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `must be a number (${what})` })
    .int({ error: `must be a whole number (${what})` })
    .min(min, { error: `must be at least ${min} (${what})` })
    .max(max, { error: `must be at most ${max.toLocaleString("en")} (${what})` });

export const scaleOptionsSchema = z
  .object({
    entities: count("how many entities", 1, 100_000),
    members: count("how many members in all", 1, 50_000_000),
    large: count("members of the large entity, the first", 1, 10_000_000).optional(),
    resolutions: count("votes opened in the large entity", 0, 50).default(1),
  })
  .check((ctx) => {
    const o = ctx.value;
    if (o.members < o.entities) ctx.issues.push({ code: "custom", input: o.members, path: ["members"], message: `must be at least --entities (${o.entities}): every entity has a member` });
    else if (o.large != null && o.large > o.members - (o.entities - 1)) {
      ctx.issues.push({ code: "custom", input: o.large, path: ["large"], message: `must leave a member for each of the other ${o.entities - 1} entities: at most ${o.members - (o.entities - 1)}` });
    } else if (o.large != null && o.entities === 1 && o.large !== o.members) {
      ctx.issues.push({ code: "custom", input: o.large, path: ["large"], message: `must be --members (${o.members}) when there is one entity` });
    }
  });

export type ScaleOptions = z.output<typeof scaleOptionsSchema>;

/** The large entity's size: `--large`, else a tenth of the members up to 100 000 (all of them when there is one entity). */
export function largeSize(o: ScaleOptions): number {
  if (o.large != null) return o.large;
  if (o.entities === 1) return o.members;
  return Math.min(100_000, Math.ceil(o.members / 10), o.members - (o.entities - 1));
}

/** Members of each entity, in order: the large one, then the rest shared evenly. */
export function entitySizes(o: ScaleOptions): number[] {
  const large = largeSize(o);
  const others = o.entities - 1;
  const rest = o.members - large;
  return [large, ...Array.from({ length: others }, (_, i) => Math.floor(rest / others) + (i < rest % others ? 1 : 0))];
}

export class ScaleArgsError extends Error {}

const FLAGS: Record<string, keyof z.input<typeof scaleOptionsSchema>> = { "--entities": "entities", "--members": "members", "--large": "large", "--resolutions": "resolutions" };

/** `--entities N --members M [--large L] [--resolutions R]` (or `--flag=value`); throws ScaleArgsError naming each bad flag. */
export function parseScaleArgs(argv: string[]): ScaleOptions {
  const raw: Record<string, string> = {};
  const problems: string[] = [];
  const named = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = FLAGS[flag];
    const next = argv[i + 1];
    const value = eq > 0 ? arg.slice(eq + 1) : next === undefined || next.startsWith("--") ? undefined : argv[++i];
    if (!key) problems.push(`${flag}: unknown argument (flags: ${Object.keys(FLAGS).join(" ")})`);
    else if (value === undefined || value === "") problems.push(`${flag}: needs a value`);
    else raw[key] = value;
    named.add(flag);
  }
  const parsed = scaleOptionsSchema.safeParse(raw);
  if (parsed.success && problems.length === 0) return parsed.data;
  for (const issue of parsed.error?.issues ?? []) {
    const flag = `--${issue.path.join(".")}`;
    if (named.has(flag) && !(issue.path[0]! in raw)) continue; // said already: it needs a value
    problems.push(`${flag}: ${issue.path[0]! in raw ? issue.message : "required"}`);
  }
  throw new ScaleArgsError(problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Seeding

export interface ScaleSummary {
  entities: { id: string; slug: string; members: number }[];
  /** The first entity: its members have accounts; its open votes. */
  large: { id: string; slug: string; members: number; resolutions: string[] };
  adminId: string;
  seconds: number;
}

/** Runs `work` on each item, `parallel` at a time (PostgreSQL takes several writers; SQLite one). */
async function eachOf<T>(items: T[], parallel: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

/**
 * Fills the empty database `db` (migrated here) as `options` says; `log` hears each step. Refuses
 * a database that has an account or an entity already.
 */
export async function seedScale(db: Db, options: ScaleOptions, log: (line: string) => void = () => {}): Promise<ScaleSummary> {
  const t0 = performance.now();
  let t = t0;
  const step = (what: string) => {
    const now = performance.now();
    log(`${what} (${((now - t) / 1000).toFixed(1)} s)`);
    t = now;
  };
  const pg = isPostgres(db);
  await migrateToLatest(db);
  const rowsOf = async (table: "user" | "entity") => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  const users = await rowsOf("user");
  const entities = await rowsOf("entity");
  if (users > 0 || entities > 0) {
    throw new ScaleArgsError(`the database already holds ${entities} entities and ${users} accounts: db:seed-scale fills an empty database only (a new DATABASE_PATH, or a newly created PostgreSQL database)`);
  }
  // Hundreds of thousands of rows at random places in the indexes: a large page cache while
  // seeding (this connection only; the server keeps SQLite's default).
  if (!pg) await sql`pragma cache_size = -262144`.execute(db);
  const parallel = pg ? 4 : 1;
  const sizes = entitySizes(options);
  const now = new Date();
  const stamp = now.toISOString();

  // The first account is the platform administrator; it administers every entity it creates.
  const admin = await createAccount(db, { email: SCALE_ADMIN.email, name: SCALE_ADMIN.name, password: SCALE_ADMIN.password, now });
  const made: (ScaleSummary["entities"][number] & { colleges: string[] })[] = new Array(sizes.length);
  await eachOf(sizes, parallel, async (size, i) => {
    const e = await createEntity(db, { actorId: admin.id, name: `Échelle ${String(i + 1).padStart(4, "0")}`, slug: scaleSlug(i), legalForm: "scic-sas", now });
    const entity = await db.selectFrom("entity").select(["id", "legal_form"]).where("id", "=", e.id).executeTakeFirstOrThrow();
    const colleges: string[] = [];
    for (let c = 0; c < COLLEGES; c++) colleges.push((await createCollege(db, { entity, actorId: admin.id, name: `Collège ${c + 1}`, description: null, day: "2020-01-01", now })).id);
    const set = await setWeights(db, { entity, actorId: admin.id, weights: Object.fromEntries(colleges.map((id) => [id, String(100 / COLLEGES)])), effectiveFrom: "2020-01-01", reason: "Statuts", day: "2020-01-01", now });
    if (!set.ok) throw new Error(`weights refused: ${JSON.stringify(set)}`);
    made[i] = { id: e.id, slug: e.slug, members: size, colleges };
  });
  step(`${sizes.length} entities, ${COLLEGES} colleges of ${100 / COLLEGES} % each`);

  // Members: the app's row of a member as entered, numbered across entities (e-mails are unique).
  const firsts = sizes.reduce<number[]>((acc, _, i) => [...acc, i === 0 ? 0 : acc[i - 1]! + sizes[i - 1]!], []);
  const largeRows: MemberRow[] = [];
  let written = 0;
  let reported = 0;
  // Entities cut into batches, one transaction each. On PostgreSQL the register stamp's trigger
  // rewrites the entity's one row for every member inserted, and within a transaction each
  // rewrite walks the versions the ones before left: quadratic in the batch (60 000 members: 16.6 s
  // in batches of 20 000, 4.8 s in batches of 1 000). SQLite rewrites in place and prefers fewer commits.
  const BATCH = pg ? 1000 : 20_000;
  const batches = made.flatMap((e, i) => Array.from({ length: Math.ceil(e.members / BATCH) }, (_, b) => ({ e, i, from: b * BATCH, to: Math.min(e.members, (b + 1) * BATCH) })));
  await eachOf(batches, parallel, async ({ e, i, from, to }) => {
    const rows: MemberRow[] = [];
    for (let k = from; k < to; k++) {
      const g = firsts[i]! + k;
      const input = memberSchema.parse({
        name: memberName(g),
        personKind: "natural",
        category: "beneficiaire",
        memberNumber: `S${String(k + 1).padStart(6, "0")}`,
        email: scaleEmail(g),
        collegeId: e.colleges[k % COLLEGES]!,
        votingWeight: String(1 + (k % 3)),
        shares: String(1 + (k % 5)),
        joinedOn: "2020-01-01",
      });
      rows.push({ id: newId(), entity_id: e.id, user_id: null, ...memberValues(input), created_at: stamp, updated_at: stamp });
    }
    await db.transaction().execute((trx) => insertMembers(trx, rows));
    if (i === 0) largeRows.push(...rows);
    written += rows.length;
    if (written - reported >= 100_000) {
      reported = written;
      log(`  … ${written} members`);
    }
  });
  step(`${options.members} members`);

  // The large entity's votes, opened before its members have accounts: no notification to send.
  const large = made[0]!;
  const resolutions: string[] = [];
  const entityRef = await db.selectFrom("entity").select(["id", "slug", "legal_form", "colleges_enabled"]).where("id", "=", large.id).executeTakeFirstOrThrow();
  if (options.resolutions > 0) {
    const { id: ruleId } = await createRule(db, { entityId: large.id, actorId: admin.id, name: "AGO", rule: { ...PRESETS["scic-sa-ago"].rule, secret: false } });
    for (let r = 0; r < options.resolutions; r++) {
      const { id } = await createResolution(db, {
        entityId: large.id,
        actorId: admin.id,
        resolution: { number: String(r + 1), title: "Approbation des comptes", body: "L’assemblée approuve les comptes de l’exercice.", note: null, ruleId, kind: "ordinary", recommendation: "for" },
      });
      await openResolution(db, { entity: entityRef, actorId: admin.id, resolutionId: id });
      resolutions.push(id);
    }
    step(`${options.resolutions} open vote(s) of ${large.members} members in ${large.slug}`);
  }

  // Accounts of the large entity's members, as signing up leaves them (one password for all).
  const passwordHash = await hashPassword(SCALE_MEMBER_PASSWORD);
  const accounts = largeRows.map((m) => ({ id: newId(), email: m.email!, name: m.name, password_hash: passwordHash, locale: null, is_platform_admin: 0, created_at: stamp }));
  await db.transaction().execute(async (trx) => {
    // 2 000 rows a statement: SQLite binds at most 32 766 values.
    for (let i = 0; i < accounts.length; i += 2000) {
      const some = accounts.slice(i, i + 2000);
      await trx.insertInto("user").values(some).execute();
      await trx.insertInto("entity_role").values(some.map((a) => ({ entity_id: large.id, user_id: a.id, role: "member", created_at: stamp, granted_at: stamp }))).execute();
    }
    // Each member linked to the account of its e-mail: one statement.
    await trx
      .updateTable("member")
      .set((eb) => ({ user_id: eb.selectFrom("user").select("user.id").whereRef("user.email", "=", "member.email") }))
      .where("member.entity_id", "=", large.id)
      .execute();
  });
  step(`${accounts.length} accounts for the members of ${large.slug}`);
  if (!pg) await sql`pragma cache_size = -2000`.execute(db);
  // What autovacuum leaves on a server that has run a while, done now rather than in the middle
  // of what is measured next: statistics for the planner, the visibility map that index-only
  // scans need, the GIN indexes' pending entries merged, the rows the accounts' update replaced.
  // The tables written, by name: on a database shared by several schemas, not everybody's.
  else await sql`vacuum analyze member, "user", entity_role, entity, college, weight_version, weight_version_college, audit_event, register_stamp, voting_rule, resolution, resolution_college, resolution_voter, turnout`.execute(db);
  return {
    entities: made.map(({ id, slug, members }) => ({ id, slug, members })),
    large: { id: large.id, slug: large.slug, members: large.members, resolutions },
    adminId: admin.id,
    seconds: (performance.now() - t0) / 1000,
  };
}
