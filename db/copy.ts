// Moving an instance (issue 14): a whole SQLite database copied into an empty PostgreSQL one, then
// verified: `npm run db:copy -- --from data/cogere.db --to postgres://…` (db/copy-cli.ts).
//
// The source may be live. It is opened read-only and read in ONE read transaction, from the first
// check to the last checksum: in WAL mode (createDb sets it) that is a consistent snapshot of the
// moment the copy starts, while the server goes on reading and writing. What the server writes
// after that moment is not copied, so the advice (usage text, README) is to stop the server for
// the move and start it on PostgreSQL afterwards; refusing a live file would only make people copy
// the file by hand, which can tear recent writes (db/backup.ts).
//
// The target must be empty: no table but Cogere's, none of them with a row. A new database (or
// schema), or one only migrated (by a first start with DATABASE_URL, or a failed copy), is empty;
// anything else is refused before a single write, naming what is in the way. So is a source that
// is not at the latest migration. The copy migrates the target with the app's own migrations
// (db/migrate.ts: the same schema as a new instance), then copies every table of that schema in
// ONE transaction, verifies it there and commits only when everything verifies: a failed or
// interrupted copy leaves the target migrated and empty, ready for another attempt.
//
// - Tables: those of the migrated target; the migrator's own (kysely_migration, _lock) are left
//   out: the target has its own. SQLite-only tables are left out too: FTS5 virtual tables and
//   their shadow tables (member_fts) and member_search, the narrow copy of member that feeds them.
//   PostgreSQL searches member itself through pg_trgm indexes (migration 015, db/search.ts), which
//   fill as the members are inserted: nothing to rebuild.
// - Order: foreign keys first (PostgreSQL checks them as rows arrive); the few nullable columns
//   that close a cycle or point into their own table (entity.budget_rule_id, voting_rule.
//   supersedes_id, meeting.previous_meeting_id) are inserted empty and set once every row is in.
// - Triggers: PostgreSQL's user triggers (migration 014: turnout counters on participation; 015:
//   register stamps on member) are disabled for the copy's transaction (ALTER TABLE … DISABLE
//   TRIGGER USER: the tables' owner may, no superuser needed; foreign keys stay checked) and
//   enabled again before it commits. turnout and register_stamp are copied as stored, never
//   recomputed: the checksums compare them too.
// - Values: exactly as stored. Integers are read as 64-bit (BigInt) and written as decimal text,
//   blobs go to bytea as bytes, text as is; no default, trigger or sequence fills anything in.
// - Verification, before the commit: every table's row count and a SHA-256 over its rows in
//   primary-key order, computed here in the same way from rows read back from both databases
//   (integers as decimals, text as is, blobs as hex, null apart; byte order on both sides); then the
//   app's own checks on the target: every frozen result recomputed from the copied ballots, every
//   final minutes' files and digests, every secret ballot box (proofs, chain, head, tally, hash,
//   published result). A check that fails on the target is tried on the source too: what fails
//   there in the same way was so before the copy (reported, the copy goes on); anything else fails it.
// - Uploaded files (meeting documents, expense receipts): those in the source's stored_file are
//   copied with it; those an older instance kept in a folder (--uploads: UPLOAD_DIR, else uploads
//   beside the file) are put into the target's stored_file in the same transaction, so that a
//   server on any machine serves them, and every uploaded file of the copy is checked by its
//   SHA-256. One found nowhere refuses the copy before anything is written (db/copy-uploads.ts).
//
// The parts: db/copy-refusals.ts (what is refused), db/copy-schema.ts (tables, columns, order),
// db/copy-rows.ts (the rows), db/copy-checksum.ts, db/copy-checks.ts (the app's verifications),
// db/copy-uploads.ts, db/copy-report.ts (the report and how it prints).
import { availableParallelism } from "node:os";
import { Kysely, sql, type Transaction } from "kysely";
import { checkApp } from "./copy-checks";
import { checksumTables } from "./copy-checksum";
import { checkSourceMigrations, checkTargetEmpty, CopyRefused, hasRows, openSource } from "./copy-refusals";
import type { CopyReport } from "./copy-report";
import { copyTable, DEFAULT_BATCH, fillDeferred } from "./copy-rows";
import { compareSchemas, copyOrder, sourceTables, targetSchema } from "./copy-schema";
import { defaultUploadsDir, importUploads, planUploads, verifyUploads } from "./copy-uploads";
import { isPostgres } from "./dialect";
import type { Db } from "./index";
import { migrateToLatest } from "./migrate";
import { createPostgresDb } from "./postgres";
import type { Database } from "./schema";

export { CopyRefused } from "./copy-refusals";
export { formatReport, type CheckReport, type CopyReport, type TableReport, type UploadsReport } from "./copy-report";
export { DEFAULT_BATCH } from "./copy-rows";
export { copyOrder, type ForeignKey } from "./copy-schema";
export { defaultUploadsDir } from "./copy-uploads";

