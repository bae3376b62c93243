// npm run bench (voting): (a) the tally of one resolution with 100 000 ballots in 5 colleges
// against a bare better-sqlite3 aggregate of the same table; (b) votes cast over HTTP through
// the built server by 50 concurrent voters, against bare better-sqlite3 inserts of the same rows.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import SQLite from "better-sqlite3";
import { createDb, type Db } from "#db/index";
import { migrateToLatest } from "#db/migrate";
import { PRESETS } from "~/domain/rules";
import { newId } from "~/lib/ids.server";
import { hashPassword } from "~/lib/password.server";
import { generateSessionToken, sessionIdFromToken, SESSION_COOKIE } from "~/lib/session.server";
import { hashToken } from "~/lib/tokens.server";
import { findResolution } from "~/queries/resolutions.server";
import { computeTally } from "~/services/tally.server";
import { createCollege, setWeights } from "~/services/colleges.server";
import { createRule } from "~/services/rules.server";
import { createResolution, openResolution } from "~/services/resolutions.server";
import { bulkMembers, memberInput } from "../helpers/register";
import { makeEntity } from "../helpers/factories";

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function percentile(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** An entity with five colleges of 20 %, `count` members, and an open resolution under a rule. */
async function setup(db: Db, count: number, opts: { secret: boolean }) {
  const e = await makeEntity(db, `Bench ${newId().slice(0, 4)}`);
  const entity = await db.selectFrom("entity").selectAll().where("id", "=", e.id).executeTakeFirstOrThrow();
  const colleges: string[] = [];
  const weights: Record<string, string> = {};
  for (let i = 0; i < 5; i++) {
    const { id } = await createCollege(db, { entity, actorId: e.admin.id, name: `Collège ${i + 1}`, description: null, day: "2020-01-01" });
    colleges.push(id);
    weights[id] = "20";
  }
  await setWeights(db, { entity, actorId: e.admin.id, weights, effectiveFrom: "2020-01-01", reason: "bench", day: "2020-01-01" });
  const rows = await bulkMembers(db, e.id, Array.from({ length: count }, (_, i) => memberInput({ name: `M${i}`, collegeId: colleges[i % 5]!, votingWeight: String(1 + (i % 3)) })));
  const { id: ruleId } = await createRule(db, { entityId: e.id, actorId: e.admin.id, name: "AGO", rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: opts.secret } });
  const { id } = await createResolution(db, { entityId: e.id, actorId: e.admin.id, resolution: { number: "1", title: "Bench", body: "Bench", note: null, ruleId, kind: "ordinary", recommendation: null } });
  await openResolution(db, { entity, actorId: e.admin.id, resolutionId: id });
  return { entity, resolutionId: id, members: rows, rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: opts.secret } };
}

async function tallyBench() {
  const dir = mkdtempSync(path.join(tmpdir(), "cogere-bench-"));
  const file = path.join(dir, "tally.db");
  const db = createDb(file);
  await migrateToLatest(db);
  const s = await setup(db, 100_000, { secret: true });
  const choices = ["for", "against", "abstain"];
  const raw = new SQLite(file);
  const insertP = raw.prepare("insert into participation (resolution_id, member_id, cast_by_member_id, channel) values (?, ?, null, 'online')");
  const insertB = raw.prepare("insert into ballot (id, resolution_id, member_id, cast_by_member_id, college_id, weight_micro, choice, channel, receipt_hash, cast_at, updated_at) values (?, ?, null, null, ?, ?, ?, null, ?, null, null)");
  raw.transaction(() => {
    s.members.forEach((m, i) => {
      insertP.run(s.resolutionId, m.id);
      insertB.run(newId(), s.resolutionId, m.college_id, m.voting_weight_micro, choices[(i * 7) % 3], newId());
    });
  })();
  const bare = raw.prepare("select college_id, choice, count(*) as n, sum(weight_micro) as w from ballot where resolution_id = ? group by college_id, choice");
  const runs = 15;
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    let t = performance.now();
    const row = await findResolution(db, s.entity.id, s.resolutionId);
    await computeTally(db, row!, s.rule);
    const a = performance.now() - t;
    t = performance.now();
    bare.all(s.resolutionId);
    const b = performance.now() - t;
    if (i >= 2) {
      ours.push(a);
      baseline.push(b);
    }
  }
  const result = await computeTally(db, (await findResolution(db, s.entity.id, s.resolutionId))!, s.rule);
  console.log(`(a) tally of 100 000 ballots in 5 colleges (median of ${runs}; share ${result.result.share?.toString()})`);
  console.log(`    Cogere: read the resolution, aggregate, combine exactly  ${median(ours).toFixed(2)} ms`);
  console.log(`    bare better-sqlite3 GROUP BY of the same ballots       ${median(baseline).toFixed(2)} ms`);
  console.log(`    ratio ${(median(ours) / median(baseline)).toFixed(2)}×\n`);
  raw.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}

