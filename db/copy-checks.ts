// db:copy's verifications of the app's own records on the copy (db/copy.ts): every frozen result
// recomputed from the copied ballots, every final minutes' files and digests, every secret ballot
// box. A check that fails on the target is tried on the source too: what fails there in the same
// way was so before the copy (reported, the copy goes on); anything else fails it.
import type { BoxJson } from "../app/crypto/box";
import { hashJson } from "../app/crypto/encoding";
import { resultToJson } from "../app/domain/tally";
import { findElection } from "../app/queries/election.server";
import { findResolution } from "../app/queries/resolutions.server";
import { findRule } from "../app/queries/rules.server";
import { ballotBoxFile } from "../app/services/election-box.server";
import { verifyCopy } from "../app/services/minutes.server";
import type { FrozenResult } from "../app/services/resolution-result.server";
import { ruleFromRow } from "../app/services/rules.server";
import { computeTally } from "../app/services/tally.server";
import { sha256 } from "./copy-checksum";
import type { CheckReport } from "./copy-report";
import type { Db } from "./index";
import { verifyBoxParallel } from "./verify-parallel";
import { checkBoxResult, firstDifference } from "./verify-result";

/** A check of one item: null when it holds, else what fails. */
type Check<T> = (db: Db, item: T) => Promise<string | null>;

/**
 * Runs a check on the target for every item; one that fails there is run on the source too: the
 * same failure there was not caused by the copy.
 */
async function checkAll<T>(target: Db, source: Db, items: readonly T[], label: (item: T) => string, check: Check<T>): Promise<CheckReport> {
  const report: CheckReport = { verified: 0, preexisting: [], failures: [] };
  const run = async (db: Db, item: T) => {
    try {
      return await check(db, item);
    } catch (e) {
      return `the check could not run: ${e instanceof Error ? e.message : e instanceof Response ? `HTTP ${e.status}` : String(e)}`;
    }
  };
  for (const item of items) {
    const problem = await run(target, item);
    if (problem === null) {
      report.verified++;
      continue;
    }
    const before = await run(source, item);
    if (before === problem) report.preexisting.push(`${label(item)}: ${problem}`);
    else report.failures.push(`${label(item)}: ${problem}${before === null ? " (it verifies on the source)" : ` (on the source: ${before})`}`);
  }
  return report;
}

/** A frozen result: its tally recomputed from the stored ballots and counts, and its box hash the election's. */
const frozenResultCheck: Check<{ id: string; entity_id: string }> = async (db, item) => {
  const r = await findResolution(db, item.entity_id, item.id);
  if (!r?.result) return "the resolution or its result is missing";
  let frozen: FrozenResult;
  try {
    frozen = JSON.parse(r.result) as FrozenResult;
  } catch {
    return "the frozen result is not valid JSON";
  }
  const ruleRow = await findRule(db, r.entity_id, r.rule_id);
  if (!ruleRow) return `its rule ${r.rule_id} is missing`;
  const recomputed = JSON.parse(JSON.stringify(resultToJson((await computeTally(db, r, ruleFromRow(ruleRow))).result))) as unknown;
  const d = firstDifference(frozen.tally, recomputed);
  if (d) return `tally.${d.path} is ${JSON.stringify(d.a)} as frozen, ${JSON.stringify(d.b)} recomputed from the stored ballots`;
  if (frozen.boxHash !== undefined) {
    const election = await findElection(db, r.id);
    if (election?.box_hash !== frozen.boxHash) return `the frozen box hash ${frozen.boxHash} is not the election's (${election?.box_hash ?? "none"})`;
  }
  return null;
};

/**
 * Final minutes: every file's bytes give its stored SHA-256 (and the minutes page's verification
 * recognises them), a Markdown file's content (all but its last line) gives the digest stored and
 * printed on that last line, which the PDF and DOCX carry too, and the journal's digest is the
 * French one's.
 */
