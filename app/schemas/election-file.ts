/**
 * The election form of the tally file (docs/election-file.md), read with zod: a file with an
 * `election` member, in the ballots form (open elections) or the totals form (a `totals` member:
 * secret elections). Every problem is reported as one English line naming the field, e.g.
 * `ballots[3].approvals[1]: "zoe" is not among the candidates' ids`. Keys that begin with `$` are
 * ignored at every level; other unknown keys are ignored too, except the members of the ballots
 * form in a totals form and a resolution's `rule`.
 */
import { z } from "zod";
import type { ElectionCandidate, ElectionRule } from "../domain/election";
import type { AnyElectionFile, ElectionFile, ElectionFileMark, ElectionTotalsFile } from "../domain/election-file";
import { Rational } from "../domain/rational";
import { defaultStrict } from "../domain/tally";
import {
  amount,
  bool,
  checked,
  day,
  id,
  memberWeight,
  oneOf,
  share,
  shown,
  whole,
  type Fail,
} from "./election-file-fields";
import { readJson } from "./json-fields";

export type { AnyElectionFile, ElectionFile, ElectionTotalsFile } from "../domain/election-file";

const HALF = Rational.of(1, 2);
const choice = oneOf(["for", "against", "abstain"]);

const electionSchema = z.object({
  method: oneOf(["plurinominal", "approval"]),
  seats: whole(1),
  seatsPerCollege: z.array(z.object({ college: id, seats: whole(1) })).optional(),
  weighting: oneOf(["proportional", "headcount"]).default("proportional"),
  round: z.union([z.literal(1), z.literal(2)], { error: (iss) => `expected 1 or 2, got ${shown(iss.input)}` }).default(1),
  absoluteMajority: bool.default(false),
  base: oneOf(["cast", "present"]).default("cast"),
  threshold: share("a threshold").default(HALF),
  strict: bool.optional(),
  tieBreak: oneOf(["age", "seniority", "lot"]).default("age"),
  seed: z
    .string({ error: (iss) => `expected a text, got ${shown(iss.input)}` })
    .min(1, { error: "must not be empty" })
    .optional(),
  proxy: z
    .object({
      maxPerHolder: z.union([whole(0), z.literal("cooperative")], {
        error: (iss) => `expected a whole number or "cooperative", got ${shown(iss.input)}`,
      }),
    })
    .optional(),
});

const common = {
  election: electionSchema,
  colleges: z.array(z.object({ id, name: z.string().optional(), weight: share("a college weight") })).default([]),
  candidates: z
    .array(z.object({ id, name: z.string().optional(), college: id.optional(), bornOn: day.optional(), memberSince: day.optional() }))
    .min(1, { error: "must list at least one candidate" }),
  rule: z.undefined({ error: "not allowed with election: an election's rule is its election member" }).optional(),
};

const ballotsFormSchema = z.object({
  ...common,
  electorate: z.array(z.object({ voter: id, college: id.optional(), weight: memberWeight.optional() })).optional(),
  proxies: z.array(z.object({ principal: id, holder: id })).default([]),
  ballots: z.array(
    z.object({
      voter: id,
      college: id.optional(),
      weight: memberWeight.optional(),
      castBy: id.optional(),
      approvals: z.array(id).optional(),
      choices: z.record(z.string(), choice).optional(),
    })
  ),
});

function notWithTotals(what: string) {
  return z.undefined({ error: `not allowed with totals: ${what}` }).optional();
}

const totalsFormSchema = z.object({
  ...common,
  totals: z.array(
    z.object({
      college: id.optional(),
      channel: id.optional(),
      ballots: amount,
      blank: amount.optional(),
      marks: z.array(z.object({ candidate: id, for: amount, against: amount.optional(), abstain: amount.optional() })).default([]),
    })
  ),
  ballots: notWithTotals("a file has either ballots or totals"),
  electorate: notWithTotals("the electorate was applied when the ballots were accepted"),
  proxies: notWithTotals("proxies were applied when the ballots were accepted"),
});

type Common = z.output<z.ZodObject<typeof common>>;

const known = (college: string | undefined, what: string) => (college === undefined ? `is required: ${what}` : `"${college}" is not among the colleges' ids`);

