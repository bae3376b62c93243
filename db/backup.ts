// Online backup of the live database: npm run db:backup -- FILE
// SQLite's backup API (better-sqlite3's db.backup) copies the pages of one consistent state of
// the database, WAL included, while the server keeps reading and writing. A copy of the .db
// file alone (or of the .db and -wal files one after the other) can miss or tear recent writes.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";

export interface BackupResult {
  file: string;
  pages: number;
  bytes: number;
}

/**
 * Writes a consistent copy of the SQLite database `source` to `target`, checks it
 * (PRAGMA integrity_check) and only then puts it in place: a failed backup never leaves a
 * half-written file under the target's name. The whole copy is one step, that is one read
 * transaction: writers go on meanwhile (WAL), and the copy never has to start over.
 */
export async function backupDatabase(source: string, target: string): Promise<BackupResult> {
  const from = path.resolve(source);
  const to = path.resolve(target);
  if (!fs.existsSync(from)) throw new Error(`no database at ${from}`);
  if (from === to || [`${from}-wal`, `${from}-shm`].includes(to)) throw new Error("the backup must not overwrite the live database");
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const partial = `${to}.partial-${process.pid}`;
  fs.rmSync(partial, { force: true });
  const db = new SQLite(from, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    // After the first (empty) step, all remaining pages at once.
    const progress = await db.backup(partial, { progress: () => 0x7fffffff });
    const copy = new SQLite(partial);
    try {
      const check = copy.pragma("integrity_check", { simple: true });
      if (check !== "ok") throw new Error(`the copy fails integrity_check: ${String(check)}`);
      // The copy stands alone: no -wal file beside it.
      copy.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      copy.close();
    }
    fs.renameSync(partial, to);
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${partial}${suffix}`, { force: true });
    return { file: to, pages: progress.totalPages, bytes: fs.statSync(to).size };
  } catch (e) {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${partial}${suffix}`, { force: true });
    throw e;
  } finally {
    db.close();
  }
}
