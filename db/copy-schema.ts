// db:copy's catalog (db/copy.ts): which tables to copy, their columns as PostgreSQL types them,
// their primary keys and user triggers, and the order foreign keys impose.
import type SQLite from "better-sqlite3";
import { sql, type Kysely } from "kysely";

/** The migrator's own tables: each database keeps its own record. */
export const MIGRATOR_TABLES = new Set(["kysely_migration", "kysely_migration_lock"]);

/** Tables only the SQLite branch of the migrations creates, besides FTS5's (found by their type). */
const SQLITE_ONLY: Record<string, string> = {
  member_search: "SQLite's search copy of member (PostgreSQL searches member through pg_trgm indexes)",
};

const FULL_TEXT = "SQLite's full-text index and its tables (PostgreSQL searches member through pg_trgm indexes)";

export type ColumnKind = "integer" | "text" | "bytes";
export interface Column {
  name: string;
  type: string;
  kind: ColumnKind;
}
export interface TableInfo {
  name: string;
  columns: Column[];
  primaryKey: string[];
  hasUserTriggers: boolean;
}
export interface ForeignKey {
  table: string;
  columns: string[];
  references: string;
  /** Every column of it may be null: it can be filled in after the rows are in. */
  nullable: boolean;
}
export interface TargetSchema {
  tables: Map<string, TableInfo>;
  foreignKeys: ForeignKey[];
}

const INTEGER_TYPES = new Set(["bigint", "integer", "smallint"]);
const TEXT_TYPES = /^(text|character varying(\(\d+\))?)$/;

function kindOf(table: string, column: string, type: string): ColumnKind {
  if (INTEGER_TYPES.has(type)) return "integer";
  if (TEXT_TYPES.test(type)) return "text";
  if (type === "bytea") return "bytes";
  throw new Error(`column ${table}.${column} is of type ${type} on PostgreSQL, which db:copy does not know how to copy exactly: it copies integers, text and blobs`);
}

export const quoteSqlite = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The source's tables: those to copy, and those left out with why. */
export function sourceTables(sqlite: SQLite.Database): { tables: Set<string>; skipped: { table: string; reason: string }[] } {
  const rows = sqlite.prepare("select name, type from pragma_table_list where schema = 'main' and name not like 'sqlite\\_%' escape '\\' order by name").all() as { name: string; type: string }[];
  const tables = new Set<string>();
  const skipped: { table: string; reason: string }[] = [];
  for (const { name, type } of rows) {
    if (type === "view") continue;
    if (MIGRATOR_TABLES.has(name)) skipped.push({ table: name, reason: "the migrator's own: the target has its own" });
    else if (type === "virtual" || type === "shadow") skipped.push({ table: name, reason: FULL_TEXT });
    else if (SQLITE_ONLY[name]) skipped.push({ table: name, reason: SQLITE_ONLY[name]! });
    else tables.add(name);
  }
  return { tables, skipped };
}

/** The tables of the target's schema (current_schema(): the search path's, or --schema). */
export async function targetTableNames(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') order by 1`.execute(db);
  return rows.map((r) => r.name);
}

/** The migrated target's schema: tables with their columns, primary keys and triggers, and foreign keys. */
export async function targetSchema(db: Kysely<any>): Promise<TargetSchema> {
  const columns = (
    await sql<{ table: string; column: string; type: string; default: string | null; identity: string; generated: string }>`
      select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
        pg_get_expr(d.adbin, d.adrelid) as default, a.attidentity as identity, a.attgenerated as generated
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`.execute(db)
  ).rows;
  const keys = (
    await sql<{ table: string; column: string }>`
      select c.relname as table, a.attname as column
      from pg_index x join pg_class c on c.oid = x.indrelid join pg_namespace n on n.oid = c.relnamespace
        cross join lateral unnest(x.indkey::int2[]) with ordinality as k(attnum, position)
        join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
      where x.indisprimary and n.nspname = current_schema()
      order by c.relname, k.position`.execute(db)
  ).rows;
  const triggers = (
    await sql<{ table: string }>`
      select distinct c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where not t.tgisinternal and n.nspname = current_schema()`.execute(db)
  ).rows.map((r) => r.table);
  const fkColumns = (
    await sql<{ name: string; table: string; references: string; column: string; not_null: boolean }>`
      select con.conname as name, c.relname as table, r.relname as references, a.attname as column, a.attnotnull as not_null
      from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
        join pg_class r on r.oid = con.confrelid
        cross join lateral unnest(con.conkey) with ordinality as k(attnum, position)
        join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
      where con.contype = 'f' and n.nspname = current_schema()
      order by c.relname, con.conname, k.position`.execute(db)
  ).rows;

  const tables = new Map<string, TableInfo>();
  for (const c of columns) {
    if (MIGRATOR_TABLES.has(c.table)) continue;
    if (c.identity !== "" || c.generated !== "" || (c.default ?? "").startsWith("nextval(")) {
      throw new Error(`column ${c.table}.${c.column} is generated by PostgreSQL (identity, sequence or generated column): db:copy does not know how to copy it exactly`);
    }
    let t = tables.get(c.table);
    if (!t) tables.set(c.table, (t = { name: c.table, columns: [], primaryKey: [], hasUserTriggers: triggers.includes(c.table) }));
    t.columns.push({ name: c.column, type: c.type, kind: kindOf(c.table, c.column, c.type) });
  }
  for (const k of keys) tables.get(k.table)?.primaryKey.push(k.column);
  const byConstraint = new Map<string, ForeignKey>();
  for (const f of fkColumns) {
    const key = `${f.table}\u0000${f.name}`;
    let fk = byConstraint.get(key);
    if (!fk) byConstraint.set(key, (fk = { table: f.table, columns: [], references: f.references, nullable: true }));
    fk.columns.push(f.column);
    if (f.not_null) fk.nullable = false;
  }
  return { tables, foreignKeys: [...byConstraint.values()] };
}

