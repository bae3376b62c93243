// db:copy's writing of rows (db/copy.ts): every table's rows read from SQLite and inserted into
// PostgreSQL exactly as stored, in batches; the columns that close a foreign-key cycle set last.
import type SQLite from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import { quoteSqlite, type TableInfo } from "./copy-schema";

export const DEFAULT_BATCH = 1000;
/** An INSERT is sent once its values reach this size, whatever its number of rows (files). */
const BATCH_BYTES = 16 * 1024 * 1024;
/** PostgreSQL's limit of parameters in one statement. */
const MAX_PARAMETERS = 65_535;

/** A value read from SQLite (64-bit integers as BigInt) as PostgreSQL is sent it. */
function toPostgres(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  return value;
}

function sizeOf(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  return 8;
}

/** Copies one table's rows; the deferred columns' values are kept aside (by primary key). */
export async function copyTable(sqlite: SQLite.Database, trx: Kysely<any>, table: TableInfo, deferred: readonly string[], batchSize: number): Promise<{ rows: number; later: Record<string, unknown>[] }> {
  const names = table.columns.map((c) => c.name);
  const perBatch = Math.max(1, Math.min(batchSize, Math.floor(MAX_PARAMETERS / names.length)));
  const stmt = sqlite
    .prepare(`select ${names.map(quoteSqlite).join(", ")} from ${quoteSqlite(table.name)}`)
    .raw(true)
    .safeIntegers(true);
  const later: Record<string, unknown>[] = [];
  let batch: Record<string, unknown>[] = [];
  let bytes = 0;
  let rows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await trx.insertInto(table.name).values(batch).execute();
    rows += batch.length;
    batch = [];
    bytes = 0;
  };
  for (const raw of stmt.iterate() as IterableIterator<unknown[]>) {
    const row: Record<string, unknown> = {};
    let keep: Record<string, unknown> | null = null;
    for (const [i, name] of names.entries()) {
      const value = toPostgres(raw[i]);
      bytes += sizeOf(value);
      if (deferred.includes(name) && value !== null) {
        keep ??= Object.fromEntries(table.primaryKey.map((k) => [k, toPostgres(raw[names.indexOf(k)])]));
        keep[name] = value;
        row[name] = null;
      } else row[name] = value;
    }
    if (keep) later.push(keep);
    batch.push(row);
    if (batch.length >= perBatch || bytes >= BATCH_BYTES) await flush();
  }
  await flush();
  return { rows, later };
}

/** Sets the deferred columns, once every row they may point to is in. */
export async function fillDeferred(trx: Kysely<any>, table: TableInfo, columns: readonly string[], rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  if (table.primaryKey.length === 0) throw new Error(`table ${table.name} has no primary key: db:copy cannot fill in ${columns.join(", ")} afterwards`);
  const typeOf = (name: string) => sql.raw(table.columns.find((c) => c.name === name)!.type);
  const names = [...table.primaryKey, ...columns];
  const perBatch = Math.max(1, Math.floor(MAX_PARAMETERS / names.length / 2));
  for (let i = 0; i < rows.length; i += perBatch) {
    const values = rows.slice(i, i + perBatch).map((r) => sql`(${sql.join(names.map((n) => sql`cast(${r[n] ?? null} as ${typeOf(n)})`))})`);
    await sql`
      update ${sql.table(table.name)} as t set ${sql.join(columns.map((c) => sql`${sql.id(c)} = coalesce(v.${sql.id(c)}, t.${sql.id(c)})`))}
      from (values ${sql.join(values)}) as v(${sql.join(names.map((n) => sql.id(n)))})
      where ${sql.join(
        table.primaryKey.map((k) => sql`t.${sql.id(k)} = v.${sql.id(k)}`),
        sql` and `,
      )}`.execute(trx);
  }
}
