// The README's PostgreSQL backup (Deployment, Backups), run as written: pg_dump --format=custom of
// a live instance, createdb, pg_restore --no-owner into the new database, then db:migrate finds
// nothing to do and the restored instance holds what the first did, uploads included, with the
// register's triggers in place.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "#db/index";
import { migrateToLatest } from "#db/migrate";
import { DEMO_SLUG, seedDemo } from "#db/seed";
import { saveUpload, readUpload } from "~/lib/storage.server";
import { dropTestDatabase, freshTestDatabase, TEST_POSTGRES_URL, testDatabaseUrl } from "../helpers/postgres-server";
import { run } from "../helpers/spawn";

const tmp = mkdtempSync(path.join(tmpdir(), "cogere-pgdump-"));
const source = `cogere_dump_${process.pid}`;
const restored = `cogere_restored_${process.pid}`;
afterAll(async () => {
  await dropTestDatabase(source);
  await dropTestDatabase(restored);
  rmSync(tmp, { recursive: true, force: true });
});

/** libpq's settings for createdb, from the test server's URL (a host, or a socket folder). */
function libpqEnv(): NodeJS.ProcessEnv {
  const url = new URL(TEST_POSTGRES_URL);
  return { ...process.env, PGHOST: url.hostname || url.searchParams.get("host") || "", PGPORT: url.port || "5432", PGUSER: decodeURIComponent(url.username) || userInfo().username };
}

describe("a PostgreSQL backup with pg_dump", () => {
  it("restores, with pg_restore into a new database, an instance that migrates as up to date and holds the same rows and files", async () => {
    const DATABASE_URL = await freshTestDatabase(source);
    const db = createDb(DATABASE_URL);
    await migrateToLatest(db);
    await seedDemo(db);
    const pdf = new TextEncoder().encode("%PDF-1.4\n% ordre du jour\n");
    await saveUpload(db, "m1/ordre-du-jour.pdf", pdf);
    const entity = await db.selectFrom("entity").select("id").where("slug", "=", DEMO_SLUG).executeTakeFirstOrThrow();
    const stampBefore = (await db.selectFrom("register_stamp").select("stamp").where("entity_id", "=", entity.id).executeTakeFirstOrThrow()).stamp;

    const file = path.join(tmp, "cogere.dump");
    const env = libpqEnv();
    const options = { cwd: tmp, env, timeout: 60_000 };
    // While the instance is open, as the README says it may be.
    const dump = await run("pg_dump", ["--format=custom", `--file=${file}`, DATABASE_URL], options);
    expect([dump.status, dump.stderr]).toEqual([0, ""]);
    await db.destroy();
    await dropTestDatabase(restored);
    expect((await run("createdb", [restored], options)).status).toBe(0);
    const restore = await run("pg_restore", ["--no-owner", `--dbname=${restored}`, file], options);
    expect([restore.status, restore.stderr]).toEqual([0, ""]);

    const copy = createDb(testDatabaseUrl(restored));
    try {
      expect(await migrateToLatest(copy)).toEqual([]);
      const count = async (table: "member" | "user" | "audit_event") => Number((await copy.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
      expect(await count("member")).toBe(40);
      expect(await count("user")).toBeGreaterThan(0);
      expect(new Uint8Array(await readUpload(copy, "m1/ordre-du-jour.pdf"))).toEqual(pdf);
      // The register's stamp is the one dumped, and its trigger still renews it.
      const stamp = async () => (await copy.selectFrom("register_stamp").select("stamp").where("entity_id", "=", entity.id).executeTakeFirstOrThrow()).stamp;
      expect(await stamp()).toBe(stampBefore);
      await copy.updateTable("member").set({ exited_on: "2026-01-01" }).where("entity_id", "=", entity.id).where("member_number", "is not", null).execute();
      expect(await stamp()).not.toBe(stampBefore);
    } finally {
      await copy.destroy();
    }
  }, 120_000);
});
