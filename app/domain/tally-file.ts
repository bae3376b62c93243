/**
 * The tally file (DESIGN.md §5) once parsed: from a whole vote described in one file to its
 * result, so that anyone can recompute it without the server. Pure; the parsing and its error
 * messages are in app/schemas/tally-file.ts, the command in db/tally.ts.
 */
import { classifyProxies, proxyCap } from "./proxies";
import { Rational } from "./rational";
import { combine, quorumRequired, resultToJson, type Choice, type ChoiceTotals, type CollegeTotals, type TallyRule } from "./tally";

export interface TallyFileCollege {
  id: string;
  name?: string;
  weight: Rational;
}

export interface TallyFileElector {
  voter: string;
  college?: string;
  /** The member's own weight; "1" when the file does not say. */
  weight: Rational;
}

export interface TallyFileProxy {
  principal: string;
  holder: string;
}

export interface TallyFileBallot {
  voter: string;
  college?: string;
  choice: Choice;
  /** Absent: the electorate's weight for the voter, else 1. */
  weight?: Rational;
  /** Who cast it; the voter unless a proxy holder did. */
  castBy: string;
}

export interface TallyFile {
  rule: TallyRule;
  colleges: TallyFileCollege[];
  electorate?: TallyFileElector[];
  participants?: string[];
  proxies: TallyFileProxy[];
  ballots: TallyFileBallot[];
}

export type RejectionReason = "not-eligible" | "no-proxy" | "proxy-over-cap";

const ONE = Rational.ONE;

function zeroTotals(): ChoiceTotals {
  return { for: Rational.ZERO, against: Rational.ZERO, abstain: Rational.ZERO };
}

/** Everyone the file names as a voter, a ballot's caster, a principal or a holder. */
function peopleNamed(file: TallyFile): number {
  const people = new Set<string>();
  for (const b of file.ballots) people.add(b.voter).add(b.castBy);
  for (const p of file.proxies) people.add(p.principal).add(p.holder);
  return people.size;
}

/**
 * The result of a parsed tally file as JSON: the engine's result (resultToJson) with
 * `rejectedBallots` after `colleges`, in the order of DESIGN.md §5.
 */
export function tallyFile(file: TallyFile): Record<string, unknown> {
  const rule = file.rule;
  const electorate = file.electorate ? new Map(file.electorate.map((e) => [e.voter, e])) : null;

  // 1. Proxies, in file order: a holder's earliest ones within the cap are valid.
  const cap = rule.proxy ? proxyCap(rule.proxy.maxPerHolder, electorate ? electorate.size : peopleNamed(file)) : null;
  const classified = classifyProxies(file.proxies, cap);
  // The holder must be a member: outside a given electorate the proxy is worth nothing.
  const valid = classified.valid.filter((p) => electorate === null || electorate.has(p.holder));
  // Looked up by (principal, holder): a ballot cast by someone else needs that very proxy.
  const pair = (principal: string, holder: string) => JSON.stringify([principal, holder]);
  const validPairs = new Set(valid.map((p) => pair(p.principal, p.holder)));
  const overCapPairs = new Set(classified.void.map((p) => pair(p.principal, p.holder)));

  // 2. Ballots, in file order.
  const accepted: TallyFileBallot[] = [];
  const rejectedBallots: { voter: string; reason: RejectionReason }[] = [];
  for (const b of file.ballots) {
    let reason: RejectionReason | null = null;
    if (electorate !== null && !electorate.has(b.voter)) reason = "not-eligible";
    else if (b.castBy !== b.voter && !validPairs.has(pair(b.voter, b.castBy))) {
      reason = overCapPairs.has(pair(b.voter, b.castBy)) ? "proxy-over-cap" : "no-proxy";
    }
    if (reason === null) accepted.push(b);
    else rejectedBallots.push({ voter: b.voter, reason });
  }

  // 3. Quorum: participants, plus those represented by a valid proxy whose holder participates.
  let quorum: { required: Rational; present: Rational } | undefined;
  if (rule.quorum) {
    if (electorate === null) throw new RangeError("a quorum needs an electorate");
    const participants = new Set<string>(file.participants ?? accepted.flatMap((b) => [b.voter, b.castBy]));
    for (const p of valid) if (participants.has(p.holder)) participants.add(p.principal);
    const present = [...participants].filter((m) => electorate.has(m));
    const byWeight = rule.quorum.basis === "weight";
    const count = (members: Iterable<string>) =>
      byWeight ? Rational.sum([...members].map((m) => electorate.get(m)!.weight)) : Rational.of([...members].length);
    quorum = {
      required: quorumRequired(rule.quorum.fraction, count(electorate.keys())),
      present: count(present),
    };
  }

  // 4. Aggregates per college (ballots with no known college go to `unassigned`, for headcount).
  const totals = new Map<string, ChoiceTotals>(file.colleges.map((c) => [c.id, zeroTotals()]));
  let unassigned: ChoiceTotals | undefined;
  for (const b of accepted) {
    const weight = b.weight ?? electorate?.get(b.voter)?.weight ?? ONE;
    let bucket = b.college === undefined ? undefined : totals.get(b.college);
    if (bucket === undefined) {
      if (rule.method !== "headcount") throw new RangeError(`ballot of ${b.voter}: no known college under ${rule.method}`);
      bucket = unassigned ??= zeroTotals();
    }
    bucket[b.choice] = bucket[b.choice].add(weight);
  }
  const colleges: CollegeTotals[] = file.colleges.map((c) => ({ id: c.id, weight: c.weight, ...totals.get(c.id)! }));

  const result = resultToJson(combine(rule, { colleges, ...(unassigned ? { unassigned } : {}), ...(quorum ? { quorum } : {}) }));
  const { warnings, headcountFallback, ...head } = result;
  return { ...head, rejectedBallots, warnings, headcountFallback };
}
