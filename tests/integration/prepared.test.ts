// Queries built and compiled once per database, run with new values each time (app/queries/prepared.server.ts).
import { sql, type KyselyPlugin } from "kysely";
import { describe, expect, it } from "vitest";
import { prepared } from "~/queries/prepared.server";
import { createTestDb } from "../helpers/db";

describe("a prepared query", () => {
  const byEmail = prepared((db, p: { email: string; admin: number }) => db.selectFrom("user").select(["id", "name"]).where("email", "=", p.email).where("is_platform_admin", "=", p.admin).orderBy("id"));

  it("answers with each call's values, on each database, in and out of a transaction, as the query built afresh", async () => {
    const [a, b] = await Promise.all([createTestDb(), createTestDb()]);
    const at = new Date().toISOString();
    const user = (id: string, email: string, admin: number) => ({ id, email, name: id, password_hash: "-", locale: null, is_platform_admin: admin, created_at: at });
    await a.insertInto("user").values([user("a1", "one@test.example", 0), user("a2", "two@test.example", 1)]).execute();
    await b.insertInto("user").values([user("b1", "one@test.example", 1)]).execute();
    expect(await byEmail.all(a, { email: "one@test.example", admin: 0 })).toEqual([{ id: "a1", name: "a1" }]);
    expect(await byEmail.first(a, { email: "two@test.example", admin: 1 })).toEqual({ id: "a2", name: "a2" });
    expect(await byEmail.first(a, { email: "two@test.example", admin: 0 })).toBeUndefined();
    expect(await byEmail.all(b, { email: "one@test.example", admin: 1 })).toEqual([{ id: "b1", name: "b1" }]);
    await a.transaction().execute(async (trx) => {
      await trx.updateTable("user").set({ name: "renamed" }).where("id", "=", "a1").execute();
      expect(await byEmail.first(trx, { email: "one@test.example", admin: 0 })).toEqual({ id: "a1", name: "renamed" });
    });
    // A value that looks like anything is still a value.
    expect(await byEmail.all(a, { email: "x' or '1'='1", admin: 0 })).toEqual([]);
    await Promise.all([a.destroy(), b.destroy()]);
  });

  it("goes through a database's plugins, built afresh for them", async () => {
    const db = await createTestDb();
    const seen: string[] = [];
    const plugin: KyselyPlugin = {
      transformQuery: (args) => (seen.push(args.node.kind), args.node),
      transformResult: async (args) => args.result,
    };
    expect(await byEmail.all(db.withPlugin(plugin), { email: "none@test.example", admin: 0 })).toEqual([]);
    expect(seen).toEqual(["SelectQueryNode"]);
    await db.destroy();
  });

  it("refuses a value that is not a parameter of the query (written into the SQL, or not used)", async () => {
    const db = await createTestDb();
    const inlined = prepared((db, p: { email: string }) => db.selectFrom("user").select("id").where("email", "=", sql.lit(p.email)));
    await expect(inlined.all(db, { email: "a@test.example" })).rejects.toThrow(/email is not a parameter|a value is not a parameter/);
    const unused = prepared((db, _p: { email: string }) => db.selectFrom("user").select("id"));
    await expect(unused.all(db, { email: "a@test.example" })).rejects.toThrow(/email is not a parameter/);
    await db.destroy();
  });
});
