// Case S (issue 14): an instance at scale, 1 000 entities and 1 000 000 members in all, generated
// by `npm run db:seed-scale` twice side by side (a PostgreSQL database, a SQLite file); its first
// entity has 100 000 members, each with an account and a 30-day session. On it:
//   S1. the register page (page 1000 of the active list, a search by name), one view at a time;
//   S2. the tally of 100 000 ballots, in-process;
//   S3. the HTTP vote storm (votes posted as a browser with JavaScript posts them, 50 at once)
//       with 1, 2 and 4 server processes (WEB_CONCURRENCY), each storm on a vote of its own,
//       with the CPU of the server's processes, of PostgreSQL's backends and of the load
//       generator sampled from /proc meanwhile.
// Each on PostgreSQL beside SQLite's figure and a bare `pg` server doing the same queries
// (tests/bench/bare-pg-server.mjs; for the tally, its GROUP BY through `pg`), rounds interleaved.
// Smaller instances for trying it: BENCH_SCALE_ENTITIES, BENCH_SCALE_MEMBERS, BENCH_SCALE_VOTES
// (votes per storm round), BENCH_SCALE_PROCESSES=1,2,4 (docs/benchmarks.md).
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { isPostgres } from "#db/dialect";
import { createDb, type Db } from "#db/index";
import { largeSize, parseScaleArgs, SCALE_ADMIN, scaleSlug, surname } from "#db/seed-scale";
import { newId } from "~/lib/ids.server";
import { generateSessionToken, SESSION_COOKIE, SESSION_LIFETIME_MS, sessionIdFromToken } from "~/lib/session.server";
import { findResolution } from "~/queries/resolutions.server";
import { findRule } from "~/queries/rules.server";
import { ruleFromRow } from "~/services/rules.server";
import { computeTally } from "~/services/tally.server";
import { dropTestDatabase, freshTestDatabase } from "../../helpers/postgres-server";
import { cpuSampler, formatShares, type CpuShares } from "../cpu-shares";
import { median, ms, ratio, report, ROOT, runLoad, startBarePg, startCogere, type Server } from "../lib";
import { checkTurnout, tempDir } from "../seed";

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw == null || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number from 1, got ${raw}`);
  return n;
}

const ENTITIES = setting("BENCH_SCALE_ENTITIES", 1000);
const MEMBERS = setting("BENCH_SCALE_MEMBERS", 1_000_000);
const PROCESSES = (process.env.BENCH_SCALE_PROCESSES || "1,2,4").split(",").map((p) => {
  const n = Number(p);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new Error(`BENCH_SCALE_PROCESSES: a list of process counts (1 to 16), got ${process.env.BENCH_SCALE_PROCESSES}`);
  return n;
});
const CONCURRENCY = 50;
const DATABASE = "cogere_bench_scale";
const CHOICES = ["for", "against", "abstain"] as const;

interface Voter {
  memberId: string;
  token: string;
}

/** One of the two seeded instances, as the bench sees it. */
interface Side {
  name: "PostgreSQL" | "SQLite";
  db: Db;
  /** DATABASE_URL or DATABASE_PATH. */
  target: string;
  entity: { id: string; slug: string };
  /** The large entity's open votes: the tally's, then one per storm. */
  votes: string[];
  /** Members of the large entity in register order, each signed in. */
  voters: Voter[];
  adminToken: string;
}

function log(msg: string) {
  console.log(`  · ${msg}`);
}

/** `npm run db:seed-scale` against `env`'s database, its lines prefixed; resolves with its wall time. */
function seedWithTool(label: string, env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "db:seed-scale", "--", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const lines = (d: Buffer) => {
      tail = (tail + String(d)).slice(-4000);
      for (const line of String(d).split("\n")) if (line.trim() && !/^\s+(platform admin|members of)|^Generated/.test(line)) console.log(`    ${label} | ${line}`);
    };
    child.stdout.on("data", lines);
    child.stderr.on("data", lines);
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve((performance.now() - t) / 1000) : reject(new Error(`db:seed-scale on ${label} failed (${code}): ${tail}`))));
  });
}

/** The large entity, its votes, its members signed in (a 30-day session each, as signing in leaves), and the admin's session. */
async function sideOf(name: Side["name"], target: string): Promise<Side> {
  const db = createDb(target, { poolSize: 2 });
  const entity = await db.selectFrom("entity").select(["id", "slug"]).where("slug", "=", scaleSlug(0)).executeTakeFirstOrThrow();
  const votes = (await db.selectFrom("resolution").select(["id", "number"]).where("entity_id", "=", entity.id).where("status", "=", "open").execute())
    .sort((a, b) => Number(a.number) - Number(b.number))
    .map((r) => r.id);
  const members = await db.selectFrom("member").select(["id", "user_id"]).where("entity_id", "=", entity.id).where("user_id", "is not", null).orderBy("member_number").execute();
  const admin = await db.selectFrom("user").select("id").where("email", "=", SCALE_ADMIN.email).executeTakeFirstOrThrow();
  const expires = new Date(Date.now() + SESSION_LIFETIME_MS).toISOString();
  // The app's session id, with node's SHA-256 for speed: the same hex digest (checked).
  const sessionId = (token: string) => createHash("sha256").update(token).digest("hex");
  const probe = generateSessionToken();
  if (sessionId(probe) !== sessionIdFromToken(probe)) throw new Error("session ids differ from the app's");
  const voters = members.map((m) => ({ memberId: m.id, userId: m.user_id!, token: generateSessionToken() }));
  const adminToken = generateSessionToken();
  const sessions = [...voters, { userId: admin.id, token: adminToken }].map((v) => ({ id: sessionId(v.token), user_id: v.userId, expires_at: expires }));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < sessions.length; i += 3000) await trx.insertInto("session").values(sessions.slice(i, i + 3000)).execute();
  });
  return { name, db, target, entity, votes, voters: voters.map(({ memberId, token }) => ({ memberId, token })), adminToken };
}

/**
 * Every member of the entity not yet counted votes on `resolutionId`: the rows castVote writes
 * (participation, and the ballot with the frozen college and weight, a receipt's hash, online),
 * multi-row inserts, on either database; the turnout counters follow by the
 * database's own triggers, which checkTurnout then compares with the app's view.
 */
async function castAll(s: Side, resolutionId: string) {
  const t = performance.now();
  const voted = new Set((await s.db.selectFrom("participation").select("member_id").where("resolution_id", "=", resolutionId).execute()).map((p) => p.member_id));
  // In register order, so that both databases get the same choices.
  const frozen = (
    await s.db
      .selectFrom("resolution_voter")
      .innerJoin("member", "member.id", "resolution_voter.member_id")
      .select(["resolution_voter.member_id", "resolution_voter.college_id", "resolution_voter.weight_micro"])
      .where("resolution_voter.resolution_id", "=", resolutionId)
      .orderBy("member.member_number")
      .execute()
  ).filter((v) => !voted.has(v.member_id));
  const now = new Date().toISOString();
  // A transaction per thousand votes: on PostgreSQL, the turnout trigger updates the same
  // counter row for each vote, and within one transaction every update walks the versions the
  // ones before left (100 000 votes took 73 s in one transaction).
  for (let i = 0; i < frozen.length; i += 1000) {
    await s.db.transaction().execute(async (trx) => {
      const some = frozen.slice(i, i + 1000);
      await trx.insertInto("participation").values(some.map((v) => ({ resolution_id: resolutionId, member_id: v.member_id, cast_by_member_id: null, channel: "online" }))).execute();
      await trx
        .insertInto("ballot")
        .values(
          some.map((v, j) => ({
            id: newId(),
            resolution_id: resolutionId,
            member_id: v.member_id,
            cast_by_member_id: null,
            college_id: v.college_id,
            weight_micro: v.weight_micro,
            choice: CHOICES[((i + j) * 7) % 3]!,
            channel: "online",
            receipt_hash: createHash("sha256").update(randomBytes(20)).digest("hex"),
            cast_at: now,
            updated_at: null,
          })),
        )
        .execute();
    });
  }
  await checkTurnout(s, resolutionId);
  log(`${s.name}: ${frozen.length} votes written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const views = (server: Server, path: string, token: string) =>
  runLoad({ origin: server.origin, cookieName: SESSION_COOKIE, concurrency: 1, maxMs: 8000, sequences: Array.from({ length: 20 }, () => [{ method: "GET", path, token, ok: [200] }]) });