export interface CopyOptions {
  /** The SQLite file. */
  from: string;
  /** The PostgreSQL database: a Kysely instance (left open), or a URL and schema (opened and closed here). */
  to: Kysely<Database> | { url: string; schema?: string };
  /** Rows per INSERT (default 1000). */
  batchSize?: number;
  /** Threads checking ballot proofs (default: one per core; 0: this thread). */
  threads?: number;
  /** The folder of uploaded files not in the source's database (default: UPLOAD_DIR, else uploads beside `from`). */
  uploads?: string;
  /** Leave those files in the folder instead of copying them into the target (the server keeps UPLOAD_DIR). */
  keepUploadsInFolder?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** Thrown inside the copy's transaction to roll it back with the report. */
class RollBack extends Error {
  constructor(readonly report: CopyReport) {
    super("the copy does not verify");
  }
}

/**
 * Copies the SQLite database `from` into the empty PostgreSQL database `to` and verifies it.
 * Throws CopyRefused (nothing written) when the source is not migrated to the latest migration,
 * names an uploaded file it holds nowhere, or the target is not empty. Returns the report: `ok`
 * false when a check failed, in which case the copy's transaction was rolled back (the target
 * stays migrated and empty).
 */
export async function copyDatabase(options: CopyOptions): Promise<CopyReport> {
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const threads = options.threads ?? availableParallelism();
  const { sqlite, db: source } = openSource(options.from);
  const owned = options.to instanceof Kysely ? null : options.to;
  const target = owned ? createPostgresDb(owned.url, { max: 2, ...(owned.schema ? { schema: owned.schema } : {}) }) : (options.to as Kysely<Database>);
  const targetName = "the target database";
  try {
    if (!isPostgres(target)) throw new CopyRefused("the target must be a PostgreSQL database (postgres://…)");
    // 1. Nothing is written before both are found fit, and every uploaded file found.
    const known = await checkSourceMigrations(source, sqlite, options.from);
    const total = known.length;
    const { tables: fromTables, skipped } = sourceTables(sqlite);
    try {
      await checkTargetEmpty(target, fromTables, known, targetName);
    } catch (e) {
      if (e instanceof CopyRefused) throw e;
      throw new CopyRefused(`cannot read ${targetName}: ${(e as Error).message}`);
    }
    const uploads = planUploads(sqlite, options.uploads ?? defaultUploadsDir(options.from), options.keepUploadsInFolder ?? false);

    // 2. The target's schema, by the app's own migrations.
    const results = (await migrateToLatest(target)) ?? [];
    const applied = results.filter((r) => r.status === "Success").length;
    log(`Target migrated: ${applied} migration${applied === 1 ? "" : "s"} applied, ${total} in all.`);
    const schema = await targetSchema(target);
    const names = [...schema.tables.keys()].sort();
    compareSchemas(sqlite, schema, fromTables);
    const { order, deferred } = copyOrder(names, schema.foreignKeys);

    // 3. The copy and its verification, in one transaction: committed only when all verifies.
    let report: CopyReport | undefined;
    try {
      report = await target.transaction().execute(async (trx) => {
        const tx = trx as unknown as Transaction<any>;
        for (const t of names) {
          if (await hasRows(tx, t)) throw new Error(`${targetName} is not empty any more: table ${t} got rows while it was being migrated (is a server running on it?)`);
        }
        const withTriggers = order.filter((t) => schema.tables.get(t)!.hasUserTriggers);
        for (const t of withTriggers) await sql`alter table ${sql.table(t)} disable trigger user`.execute(tx);
        const later = new Map<string, Record<string, unknown>[]>();
        for (const t of order) {
          const copied = await copyTable(sqlite, tx, schema.tables.get(t)!, deferred.get(t) ?? [], batchSize);
          if (copied.later.length > 0) later.set(t, copied.later);
          log(`  copied ${t}: ${copied.rows} row${copied.rows === 1 ? "" : "s"}`);
        }
        for (const [t, rows] of later) await fillDeferred(tx, schema.tables.get(t)!, deferred.get(t)!, rows);
        for (const t of withTriggers) await sql`alter table ${sql.table(t)} enable trigger user`.execute(tx);

        log("Verifying: row counts and checksums of every table, read back from both databases…");
        const tables = await checksumTables(sqlite, tx, names.map((t) => schema.tables.get(t)!));

        // After the checksums, which compare stored_file as the source holds it.
        const imported = await importUploads(tx, uploads);
        if (imported.size > 0) log(`  copied ${imported.size} uploaded file${imported.size === 1 ? "" : "s"} from ${uploads.folder} into stored_file`);

        log("Verifying: frozen results, final minutes, ballot boxes and uploaded files on the copy…");
        const { frozenResults, minutes, ballotBoxes } = await checkApp(tx as unknown as Db, source, threads);
        const files = await verifyUploads(tx, sqlite, uploads, imported);

        const failures = [
          ...tables
            .filter((t) => !t.ok)
            .map((t) => `table ${t.table}: ${t.sourceRows} rows, checksum ${t.sourceChecksum.slice(0, 16)} in the source; ${t.targetRows} rows, checksum ${t.targetChecksum.slice(0, 16)} in the copy`),
          ...frozenResults.failures,
          ...minutes.failures,
          ...ballotBoxes.failures,
          ...files.failures,
        ];
        const built: CopyReport = { ok: failures.length === 0, migrations: { applied, total }, tables, skipped, frozenResults, minutes, ballotBoxes, uploads: files, failures };
        if (!built.ok) throw new RollBack(built);
        return built;
      });
    } catch (e) {
      if (e instanceof RollBack) return e.report;
      throw e;
    }
    // Fresh statistics for the planner (outside the transaction, after the commit). The copy is in
    // by now: a failure here is said, never reported as a failed copy (autovacuum analyzes later).
    try {
      for (const t of names) await sql`analyze ${sql.table(t)}`.execute(target);
    } catch (e) {
      console.warn(`Copied and verified, but ANALYZE failed (${e instanceof Error ? e.message : String(e)}): run ANALYZE on the target, or let autovacuum do it.`);
    }
    return report;
  } finally {
    try {
      if (sqlite.inTransaction) sqlite.exec("rollback");
    } finally {
      await source.destroy();
      if (owned) await target.destroy();
    }
  }
}
