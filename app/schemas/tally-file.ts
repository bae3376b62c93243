/**
 * The tally file (DESIGN.md §5, docs/tally-file.md), read with zod: the ballots form, or the
 * totals form (a `totals` member instead of `ballots`) of a secret vote. Every problem is reported
 * as one English line naming the field, e.g. `ballots[3].choice: expected "for", "against" or
 * "abstain", got "yes"`. Keys that begin with `$` are ignored at every level; other unknown keys
 * are ignored too, except the members of the ballots form in a totals form.
 */
import { z } from "zod";
import { Rational } from "../domain/rational";
import { amount, count, memberWeight, oneOf, readJson, share, shown } from "./json-fields";
import { ruleOf, ruleSchema } from "./tally-file-rule";
import type { AnyTallyFile, TallyFile, TallyFileBallot, TallyFileCollege, TotalsTallyFile } from "../domain/tally-file";

export type { AnyTallyFile, TallyFile, TotalsTallyFile } from "../domain/tally-file";

const id = z.string().trim().min(1, { error: "must not be empty" });

const collegesSchema = z
  .array(
    z.object({
      id,
      name: z.string().optional(),
      weight: share("a college weight"),
    }),
  )
  .default([]);

const ballotsFormSchema = z.object({
  rule: ruleSchema.prefault({}),
  colleges: collegesSchema,
  electorate: z
    .array(
      z.object({
        voter: id,
        college: id.optional(),
        weight: memberWeight.optional(),
      }),
    )
    .optional(),
  participants: z.array(id).optional(),
  proxies: z.array(z.object({ principal: id, holder: id })).default([]),
  ballots: z.array(
    z.object({
      voter: id,
      college: id.optional(),
      choice: oneOf(["for", "against", "abstain"]),
      weight: memberWeight.optional(),
      castBy: id.optional(),
    }),
  ),
});

/** A member of the ballots form has no place beside totals: it would name voters. */
function notWithTotals(what: string) {
  return z.undefined({ error: `not allowed with totals: ${what}` }).optional();
}

const totalsFormSchema = z.object({
  rule: ruleSchema.prefault({}),
  colleges: collegesSchema,
  totals: z.array(
    z.object({
      college: id.optional(),
      channel: id.optional(),
      for: amount,
      against: amount,
      abstain: amount,
    }),
  ),
  participation: z
    .object({
      eligible: amount,
      present: amount,
      colleges: z.array(z.object({ college: id, eligible: amount, present: amount })).optional(),
    })
    .optional(),
  ballots: notWithTotals("a file has either ballots or totals"),
  electorate: notWithTotals("the electorate is given as participation.eligible"),
  participants: notWithTotals("participants are given as participation.present"),
  proxies: notWithTotals("proxies were applied when the votes were accepted"),
});

type Fail = (path: (string | number)[], message: string) => never;

function failer(ctx: z.RefinementCtx): Fail {
  return (path, message) => {
    ctx.addIssue({ code: "custom", path, message });
    return z.NEVER as never;
  };
}

function checkCollegeIds(colleges: readonly { id: string }[], fail: Fail): Set<string> {
  const collegeIds = new Map<string, number>();
  for (const [i, c] of colleges.entries()) {
    const first = collegeIds.get(c.id);
    if (first !== undefined) fail(["colleges", i, "id"], `college id "${c.id}" is already used by colleges[${first}]`);
    collegeIds.set(c.id, i);
  }
  return new Set(collegeIds.keys());
}

function known(college: string | undefined, what: string): string {
  return college === undefined ? `is required: ${what}` : `"${college}" is not among the colleges' ids`;
}

function collegesOf(colleges: z.output<typeof collegesSchema>): TallyFileCollege[] {
  return colleges.map((c) => ({ id: c.id, ...(c.name !== undefined ? { name: c.name } : {}), weight: c.weight }));
}

/** The checks that need several fields at once, then the ballots form in the engine's terms. */
const ballotsFileSchema = ballotsFormSchema.transform((f, ctx): TallyFile => {
  const fail = failer(ctx);
  const byColleges = f.rule.method !== "headcount";
  const collegeIds = checkCollegeIds(f.colleges, fail);
  const ballotCollege = "each ballot is counted in its voter's college";

  const electorate = new Map<string, { index: number; college: string | undefined }>();
  for (const [i, e] of (f.electorate ?? []).entries()) {
    const first = electorate.get(e.voter);
    if (first !== undefined) return fail(["electorate", i, "voter"], `"${e.voter}" is already listed in electorate[${first.index}]`);
    if (byColleges && e.college !== undefined && !collegeIds.has(e.college)) {
      return fail(["electorate", i, "college"], known(e.college, ballotCollege));
    }
    electorate.set(e.voter, { index: i, college: e.college });
  }
  if (f.rule.quorum && f.electorate === undefined) {
    return fail(["electorate"], "is required when rule.quorum is given: the quorum is a fraction of the electorate");
  }
  if (f.rule.college?.quorum && f.electorate === undefined) {
    return fail(["electorate"], "is required when rule.college.quorum is given: each college's quorum is a fraction of its members in the electorate");
  }
  if ((f.rule.proxy?.sameCollege || f.rule.proxy?.maxPerCollege !== undefined) && f.electorate === undefined) {
    return fail(["electorate"], "is required when rule.proxy.sameCollege or rule.proxy.maxPerCollege is given: a member's college is the electorate's");
  }

  const voters = new Map<string, number>();
  for (const [i, b] of f.ballots.entries()) {
    const first = voters.get(b.voter);
    if (first !== undefined) return fail(["ballots", i, "voter"], `"${b.voter}" already voted in ballots[${first}]`);
    voters.set(b.voter, i);
    if (byColleges && (b.college === undefined || !collegeIds.has(b.college))) {
      return fail(["ballots", i, "college"], `${known(b.college, ballotCollege)} (rule.method is "${f.rule.method}")`);
    }
    const theirs = electorate.get(b.voter)?.college;
    if (byColleges && theirs !== undefined && theirs !== b.college) {
      return fail(
        ["ballots", i, "college"],
        `"${b.college}" is not the college of ${b.voter} in the electorate ("${theirs}"); a proxy's vote counts in the principal's college`,
      );
    }
  }

  return {
    rule: ruleOf(f.rule),
    colleges: collegesOf(f.colleges),
    ...(f.electorate
      ? {
          electorate: f.electorate.map((e) => ({
            voter: e.voter,
            ...(e.college !== undefined ? { college: e.college } : {}),
            weight: e.weight ?? Rational.ONE,
          })),
        }
      : {}),
    ...(f.participants ? { participants: [...f.participants] } : {}),
    proxies: f.proxies.map((p) => ({ principal: p.principal, holder: p.holder })),
    ballots: f.ballots.map(
      (b): TallyFileBallot => ({
        voter: b.voter,
        ...(b.college !== undefined ? { college: b.college } : {}),
        choice: b.choice,
        ...(b.weight !== undefined ? { weight: b.weight } : {}),
        castBy: b.castBy ?? b.voter,
      }),
    ),
  };
});

