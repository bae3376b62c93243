import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from "kysely";
import { isPostgres } from "./dialect";
import { PostgresSchemaPlugin, schemaOf } from "./postgres";

const migrationFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "migrations");

/**
 * Kysely's FileMigrationProvider, but importing from our own module so that the
 * TypeScript loader in use (tsx, vitest) also handles the migrations.
 */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(migrationFolder)).filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith(".d.ts")).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(path.join(migrationFolder, file)).href)) as Migration;
      migrations[file.replace(/\.(ts|js|mjs)$/, "")] = { up: module.up, down: module.down };
    }
    return migrations;
  }
}

/** The database as a migration sees it: on PostgreSQL, through PostgresSchemaPlugin (bigint, bytea, no WITHOUT ROWID). */
export function migrationDb<T>(db: Kysely<T>): Kysely<T> {
  return isPostgres(db) ? db.withPlugin(new PostgresSchemaPlugin()) : db;
}

export function createMigrator(db: Kysely<any>): Migrator {
  if (!isPostgres(db)) return new Migrator({ db, provider: new FolderMigrationProvider() });
  const schema = schemaOf(db);
  return new Migrator({ db: migrationDb(db), provider: new FolderMigrationProvider(), ...(schema ? { migrationTableSchema: schema } : {}) });
}

/** Applies every pending migration; throws on the first failure. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet["results"]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results;
}