function failures(label: string, r: { failed: number; firstFailure: string | null; statuses: Record<string, number> }) {
  if (r.failed > 0) console.log(`    ${label}: ${r.failed} failed ${JSON.stringify(r.statuses)}; first: ${r.firstFailure}`);
}

/** "1.52× (PG/bare pg)" style ratios of PostgreSQL's figure to the two others. */
const against = (pgValue: number, bare: number, sqlite: number, digits = 2) => `${ratio(pgValue, bare, digits)} bare pg; ${ratio(pgValue, sqlite, digits)} SQLite`;

/** S1: the register, one view at a time, Cogere on PostgreSQL, on SQLite, and the bare pg server. */
async function registerPart(pgSide: Side, sqliteSide: Side, url: string, large: number) {
  const page = Math.max(1, Math.floor(large / 100));
  // The surname case 6 searches (tests/bench/cases/register.ts), typed in lower case.
  const name = surname(1233).toLowerCase();
  const hits = await pgSide.db.selectFrom("member").select((eb) => eb.fn.countAll<number>().as("n")).where("entity_id", "=", pgSide.entity.id).where("sort_name", "like", `%${name}%`).executeTakeFirstOrThrow();
  console.log(`\nS1. Register of ${large} members over HTTP (admin), ${ENTITIES} entities and ${MEMBERS} members in the database: page ${page} of the active list, search "${name}" (${hits.n} members)`);
  const dir = tempDir("scale-register");
  const [pgServer, sqliteServer, bare] = await Promise.all([
    startCogere(path.join(dir, "unused.db"), dir, { DATABASE_URL: url }),
    startCogere(sqliteSide.target, path.dirname(sqliteSide.target)),
    startBarePg(url),
  ]);
  try {
    for (const [kind, query] of [["list", `status=active&page=${page}`], ["search", `q=${encodeURIComponent(name)}`]] as const) {
      const at = (s: Side) => `/o/${s.entity.slug}/members?${query}`;
      const o: number[] = [];
      const l: number[] = [];
      const b: number[] = [];
      for (let round = 0; round < 4; round++) {
        const x = await views(pgServer, at(pgSide), pgSide.adminToken);
        const y = await views(sqliteServer, at(sqliteSide), sqliteSide.adminToken);
        const z = await views(bare, at(pgSide), pgSide.adminToken);
        failures("Cogere on PostgreSQL", x);
        failures("Cogere on SQLite", y);
        failures("bare pg", z);
        console.log(`    ${kind} round ${round}${round === 0 ? " (warm-up)" : ""}: PostgreSQL p50 ${ms(x.p50)}, SQLite p50 ${ms(y.p50)}, bare pg p50 ${ms(z.p50)}`);
        if (round === 0) continue;
        o.push(x.p50);
        l.push(y.p50);
        b.push(z.p50);
      }
      const [x, y, z] = [median(o), median(l), median(b)];
      report({
        case: kind === "list" ? `S1. register page ${page} of ${large}, with totals (p50)` : `S1b. register search by name (${hits.n} found, p50)`,
        ours: `PostgreSQL ${ms(x)}; SQLite ${ms(y)}`,
        bare: `pg ${ms(z)}`,
        ratio: against(x, z, y),
        target: "< 50 ms (issue 13, at 100 000)",
        met: x < 50,
      });
    }
  } finally {
    await Promise.all([pgServer.stop(), sqliteServer.stop(), bare.stop()]);
  }
}

