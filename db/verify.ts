/**
 * Verifies the public ballot box of a secret vote (docs/ballot-box.md), offline, with no server
 * and no database:
 *
 *   npm run verify -- BOX.json [--head HEX] [--box-hash HEX] [--receipt LINK]… [--tracker HEX]… [--threads N]
 *
 * Checks every proof (in parallel, one thread per core), the hash chain, unique trackers, the
 * homomorphic sums, the decryption proofs and totals (app/crypto/verify.ts), then recomputes the
 * result from the decrypted totals and the counts entered in the room with the tally engine (an
 * election's: per candidate, with the election count), and compares it with the published result
 * (db/verify-result.ts). Exit 0 with a summary on stdout, or
 * exit 1 with the first thing that fails on stderr; exit 2 for a wrong command line (or when the
 * verifier itself cannot run, which says nothing about the box).
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { verifyBoxParallel } from "./verify-parallel";
import { checkBoxResult } from "./verify-result";
import { amountText } from "../app/domain/tally-file";
import { Rational } from "../app/domain/rational";
import type { BoxJson } from "../app/crypto/box";
import { hashJson } from "../app/crypto/encoding";
import type { CollegeResult } from "../app/crypto/verify";

const USAGE =
  "usage: npm run verify -- BOX.json [--head HEX] [--box-hash HEX] [--receipt LINK]… [--tracker HEX]… [--threads N]\n" +
  "  Verifies a ballot box file (docs/ballot-box.md) and the result published with it.\n" +
  "  --head HEX       the chain head published elsewhere (on the vote's page): the box must end there\n" +
  "  --box-hash HEX   the box hash shown with the result (and in the minutes): it must be this box's\n" +
  "  --receipt LINK   a chain link kept by a voter: it must be in the chain\n" +
  "  --tracker HEX    a voter's ballot tracker: it must be in the box\n" +
  "  --threads N      threads checking the proofs (default: one per core)\n" +
  "  Exit 0: verified; 1: something fails (named on stderr); 2: wrong command line, or the verifier could not run.\n";

interface Args {
  file: string;
  head?: string;
  boxHash?: string;
  receipts: string[];
  trackers: string[];
  threads: number;
}

function parseArgs(argv: string[]): Args | string {
  const args: Partial<Args> & { receipts: string[]; trackers: string[] } = { receipts: [], trackers: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === "--head") args.head = value();
      else if (a === "--box-hash") args.boxHash = value();
      else if (a === "--receipt") args.receipts.push(value());
      else if (a === "--tracker") args.trackers.push(value());
      else if (a === "--threads") {
        const n = Number(value());
        if (!Number.isSafeInteger(n) || n < 0) return `--threads needs a whole number, got ${argv[i]}`;
        args.threads = n;
      } else if (a.startsWith("--")) return `unknown option ${a}`;
      else if (args.file === undefined) args.file = a;
      else return `one box file at a time (got ${args.file} and ${a})`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (args.file === undefined) return "the box file is missing";
  return { file: args.file, head: args.head, boxHash: args.boxHash, receipts: args.receipts, trackers: args.trackers, threads: args.threads ?? availableParallelism() };
}

class Failure extends Error {}

function fail(message: string): never {
  throw new Failure(message);
}

function readBox(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(`cannot read the file: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    fail(`not valid JSON: ${(e as Error).message}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) fail("the file must hold a JSON object: the ballot box");
  return json as Record<string, unknown>;
}

const micro = (v: bigint) => amountText(Rational.of(v, 1_000_000n));

/** The name of total i: its answer, or with marks its answer and mark (approval: "c1 for", "c1 against"). */
function totalLabel(i: number, answers: readonly string[], marks: readonly string[] | undefined): string {
  if (marks === undefined) return answers[i] ?? `choice ${i + 1}`;
  const answer = answers[Math.floor(i / marks.length)];
  return answer === undefined ? `choice ${i + 1}` : `${answer} ${marks[i % marks.length]}`;
}

function collegeLine(c: CollegeResult, answers: readonly string[], marks?: readonly string[]): string {
  const totals = c.totals === null ? "" : `: ${c.totals.map((t, i) => `${totalLabel(i, answers, marks)} ${micro(t)}`).join(", ")}`;
  const name = c.id === "none" ? "no college" : `college ${c.id}`;
  return `    ${name}: ${c.ballots} ${c.ballots === 1 ? "ballot" : "ballots"}, weight ${micro(c.weightMicro)}${totals}`;
}

