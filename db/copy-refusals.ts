// What db:copy refuses before writing anything (db/copy.ts): a source it cannot read or not at the
// latest migration, a target that is not empty (and an uploaded file found nowhere: db/copy-uploads.ts).
// A refusal names what is in the way and what to do.
import { existsSync } from "node:fs";
import SQLite from "better-sqlite3";
import { Kysely, sql } from "kysely";
import { MIGRATOR_TABLES, targetTableNames } from "./copy-schema";
import type { Db } from "./index";
import { createMigrator } from "./migrate";
import { schemaOf } from "./postgres";
import type { Database } from "./schema";
import { BetterSqliteDialect } from "./sqlite-driver";

/** The copy was refused before anything was written: the message says why and what to do. */
export class CopyRefused extends Error {
  override name = "CopyRefused";
}

/**
 * The source: the file opened read-only, a read transaction begun (and a first read, which fixes
 * its snapshot), and a Kysely instance over the same connection for the app's queries.
 */
export function openSource(file: string): { sqlite: SQLite.Database; db: Db } {
  if (!existsSync(file)) throw new CopyRefused(`there is no database at ${file} (--from)`);
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new CopyRefused(`cannot open the source ${file}: ${(e as Error).message}`);
  }
  try {
    sqlite.pragma("busy_timeout = 5000");
    sqlite.exec("begin");
    sqlite.prepare("select count(*) from sqlite_schema").get();
  } catch (e) {
    sqlite.close();
    throw new CopyRefused(`cannot read the source ${file}: ${(e as Error).message}`);
  }
  return { sqlite, db: new Kysely<Database>({ dialect: new BetterSqliteDialect(sqlite) }) };
}

/** Refuses a source that is not at the latest migration this version of Cogere knows. */
export async function checkSourceMigrations(source: Db, sqlite: SQLite.Database, file: string): Promise<string[]> {
  const known = (await createMigrator(source).getMigrations()).map((m) => m.name);
  const hasTable = sqlite.prepare("select 1 from sqlite_schema where type = 'table' and name = 'kysely_migration'").get() !== undefined;
  if (!hasTable)
    throw new CopyRefused(
      `the source ${file} has never been migrated (no kysely_migration table): is it a Cogere database? If it is, run npm run db:migrate on it first (DATABASE_PATH=${file} npm run db:migrate)`,
    );
  const applied = new Set((sqlite.prepare("select name from kysely_migration").all() as { name: string }[]).map((r) => r.name));
  const unknown = [...applied].filter((n) => !known.includes(n)).sort();
  if (unknown.length > 0)
    throw new CopyRefused(`the source ${file} was migrated by a newer version of Cogere (unknown migration${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}): copy it with that version`);
  const pending = known.filter((n) => !applied.has(n));
  if (pending.length > 0) {
    throw new CopyRefused(
      `the source ${file} is not migrated to the latest migration (${pending.length} pending: ${pending.join(
        ", ",
      )}): stop the server and run npm run db:migrate on it first (DATABASE_PATH=${file} npm run db:migrate), then copy`,
    );
  }
  return known;
}

export async function hasRows(db: Kysely<any>, table: string): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`select exists (select 1 from ${sql.table(table)}) as any`.execute(db);
  return rows[0]!.any;
}

/**
 * Refuses a target that is not empty, before anything is written. Empty: no table at all, or only
 * Cogere's (and the migrator's) with no row, migrated by migrations this version knows.
 */
export async function checkTargetEmpty(db: Kysely<any>, cogereTables: Set<string>, known: string[], name: string): Promise<void> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]!.schema;
  if (schema === null) {
    const wanted = schemaOf(db);
    throw new CopyRefused(
      wanted
        ? `${name} has no schema ${wanted}: create it first (create schema ${wanted}), or leave --schema out`
        : `${name} has none of the schemas of its search path: create one (create schema …), or name one with --schema`,
    );
  }
  const tables = await targetTableNames(db);
  const ours = tables.filter((t) => cogereTables.has(t));
  const others = tables.filter((t) => !cogereTables.has(t) && !MIGRATOR_TABLES.has(t));
  if (others.length > 0) {
    throw new CopyRefused(`${name} (schema ${schema}) is not empty: it has tables that are not Cogere's (${others.join(", ")}). Copy into a new database, or a schema of its own (--schema)`);
  }
  if (!tables.includes("kysely_migration")) {
    if (ours.length > 0) {
      throw new CopyRefused(`${name} (schema ${schema}) is not empty: it has tables named as Cogere's (${ours.join(", ")}) but no record of Cogere's migrations. Copy into a new database or schema`);
    }
    return;
  }
  const applied = (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name);
  const unknown = applied.filter((n) => !known.includes(n)).sort();
  if (unknown.length > 0) throw new CopyRefused(`${name} (schema ${schema}) was migrated by a newer version of Cogere (migration ${unknown.join(", ")}): it is not this instance's empty target`);
  const filled: string[] = [];
  for (const t of ours) if (await hasRows(db, t)) filled.push(t);
  if (filled.length > 0) {
    const which = filled.length > 1 ? `tables ${filled.join(", ")} have` : `table ${filled[0]} has`;
    throw new CopyRefused(
      `${name} (schema ${schema}) is not empty: ${which} rows. db:copy only copies into an empty database (a new one, or one only migrated), so that nothing is mixed or overwritten: use a new database or schema`,
    );
  }
}