async function httpBench() {
  const VOTERS = 2000;
  const CONCURRENCY = 50;
  const PORT = 3190;
  const dir = mkdtempSync(path.join(tmpdir(), "cogere-bench-http-"));
  const file = path.join(dir, "http.db");
  const db = createDb(file);
  await migrateToLatest(db);
  const s = await setup(db, VOTERS, { secret: false });
  // Accounts and sessions made directly: the bench measures voting, not signing in.
  const passwordHash = await hashPassword("bench password");
  const now = new Date();
  const tokens: string[] = [];
  for (let i = 0; i < s.members.length; i += 500) {
    const slice = s.members.slice(i, i + 500);
    const users = slice.map((m) => ({ id: newId(), email: `${m.id}@bench.example`, name: m.name, password_hash: passwordHash, locale: null, is_platform_admin: 0, created_at: now.toISOString() }));
    await db.insertInto("user").values(users).execute();
    await db.insertInto("entity_role").values(users.map((u) => ({ entity_id: s.entity.id, user_id: u.id, role: "member", created_at: now.toISOString() }))).execute();
    for (const [j, u] of users.entries()) {
      await db.updateTable("member").set({ user_id: u.id }).where("id", "=", slice[j]!.id).execute();
      const token = generateSessionToken();
      tokens.push(token);
      await db.insertInto("session").values({ id: sessionIdFromToken(token), user_id: u.id, expires_at: new Date(now.getTime() + 86400_000).toISOString() }).execute();
    }
  }
  await db.destroy();

  const server = spawn("node_modules/.bin/tsx", ["server.ts"], { env: { ...process.env, NODE_ENV: "production", DATABASE_PATH: file, PORT: String(PORT) }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on("data", (d: Buffer) => (String(d).includes("ready") ? resolve() : undefined));
    server.on("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
  const url = `http://localhost:${PORT}/o/${s.entity.slug}/resolutions/${s.resolutionId}`;
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++]!;
        const t = performance.now();
        const res = await fetch(url, { method: "POST", redirect: "manual", headers: { Origin: `http://localhost:${PORT}`, Cookie: `${SESSION_COOKIE}=${token}`, "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=vote&choice=for" });
        await res.arrayBuffer();
        if (res.status !== 302) failures++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  server.kill("SIGTERM");

  // Baseline: the same participation and ballot rows with bare better-sqlite3, one transaction a vote.
  const raw = new SQLite(path.join(dir, "baseline.db"));
  raw.pragma("journal_mode = WAL");
  raw.exec("create table participation (resolution_id text, member_id text, cast_by_member_id text, channel text, primary key (resolution_id, member_id)) without rowid; create table ballot (id text primary key, resolution_id text, member_id text, cast_by_member_id text, college_id text, weight_micro integer, choice text, channel text, receipt_hash text unique, cast_at text, updated_at text, unique (resolution_id, member_id)) without rowid");
  const insertP = raw.prepare("insert into participation values (?, ?, null, 'online')");
  const insertB = raw.prepare("insert into ballot values (?, ?, ?, null, ?, ?, 'for', 'online', ?, ?, null)");
  const vote = raw.transaction((m: (typeof s.members)[number]) => {
    insertP.run(s.resolutionId, m.id);
    insertB.run(newId(), s.resolutionId, m.id, m.college_id, m.voting_weight_micro, hashToken(newId()), new Date().toISOString());
  });
  const b0 = performance.now();
  for (const m of s.members) vote(m);
  const bareElapsed = (performance.now() - b0) / 1000;
  raw.close();
  rmSync(dir, { recursive: true, force: true });

  const rate = tokens.length / elapsed;
  const bareRate = s.members.length / bareElapsed;
  console.log(`(b) ${tokens.length} votes over HTTP, ${CONCURRENCY} concurrent voters, built server (${failures} failed)`);
  console.log(`    Cogere: ${rate.toFixed(0)} votes/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
  console.log(`    bare better-sqlite3 inserts of the same rows: ${bareRate.toFixed(0)} votes/s`);
  console.log(`    ratio (bare / Cogere) ${(bareRate / rate).toFixed(1)}×`);
}

await tallyBench();
await httpBench();