/** S2: the tally of every member's ballot, in-process, vs the bare GROUP BY through `pg`. */
async function tallyPart(pgSide: Side, sqliteSide: Side, url: string, large: number) {
  console.log(`\nS2. Tally of ${large} ballots in 5 colleges, AGO preset with its first-call quorum, in-process`);
  await Promise.all([castAll(pgSide, pgSide.votes[0]!), castAll(sqliteSide, sqliteSide.votes[0]!)]);
  const tally = async (s: Side) => {
    const r = (await findResolution(s.db, s.entity.id, s.votes[0]!))!;
    const rule = ruleFromRow((await findRule(s.db, s.entity.id, r.rule_id))!);
    return computeTally(s.db, r, rule);
  };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const bare = () => client.query({ name: "tally", text: "select college_id, choice, count(*) as n, sum(weight_micro) as w from ballot where resolution_id = $1 group by college_id, choice", values: [pgSide.votes[0]] });
  const times: Record<"pg" | "sqlite" | "bare", number[]> = { pg: [], sqlite: [], bare: [] };
  try {
    for (let i = 0; i < 17; i++) {
      for (const [k, run] of [["pg", () => tally(pgSide)], ["sqlite", () => tally(sqliteSide)], ["bare", bare]] as const) {
        const t = performance.now();
        await run();
        // Two warm-up rounds, then fifteen.
        if (i >= 2) times[k].push(performance.now() - t);
      }
    }
  } finally {
    await client.end();
  }
  const [a, b] = await Promise.all([tally(pgSide), tally(sqliteSide)]);
  if (a.voted !== large || b.voted !== large || a.result.adopted !== b.result.adopted || a.result.percent !== b.result.percent) {
    throw new Error(`the two tallies differ: PostgreSQL ${a.voted} voted, ${a.result.percent} % for; SQLite ${b.voted} voted, ${b.result.percent} % for`);
  }
  console.log(`    ${a.voted} voted of ${a.eligible} on both; ${a.result.adopted ? "adopted" : "rejected"} (${a.result.reason}), share for ${a.result.percent ?? "—"} %`);
  const [x, y, z] = [median(times.pg), median(times.sqlite), median(times.bare)];
  report({ case: `S2. tally, ${large} ballots, AGO preset with quorum`, ours: `PostgreSQL ${ms(x)}; SQLite ${ms(y)}`, bare: `pg ${ms(z)}`, ratio: against(x, z, y), target: "≤ 1.1× bare (issue 13)", met: x <= 1.1 * z });
}