/** Checks shared by both forms; returns the rule, colleges and candidates in the count's terms. */
function commonOf(f: Common, fail: Fail) {
  const e = f.election;
  const byColleges = e.weighting === "proportional";
  const collegeIds = new Map<string, number>();
  for (const [i, c] of f.colleges.entries()) {
    const first = collegeIds.get(c.id);
    if (first !== undefined) fail(["colleges", i, "id"], `college id "${c.id}" is already used by colleges[${first}]`);
    collegeIds.set(c.id, i);
  }
  const candidateIds = new Map<string, number>();
  for (const [i, c] of f.candidates.entries()) {
    const first = candidateIds.get(c.id);
    if (first !== undefined) fail(["candidates", i, "id"], `candidate id "${c.id}" is already used by candidates[${first}]`);
    candidateIds.set(c.id, i);
    if (byColleges && c.college !== undefined && !collegeIds.has(c.college)) fail(["candidates", i, "college"], known(c.college, ""));
  }
  if (e.method === "approval" && e.round !== 1) fail(["election", "round"], "an approval election has one round");
  const reserved = e.seatsPerCollege ?? [];
  const reservedAt = new Map<string, number>();
  for (const [i, r] of reserved.entries()) {
    const first = reservedAt.get(r.college);
    if (first !== undefined) fail(["election", "seatsPerCollege", i, "college"], `"${r.college}" already has its seats in election.seatsPerCollege[${first}]`);
    reservedAt.set(r.college, i);
    const ofCandidates = f.candidates.some((c) => c.college === r.college);
    if (!collegeIds.has(r.college) && (byColleges || !ofCandidates)) fail(["election", "seatsPerCollege", i, "college"], known(r.college, ""));
  }
  const total = reserved.reduce((n, r) => n + r.seats, 0);
  if (total > e.seats) fail(["election", "seatsPerCollege"], `${total} reserved seats are more than election.seats (${e.seats})`);

  const rule: ElectionRule = {
    method: e.method,
    seats: e.seats,
    ...(reserved.length > 0 ? { seatsPerCollege: reserved.map((r) => ({ college: r.college, seats: r.seats })) } : {}),
    weighting: e.weighting,
    round: e.round,
    absoluteMajority: e.absoluteMajority,
    base: e.base,
    threshold: e.threshold,
    strict: e.strict ?? defaultStrict(e.threshold),
    tieBreak: e.tieBreak,
  };
  const candidates = f.candidates.map(
    (c): ElectionCandidate => ({
      id: c.id,
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.college !== undefined ? { college: c.college } : {}),
      ...(c.bornOn !== undefined ? { bornOn: c.bornOn } : {}),
      ...(c.memberSince !== undefined ? { memberSince: c.memberSince } : {}),
    })
  );
  return {
    rule,
    collegeIds: new Set(collegeIds.keys()),
    candidateIds: new Set(candidateIds.keys()),
    common: {
      election: rule,
      ...(e.seed !== undefined ? { seed: e.seed } : {}),
      colleges: f.colleges.map((c) => ({ id: c.id, ...(c.name !== undefined ? { name: c.name } : {}), weight: c.weight })),
      candidates,
    },
  };
}

const candidateText = (c: string) => `"${c}" is not among the candidates' ids`;

const ballotsFileSchema = ballotsFormSchema.transform(
  checked((f: z.output<typeof ballotsFormSchema>, fail): ElectionFile => {
    const { rule, collegeIds, candidateIds, common: head } = commonOf(f, fail);
    const byColleges = rule.weighting === "proportional";
    const ballotCollege = "each ballot is counted in its voter's college";

    const electorate = new Map<string, { index: number; college: string | undefined }>();
    for (const [i, e] of (f.electorate ?? []).entries()) {
      const first = electorate.get(e.voter);
      if (first !== undefined) fail(["electorate", i, "voter"], `"${e.voter}" is already listed in electorate[${first.index}]`);
      if (byColleges && e.college !== undefined && !collegeIds.has(e.college)) fail(["electorate", i, "college"], known(e.college, ballotCollege));
      electorate.set(e.voter, { index: i, college: e.college });
    }

    const voters = new Map<string, number>();
    const ballots = f.ballots.map((b, i) => {
      const first = voters.get(b.voter);
      if (first !== undefined) fail(["ballots", i, "voter"], `"${b.voter}" already voted in ballots[${first}]`);
      voters.set(b.voter, i);
      if (byColleges && (b.college === undefined || !collegeIds.has(b.college))) {
        fail(["ballots", i, "college"], `${known(b.college, ballotCollege)} (election.weighting is "proportional")`);
      }
      const theirs = electorate.get(b.voter)?.college;
      if (byColleges && theirs !== undefined && theirs !== b.college) {
        fail(
          ["ballots", i, "college"],
          `"${b.college}" is not the college of ${b.voter} in the electorate ("${theirs}"); a proxy's vote counts in the principal's college`
        );
      }
      let marks: ElectionFileMark[];
      if (rule.method === "plurinominal") {
        if (b.choices !== undefined)
          fail(["ballots", i, "choices"], 'not allowed when election.method is "plurinominal": give the approved candidates as approvals');
        if (b.approvals === undefined) fail(["ballots", i, "approvals"], 'is required when election.method is "plurinominal" ([] for a blank ballot)');
        const seen = new Map<string, number>();
        for (const [j, c] of b.approvals!.entries()) {
          if (!candidateIds.has(c)) fail(["ballots", i, "approvals", j], candidateText(c));
          const at = seen.get(c);
          if (at !== undefined) fail(["ballots", i, "approvals", j], `"${c}" is already approved in approvals[${at}]`);
          seen.set(c, j);
        }
        marks = b.approvals!.map((candidate) => ({ candidate, choice: "for" }));
      } else {
        if (b.approvals !== undefined)
          fail(["ballots", i, "approvals"], 'not allowed when election.method is "approval": give a choice per candidate in choices');
        if (b.choices === undefined) fail(["ballots", i, "choices"], 'is required when election.method is "approval" ({} when the voter abstains on everyone)');
        for (const c of Object.keys(b.choices!)) if (!candidateIds.has(c)) fail(["ballots", i, "choices", c], candidateText(c));
        marks = Object.entries(b.choices!).map(([candidate, c]) => ({ candidate, choice: c }));
      }
      return {
        voter: b.voter,
        ...(b.college !== undefined ? { college: b.college } : {}),
        ...(b.weight !== undefined ? { weight: b.weight } : {}),
        castBy: b.castBy ?? b.voter,
        marks,
      };
    });

    return {
      ...head,
      ...(f.election.proxy ? { proxy: { maxPerHolder: f.election.proxy.maxPerHolder } } : {}),
      ...(f.electorate
        ? {
            electorate: f.electorate.map((e) => ({
              voter: e.voter,
              ...(e.college !== undefined ? { college: e.college } : {}),
              weight: e.weight ?? Rational.ONE,
            })),
          }
        : {}),
      proxies: f.proxies.map((p) => ({ principal: p.principal, holder: p.holder })),
      ballots,
    };
  })
);

