/**
 * Recomputes a vote from its tally file (docs/tally-file.md), with no server and no database,
 * in either form: one line per ballot (open votes) or per-college totals (secret votes). A file
 * with an "election" member is an election's (docs/election-file.md), in the same two forms.
 *
 *   tsx db/tally.ts FILE            the result as JSON on stdout, exit 0
 *   tsx db/tally.ts FILE FILE…      one result per line (JSON Lines), each with "file" first
 *
 * A malformed or unreadable file: a message naming the file and the field, exit code 2
 * (on stderr for one file; as {"file": …, "error": …} on its line for several).
 */
import { readFileSync } from "node:fs";
import { electionFile } from "../app/domain/election-file";
import { tallyFile } from "../app/domain/tally-file";
import { isElectionJson, parseElectionFile } from "../app/schemas/election-file";
import { parseTallyFile } from "../app/schemas/tally-file";

type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: string };

function run(path: string): Outcome {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message;
    return { ok: false, error: `cannot read the file: ${why}` };
  }
  let json: unknown;
  try {
    // A byte-order mark is not JSON, but editors add one.
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  if (isElectionJson(json)) {
    const parsed = parseElectionFile(json);
    return parsed.ok ? counted(() => electionFile(parsed.file)) : parsed;
  }
  const parsed = parseTallyFile(json);
  return parsed.ok ? counted(() => tallyFile(parsed.file)) : parsed;
}

function counted(count: () => Record<string, unknown>): Outcome {
  try {
    return { ok: true, result: count() };
  } catch (e) {
    // A file the parser let through should always tally; say so rather than crash the other files.
    return { ok: false, error: `cannot tally this file: ${(e as Error).message}` };
  }
}

function main(args: string[]): number {
  if (args.length === 0) {
    process.stderr.write(
      "usage: npm run tally -- FILE [FILE…]\n" +
        "  Recomputes each tally file (docs/tally-file.md: ballots or per-college totals)\n" +
        "  or election file (docs/election-file.md: an \"election\" member) and prints its result as JSON;\n" +
        "  several files give one JSON line each. Exit code 2 when a file is malformed.\n",
    );
    return 2;
  }
  if (args.length === 1) {
    const path = args[0]!;
    const outcome = run(path);
    if (!outcome.ok) {
      process.stderr.write(`${path}: ${outcome.error}\n`);
      return 2;
    }
    process.stdout.write(`${JSON.stringify(outcome.result, null, 2)}\n`);
    return 0;
  }
  let status = 0;
  for (const path of args) {
    const outcome = run(path);
    if (outcome.ok) {
      process.stdout.write(`${JSON.stringify({ file: path, ...outcome.result })}\n`);
    } else {
      status = 2;
      process.stdout.write(`${JSON.stringify({ file: path, error: outcome.error })}\n`);
    }
  }
  return status;
}

// Set the code rather than exit, so that a piped stdout is written out in full.
process.exitCode = main(process.argv.slice(2));
