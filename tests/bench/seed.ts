// Bench data, seeded fast but real: the entity, its colleges and weights, the rule and the
// resolutions go through the app's services (so the frozen electorate and whatever the app keeps
// beside it are the app's own); members (the app's insert), accounts, 30-day sessions and the
// 90 000 votes of a late vote are bulk inserts after migrations, checked against the app's view.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { createDb, type Db } from "#db/index";
// The names of the scale seeder's members (db/seed-scale.ts): many distinct surnames, as real registers have.
import { memberName, surname } from "#db/seed-scale";
import { migrateToLatest } from "#db/migrate";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { newId } from "~/lib/ids.server";
import { hashPassword } from "~/lib/password.server";
import { generateSessionToken, SESSION_LIFETIME_MS, sessionIdFromToken } from "~/lib/session.server";
import { createAccount } from "~/services/auth.server";
import { createCollege, setWeights } from "~/services/colleges.server";
import { createEntity } from "~/services/entities.server";
import { createResolution, openResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { participationOf } from "~/services/participation.server";
import { bulkMembers, memberInput } from "../helpers/register";

export const ADMIN_PASSWORD = "bench admin password";

/** The SCIC AGO preset as users get it (first-call quorum 1/5, results hidden), with open ballots unless `secret`. */
export function agoRule(secret = false): VotingRule {
  return { ...PRESETS["scic-sa-ago"].rule, secret };
}

export interface Voter {
  memberId: string;
  userId: string;
  collegeId: string;
  weightMicro: number;
  name: string;
  /** The session cookie's token (the database keeps its SHA-256). */
  token: string;
}

export interface Seeded {
  dir: string;
  file: string;
  db: Db;
  entity: { id: string; slug: string; legal_form: string; colleges_enabled: number };
  adminId: string;
  adminToken: string;
  colleges: string[];
  /** Active members. */
  size: number;
  /** The active members, each with an account and a session. */
  voters: Voter[];
  /** Surnames used, for searches with known answers. */
  surnames: string[];
  /** Votes opened before the accounts existed (seedEntity's openFirst). */
  opened: string[];
}

/** Every file of a run, under one temporary folder that run.ts removes at the end. */
export const RUN_ROOT = mkdtempSync(path.join(tmpdir(), "cogere-bench-"));
// Where the app keeps vote keys and uploads, for this process and the servers it starts: never
// the project's data/ folder. Read once by getEnv(), at its first call, after this line.
process.env.DATA_KEYS_DIR = path.join(RUN_ROOT, "keys");
process.env.UPLOAD_DIR = path.join(RUN_ROOT, "uploads");

export function tempDir(tag: string): string {
  return mkdtempSync(path.join(RUN_ROOT, `${tag}-`));
}

function log(msg: string) {
  console.log(`  · ${msg}`);
}

/** A better-sqlite3 connection for bulk inserts (this process only). */
function bulkConnection(file: string) {
  const raw = new SQLite(file);
  raw.pragma("busy_timeout = 5000");
  raw.pragma("cache_size = -262144");
  return raw;
}

/**
 * Closes it after its bulk writes have been copied into the database file and the WAL emptied,
 * as a server that has run for a while has it: no case pays for the seeding's checkpoint.
 */
function closeBulk(raw: SQLite.Database) {
  raw.pragma("wal_checkpoint(TRUNCATE)");
  raw.close();
}

/** Wall-clock and CPU time of this process since `start`, for the seeding log. */
function since(start: { wall: number; cpu: NodeJS.CpuUsage }): string {
  const cpu = process.cpuUsage(start.cpu);
  return `${((performance.now() - start.wall) / 1000).toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`;
}
const mark = () => ({ wall: performance.now(), cpu: process.cpuUsage() });

/**
 * A SCIC with five colleges of 20 %, `count` members (weights 1, 2 or 3; each with an account
 * and a 30-day session, as after signing in), its admin signed in too. `openFirst` votes (secret
 * ballots if `secret`) are opened before the accounts exist, their ids in `opened`: opening a
 * vote notifies every account of its electorate, minutes of work at 100 000 accounts that no
 * case measures.
 */
export async function seedEntity(dir: string, count: number, opts: { label?: string; exited?: number; openFirst?: number; secret?: boolean } = {}): Promise<Seeded> {
  const label = opts.label ?? "Bench";
  const exited = opts.exited ?? 0;
  const file = path.join(dir, "cogere.db");
  const db = createDb(file);
  // Seeding writes 100 000s of rows at random places in the indexes: a large page cache (this
  // process's connection only; servers keep SQLite's default).
  await sql`pragma cache_size = -262144`.execute(db);
  let t = mark();
  await migrateToLatest(db);
  const admin = await createAccount(db, { email: `admin-${newId().slice(0, 6)}@bench.example`, name: `${label} admin`, password: ADMIN_PASSWORD });
  const e = await createEntity(db, { actorId: admin.id, name: `${label} ${newId().slice(0, 4)}`, legalForm: "scic-sas" });
  const entity = await db.selectFrom("entity").select(["id", "slug", "legal_form", "colleges_enabled"]).where("id", "=", e.id).executeTakeFirstOrThrow();
  const colleges: string[] = [];
  const weights: Record<string, string> = {};
  for (let i = 0; i < 5; i++) {
    const { id } = await createCollege(db, { entity, actorId: admin.id, name: `Collège ${i + 1}`, description: null, day: "2020-01-01" });
    colleges.push(id);
    weights[id] = "20";
  }
  await setWeights(db, { entity, actorId: admin.id, weights, effectiveFrom: "2020-01-01", reason: "bench", day: "2020-01-01" });
  const surnames = Array.from({ length: 4000 }, (_, i) => surname(i));
  // `count` active members, then `exited` former members (no account, no vote) as registers have.
  const all = await bulkMembers(
    db,
    entity.id,
    Array.from({ length: count + exited }, (_, i) =>
      memberInput({
        name: memberName(i, surnames.length),
        memberNumber: `S${String(i).padStart(6, "0")}`,
        email: `m${i}@bench.example`,
        collegeId: colleges[i % 5]!,
        votingWeight: String(1 + (i % 3)),
        exitedOn: i >= count ? "2025-06-30" : "",
      }),
    ),
  );
  const rows = all.slice(0, count);
  log(`${count} members${exited ? ` and ${exited} former members` : ""} in ${since(t)} (migrations included)`);
  const s: Seeded = { dir, file, db, entity, adminId: admin.id, adminToken: "", colleges, size: count, voters: [], surnames, opened: [] };
  for (let i = 0; i < (opts.openFirst ?? 0); i++) s.opened.push(await openVote(s, { number: String(i + 1), secret: opts.secret, quiet: i > 0 }));

  // Accounts, roles and sessions: what signing in leaves, without argon2 100 000 times.
  t = mark();
  const passwordHash = await hashPassword("bench member password");
  const now = new Date();
  const expires = new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString();
  const raw = bulkConnection(file);
  const voters = s.voters;
  const insertUser = raw.prepare("insert into user (id, email, name, password_hash, locale, is_platform_admin, created_at) values (?, ?, ?, ?, null, 0, ?)");
  const insertRole = raw.prepare("insert into entity_role (entity_id, user_id, role, created_at) values (?, ?, 'member', ?)");
  const linkMember = raw.prepare("update member set user_id = ? where id = ?");
  const insertSession = raw.prepare("insert into session (id, user_id, expires_at) values (?, ?, ?)");
  // The app's session id, with node's SHA-256 for speed: the same hex digest.
  const sessionId = (token: string) => createHash("sha256").update(token).digest("hex");
  const probe = generateSessionToken();
  if (sessionId(probe) !== sessionIdFromToken(probe)) throw new Error("session ids differ from the app's");
  raw.transaction(() => {
    for (const m of rows) {
      const userId = newId();
      const token = generateSessionToken();
      insertUser.run(userId, m.email, m.name, passwordHash, now.toISOString());
      insertRole.run(entity.id, userId, now.toISOString());
      linkMember.run(userId, m.id);
      insertSession.run(sessionId(token), userId, expires);
      voters.push({ memberId: m.id, userId, collegeId: m.college_id!, weightMicro: Number(m.voting_weight_micro), name: m.name, token });
    }
  })();
  s.adminToken = generateSessionToken();
  raw.prepare("insert into session (id, user_id, expires_at) values (?, ?, ?)").run(sessionIdFromToken(s.adminToken), admin.id, expires);
  closeBulk(raw);
  log(`${count} accounts, roles and 30-day sessions in ${since(t)}`);
  // Back to SQLite's default page cache, the servers' and the bare baseline's, for what is timed here.
  await sql`pragma cache_size = -2000`.execute(db);
  return s;
}

/** A resolution under the AGO rule, created and opened by the app's services. */
export async function openVote(s: Seeded, opts: { secret?: boolean; number?: string; quiet?: boolean } = {}): Promise<string> {
  const t = mark();
  const { id: ruleId } = await createRule(s.db, { entityId: s.entity.id, actorId: s.adminId, name: `AGO ${newId().slice(0, 4)}`, rule: agoRule(opts.secret) });
  const { id } = await createResolution(s.db, {
    entityId: s.entity.id,
    actorId: s.adminId,
    resolution: { number: opts.number ?? newId().slice(0, 8), title: "Approbation des comptes", body: "L’assemblée approuve les comptes de l’exercice.", note: null, ruleId, kind: "ordinary", recommendation: "for" },
  });
  await openResolution(s.db, { entity: s.entity, actorId: s.adminId, resolutionId: id });
  if (!opts.quiet) log(`resolution opened for ${s.size} members, ${s.voters.length} with an account, in ${since(t)} (electorate frozen, notifications)`);
  return id;
}

const CHOICES = ["for", "against", "abstain"] as const;

/**
 * Votes of `voters` written straight into participation and ballot, the rows castVote writes
 * (frozen college and weight, a receipt's hash, online), in one transaction: 90 000 votes in
 * seconds. The database's own triggers keep what derives from them (turnout counters);
 * checkTurnout then compares the app's participation view with the rows.
 */
export function castRaw(s: Seeded, resolutionId: string, voters: Voter[]) {
  const t = mark();
  const raw = bulkConnection(s.file);
  const frozen = raw.prepare("select college_id, weight_micro from resolution_voter where resolution_id = ? and member_id = ?");
  const participate = raw.prepare("insert into participation (resolution_id, member_id, cast_by_member_id, channel) values (?, ?, null, 'online')");
  const ballot = raw.prepare(
    "insert into ballot (id, resolution_id, member_id, cast_by_member_id, college_id, weight_micro, choice, channel, receipt_hash, cast_at, updated_at) values (?, ?, ?, null, ?, ?, ?, 'online', ?, ?, null)",
  );
  const now = new Date().toISOString();
  raw.transaction(() => {
    voters.forEach((v, i) => {
      const f = frozen.get(resolutionId, v.memberId) as { college_id: string | null; weight_micro: number };
      participate.run(resolutionId, v.memberId);
      ballot.run(newId(), resolutionId, v.memberId, f.college_id, f.weight_micro, CHOICES[(i * 7) % 3], createHash("sha256").update(randomBytes(20)).digest("hex"), now);
    });
  }).immediate();
  closeBulk(raw);
  log(`${voters.length} votes written in ${since(t)}`);
}

/** Fails when the app's participation view of the vote disagrees with its participation rows. */
export async function checkTurnout(s: Pick<Seeded, "db">, resolutionId: string) {
  const r = await s.db.selectFrom("resolution").selectAll().where("id", "=", resolutionId).executeTakeFirstOrThrow();
  const rows = await s.db.selectFrom("participation").select((eb) => eb.fn.countAll<number>().as("n")).where("resolution_id", "=", resolutionId).executeTakeFirstOrThrow();
  const view = await participationOf(s.db, r);
  if (view.voted !== Number(rows.n)) {
    throw new Error(`bench seed out of step with the app: the page would show ${view.voted} voters, participation holds ${rows.n}; castRaw (tests/bench/seed.ts) must write what the app derives from a vote`);
  }
  return view;
}