/** The checks that need several fields at once, then the totals form in the engine's terms. */
const totalsFileSchema = totalsFormSchema.transform((f, ctx): TotalsTallyFile => {
  const fail = failer(ctx);
  const byColleges = f.rule.method !== "headcount";
  const collegeIds = checkCollegeIds(f.colleges, fail);

  const entries = new Map<string, number>();
  for (const [i, t] of f.totals.entries()) {
    // No college: members outside the colleges, counted only by headcount (or its fallback).
    if (byColleges && t.college !== undefined && !collegeIds.has(t.college)) {
      return fail(["totals", i, "college"], `${known(t.college, "")} (rule.method is "${f.rule.method}")`);
    }
    const key = JSON.stringify([t.college ?? null, t.channel ?? null]);
    const first = entries.get(key);
    if (first !== undefined) {
      const what = `${t.college === undefined ? "no college" : `college "${t.college}"`}${t.channel === undefined ? "" : ` and channel "${t.channel}"`}`;
      return fail(["totals", i], `${what} already has its totals in totals[${first}] (give each channel its own "channel")`);
    }
    entries.set(key, i);
  }

  const p = f.participation;
  const quorum = f.rule.quorum;
  if (quorum && p === undefined) {
    return fail(["participation"], "is required when rule.quorum is given: the quorum needs how many are eligible and how many took part");
  }
  if (p !== undefined) {
    if (quorum?.basis === "headcount") {
      for (const field of ["eligible", "present"] as const) {
        if (p[field].den !== 1n) return fail(["participation", field], `expected a whole number of members (rule.quorum.basis is "headcount"), got "${p[field]}"`);
      }
    }
    if (p.present.gt(p.eligible)) return fail(["participation", "present"], `${p.present} is more than participation.eligible (${p.eligible})`);
    const seen = new Map<string, number>();
    for (const [i, c] of (p.colleges ?? []).entries()) {
      const at = ["participation", "colleges", i];
      if (!collegeIds.has(c.college)) return fail([...at, "college"], known(c.college, ""));
      if (seen.has(c.college)) return fail([...at, "college"], `"${c.college}" already has its figures in participation.colleges[${seen.get(c.college)}]`);
      seen.set(c.college, i);
      for (const field of ["eligible", "present"] as const) {
        if (c[field].den !== 1n) return fail([...at, field], `expected a whole number of members, got "${c[field]}"`);
      }
      if (c.present.gt(c.eligible)) return fail([...at, "present"], `${c.present} is more than its eligible (${c.eligible})`);
    }
  }
  if (f.rule.college?.quorum && byColleges) {
    if (p === undefined) return fail(["participation"], "is required when rule.college.quorum is given: each college's quorum needs how many of its members are eligible and how many took part");
    const missing = f.colleges.find((c) => !(p.colleges ?? []).some((t) => t.college === c.id));
    if (missing) return fail(["participation", "colleges"], `college "${missing.id}" has no figures (rule.college.quorum is given)`);
  }

  return {
    rule: ruleOf(f.rule),
    colleges: collegesOf(f.colleges),
    totals: f.totals.map((t) => ({
      ...(t.college !== undefined ? { college: t.college } : {}),
      ...(t.channel !== undefined ? { channel: t.channel } : {}),
      for: t.for,
      against: t.against,
      abstain: t.abstain,
    })),
    ...(p
      ? {
          participation: {
            eligible: p.eligible,
            present: p.present,
            ...(p.colleges ? { colleges: p.colleges.map((c) => ({ college: c.college, eligible: c.eligible, present: c.present })) } : {}),
          },
        }
      : {}),
    ballots: [],
    proxies: [],
  };
});

/** `ballots[3].choice`, `rule.threshold`, `colleges[0].weight`. */
/**
 * Reads a tally file already decoded from JSON, in either form (a `totals` member makes it the
 * totals form). The error is the first problem, naming its field.
 */
export function parseTallyFile(json: unknown): { ok: true; file: AnyTallyFile } | { ok: false; error: string } {
  const read = readJson<AnyTallyFile>(json, (stripped) => ("totals" in stripped ? totalsFileSchema : ballotsFileSchema));
  return read.ok ? { ok: true, file: read.data } : read;
}
