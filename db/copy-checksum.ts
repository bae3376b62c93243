// db:copy's checksums (db/copy.ts): a SHA-256 over each table's rows in primary-key order,
// computed here in the same way from rows read back from both databases.
import { createHash } from "node:crypto";
import type SQLite from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import type { TableReport } from "./copy-report";
import { quoteSqlite, type Column, type TableInfo } from "./copy-schema";

/** Rows a checksum reads at a time from PostgreSQL; a few for tables of files (blobs). */
const FETCH_ROWS = 1000;
const FETCH_ROWS_WITH_BLOBS = 20;

export const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/**
 * One value for the checksum, the same on both sides: null; an integer as its decimal digits
 * (PostgreSQL's read as text, so that no digit is lost to floating point); text as UTF-8 and
 * blobs as hexadecimal, each after its length. `integerText`: PostgreSQL gives this column's
 * integers as text. A value of another type than its column's (SQLite allows it) gets its own
 * tag, and so never matches.
 */
function checksumValue(value: unknown, integerText: boolean): string {
  if (value === null || value === undefined) return "N";
  if (typeof value === "bigint") return `I${value.toString()}`;
  if (typeof value === "number") return Number.isInteger(value) ? `I${BigInt(value).toString()}` : `R${String(value)}`;
  if (value instanceof Uint8Array) return `B${value.byteLength}:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
  if (typeof value === "string") return integerText ? `I${value}` : `T${Buffer.byteLength(value)}:${value}`;
  return `?${String(value)}`;
}

class TableChecksum {
  readonly #hash = createHash("sha256");
  rows = 0;

  add(values: string[]): void {
    this.#hash.update(`${values.join("\u001f")}\u001e`);
    this.rows++;
  }

  digest(): string {
    return this.#hash.digest("hex");
  }
}

/** The columns a checksum orders rows by: the primary key, or every column (byte order on both sides). */
function orderColumns(table: TableInfo): Column[] {
  if (table.primaryKey.length > 0) return table.primaryKey.map((k) => table.columns.find((c) => c.name === k)!);
  return table.columns;
}

/** The checksum of a table of the source, in its read transaction. */
async function sourceChecksum(sqlite: SQLite.Database, table: TableInfo): Promise<{ rows: number; checksum: string }> {
  const list = table.columns.map((c) => quoteSqlite(c.name)).join(", ");
  const order = orderColumns(table)
    .map((c) => `${quoteSqlite(c.name)} collate binary`)
    .join(", ");
  const stmt = sqlite
    .prepare(`select ${list} from ${quoteSqlite(table.name)} order by ${order}`)
    .raw(true)
    .safeIntegers(true);
  const sum = new TableChecksum();
  for (const row of stmt.iterate() as IterableIterator<unknown[]>) {
    sum.add(row.map((v) => checksumValue(v, false)));
    // A large table: let the event loop breathe now and then.
    if (sum.rows % 10_000 === 0) await new Promise((r) => setImmediate(r));
  }
  return { rows: sum.rows, checksum: sum.digest() };
}

/** The checksum of a table of the target, read back through a cursor in the copy's transaction. */
async function targetChecksum(trx: Kysely<any>, table: TableInfo): Promise<{ rows: number; checksum: string }> {
  const list = sql.join(table.columns.map((c) => (c.kind === "integer" ? sql`${sql.id(c.name)}::text as ${sql.id(c.name)}` : sql.id(c.name))));
  const order = sql.join(orderColumns(table).map((c) => (c.kind === "text" ? sql`${sql.id(c.name)} collate "C" nulls first` : sql`${sql.id(c.name)} nulls first`)));
  const fetch = table.columns.some((c) => c.kind === "bytes") ? FETCH_ROWS_WITH_BLOBS : FETCH_ROWS;
  await sql`declare cogere_copy_checksum no scroll cursor for select ${list} from ${sql.table(table.name)} order by ${order}`.execute(trx);
  const sum = new TableChecksum();
  for (;;) {
    const { rows } = await sql<Record<string, unknown>>`fetch forward ${sql.raw(String(fetch))} from cogere_copy_checksum`.execute(trx);
    for (const row of rows) sum.add(table.columns.map((c) => checksumValue(row[c.name], c.kind === "integer")));
    if (rows.length < fetch) break;
  }
  await sql`close cogere_copy_checksum`.execute(trx);
  return { rows: sum.rows, checksum: sum.digest() };
}

/** Every table's row count and checksum, on the source (its snapshot) and the target (in the copy's transaction). */
export async function checksumTables(sqlite: SQLite.Database, trx: Kysely<any>, tables: readonly TableInfo[]): Promise<TableReport[]> {
  const reports: TableReport[] = [];
  for (const info of tables) {
    const before = await sourceChecksum(sqlite, info);
    const after = await targetChecksum(trx, info);
    reports.push({
      table: info.name,
      sourceRows: before.rows,
      targetRows: after.rows,
      sourceChecksum: before.checksum,
      targetChecksum: after.checksum,
      ok: before.rows === after.rows && before.checksum === after.checksum,
    });
  }
  return reports;
}
