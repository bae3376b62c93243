// What db:copy reports (db/copy.ts): every table's count and checksum, the app's verifications,
// the uploaded files moved into the database; and the report as the command prints it.

export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  ok: boolean;
}

export interface CheckReport {
  /** Verified on the target. */
  verified: number;
  /** Failing on the target as on the source: not caused by the copy (item: problem). */
  preexisting: string[];
  /** Failing on the target only: the copy fails. */
  failures: string[];
}

/** Uploaded files (meeting documents, expense receipts), each checked by its SHA-256 on the copy. */
export interface UploadsReport extends CheckReport {
  /** Copied from the folder into the target's stored_file. */
  copied: number;
  /** Left in the folder (--keep-uploads-in-folder): the server reads them from UPLOAD_DIR. */
  leftInFolder: number;
  /** The folder they were read from (or left in). */
  folder: string;
}

export interface CopyReport {
  /** Whether everything verified and the copy was committed (else the target was left as it was). */
  ok: boolean;
  migrations: { applied: number; total: number };
  tables: TableReport[];
  skipped: { table: string; reason: string }[];
  frozenResults: CheckReport;
  minutes: CheckReport & { files: number };
  ballotBoxes: CheckReport & { ballots: number };
  uploads: UploadsReport;
  /** Why the copy failed, when it did. */
  failures: string[];
}

/** The report as lines of text: one per table, then the app's verifications. */
export function formatReport(report: CopyReport): string[] {
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  const lines = [`${"table".padEnd(width)}  ${"rows".padStart(8)}  ${"checksum (SHA-256)".padEnd(18)}  verified`];
  for (const t of report.tables) {
    const rows = t.sourceRows === t.targetRows ? String(t.sourceRows) : `${t.sourceRows}≠${t.targetRows}`;
    const sum = t.sourceChecksum === t.targetChecksum ? t.sourceChecksum.slice(0, 16) : `${t.sourceChecksum.slice(0, 7)}≠${t.targetChecksum.slice(0, 7)}`;
    lines.push(`${t.table.padEnd(width)}  ${rows.padStart(8)}  ${sum.padEnd(18)}  ${t.ok ? "ok" : "MISMATCH"}`);
  }
  const rows = report.tables.reduce((n, t) => n + t.sourceRows, 0);
  lines.push(`${report.tables.length} tables, ${rows} rows${report.tables.every((t) => t.ok) ? ": every count and checksum is the same in the copy" : ""}.`);
  const skipped = new Map<string, string[]>();
  for (const s of report.skipped) skipped.set(s.reason, [...(skipped.get(s.reason) ?? []), s.table]);
  if (skipped.size > 0) lines.push("Not copied:", ...[...skipped].map(([reason, tables]) => `  ${tables.join(", ")}: ${reason}`));
  const checks = (what: string, c: CheckReport, detail = "") => {
    lines.push(
      `${what}: ${c.verified} verified${detail}${c.failures.length ? `, ${c.failures.length} FAILED` : ""}${c.preexisting.length ? `, ${c.preexisting.length} failing on the source already` : ""}.`,
    );
    for (const p of c.preexisting) lines.push(`  already on the source: ${p}`);
  };
  checks("Frozen results (recomputed from the copied ballots)", report.frozenResults);
  checks("Final minutes (files, digests, journal)", report.minutes, ` (${report.minutes.files} files)`);
  checks("Ballot boxes (proofs, chain, tally, hash, result)", report.ballotBoxes, ` (${report.ballotBoxes.ballots} ballots)`);
  const { uploads } = report;
  const left = uploads.leftInFolder ? `, ${uploads.leftInFolder} left in ${uploads.folder} (--keep-uploads-in-folder)` : "";
  lines.push(`Uploaded files (from the folder into the database): ${uploads.copied} copied${left}.`);
  checks("Uploaded files in the copy (documents and receipts, SHA-256)", uploads);
  return lines;
}