/** An election's count, recomputed from the box (docs/election-file.md §5). */
function electionLines(r: Record<string, unknown>): string[] {
  const candidates = r.candidates as { id: string; name?: string; rank: number; elected: boolean; for: string; against?: string; share: string | null; percent: string | null }[];
  const seatsLeft = Number(r.seatsLeft);
  return [
    "  result: the election recounted from the decrypted totals (per college and candidate) with the election count:",
    ...candidates.map((c) => `    ${c.rank}. ${c.name ?? c.id}: for ${c.for}${c.against === undefined ? "" : `, against ${c.against}`}, share ${String(c.share)}${c.percent === null ? "" : ` (${c.percent} %)`}${c.elected ? ", elected" : ""}`),
    `    ${(r.elected as string[]).length} elected for ${String(r.seats)} ${r.seats === 1 ? "seat" : "seats"}${seatsLeft > 0 ? `, ${seatsLeft} left${r.secondRound === true ? " (second round)" : ""}` : ""}`,
    "    it matches the published result, field by field.",
  ];
}

async function verify(args: Args): Promise<string[]> {
  const raw = readBox(args.file);
  // The box proper is everything but `result`, which the app adds beside it.
  const hasResult = "result" in raw;
  const { result, ...box } = raw;
  const outcome = await verifyBoxParallel(box, { head: args.head, receipts: args.receipts, threads: args.threads });
  if (!outcome.ok) fail(outcome.error);

  const parameters = (box as unknown as BoxJson).parameters;
  const entries = (box as unknown as BoxJson).ballots;
  const trackers = new Set(entries.map((e) => e.tracker));
  for (const t of args.trackers) if (!trackers.has(t.trim().toLowerCase())) fail(`tracker ${t} is not in the box: that ballot is missing`);

  // What the frozen result and the minutes call the box's hash: the box without "result".
  const boxHash = hashJson(box);
  if (args.boxHash !== undefined && args.boxHash.trim().toLowerCase() !== boxHash) fail(`the box's hash is ${boxHash}, not the expected ${args.boxHash}`);
  const { answers, marks } = parameters.question;
  const trusteeNames = parameters.trustees.map((t) => t.name).join(", ");
  const tallied = box.tally !== null;
  const lines = [
    `Ballot box ${args.file}: verified.`,
    `  vote ${JSON.stringify(parameters.electionId)}, format ${parameters.version}, electorate hash ${parameters.electorateHash}`,
    `  trustees: ${parameters.trustees.length} (${trusteeNames}), every proof of key holds; the election key is the sum of their keys`,
    `  ballots: ${outcome.ballots}, every proof holds (checked ${outcome.threads > 0 ? `on ${outcome.threads} ${outcome.threads === 1 ? "thread" : "threads"}` : "in one thread"}), trackers unique, weights within the frozen electorate`,
    `  chain head: ${outcome.head}${args.head ? " (the expected head)" : ""}`,
    `  box hash: ${boxHash}${args.boxHash ? " (the expected hash)" : ""}`,
    ...(args.receipts.length ? [`  receipts: ${args.receipts.length} found in the chain`] : []),
    ...(args.trackers.length ? [`  trackers: ${args.trackers.length} found in the box`] : []),
    tallied ? "  tally: every encrypted sum recomputed from the ballots, every decryption proof holds, every total decrypts:" : "  tally: none yet (the vote is open or counting)",
    ...outcome.colleges.map((c) => collegeLine(c, answers, marks)),
  ];

  if (!hasResult) return [...lines, "  result: this file has no result member: no published result was checked"];
  if (result === null) {
    if (tallied) fail("result is null, yet the box is tallied: the published result is missing");
    return [...lines, "  result: none yet (null)"];
  }
  if (!tallied) fail("result is given, yet the box has no tally: a result cannot come from ballots not counted");
  const checked = checkBoxResult(
    result,
    answers,
    parameters.colleges,
    outcome.colleges.map((c) => ({ id: c.id, totals: c.totals!, weightMicro: c.weightMicro })),
    marks,
  );
  if (!checked.ok) fail(checked.error);
  const r = checked.recomputed;
  const extra = checked.extra;
  if (checked.election) return [...lines, ...electionLines(r)];
  return [
    ...lines,
    `  result: recomputed from the decrypted totals${extra > 0 ? ` and ${extra} ${extra === 1 ? "count" : "counts"} entered in the room` : ""} with the tally engine:`,
    `    ${r.adopted ? "adopted" : "not adopted"} (${String(r.reason)}): for ${String(r.for)}, against ${String(r.against)}, base ${String(r.base)}, share ${String(r.share)}${r.percent === null ? "" : ` (${String(r.percent)} %)`}`,
    "    it matches the published result, field by field.",
  ];
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    process.stderr.write(`${args}\n${USAGE}`);
    return 2;
  }
  try {
    process.stdout.write(`${(await verify(args)).join("\n")}\n`);
    return 0;
  } catch (e) {
    if (e instanceof Failure) {
      process.stderr.write(`${args.file}: verification FAILED: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`${args.file}: the verification could not run (this says nothing about the box): ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

// Set the code rather than exit, so that a piped stdout is written out in full.
process.exitCode = await main(process.argv.slice(2));