/** CPU per vote: "0.9 ms node + 1.2 ms postgres CPU/vote" (a share of one core, in %, is 10 ms of CPU per second). */
function perVote(c: CpuShares, rate: number): string {
  const node = (c.node * 10) / rate;
  return c.backends > 0 ? `${node.toFixed(2)} ms node + ${((c.backends * 10) / rate).toFixed(2)} ms postgres CPU/vote` : `${node.toFixed(2)} ms CPU/vote`;
}

interface StormRun {
  rate: number;
  p50: number;
  p99: number;
  cpu: CpuShares;
}

/** S3: the storm with `n` processes of each server, on the large entity's vote `vote` (its index in Side.votes). */
async function stormPart(pgSide: Side, sqliteSide: Side, url: string, n: number, vote: number, perRound: number) {
  // Each server (Cogere, the bare one) keeps at most 20 connections to PostgreSQL whatever n, 10
  // per process as Cogere's default below that: both run during the storm, on a server whose
  // max_connections (100) other users of the machine share.
  const pool = setting("BENCH_SCALE_POOL", Math.min(10, Math.floor(20 / n)));
  const env = { WEB_CONCURRENCY: String(n), DATABASE_POOL_SIZE: String(pool) };
  console.log(`\nS3. Vote storm over HTTP, ${CONCURRENCY} voters at once, ${perRound} votes a round, ${n} server process${n > 1 ? "es" : ""} each (WEB_CONCURRENCY=${n}, DATABASE_POOL_SIZE=${pool})`);
  const dir = tempDir(`scale-storm-${n}`);
  const [pgServer, sqliteServer, bare] = await Promise.all([
    startCogere(path.join(dir, "unused.db"), dir, { DATABASE_URL: url, ...env }),
    startCogere(sqliteSide.target, path.dirname(sqliteSide.target), env),
    startBarePg(url, env),
  ]);
  // Each member votes once on the vote: Cogere and the bare server take turns through the
  // PostgreSQL side's members, SQLite through its own.
  let pgUsed = 0;
  let sqliteUsed = 0;
  const storm = async (server: Server, s: Side, kind: "cogere" | "bare", from: number): Promise<StormRun> => {
    const id = s.votes[vote]!;
    const path = `/o/${s.entity.slug}/resolutions/${id}${kind === "cogere" ? ".data" : ""}`;
    const who = s.voters.slice(from, from + perRound);
    if (who.length < perRound) throw new Error(`not enough members left to vote (${s.voters.length}): lower BENCH_SCALE_VOTES`);
    const sampler = cpuSampler(server, s === pgSide ? DATABASE : null);
    const r = await runLoad(
      {
        origin: server.origin,
        cookieName: SESSION_COOKIE,
        concurrency: CONCURRENCY,
        sequences: who.map((v, i) => [{ method: "POST", path, token: v.token, body: `intent=vote&choice=${CHOICES[i % 3]}`, ok: kind === "cogere" ? [200] : [302] }]),
      },
      undefined,
      (pid) => sampler.start(pid),
    );
    const cpu = sampler.stop();
    failures(`${s.name} ${kind}`, r);
    return { rate: (r.ok / r.elapsedMs) * 1000, p50: r.p50, p99: r.p99, cpu };
  };
  const runs: Record<"pg" | "sqlite" | "bare", StormRun[]> = { pg: [], sqlite: [], bare: [] };
  const line = (r: StormRun) => `${r.rate.toFixed(0)} votes/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, ${perVote(r.cpu, r.rate)}`;
  try {
    // A warm-up round (JIT, caches, every pool's connections), then three.
    for (let round = 0; round < 4; round++) {
      const x = await storm(pgServer, pgSide, "cogere", pgUsed);
      pgUsed += perRound;
      const y = await storm(sqliteServer, sqliteSide, "cogere", sqliteUsed);
      sqliteUsed += perRound;
      const z = await storm(bare, pgSide, "bare", pgUsed);
      pgUsed += perRound;
      console.log(`    round ${round}${round === 0 ? " (warm-up)" : ""}: PostgreSQL ${line(x)}; SQLite ${line(y)}; bare pg ${line(z)}`);
      console.log(`      CPU, % of one core: PostgreSQL: ${formatShares(x.cpu)}, ${x.cpu.connections} connections`);
      console.log(`                          SQLite: ${formatShares(y.cpu)}`);
      console.log(`                          bare pg: ${formatShares(z.cpu)}, ${z.cpu.connections} connections`);
      if (round === 0) continue;
      runs.pg.push(x);
      runs.sqlite.push(y);
      runs.bare.push(z);
    }
    await Promise.all([checkTurnout(pgSide, pgSide.votes[vote]!), checkTurnout(sqliteSide, sqliteSide.votes[vote]!)]);
  } finally {
    await Promise.all([pgServer.stop(), sqliteServer.stop(), bare.stop()]);
  }
  const m = (k: keyof typeof runs, f: "rate" | "p50" | "p99") => median(runs[k].map((r) => r[f]));
  const cpu = (k: keyof typeof runs): CpuShares => {
    const pick = (f: keyof CpuShares) => median(runs[k].map((r) => r.cpu[f]));
    return { node: pick("node"), backends: pick("backends"), postgresAux: pick("postgresAux"), generator: pick("generator"), machine: pick("machine"), steal: pick("steal"), cores: runs[k][0]!.cpu.cores, connections: pick("connections"), seconds: pick("seconds") };
  };
  const text = (k: keyof typeof runs) => `${m(k, "rate").toFixed(0)} votes/s, p50 ${ms(m(k, "p50"))}, p99 ${ms(m(k, "p99"))}, ${perVote(cpu(k), m(k, "rate"))}`;
  report({
    case: `S3. vote storm, ${n} process${n > 1 ? "es" : ""}, ${CONCURRENCY} concurrent`,
    ours: `PostgreSQL ${text("pg")}; SQLite ${text("sqlite")}`,
    bare: `pg ${text("bare")}`,
    ratio: `throughput ${ratio(m("pg", "rate"), m("bare", "rate"))} bare pg, ${ratio(m("pg", "rate"), m("sqlite", "rate"))} SQLite; p99 ${ratio(m("pg", "p99"), m("bare", "p99"))} bare pg, ${ratio(m("pg", "p99"), m("sqlite", "p99"))} SQLite`,
    target: "—",
    met: null,
  });
  report({
    case: `S3c. CPU during the storm, ${n} process${n > 1 ? "es" : ""} (% of one core)`,
    ours: `PostgreSQL: ${formatShares(cpu("pg"))}`,
    bare: `pg: ${formatShares(cpu("bare"))}`,
    ratio: `SQLite: node ${cpu("sqlite").node.toFixed(0)} %`,
    target: "—",
    met: null,
  });
}

