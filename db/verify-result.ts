/**
 * The last step of `npm run verify` (docs/ballot-box.md §9): the box's `result` member, checked
 * against the box. The decrypted per-college totals (already verified) plus the counts entered in
 * the room (`extra`) and the participation figures form the totals form of the tally file
 * (docs/tally-file.md); the engine recomputes the result from it, which must equal `published`
 * field by field. An election's box (its answers are candidacies; its result has an `election`
 * member): the totals form of the election file (docs/election-file.md), counted by countElection.
 */
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { Rational } from "../app/domain/rational";
import { electionResultToJson } from "../app/domain/election";
import { countElectionFile } from "../app/domain/election-file";
import { amountText, boxTotals, NO_COLLEGE, tallyFile, totalsJson } from "../app/domain/tally-file";
import { parseElectionFile } from "../app/schemas/election-file";
import { parseTallyFile } from "../app/schemas/tally-file";

export interface BoxResultJson {
  rule: Record<string, unknown>;
  colleges: { id: string; name?: string | null; weight: string }[];
  extra: Record<string, unknown>[];
  participation?: Record<string, unknown> | null;
  published: Record<string, unknown>;
}

/**
 * `file`: the totals form rebuilt (a tally file's, or an election file's); `extra`: how many counts
 * entered in the room it holds; `election`: the box is an election's, `recomputed` its count.
 */
export type ResultCheck = { ok: true; recomputed: Record<string, unknown>; file: Record<string, unknown>; extra: number; election: boolean } | { ok: false; error: string };

/** A college's verified decrypted totals: per answer, and (elections) the weight of its ballots, in millionths. */
export interface BoxCollegeTotals {
  id: string;
  totals: readonly bigint[];
  weightMicro?: bigint;
}

const electionResultSchema = z.object({
  election: z.record(z.string(), z.unknown()),
  colleges: z.array(z.object({ id: z.string(), name: z.string().nullable().optional(), weight: z.string() })),
  candidates: z.array(z.object({ id: z.string() }).passthrough()),
  totals: z.array(z.record(z.string(), z.unknown())).optional(),
  published: z.record(z.string(), z.unknown()),
});

const resultSchema = z.object({
  rule: z.record(z.string(), z.unknown()),
  colleges: z.array(z.object({ id: z.string(), name: z.string().nullable().optional(), weight: z.string() })),
  extra: z.array(z.record(z.string(), z.unknown())).default([]),
  participation: z.record(z.string(), z.unknown()).nullable().optional(),
  published: z.record(z.string(), z.unknown()),
});

/** `colleges[1].weight` from a path. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

/** The first place where two JSON values differ, as a path and both values; null when equal. */
export function firstDifference(a: unknown, b: unknown, path = ""): { path: string; a: unknown; b: unknown } | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[key], b[key], path === "" ? key : `${path}.${key}`);
      if (d) return d;
    }
  }
  return { path, a, b };
}

function shown(v: unknown): string {
  return v === undefined ? "nothing" : JSON.stringify(v);
}

function sameWeight(a: string, b: string): boolean {
  const read = (t: string) => (t.trim().endsWith("%") ? Rational.parsePercent(t) : Rational.parse(t));
  const [x, y] = [read(a), read(b)];
  return x !== null && y !== null && x.eq(y);
}

/**
 * Recomputes the result of a verified box and compares it with the published one.
 * `answers`: the parameters' question; `parameterColleges`: their colleges (id and weight);
 * `totals`: the verified decrypted totals per college, in millionths, in the parameters' order;
 * `marks`: the question's marks, when it has them (approval per candidate: for, against).
 */
export function checkBoxResult(
  value: unknown,
  answers: readonly string[],
  parameterColleges: readonly { id: string; weight: string }[],
  totals: readonly BoxCollegeTotals[],
  marks?: readonly string[],
): ResultCheck {
  // An election's result describes the election (an "election" member): recounted per candidate.
  if (value !== null && typeof value === "object" && !Array.isArray(value) && "election" in value) return checkElectionResult(value, answers, parameterColleges, totals, marks);
  if (marks !== undefined) return { ok: false, error: "parameters.question has marks: this box is not a resolution's" };
  const parsed = resultSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: schemaError(parsed.error.issues[0]!) };
  const result = parsed.data;
  const weights = collegeWeightsError(result.colleges, parameterColleges);
  if (weights) return { ok: false, error: weights };

  let fromBox;
  try {
    fromBox = boxTotals(answers, totals, new Set(result.colleges.map((c) => c.id))).map(totalsJson);
  } catch (e) {
    return { ok: false, error: `parameters.question: ${(e as Error).message}: this box is not a resolution's` };
  }
  const file = {
    rule: result.rule,
    colleges: result.colleges.map((c) => ({ id: c.id, ...(c.name ? { name: c.name } : {}), weight: c.weight })),
    totals: [...fromBox, ...result.extra],
    ...(result.participation ? { participation: result.participation } : {}),
  };
  const tally = parseTallyFile(file);
  if (!tally.ok) {
    // Name the box's own fields: totals[k] is a college of the tally or an entry of result.extra.
    const error = tally.error.replace(/^totals\[(\d+)\]/, (_, k: string) => {
      const college = fromBox[Number(k)]?.college;
      return Number(k) < fromBox.length ? `tally (${college === undefined ? "outside the colleges" : `college ${JSON.stringify(college)}`})` : `result.extra[${Number(k) - fromBox.length}]`;
    });
    return { ok: false, error: error.startsWith("tally.") || error.startsWith("result.") ? error : `result.${error}` };
  }
  const { rejectedBallots: _, ...recomputed } = tallyFile(tally.file);

  const published = result.published;
  const d = firstDifference(published, recomputed);
  if (d !== null) {
    return { ok: false, error: `result.published.${d.path} is ${shown(d.a)}, but the totals of the box and result.extra give ${shown(d.b)}` };
  }
  return { ok: true, recomputed, file, extra: result.extra.length, election: false };
}