const totalsFileSchema = totalsFormSchema.transform(
  checked((f: z.output<typeof totalsFormSchema>, fail): ElectionTotalsFile => {
    const { rule, collegeIds, candidateIds, common: head } = commonOf(f, fail);
    const plurinominal = rule.method === "plurinominal";
    const entries = new Map<string, number>();
    for (const [i, t] of f.totals.entries()) {
      if (rule.weighting === "proportional" && t.college !== undefined && !collegeIds.has(t.college)) {
        fail(["totals", i, "college"], `${known(t.college, "")} (election.weighting is "proportional")`);
      }
      const key = JSON.stringify([t.college ?? null, t.channel ?? null]);
      const first = entries.get(key);
      if (first !== undefined) {
        const what = `${t.college === undefined ? "no college" : `college "${t.college}"`}${t.channel === undefined ? "" : ` and channel "${t.channel}"`}`;
        fail(["totals", i], `${what} already has its totals in totals[${first}] (give each channel its own "channel")`);
      }
      entries.set(key, i);
      if (!plurinominal && t.blank !== undefined)
        fail(["totals", i, "blank"], 'not used when election.method is "approval": a ballot with no mark abstains on everyone');
      const blank = t.blank ?? Rational.ZERO;
      if (blank.gt(t.ballots)) fail(["totals", i, "blank"], `${blank} is more than totals[${i}].ballots (${t.ballots})`);
      const voting = t.ballots.sub(blank);
      const seen = new Map<string, number>();
      let approvals = Rational.ZERO;
      for (const [j, m] of t.marks.entries()) {
        if (!candidateIds.has(m.candidate)) fail(["totals", i, "marks", j, "candidate"], candidateText(m.candidate));
        const at = seen.get(m.candidate);
        if (at !== undefined) fail(["totals", i, "marks", j, "candidate"], `"${m.candidate}" already has its marks in totals[${i}].marks[${at}]`);
        seen.set(m.candidate, j);
        for (const side of ["against", "abstain"] as const) {
          if (plurinominal && m[side] !== undefined)
            fail(["totals", i, "marks", j, side], 'not used when election.method is "plurinominal": an approval is a for');
        }
        const marked = m.for.add(m.against ?? Rational.ZERO).add(m.abstain ?? Rational.ZERO);
        if (marked.gt(voting))
          fail(
            ["totals", i, "marks", j],
            `the marks on "${m.candidate}" (${marked}) are more than the ${plurinominal ? "ballots that are not blank" : "ballots"} (${voting})`
          );
        approvals = approvals.add(m.for);
      }
      const cap = voting.mul(Rational.of(rule.seats));
      if (approvals.gt(cap))
        fail(["totals", i, "marks"], `${approvals} approvals are more than election.seats × the ballots (${cap}): nobody approves more candidates than seats`);
    }
    return {
      ...head,
      totals: f.totals.map((t) => ({
        ...(t.college !== undefined ? { college: t.college } : {}),
        ...(t.channel !== undefined ? { channel: t.channel } : {}),
        ballots: t.ballots,
        ...(t.blank !== undefined ? { blank: t.blank } : {}),
        marks: t.marks.map((m) => ({
          candidate: m.candidate,
          for: m.for,
          ...(m.against !== undefined ? { against: m.against } : {}),
          ...(m.abstain !== undefined ? { abstain: m.abstain } : {}),
        })),
      })),
    };
  })
);

/** True when a decoded JSON file is an election file (it has an `election` member). */
export function isElectionJson(json: unknown): boolean {
  return json !== null && typeof json === "object" && !Array.isArray(json) && "election" in json;
}

/**
 * Reads an election file already decoded from JSON, in either form (a `totals` member makes it the
 * totals form). The error is the first problem, naming its field.
 */
export function parseElectionFile(json: unknown): { ok: true; file: AnyElectionFile } | { ok: false; error: string } {
  const read = readJson<AnyElectionFile>(json, (stripped) => ("totals" in stripped ? totalsFileSchema : ballotsFileSchema));
  return read.ok ? { ok: true, file: read.data } : read;
}
