// The scale seeder (db/seed-scale.ts, npm run db:seed-scale), at a tiny size: every member is a
// valid row of the app's register, in a college of its own entity; the large entity's members
// have accounts and its vote is open to all of them; a database that is not empty is refused;
// bad flags are named. The bench (tests/bench/cases/scale.ts) runs it at a million members.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { createDb } from "#db/index";
import { entitySizes, parseScaleArgs, ScaleArgsError, SCALE_ADMIN, scaleSlug, seedScale, type ScaleSummary } from "#db/seed-scale";
import { memberTotals } from "~/queries/members.server";
import { createTestDb } from "../helpers/db";
import { dropTestDatabase, freshTestDatabase } from "../helpers/postgres-server";
import { run } from "../helpers/spawn";
import { root, SLOW } from "../helpers/tally-fixtures";

const ENTITIES = 3;
const MEMBERS = 50;

describe("seedScale", () => {
  let db: Db;
  let s: ScaleSummary;
  beforeAll(async () => {
    db = await createTestDb();
    s = await seedScale(db, parseScaleArgs(["--entities", String(ENTITIES), "--members", String(MEMBERS), "--resolutions=2"]));
  }, SLOW);

  it("makes the entities asked, the first one large, whose sizes sum to the members asked", async () => {
    expect(s.entities.map((e) => e.slug)).toEqual([scaleSlug(0), scaleSlug(1), scaleSlug(2)]);
    expect(s.large.slug).toBe("scale-0001");
    // A tenth of the members in the large entity, the rest shared evenly.
    expect(s.entities.map((e) => e.members)).toEqual([5, 23, 22]);
    const counts = await db.selectFrom("member").select((eb) => ["entity_id", eb.fn.countAll<number>().as("n")]).groupBy("entity_id").execute();
    expect(Object.fromEntries(counts.map((c) => [c.entity_id, Number(c.n)]))).toEqual(Object.fromEntries(s.entities.map((e) => [e.id, e.members])));
    expect(counts.reduce((sum, c) => sum + Number(c.n), 0)).toBe(MEMBERS);
  });

  it("puts every member in a college of its own entity, and the app's register counts them all as active", async () => {
    const strays = await db
      .selectFrom("member")
      .leftJoin("college", "college.id", "member.college_id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where((eb) => eb.or([eb("college.id", "is", null), eb("college.entity_id", "!=", eb.ref("member.entity_id"))]))
      .executeTakeFirstOrThrow();
    expect(Number(strays.n)).toBe(0);
    for (const e of s.entities) {
      const colleges = await db.selectFrom("college").select("id").where("entity_id", "=", e.id).execute();
      expect(colleges).toHaveLength(5);
      const totals = await memberTotals(db, e.id, "2026-01-15");
      expect(totals.reduce((sum, t) => sum + Number(t.active), 0)).toBe(e.members);
    }
  });

  it("gives each member of the large entity an account with the member role, and no one else", async () => {
    const linked = await db
      .selectFrom("member")
      .innerJoin("user", "user.id", "member.user_id")
      .innerJoin("entity_role", (j) => j.onRef("entity_role.user_id", "=", "user.id").onRef("entity_role.entity_id", "=", "member.entity_id"))
      .select(["member.entity_id", "member.email", "user.email as account", "entity_role.role"])
      .execute();
    expect(linked).toHaveLength(s.large.members);
    for (const l of linked) expect([l.entity_id, l.account, l.role]).toEqual([s.large.id, l.email, "member"]);
    const users = await db.selectFrom("user").select(["email", "is_platform_admin"]).execute();
    expect(users).toHaveLength(s.large.members + 1);
    expect(users.find((u) => u.email === SCALE_ADMIN.email)?.is_platform_admin).toBe(1);
  });

  it("opens the votes asked in the large entity, each to all its members", async () => {
    expect(s.large.resolutions).toHaveLength(2);
    for (const id of s.large.resolutions) {
      const r = await db.selectFrom("resolution").select(["status", "entity_id"]).where("id", "=", id).executeTakeFirstOrThrow();
      expect(r).toEqual({ status: "open", entity_id: s.large.id });
      const voters = await db.selectFrom("resolution_voter").select((eb) => eb.fn.countAll<number>().as("n")).where("resolution_id", "=", id).executeTakeFirstOrThrow();
      expect(Number(voters.n)).toBe(s.large.members);
    }
  });

  it("refuses a database that is not empty", async () => {
    await expect(seedScale(db, parseScaleArgs(["--entities", "1", "--members", "1"]))).rejects.toThrow(/already holds 3 entities and 6 accounts/);
  });
});

describe("the command line of db:seed-scale", () => {
  const problems = (argv: string[]) => {
    try {
      parseScaleArgs(argv);
    } catch (e) {
      expect(e).toBeInstanceOf(ScaleArgsError);
      return (e as Error).message.split("\n");
    }
    throw new Error("accepted");
  };

  it("names each flag that is missing, unknown or wrong", () => {
    expect(problems([])).toEqual(["--entities: required", "--members: required"]);
    expect(problems(["--entities", "x", "--members", "1.5"])).toEqual(["--entities: must be a number (how many entities)", "--members: must be a whole number (how many members in all)"]);
    expect(problems(["--entities", "3", "--members", "2"])).toEqual(["--members: must be at least --entities (3): every entity has a member"]);
    expect(problems(["--entities", "3", "--members", "10", "--large", "9"])).toEqual(["--large: must leave a member for each of the other 2 entities: at most 8"]);
    expect(problems(["--entities", "0", "--members", "10", "--colleges", "4"])).toEqual(["--colleges: unknown argument (flags: --entities --members --large --resolutions)", "--entities: must be at least 1 (how many entities)"]);
    expect(problems(["--entities", "--members", "10"])).toEqual(["--entities: needs a value"]);
  });

  it("sizes the large entity at a tenth of the members, at most 100 000", () => {
    const issue = entitySizes(parseScaleArgs(["--entities", "1000", "--members", "1000000"]));
    // 900 000 for 999 entities: 901 members in the first 900, 900 in the other 99.
    expect([issue.length, issue[0], issue[1], issue[900], issue[999]]).toEqual([1000, 100_000, 901, 901, 900]);
    expect(issue.reduce((a, b) => a + b)).toBe(1_000_000);
    expect(entitySizes(parseScaleArgs(["--entities", "3", "--members", "4000000"]))[0]).toBe(100_000);
    expect(entitySizes(parseScaleArgs(["--entities", "1", "--members", "7"]))).toEqual([7]);
  });
});

describe("npm run db:seed-scale", () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "cogere-seed-scale-"));
  const pgName = `cogere_seed_scale_${process.pid}`;
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    if (process.env.TEST_DB === "postgres") await dropTestDatabase(pgName);
  });

  it(
    "seeds the database the server would open (DATABASE_URL, else DATABASE_PATH), compiled, and refuses it the second time",
    async () => {
      const target = process.env.TEST_DB === "postgres" ? await freshTestDatabase(pgName) : path.join(tmp, "scale.db");
      const { DATABASE_URL: _, ...inherited } = process.env;
      const env = { ...inherited, ...(process.env.TEST_DB === "postgres" ? { DATABASE_URL: target } : { DATABASE_PATH: target }) };
      const npm = () => run("npm", ["run", "db:seed-scale", "--", "--entities", "2", "--members", "12"], { cwd: root, env, timeout: SLOW });
      const first = await npm();
      expect([first.status, first.stderr.replace(/^Compiling.*\n/, "")]).toEqual([0, ""]);
      expect(first.stdout).toContain("2 entities, 12 members; scale-0001 has 2 members with accounts and 1 open vote(s).");
      const db = createDb(target);
      try {
        expect(Number((await db.selectFrom("member").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n)).toBe(12);
      } finally {
        await db.destroy();
      }
      const again = await npm();
      expect(again.status).toBe(1);
      expect(again.stderr).toContain("Refused: the database already holds 2 entities and 3 accounts");
      const wrong = await run("npm", ["run", "db:seed-scale", "--", "--entities", "2"], { cwd: root, env, timeout: SLOW });
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain("--members: required");
    },
    3 * SLOW,
  );
});
