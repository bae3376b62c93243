// Our better-sqlite3 driver (db/sqlite-driver.ts): the results Kysely's own driver gave, with
// statements prepared once, and transactions that take the write lock when they begin.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, sql, type Generated } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "#db/index";
import { BetterSqliteDialect } from "#db/sqlite-driver";

type Scratch = {
  item: { id: Generated<number>; label: string };
};

let dir = "";
let file = "";
let db: Kysely<Scratch>;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "cogere-driver-"));
  file = path.join(dir, "driver.db");
  db = createDb(file).withTables<Scratch>() as unknown as Kysely<Scratch>;
  await sql`create table item (id integer primary key autoincrement, label text not null)`.execute(db);
});

afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A second connection to the same file that never waits for a lock. */
function otherConnection() {
  const other = new SQLite(file);
  other.pragma("busy_timeout = 0");
  return other;
}

describe("the SQLite driver", () => {
  it("reports inserted ids and affected rows as big integers, for built and raw queries", async () => {
    const inserted = await db.insertInto("item").values([{ label: "a" }, { label: "b" }]).executeTakeFirstOrThrow();
    expect(inserted.insertId).toBe(2n);
    expect(inserted.numInsertedOrUpdatedRows).toBe(2n);
    const updated = await db.updateTable("item").set({ label: "c" }).where("id", "=", 1).executeTakeFirstOrThrow();
    expect(updated.numUpdatedRows).toBe(1n);
    const raw = await sql`delete from item where label = ${"b"}`.execute(db);
    expect(raw.numAffectedRows).toBe(1n);
    expect(raw.rows).toEqual([]);
    const rows = await sql<{ id: number; label: string }>`select id, label from item`.execute(db);
    expect(rows.rows).toEqual([{ id: 1, label: "c" }]);
  });

  it("gives the same answers when a cached statement runs again with other parameters", async () => {
    await db.insertInto("item").values([{ label: "a" }, { label: "b" }, { label: "c" }]).execute();
    const byId = (id: number) => db.selectFrom("item").select("label").where("id", "=", id).executeTakeFirst();
    expect(await byId(1)).toEqual({ label: "a" });
    expect(await byId(3)).toEqual({ label: "c" });
    expect(await byId(9)).toBeUndefined();
    expect(await byId(2)).toEqual({ label: "b" });
  });

  it("still answers right once the cache is full and statements are evicted", async () => {
    const small = new Kysely<Scratch>({ dialect: new BetterSqliteDialect(new SQLite(":memory:"), { statementCacheSize: 2 }) });
    await sql`create table item (id integer primary key autoincrement, label text not null)`.execute(small);
    await small.insertInto("item").values([{ label: "a" }, { label: "b" }]).execute();
    const queries = [
      () => small.selectFrom("item").select("label").where("id", "=", 1).executeTakeFirst(),
      () => small.selectFrom("item").select("id").where("label", "=", "b").executeTakeFirst(),
      () => small.selectFrom("item").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
    ];
    const expected = [{ label: "a" }, { id: 2 }, { n: 2 }];
    for (let round = 0; round < 3; round++) {
      for (const [i, q] of queries.entries()) expect(await q()).toEqual(expected[i]);
    }
    await small.destroy();
  });

  it("sees a column added after a statement was cached", async () => {
    await db.insertInto("item").values({ label: "a" }).execute();
    const all = () => sql<Record<string, unknown>>`select * from item`.execute(db);
    expect((await all()).rows).toEqual([{ id: 1, label: "a" }]);
    await sql`alter table item add column note text not null default 'n'`.execute(db);
    expect((await all()).rows).toEqual([{ id: 1, label: "a", note: "n" }]);
  });

  it("streams the rows of a query, twice", async () => {
    await db.insertInto("item").values([{ label: "a" }, { label: "b" }, { label: "c" }]).execute();
    const query = db.selectFrom("item").select("label").where("id", ">", 1).orderBy("id");
    for (let round = 0; round < 2; round++) {
      const labels: string[] = [];
      for await (const row of query.stream()) labels.push(row.label);
      expect(labels).toEqual(["b", "c"]);
    }
  });

  it("takes the write lock when a transaction begins, even before it writes", async () => {
    const other = otherConnection();
    try {
      await db.transaction().execute(async (trx) => {
        await trx.selectFrom("item").selectAll().execute();
        expect(() => other.prepare("insert into item (label) values ('other')").run()).toThrow(expect.objectContaining({ code: "SQLITE_BUSY" }));
      });
      // Once committed, the lock is free again.
      expect(other.prepare("insert into item (label) values ('other')").run().changes).toBe(1);
    } finally {
      other.close();
    }
  });

  it("leaves a transaction declared read only deferred: it does not block writers", async () => {
    const other = otherConnection();
    try {
      const count = await db
        .transaction()
        .setAccessMode("read only")
        .execute(async (trx) => {
          const before = await trx.selectFrom("item").selectAll().execute();
          other.prepare("insert into item (label) values ('other')").run();
          return before.length;
        });
      expect(count).toBe(0);
      expect(await db.selectFrom("item").select("label").execute()).toEqual([{ label: "other" }]);
    } finally {
      other.close();
    }
  });

  it("rolls back on error and rethrows that error, even when SQLite already ended the transaction", async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("item").values({ label: "lost" }).execute();
        throw new Error("first");
      }),
    ).rejects.toThrow("first");
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("item").values({ label: "lost" }).execute();
        await sql`rollback`.execute(trx);
        throw new Error("second");
      }),
    ).rejects.toThrow("second");
    expect(await db.selectFrom("item").selectAll().execute()).toEqual([]);
  });

  it("serves queries and transactions waiting for the connection in the order they asked, each running alone", async () => {
    const order: number[] = [];
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          inside++;
          most = Math.max(most, inside);
          order.push(i);
          await trx.insertInto("item").values({ label: String(i) }).execute();
          // Other turns of the event loop pass while the transaction holds the connection.
          await new Promise((r) => setImmediate(r));
          await trx.selectFrom("item").select("id").execute();
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect((await db.selectFrom("item").select("label").orderBy("id").execute()).map((r) => Number(r.label))).toEqual(order);
  });
});