const minutesCheck: Check<{ id: string; meeting_id: string; entity_id: string }> = async (db, item) => {
  const files = await db.selectFrom("minutes_file").selectAll().where("minutes_id", "=", item.id).orderBy("lang").orderBy("format").execute();
  if (files.length === 0) return "no file";
  const digests = new Map<string, string>();
  for (const f of files.filter((f) => f.format === "md")) {
    const text = Buffer.from(f.bytes).toString("utf8");
    const cut = text.lastIndexOf("\n", text.length - 2) + 1;
    const content = sha256(text.slice(0, cut));
    if (content !== f.content_sha256) return `${f.lang}.md: its content's SHA-256 is ${content}, the digest stored ${f.content_sha256}`;
    if (!text.slice(cut).includes(f.content_sha256)) return `${f.lang}.md: its last line does not state its digest`;
    digests.set(f.lang, f.content_sha256);
  }
  for (const f of files) {
    const name = `${f.lang}.${f.format}`;
    const actual = sha256(f.bytes);
    if (actual !== f.sha256) return `${name}: its bytes' SHA-256 is ${actual}, the stored one ${f.sha256}`;
    const known = await verifyCopy(db, item.entity_id, item.meeting_id, f.bytes);
    if (!known.match) return `${name}: the minutes page does not recognise the file`;
    if ((f.format === "pdf" || f.format === "docx") && digests.has(f.lang) && f.content_sha256 !== digests.get(f.lang)) return `${name}: its digest is not the Markdown's`;
    if (f.format.endsWith("-csv") && f.content_sha256 !== actual) return `${name}: its digest is not its SHA-256`;
  }
  const events = await db.selectFrom("audit_event").select("detail").where("entity_id", "=", item.entity_id).where("action", "=", "minutes.finalized").execute();
  for (const e of events) {
    let detail: { meetingId?: unknown; digest?: unknown } | null;
    try {
      detail = JSON.parse(e.detail ?? "null") as { meetingId?: unknown; digest?: unknown } | null;
    } catch {
      continue;
    }
    if (detail?.meetingId === item.meeting_id && detail.digest !== undefined && detail.digest !== digests.get("fr")) {
      return `the journal records the digest ${String(detail.digest)}, the French Markdown's is ${digests.get("fr") ?? "missing"}`;
    }
  }
  return null;
};

/**
 * A secret vote's ballot box as members download it: every proof, the chain to the election's
 * head, unique trackers, the tally, the box hash the frozen result carries, and the published
 * result recomputed from the decrypted totals (db/verify.ts, npm run verify, does the same offline).
 */
function boxCheck(threads: number): Check<{ resolution_id: string; entity_id: string }> {
  return async (db, item) => {
    const election = await findElection(db, item.resolution_id);
    if (!election?.parameters || election.head === null) return "the election or its parameters are missing";
    const { result, ...box } = (await ballotBoxFile(db, item.entity_id, item.resolution_id)) as Record<string, unknown>;
    const outcome = await verifyBoxParallel(box, { head: election.head, threads });
    if (!outcome.ok) return outcome.error;
    if (outcome.ballots !== election.ballot_count) return `the box holds ${outcome.ballots} ballots, the election counts ${election.ballot_count}`;
    const parsed = box as unknown as BoxJson;
    if (parsed.tally !== null && election.box_hash !== null && hashJson(box) !== election.box_hash) return `the box's hash is ${hashJson(box)}, the election's ${election.box_hash}`;
    if (result != null) {
      if (outcome.colleges.some((c) => c.totals === null)) return "a result is published, yet the box has no tally";
      const checked = checkBoxResult(
        result,
        parsed.parameters.question.answers,
        parsed.parameters.colleges,
        outcome.colleges.map((c) => ({ id: c.id, totals: c.totals!, weightMicro: c.weightMicro })),
        parsed.parameters.question.marks,
      );
      if (!checked.ok) return checked.error;
    }
    return null;
  };
}

export interface AppChecks {
  frozenResults: CheckReport;
  minutes: CheckReport & { files: number };
  ballotBoxes: CheckReport & { ballots: number };
}

/** Every frozen result, final minutes and secret ballot box of the source, checked on the target. */
export async function checkApp(target: Db, source: Db, threads: number): Promise<AppChecks> {
  const closed = await source.selectFrom("resolution").select(["id", "entity_id"]).where("status", "=", "closed").where("result", "is not", null).orderBy("id").execute();
  const frozenResults = await checkAll(target, source, closed, (r) => `frozen result of resolution ${r.id}`, frozenResultCheck);
  const finals = await source
    .selectFrom("minutes")
    .innerJoin("meeting", "meeting.id", "minutes.meeting_id")
    .select(["minutes.id", "minutes.meeting_id", "meeting.entity_id"])
    .orderBy("minutes.id")
    .execute();
  const files = await source
    .selectFrom("minutes_file")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const minutes = { ...(await checkAll(target, source, finals, (m) => `minutes of meeting ${m.meeting_id}`, minutesCheck)), files: Number(files.n) };
  const boxes = await source
    .selectFrom("election")
    .select(["resolution_id", "entity_id", "ballot_count"])
    .where("parameters", "is not", null)
    .where("head", "is not", null)
    .orderBy("resolution_id")
    .execute();
  const ballots = boxes.reduce((n, b) => n + Number(b.ballot_count), 0);
  const ballotBoxes = { ...(await checkAll(target, source, boxes, (b) => `ballot box of resolution ${b.resolution_id}`, boxCheck(threads))), ballots };
  return { frozenResults, minutes, ballotBoxes };
}