export async function scaleCase() {
  const options = parseScaleArgs(["--entities", String(ENTITIES), "--members", String(MEMBERS), "--resolutions", String(1 + PROCESSES.length)]);
  const large = largeSize(options);
  // Four rounds of Cogere and of the bare server on each storm's vote: eight rounds of votes.
  const perRound = setting("BENCH_SCALE_VOTES", Math.min(2000, Math.floor(large / 8)));
  if (perRound * 8 > large) throw new Error(`BENCH_SCALE_VOTES=${perRound}: a storm's eight rounds need ${perRound * 8} members, the large entity has ${large}; at most ${Math.floor(large / 8)}`);
  console.log(`\nS. Scale: ${ENTITIES} entities, ${MEMBERS} members in all, the first with ${large}; PostgreSQL beside SQLite and a bare pg server`);
  const url = await freshTestDatabase(DATABASE);
  const file = path.join(tempDir("scale"), "cogere.db");
  const args = ["--entities", String(options.entities), "--members", String(options.members), "--resolutions", String(options.resolutions)];
  const { DATABASE_URL: _, ...inherited } = process.env;
  // Both at once: on 2 cores, each figure is slower than alone.
  const [pgSeconds, sqliteSeconds] = await Promise.all([seedWithTool("pg", { ...inherited, DATABASE_URL: url }, args), seedWithTool("sqlite", { ...inherited, DATABASE_PATH: file }, args)]);
  report({ case: `S0. db:seed-scale, ${ENTITIES} entities, ${MEMBERS} members (both at once)`, ours: `PostgreSQL ${pgSeconds.toFixed(0)} s; SQLite ${sqliteSeconds.toFixed(0)} s`, bare: "—", ratio: ratio(pgSeconds, sqliteSeconds), target: "—", met: null });
  let t = performance.now();
  const [pgSide, sqliteSide] = await Promise.all([sideOf("PostgreSQL", url), sideOf("SQLite", file)]);
  if (!isPostgres(pgSide.db) || isPostgres(sqliteSide.db)) throw new Error("the sides are not the databases they say");
  log(`${pgSide.voters.length} sessions on each side in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  try {
    t = performance.now();
    await registerPart(pgSide, sqliteSide, url, large);
    await tallyPart(pgSide, sqliteSide, url, large);
    for (const [i, n] of PROCESSES.entries()) await stormPart(pgSide, sqliteSide, url, n, 1 + i, perRound);
  } finally {
    await Promise.all([pgSide.db.destroy(), sqliteSide.db.destroy()]);
    if (!process.argv.includes("--keep")) await dropTestDatabase(DATABASE);
    else console.log(`  PostgreSQL database kept: ${url}`);
  }
}
