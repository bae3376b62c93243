// npm run db:copy -- --from data/cogere.db --to postgres://… : moves an instance from SQLite to an
// empty PostgreSQL database and verifies the copy (db/copy.ts says how, and why so).
import { availableParallelism } from "node:os";
import { copyDatabase, CopyRefused, DEFAULT_BATCH, defaultUploadsDir, formatReport } from "./copy";
import { isPostgresUrl } from "./dialect";
import { defaultDatabasePath, describeDatabase } from "./index";

const USAGE =
  "usage: npm run db:copy -- --to postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE [--from FILE] [--schema NAME] [--batch N] [--threads N]\n" +
  "                          [--uploads DIR | --keep-uploads-in-folder]\n" +
  "  Copies a whole Cogere instance from its SQLite file into an empty PostgreSQL database, then verifies\n" +
  "  the copy: every table's row count and SHA-256 checksum on both sides, every frozen result recomputed\n" +
  "  from the copied ballots, every final minutes' files and digests, every secret ballot box, every\n" +
  "  uploaded file's SHA-256.\n" +
  "  --from FILE     the SQLite database (default: DATABASE_PATH, else data/cogere.db); it must be migrated\n" +
  "                  to the latest migration (npm run db:migrate)\n" +
  "  --to URL        the PostgreSQL database (default: DATABASE_URL); it must be empty: no table but Cogere's\n" +
  "                  and no row in those (a new database, or one only migrated). It is migrated first.\n" +
  "  --schema NAME   copy into this schema of the database (it must exist) instead of the search path's\n" +
  "  --batch N       rows per INSERT (default 1000)\n" +
  "  --threads N     threads checking ballot proofs (default: one per core; 0: none besides the main one)\n" +
  "  --uploads DIR   the folder where older instances kept uploaded files (meeting documents, expense\n" +
  "                  receipts) outside the database (default: UPLOAD_DIR, else uploads beside the --from\n" +
  "                  file). Each file the source names but does not hold is copied from there into the\n" +
  "                  target database, so that a server on any machine serves it; one found in neither\n" +
  "                  refuses the copy, naming it.\n" +
  "  --keep-uploads-in-folder\n" +
  "                  leave those files in UPLOAD_DIR, a folder the servers share, instead of copying them:\n" +
  "                  the server on PostgreSQL must then run with the same UPLOAD_DIR\n" +
  "  Stop the server first: the copy reads one consistent snapshot of the file, taken when it starts, and\n" +
  "  what the server writes afterwards is not in it. Then start the server with DATABASE_URL set.\n" +
  "  The copy is one transaction, committed only once everything verifies: after a failure the target\n" +
  "  holds no data (only Cogere's tables, empty), and the copy can be run again.\n" +
  "  Exit 0: copied and verified; 1: refused or failed (why, on stderr), nothing copied; 2: wrong command line.\n";

interface Args {
  from: string;
  to: string;
  schema?: string;
  batch: number;
  threads: number;
  /** The folder of uploaded files outside the database. */
  uploads: string;
  keepUploadsInFolder: boolean;
}

function parseArgs(argv: string[]): Args | string | null {
  const args: Partial<Args> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--help" || a === "-h") return null;
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = (min: number) => {
      const v = value();
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < min) throw new Error(`${flag} needs a whole number${min > 0 ? ` from ${min}` : ""}, got ${v}`);
      return n;
    };
    try {
      if (flag === "--from") args.from = value();
      else if (flag === "--to") args.to = value();
      else if (flag === "--schema") args.schema = value();
      else if (flag === "--batch") args.batch = count(1);
      else if (flag === "--threads") args.threads = count(0);
      else if (flag === "--uploads") args.uploads = value();
      else if (a === "--keep-uploads-in-folder") args.keepUploadsInFolder = true;
      else return a.startsWith("-") ? `unknown option ${a}` : `unexpected argument ${a}: name the files with --from and --to`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  const to = args.to ?? process.env.DATABASE_URL;
  if (!to) return "--to is missing: the PostgreSQL database to copy into (postgres://…)";
  // Not echoed: a mistyped scheme must not print the password that follows it.
  if (!isPostgresUrl(to)) return "--to must be a postgres:// URL (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE)";
  const from = args.from ?? defaultDatabasePath();
  if (isPostgresUrl(from)) return "--from must be the SQLite file to copy, not a PostgreSQL URL";
  if (args.schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(args.schema)) return `--schema must be a plain schema name (letters, digits, _), got ${args.schema}`;
  const keep = args.keepUploadsInFolder ?? false;
  if (keep && args.uploads !== undefined) return "--uploads and --keep-uploads-in-folder exclude each other: the files are either copied from a folder or left in UPLOAD_DIR";
  if (keep && !process.env.UPLOAD_DIR)
    return "--keep-uploads-in-folder leaves the uploaded files in UPLOAD_DIR, which is not set: set it to the folder the servers share (the server will need it too), or leave the option out to copy the files into the database";
  const base = { from, to, schema: args.schema, batch: args.batch ?? DEFAULT_BATCH, threads: args.threads ?? availableParallelism() };
  return { ...base, uploads: args.uploads ?? defaultUploadsDir(from), keepUploadsInFolder: keep };
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === null) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (typeof args === "string") {
    process.stderr.write(`${args}\n${USAGE}`);
    return 2;
  }
  const target = `${describeDatabase(args.to)}${args.schema ? ` (schema ${args.schema})` : ""}`;
  console.log(`Copying ${args.from} into ${target}.`);
  console.log("The copy reads the file as it is now: stop the server first, or what it writes meanwhile is not copied.");
  console.log(
    args.keepUploadsInFolder
      ? `Uploaded files kept in ${args.uploads} are left there (--keep-uploads-in-folder).`
      : `Uploaded files not in the database are copied into it from ${args.uploads}.`,
  );
  try {
    const report = await copyDatabase({
      from: args.from,
      to: { url: args.to, schema: args.schema },
      batchSize: args.batch,
      threads: args.threads,
      uploads: args.uploads,
      keepUploadsInFolder: args.keepUploadsInFolder,
      log: (line) => console.log(line),
    });
    console.log("");
    for (const line of formatReport(report)) console.log(line);
    if (!report.ok) {
      process.stderr.write(`The copy does NOT verify; nothing was committed (the target holds Cogere's tables, empty):\n${report.failures.map((f) => `  ${f}\n`).join("")}`);
      return 1;
    }
    const schema = args.schema ? ` and schema ${args.schema} first on its search path` : "";
    const folder = args.keepUploadsInFolder ? `, and UPLOAD_DIR=${args.uploads}, where the uploaded files stay` : "";
    console.log(`\nCopied and verified: ${target} now holds this instance. Start the server with DATABASE_URL set to it${schema}${folder}.`);
    return 0;
  } catch (e) {
    if (e instanceof CopyRefused) {
      process.stderr.write(`Copy refused, nothing written: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`The copy failed, nothing was committed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return 1;
  }
}

// Set the code rather than exit, so that a piped stdout is written out in full.
process.exitCode = await main(process.argv.slice(2));