/**
 * Checks that the source has the migrated target's tables and columns. The same migrations made
 * both (the source is at the latest one): a difference is a bug, never the user's doing.
 */
export function compareSchemas(sqlite: SQLite.Database, schema: TargetSchema, fromTables: Set<string>): void {
  const names = [...schema.tables.keys()].sort();
  const missing = names.filter((t) => !fromTables.has(t));
  const extra = [...fromTables].filter((t) => !schema.tables.has(t)).sort();
  if (missing.length > 0 || extra.length > 0) {
    const differences = [...(missing.length ? [`not in the source: ${missing.join(", ")}`] : []), ...(extra.length ? [`not in the target: ${extra.join(", ")}`] : [])];
    throw new Error(`the migrated target's tables are not the source's (${differences.join("; ")}), though the same migrations made both: this is a bug`);
  }
  for (const t of names) {
    const info = schema.tables.get(t)!;
    const have = new Set((sqlite.prepare(`select name from pragma_table_info(?)`).all(t) as { name: string }[]).map((r) => r.name));
    const lacking = info.columns.filter((c) => !have.has(c.name)).map((c) => c.name);
    const more = [...have].filter((c) => !info.columns.some((x) => x.name === c));
    if (lacking.length > 0 || more.length > 0)
      throw new Error(`table ${t} has other columns in the source (${[...have].join(", ")}) than in the target (${info.columns.map((c) => c.name).join(", ")})`);
  }
}

/**
 * The order to copy the tables in, every table after those its foreign keys point to, and the
 * nullable columns filled in afterwards: those pointing into their own table, and, where tables
 * point to each other, as few as it takes to break the cycle (never a NOT NULL one).
 */
export function copyOrder(tables: readonly string[], foreignKeys: readonly ForeignKey[]): { order: string[]; deferred: Map<string, string[]> } {
  const names = new Set(tables);
  const deferred = new Map<string, string[]>();
  const defer = (fk: ForeignKey) => deferred.set(fk.table, [...new Set([...(deferred.get(fk.table) ?? []), ...fk.columns])]);
  let pending: ForeignKey[] = [];
  for (const fk of foreignKeys) {
    if (!names.has(fk.table) || !names.has(fk.references)) continue;
    if (fk.table !== fk.references) pending.push(fk);
    else if (fk.nullable) defer(fk);
    else throw new Error(`table ${fk.table} has a NOT NULL foreign key (${fk.columns.join(", ")}) into itself: db:copy cannot order its rows`);
  }
  const remaining = new Set([...names].sort());
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter((t) => !pending.some((fk) => fk.table === t && remaining.has(fk.references)));
    if (ready.length > 0) {
      for (const t of ready) {
        order.push(t);
        remaining.delete(t);
      }
      continue;
    }
    const cycle = pending
      .filter((fk) => fk.nullable && remaining.has(fk.table) && remaining.has(fk.references))
      .sort((a, b) => a.table.localeCompare(b.table) || a.references.localeCompare(b.references) || a.columns.join().localeCompare(b.columns.join()));
    if (cycle.length === 0) throw new Error(`tables ${[...remaining].join(", ")} point to each other through NOT NULL foreign keys: db:copy cannot order them`);
    defer(cycle[0]!);
    pending = pending.filter((fk) => fk !== cycle[0]);
  }
  return { order, deferred };
}
