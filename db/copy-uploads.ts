// Uploaded files in db:copy (db/copy.ts). Meeting documents and expense receipts are stored in the
// database now (stored_file, app/lib/storage.server.ts), which the tables' copy carries over. Older
// instances kept them as files in a folder: UPLOAD_DIR, else "uploads" beside the SQLite file. A
// PostgreSQL instance may run on another machine, so the copy moves those files into the target's
// stored_file, in the copy's transaction, and checks every uploaded file of the copy by its SHA-256.
// A file the source names but holds nowhere is found before anything is written: the copy is
// refused, naming it. --keep-uploads-in-folder leaves them in UPLOAD_DIR, a folder shared by the
// servers, instead (the server on PostgreSQL then runs with that UPLOAD_DIR).
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import { sha256 } from "./copy-checksum";
import { CopyRefused } from "./copy-refusals";
import type { UploadsReport } from "./copy-report";

/** Where older instances kept uploads, as the server reads them: UPLOAD_DIR, else "uploads" beside the SQLite file. */
export function defaultUploadsDir(from: string): string {
  return process.env.UPLOAD_DIR || path.join(path.dirname(path.resolve(from)), "uploads");
}

/** A file the source's rows name: a meeting document's or an expense's receipt. */
interface Upload {
  key: string;
  kind: "document" | "receipt";
  createdAt: string | null;
  /** The SHA-256 its document records (a receipt records none). */
  sha256: string | null;
  /** Its file in the folder; null when the source's stored_file holds it. */
  file: string | null;
}

export interface UploadsPlan {
  folder: string;
  keepInFolder: boolean;
  uploads: Upload[];
}

/** Shown when files are missing from the folder. */
const UPLOADS_HINT =
  "name the folder that holds them with --uploads DIR (the old server's UPLOAD_DIR, else the uploads folder beside its database file)";

/**
 * The uploaded files the source names (its snapshot), and where each is: in its stored_file, or in
 * the folder. Refuses, before anything is written, when one is in neither.
 */
export function planUploads(sqlite: SQLite.Database, folder: string, keepInFolder: boolean): UploadsPlan {
  const rows = sqlite
    .prepare(
      `select d.storage_key as key, 'document' as kind, d.created_at as createdAt, d.sha256 as sha256, s.key is not null as stored
         from meeting_document d left join stored_file s on s.key = d.storage_key
       union all
       select e.receipt_key, 'receipt', e.created_at, null, s.key is not null
         from expense e left join stored_file s on s.key = e.receipt_key where e.receipt_key is not null
       order by kind, key`,
    )
    .all() as { key: string; kind: Upload["kind"]; createdAt: string | null; sha256: string | null; stored: number }[];
  const byKey = new Map<string, Upload>();
  const missing: string[] = [];
  const root = path.resolve(folder);
  for (const r of rows) {
    if (byKey.has(r.key)) continue;
    let file: string | null = null;
    if (!r.stored) {
      file = path.resolve(root, r.key);
      // A key is a relative path the app made (ids); one leading out of the folder is never read.
      const inside = !path.relative(root, file).startsWith("..") && !path.isAbsolute(path.relative(root, file));
      if (!keepInFolder && (!inside || !statSync(file, { throwIfNoEntry: false })?.isFile())) missing.push(r.key);
    }
    byKey.set(r.key, { key: r.key, kind: r.kind, createdAt: r.createdAt, sha256: r.sha256, file });
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(", ") + (missing.length > 10 ? ` and ${missing.length - 10} more` : "");
    const noFolder = statSync(root, { throwIfNoEntry: false })?.isDirectory() ? "" : ` (there is no folder ${root})`;
    throw new CopyRefused(
      `${missing.length === 1 ? "an uploaded file the source names is" : `${missing.length} uploaded files the source names are`} neither in its database (stored_file) nor in the folder ${root}${noFolder}: ${shown}. Copy them there, or ${UPLOADS_HINT}`,
    );
  }
  return { folder: root, keepInFolder, uploads: [...byKey.values()] };
}

/**
 * Copies the files of the folder into the target's stored_file (in the copy's transaction), dated
 * as their document or expense; returns each one's SHA-256 as read from the folder.
 */
export async function importUploads(trx: Kysely<any>, plan: UploadsPlan, now = new Date()): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  if (plan.keepInFolder) return hashes;
  for (const u of plan.uploads) {
    if (u.file === null) continue;
    const bytes = readFileSync(u.file);
    await trx
      .insertInto("stored_file")
      .values({ key: u.key, bytes, created_at: u.createdAt ?? now.toISOString() })
      .execute();
    hashes.set(u.key, sha256(bytes));
  }
  return hashes;
}

/**
 * Every uploaded file the source names, read back from the copy: its bytes are the source's (its
 * stored_file's, or the folder's), and a document's give the SHA-256 it records. A document whose
 * bytes did not give it in the source either is reported, not failed: the copy did not cause it.
 */
export async function verifyUploads(trx: Kysely<any>, sqlite: SQLite.Database, plan: UploadsPlan, imported: Map<string, string>): Promise<UploadsReport> {
  const report: UploadsReport = { verified: 0, preexisting: [], failures: [], copied: imported.size, leftInFolder: 0, folder: plan.folder };
  const fromSource = sqlite.prepare("select bytes from stored_file where key = ?").pluck();
  for (const u of plan.uploads) {
    if (u.file !== null && plan.keepInFolder) {
      report.leftInFolder++;
      continue;
    }
    const label = `${u.kind} ${u.key}`;
    const row = (await trx.selectFrom("stored_file").select("bytes").where("key", "=", u.key).executeTakeFirst()) as { bytes: Uint8Array } | undefined;
    if (!row) {
      report.failures.push(`${label}: not in the copy's stored_file`);
      continue;
    }
    const copied = sha256(row.bytes);
    const original = u.file !== null ? imported.get(u.key)! : sha256(fromSource.get(u.key) as Uint8Array);
    if (copied !== original) report.failures.push(`${label}: the copy's bytes have the SHA-256 ${copied}, the source's ${original}`);
    else if (u.sha256 !== null && copied !== u.sha256) report.preexisting.push(`${label}: its bytes' SHA-256 is ${copied}, the document records ${u.sha256}`);
    else report.verified++;
  }
  return report;
}