function schemaError(issue: z.core.$ZodIssue): string {
  return `result${issue.path.length ? `.${pathText(issue.path)}` : ""}: ${issue.message}`;
}

/**
 * The colleges and weights counted must be those frozen in the parameters (bound by the chain);
 * a college of weight 0 there (members of a college without weight in this vote) may be left out.
 */
function collegeWeightsError(colleges: readonly { id: string; weight: string }[], parameterColleges: readonly { id: string; weight: string }[]): string | null {
  for (const c of parameterColleges) {
    if (c.id === NO_COLLEGE) continue;
    const i = colleges.findIndex((r) => r.id === c.id);
    if (i < 0 && sameWeight(c.weight, "0")) continue;
    if (i < 0) return `result.colleges: college ${JSON.stringify(c.id)} of the box's parameters is missing`;
    const given = colleges[i]!.weight;
    if (!sameWeight(given, c.weight)) return `result.colleges[${i}].weight ${JSON.stringify(given)} is not the weight frozen in the box's parameters (${JSON.stringify(c.weight)})`;
  }
  return null;
}

/**
 * An election's box (issue 15): its answers are the candidacies. The decrypted totals per college
 * (the weight of its ballots, and per candidate the weight of the ballots selecting them; with
 * the marks for and against, approval per candidate, the weight of each mark, abstain being what
 * is left) are the totals form of the election file (docs/election-file.md §4), with the result's election member,
 * colleges and candidates; the count (app/domain/election.ts countElection) must give `published`
 * field by field. The totals the result states, if any, must be the box's.
 */
function checkElectionResult(
  value: object,
  answers: readonly string[],
  parameterColleges: readonly { id: string; weight: string }[],
  totals: readonly BoxCollegeTotals[],
  marks: readonly string[] = ["for"],
): ResultCheck {
  if (marks[0] !== "for" || marks.some((m, i) => m !== ["for", "against"][i])) {
    return { ok: false, error: `parameters.question.marks ${JSON.stringify(marks)} are not an election's (["for", "against"], or none)` };
  }
  const parsed = electionResultSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: schemaError(parsed.error.issues[0]!) };
  const result = parsed.data;
  const weights = collegeWeightsError(result.colleges, parameterColleges);
  if (weights) return { ok: false, error: weights };
  const ids = result.candidates.map((c) => c.id);
  if (ids.length !== answers.length || ids.some((id, i) => id !== answers[i])) {
    return { ok: false, error: `result.candidates ${JSON.stringify(ids)} are not the box's answers ${JSON.stringify(answers)} (its candidates, in the box's order)` };
  }
  const known = new Set(result.colleges.map((c) => c.id));
  const micro = (v: bigint) => amountText(Rational.of(v, 1_000_000n));
  const fromBox = [];
  for (const c of totals) {
    if (c.weightMicro === undefined) return { ok: false, error: `tally (college ${JSON.stringify(c.id)}): the weight of its ballots is needed to count an election` };
    fromBox.push({
      ...(c.id !== NO_COLLEGE && known.has(c.id) ? { college: c.id } : {}),
      channel: "ballot-box",
      ballots: micro(c.weightMicro),
      // Totals per ciphertext: per candidate, one per mark in a row (for, then against).
      marks: answers.map((candidate, j) => ({ candidate, ...Object.fromEntries(marks.map((m, k) => [m, micro(c.totals[j * marks.length + k] ?? 0n)])) })),
    });
  }
  if (result.totals !== undefined) {
    const d = firstDifference(result.totals, fromBox);
    if (d !== null) return { ok: false, error: `result.totals${d.path.startsWith("[") ? "" : "."}${d.path} is ${shown(d.a)}, but the box's decrypted totals give ${shown(d.b)}` };
  }
  const file = {
    election: result.election,
    colleges: result.colleges.map((c) => ({ id: c.id, ...(c.name ? { name: c.name } : {}), weight: c.weight })),
    candidates: result.candidates,
    totals: fromBox,
  };
  const election = parseElectionFile(file);
  if (!election.ok) return { ok: false, error: election.error.startsWith("totals") ? `tally: ${election.error}` : `result.${election.error}` };
  let recomputed: Record<string, unknown>;
  try {
    recomputed = electionResultToJson(countElectionFile(election.file).result);
  } catch (e) {
    return { ok: false, error: `result: the box's totals cannot be counted: ${(e as Error).message}` };
  }
  const d = firstDifference(result.published, recomputed);
  if (d !== null) return { ok: false, error: `result.published.${d.path} is ${shown(d.a)}, but the totals of the box give ${shown(d.b)}` };
  return { ok: true, recomputed, file, extra: 0, election: true };
}
