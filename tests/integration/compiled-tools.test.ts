// The command-line tools exactly as the README gives them: `npm run db:setup`, `db:migrate`,
// `user:create-admin`, `db:backup`, `tally`, `verify`, `trustee`, which run the JavaScript compiled
// into build/bin (scripts/tool.mjs compiles it first when a source is newer), no TypeScript at run
// time. The tools' behaviour in depth is tested through tsx in the other *-cli tests; these check
// that the documented commands run them, compiled, with the same results.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgres } from "#db/dialect";
import { createDb } from "#db/index";
import { ballotTracker, chainLink, chainStart, type BoxJson } from "~/crypto/box";
import { parametersHash } from "~/crypto/parameters";
import { buildSecretBox, votersOf } from "../helpers/secret-box";
import { dropTestDatabase, freshTestDatabase } from "../helpers/postgres-server";
import { run } from "../helpers/spawn";
import { differences, expectedOf, root, SLOW, tallyFixtures } from "../helpers/tally-fixtures";

const tmp = mkdtempSync(path.join(tmpdir(), "cogere-tools-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `npm run <script> -- args` from the repository's root, as a user types it. */
function npm(script: string, args: string[] = [], options: { env?: Record<string, string>; input?: string } = {}) {
  return run("npm", ["run", script, "--", ...args], { cwd: root, env: { ...process.env, ...options.env }, input: options.input, timeout: SLOW });
}

describe("the database commands", () => {
  it(
    "db:setup, db:migrate, user:create-admin and db:backup work on a new database",
    async () => {
      const env = { DATABASE_PATH: path.join(tmp, "data", "cogere.db") };
      const setup = await npm("db:setup", [], { env });
      expect([setup.status, setup.stderr.replace(/^Compiling.*\n/, "")]).toEqual([0, ""]);
      expect(setup.stdout).toContain("Demo entity");
      expect(setup.stdout).toContain("admin@val-de-loire.example");
      // The compiled migrations (build/migrations) were all applied: nothing left to do.
      const migrate = await npm("db:migrate", [], { env });
      expect(migrate.status).toBe(0);
      expect(migrate.stdout).not.toContain("migration ");
      expect(migrate.stdout).toContain("is up to date");
      const admin = await npm("user:create-admin", ["--email", "plateforme@tools.example", "--name", "Plateforme", "--password", "tools-platform-admin"], { env });
      expect([admin.status, admin.stdout.trim()]).toEqual([0, "Platform administrator plateforme@tools.example created."]);
      const copy = path.join(tmp, "backup.db");
      const backup = await npm("db:backup", [copy], { env });
      expect(backup.status).toBe(0);
      expect(backup.stdout).toContain("integrity ok");
      const db = createDb(copy);
      try {
        const user = await db.selectFrom("user").select(["email", "is_platform_admin"]).where("email", "=", "plateforme@tools.example").executeTakeFirst();
        expect(user?.is_platform_admin).toBe(1);
      } finally {
        await db.destroy();
      }
    },
    4 * SLOW,
  );

  it(
    "db:setup, db:migrate and user:create-admin work on PostgreSQL (DATABASE_URL), compiled; db:backup points to pg_dump",
    async () => {
      const name = `cogere_tools_${process.pid}`;
      const env = { DATABASE_URL: await freshTestDatabase(name) };
      try {
        const setup = await npm("db:setup", [], { env });
        expect([setup.status, setup.stderr.replace(/^Compiling.*\n/, "")]).toEqual([0, ""]);
        expect(setup.stdout).toContain("Demo entity");
        const migrate = await npm("db:migrate", [], { env });
        expect(migrate.status).toBe(0);
        expect(migrate.stdout).not.toContain("migration ");
        const admin = await npm("user:create-admin", ["--email", "plateforme@tools.example", "--name", "Plateforme", "--password", "tools-platform-admin"], { env });
        expect([admin.status, admin.stdout.trim()]).toEqual([0, "Platform administrator plateforme@tools.example created."]);
        const backup = await npm("db:backup", [path.join(tmp, "pg.db")], { env });
        expect(backup.status).toBe(2);
        expect(backup.stderr).toContain("pg_dump");
        const db = createDb(env.DATABASE_URL);
        try {
          expect(isPostgres(db)).toBe(true);
          const user = await db.selectFrom("user").select(["email", "is_platform_admin"]).where("email", "=", "plateforme@tools.example").executeTakeFirst();
          expect(user?.is_platform_admin).toBe(1);
          // The demo's tally is the one it has on SQLite: 40 members in four colleges.
          expect(Number((await db.selectFrom("member").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n)).toBe(40);
        } finally {
          await db.destroy();
        }
      } finally {
        await dropTestDatabase(name);
      }
    },
    4 * SLOW,
  );

  it("run every migration compiled: each of migrations/ has its twin in build/migrations", async () => {
    expect((await npm("db:migrate", [], { env: { DATABASE_PATH: path.join(tmp, "twins.db") } })).status).toBe(0);
    const listed = JSON.parse(readFileSync(path.join(root, "build/bin/inputs.json"), "utf8")) as { migrations: string[] };
    expect(listed.migrations.length).toBeGreaterThan(0);
    for (const m of listed.migrations) expect(existsSync(path.join(root, "build", m.replace(/\.ts$/, ".js"))), m).toBe(true);
  }, SLOW);
});

describe("npm run tally", () => {
  it(
    "gives each worked example's expected result",
    async () => {
      const files = [...tallyFixtures().values()].slice(0, 4);
      const run = await npm("tally", files);
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(files.length);
      for (const [i, file] of files.entries()) {
        const { file: named, ...result } = lines[i]!;
        expect(named).toBe(file);
        expect(differences(result, expectedOf(file))).toEqual([]);
      }
    },
    SLOW,
  );

  it("says why a file cannot be read, on stderr only (exit 2)", async () => {
    const bad = path.join(tmp, "bad.json");
    writeFileSync(bad, "{ not JSON");
    const run = await npm("tally", [bad]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`${bad}: not valid JSON`);
  }, SLOW);
});

describe("npm run verify", () => {
  const M = 1_000_000n;
  let built: ReturnType<typeof buildSecretBox>;
  beforeAll(() => {
    built = buildSecretBox({
      electionId: "resolution-tools",
      colleges: [
        { id: "C1", weight: "1/2", voters: votersOf([M, M, M]) },
        { id: "C2", weight: "1/2", voters: votersOf([M, M, 2n * M]) },
      ],
      votes: [
        { college: "C1", weightMicro: M, choice: "for" },
        { college: "C1", weightMicro: M, choice: "against" },
        { college: "C2", weightMicro: 2n * M, choice: "for" },
        { college: "C2", weightMicro: M, choice: "abstain" },
      ],
    });
  }, SLOW);

  function verify(box: BoxJson) {
    const file = path.join(tmp, `box-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(box));
    return npm("verify", [file, "--threads", "2"]);
  }

  it(
    "checks every proof in the compiled worker threads and passes on the box",
    async () => {
      const run = await verify(structuredClone(built.box));
      expect([run.status, run.stderr.replace(/^Compiling.*\n/, "")]).toEqual([0, ""]);
      expect(run.stdout).toContain("ballots: 4, every proof holds (checked on 2 threads)");
    },
    SLOW,
  );

  it(
    "fails, naming the ballot, when a proof fails in a worker thread",
    async () => {
      const box = structuredClone(built.box);
      box.ballots[2]!.ballot.choices[0]!.alpha = box.ballots[0]!.ballot.choices[0]!.alpha;
      // Trackers and chain recomputed, as a thorough forger would: only the proof can tell.
      let link = chainStart(parametersHash(box.parameters));
      for (const entry of box.ballots) {
        entry.tracker = ballotTracker(entry.ballot);
        entry.hash = link = chainLink(link, entry.tracker);
      }
      box.head = link;
      const run = await verify(box);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/ballot 3 \(tracker [0-9a-f]{64}\): proof that choice 1 is 0 or 1 fails/);
    },
    SLOW,
  );
});

describe("npm run trustee", () => {
  it("keygen writes a key file readable only by its owner and prints the public key", async () => {
    const out = path.join(tmp, "trustee.key.json");
    const run = await npm("trustee", ["keygen", "--election", "resolution-tools", "--name", "Camille", "--out", out, "--passphrase", "une phrase assez longue"]);
    expect(run.status).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(run.stdout)).toHaveProperty("publicKey");
  }, SLOW);
});
