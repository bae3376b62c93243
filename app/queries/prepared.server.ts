// A query run on every request (the session, the vote and the voter's standing) is built and
// compiled by Kysely once per database, then run with new values: building and compiling one of
// these cost several times running it. The query must have the same shape whatever the values
// (a variant per shape otherwise), and every value given is a parameter, never SQL text. A
// database with plugins (a test's statement counter) gets the query built afresh, as its plugins expect.
import { CompiledQuery, type Compilable } from "kysely";
import type { Db } from "~/lib/db.server";

/** A value no caller sends: it marks where each named value goes among the parameters. */
const MARK = "\u0000prepared:";

type Slot = { name: string } | { value: unknown };

export interface Prepared<P, O> {
  all(db: Db, params: P): Promise<O[]>;
  first(db: Db, params: P): Promise<O | undefined>;
}

export function prepared<P extends Record<string, unknown>, O>(build: (db: Db, params: P) => Compilable<O>): Prepared<P, O> {
  // By dialect adapter: one per database opened (a transaction shares its database's).
  const kept = new WeakMap<object, { sql: string; slots: Slot[] }>();
  function compiled(db: Db, params: P) {
    const executor = db.getExecutor();
    // A database with plugins transforms each query before compiling it: built afresh for it.
    if (executor.plugins.length > 0) return build(db, params).compile();
    const adapter = executor.adapter;
    let template = kept.get(adapter);
    if (!template) {
      const names = Object.keys(params);
      const marks = Object.fromEntries(names.map((n) => [n, MARK + n])) as P;
      const query = build(db, marks).compile();
      const slots: Slot[] = query.parameters.map((v) => (typeof v === "string" && v.startsWith(MARK) ? { name: v.slice(MARK.length) } : { value: v }));
      const missing = names.filter((n) => !slots.some((s) => "name" in s && s.name === n));
      if (query.sql.includes(MARK) || missing.length > 0) throw new Error(`prepared query: ${missing.join(", ") || "a value"} is not a parameter of ${query.sql}`);
      template = { sql: query.sql, slots };
      kept.set(adapter, template);
    }
    return CompiledQuery.raw(template.sql, template.slots.map((s) => ("name" in s ? params[s.name] : s.value)));
  }
  return {
    async all(db, params) {
      return (await db.executeQuery(compiled(db, params))).rows as O[];
    },
    async first(db, params) {
      return (await this.all(db, params))[0];
    },
  };
}
