/**
 * An encrypted ballot: one ciphertext per choice, each with a proof that it encrypts 0 or 1, and
 * an overall proof that their sum lies in [min, max] (Belenios' homomorphic answer). A resolution
 * is the one-hot case: choices for / against / abstain, min = max = 1. A question with marks
 * (approval per candidate: for, against) has `perAnswer` ciphertexts per answer, a proof per
 * answer that at most one of them is 1 (none: abstain), and the overall proof bounds the number
 * of answers given the first mark. Every challenge binds the vote's id, the voter's college and
 * weight, so a proof cannot be replayed in another vote, college or weight (docs/ballot-box.md §4).
 */
import { CryptoFormatError, expectArray, expectDecimal, expectRecord, expectString, type Json } from "./encoding";
import { addCiphertexts, ciphertextFromJson, ciphertextToJson, encrypt, ZERO_CIPHERTEXT, type Ciphertext, type CiphertextJson } from "./elgamal";
import { mod, pointFromHex, pointToHex, type Point } from "./group";
import { proofsFromJson, proofToJson, proveInterval, verifyInterval, type Proof, type ProofJson } from "./proofs";

export interface BallotJson {
  electionId: string;
  college: string;
  /** The voter's weight inside the college, in millionths, in decimal ("1000000" is a weight of 1). */
  weightMicro: string;
  choices: CiphertextJson[];
  /** proofs[i]: two proofs (values 0 and 1) that choices[i] encrypts 0 or 1. */
  proofs: ProofJson[][];
  /**
   * Only for a question with marks: groups[g], two proofs (values 0 and 1) that answer g's
   * ciphertexts choices[g·perAnswer …] add up to 0 or 1 (at most one mark).
   */
  groups?: ProofJson[][];
  /**
   * One proof per value in [min, max] that the choices add up to a value in that range (with
   * marks: the first ciphertext of each answer, i.e. how many answers have the first mark).
   */
  overall: ProofJson[];
}

/** What a ballot must answer: how many ciphertexts and how many of them may be selected. */
export interface QuestionShape {
  /** Ciphertexts in a ballot (with marks: answers × perAnswer). */
  choices: number;
  min: number;
  max: number;
  /**
   * A question with marks (approval per candidate: 2, for and against): each answer has this many
   * ciphertexts, in a row, at most one of them 1; min and max bound how many answers have the
   * first mark. Absent: one ciphertext per answer, min and max bound their sum (the first format).
   */
  perAnswer?: number;
}

export interface DecodedBallot {
  electionId: string;
  college: string;
  weightMicro: bigint;
  choices: Ciphertext[];
  proofs: Proof[][];
  /** A question with marks: one proof per answer (at most one mark); else empty. */
  groups: Proof[][];
  overall: Proof[];
}

export const BALLOT_FIELDS = ["choices", "college", "electionId", "overall", "proofs", "weightMicro"] as const;
/** The ballot of a question with marks has one more field. */
export const MARKED_BALLOT_FIELDS = [...BALLOT_FIELDS, "groups"] as const;

function choiceContext(electionId: string, college: string, weightMicro: bigint, index: number): Json[] {
  return ["cogere/ballot/v1/choice", electionId, college, weightMicro.toString(), index];
}

const hexPairs = (cts: readonly Ciphertext[]): Json[] => cts.map((c) => [pointToHex(c.alpha), pointToHex(c.beta)]);

/** The overall proof's context: "sum" for the first format, "first-marks" for a question with marks. */
function sumContext(electionId: string, college: string, weightMicro: bigint, choices: Ciphertext[], marked: boolean): Json[] {
  return [marked ? "cogere/ballot/v1/first-marks" : "cogere/ballot/v1/sum", electionId, college, weightMicro.toString(), hexPairs(choices)];
}

/** Answer `index`'s proof of at most one mark: bound to its own ciphertexts. */
function groupContext(electionId: string, college: string, weightMicro: bigint, index: number, group: readonly Ciphertext[]): Json[] {
  return ["cogere/ballot/v1/group", electionId, college, weightMicro.toString(), index, hexPairs(group)];
}

export function checkQuestionShape(q: QuestionShape): void {
  const per = q.perAnswer ?? 1;
  const ok =
    Number.isSafeInteger(q.choices) && Number.isSafeInteger(q.min) && Number.isSafeInteger(q.max) && Number.isSafeInteger(per) &&
    (q.perAnswer === undefined || per >= 2) && q.choices >= 1 && q.choices % per === 0 &&
    q.min >= 0 && q.min <= q.max && q.max <= q.choices / per;
  if (!ok) {
    throw new RangeError(
      `question must have 1 or more answers (perAnswer, when given, at least 2 ciphertexts each) and 0 ≤ min ≤ max ≤ answers, got ${JSON.stringify(q)}`,
    );
  }
}

/** The answers' groups of ciphertexts (a question with marks), in order. */
function groupsOf<T>(items: readonly T[], perAnswer: number): T[][] {
  return Array.from({ length: items.length / perAnswer }, (_, g) => items.slice(g * perAnswer, (g + 1) * perAnswer));
}

/** What the overall proof bounds: every ciphertext, or with marks the first of each answer. */
function counted<T>(items: readonly T[], perAnswer: number | undefined): T[] {
  return perAnswer === undefined ? [...items] : items.filter((_, i) => i % perAnswer === 0);
}

export interface SelectionsInput {
  electionId: string;
  /** The election key, hexadecimal. */
  electionKey: string;
  college: string;
  weightMicro: bigint;
  /** 0 or 1 per ciphertext (with marks: perAnswer per answer, at most one 1 among them). */
  selections: number[];
  min: number;
  max: number;
  /** A question with marks: ciphertexts per answer (approval per candidate: 2, for and against). */
  perAnswer?: number;
}

type Encrypted = { m: number; ciphertext: Ciphertext; r: bigint };

/** Proves that the sum of `items` lies in [lo, hi], knowing their plaintexts and randomness. */
function proveSum(context: Json[], y: Point, items: readonly Encrypted[], lo: number, hi: number): Proof[] {
  const sum = items.map((e) => e.ciphertext).reduce(addCiphertexts, ZERO_CIPHERTEXT);
  const r = mod(items.reduce((a, e) => a + e.r, 0n));
  const m = items.reduce((a, e) => a + e.m, 0);
  return proveInterval(context, y, sum, r, m, lo, hi);
}

/**
 * Encrypts a vector of 0/1 selections whose sum is in [min, max] (elections: one per candidate,
 * max = seats); with `perAnswer`, at most one mark per answer and the first marks' count in [min, max].
 */
export function encryptSelections(input: SelectionsInput): BallotJson {
  const { electionId, college, weightMicro, selections, min, max, perAnswer } = input;
  checkQuestionShape({ choices: selections.length, min, max, ...(perAnswer !== undefined ? { perAnswer } : {}) });
  if (selections.some((s) => s !== 0 && s !== 1)) throw new RangeError("each selection must be 0 or 1");
  if (perAnswer !== undefined) {
    const twice = groupsOf(selections, perAnswer).findIndex((g) => g.reduce((a, b) => a + b, 0) > 1);
    if (twice >= 0) throw new RangeError(`answer ${twice + 1} has more than one mark`);
  }
  const count = counted(selections, perAnswer).reduce((a, b) => a + b, 0);
  if (count < min || count > max) throw new RangeError(`${count} selections, expected between ${min} and ${max}`);
  if (weightMicro <= 0n) throw new RangeError("weightMicro must be positive");
  const y = pointFromHex(input.electionKey, "electionKey");
  const encrypted: Encrypted[] = selections.map((m) => ({ m, ...encrypt(y, BigInt(m)) }));
  const choices = encrypted.map((e) => e.ciphertext);
  const proofs = encrypted.map((e, i) =>
    proveInterval(choiceContext(electionId, college, weightMicro, i), y, e.ciphertext, e.r, e.m, 0, 1),
  );
  const marked = perAnswer !== undefined;
  const groups = marked
    ? groupsOf(encrypted, perAnswer).map((g, i) => proveSum(groupContext(electionId, college, weightMicro, i, g.map((e) => e.ciphertext)), y, g, 0, 1))
    : [];
  const overall = proveSum(sumContext(electionId, college, weightMicro, choices, marked), y, counted(encrypted, perAnswer), min, max);
  return {
    electionId,
    college,
    weightMicro: weightMicro.toString(),
    choices: choices.map(ciphertextToJson),
    proofs: proofs.map((ps) => ps.map(proofToJson)),
    ...(marked ? { groups: groups.map((ps) => ps.map(proofToJson)) } : {}),
    overall: overall.map(proofToJson),
  };
}

export interface BallotInput {
  electionId: string;
  electionKey: string;
  college: string;
  weightMicro: bigint;
  /** 0-based index of the choice (0 for, 1 against, 2 abstain for a resolution). */
  choice: number;
  nChoices: number;
}

/** A one-choice ballot (a resolution: for / against / abstain): exactly one ciphertext encrypts 1. */
export function buildBallot(input: BallotInput): BallotJson {
  const { choice, nChoices } = input;
  if (!Number.isSafeInteger(choice) || choice < 0 || choice >= nChoices) {
    throw new RangeError(`choice ${choice} is not one of the ${nChoices} choices`);
  }
  const selections = Array.from({ length: nChoices }, (_, i) => (i === choice ? 1 : 0));
  return encryptSelections({ ...input, selections, min: 1, max: 1 });
}

/** Reads a published ballot; throws CryptoFormatError naming the field (paths start with `path`). */
export function decodeBallot(value: unknown, q: QuestionShape, path = "ballot"): DecodedBallot {
  const record = expectRecord(value, path);
  const fields: readonly string[] = q.perAnswer === undefined ? BALLOT_FIELDS : MARKED_BALLOT_FIELDS;
  const extra = Object.keys(record).filter((k) => !fields.includes(k));
  if (extra.length > 0) throw new CryptoFormatError(`${path} has unknown fields: ${extra.join(", ")}`);
  const weightMicro = expectDecimal(record.weightMicro, `${path}.weightMicro`);
  if (weightMicro === 0n) throw new CryptoFormatError(`${path}.weightMicro must be positive`);
  const choices = expectArray(record.choices, `${path}.choices`, q.choices).map((c, i) =>
    ciphertextFromJson(c, `${path}.choices[${i}]`),
  );
  const proofs = expectArray(record.proofs, `${path}.proofs`, q.choices).map((p, i) =>
    proofsFromJson(p, `${path}.proofs[${i}]`, 2),
  );
  const groups =
    q.perAnswer === undefined
      ? []
      : expectArray(record.groups, `${path}.groups`, q.choices / q.perAnswer).map((p, i) => proofsFromJson(p, `${path}.groups[${i}]`, 2));
  return {
    electionId: expectString(record.electionId, `${path}.electionId`),
    college: expectString(record.college, `${path}.college`),
    weightMicro,
    choices,
    proofs,
    groups,
    overall: proofsFromJson(record.overall, `${path}.overall`, q.max - q.min + 1),
  };
}

function sumLabel(min: number, max: number): string {
  return min === max ? `${min}` : `between ${min} and ${max}`;
}

/**
 * Checks every proof of a decoded ballot against the vote's id and key. Returns null when the
 * ballot is valid, else what failed ("proof that choice 2 is 0 or 1 fails", choices counted from 1).
 */
export function checkBallotProofs(ballot: DecodedBallot, electionId: string, electionKey: Point, q: QuestionShape): string | null {
  if (ballot.electionId !== electionId) return `ballot is for vote ${JSON.stringify(ballot.electionId)}, not ${JSON.stringify(electionId)}`;
  const { college, weightMicro, choices } = ballot;
  for (let i = 0; i < choices.length; i++) {
    const context = choiceContext(electionId, college, weightMicro, i);
    if (!verifyInterval(context, electionKey, choices[i] as Ciphertext, ballot.proofs[i] as Proof[], 0, 1)) {
      return `proof that choice ${i + 1} is 0 or 1 fails`;
    }
  }
  const per = q.perAnswer;
  if (per !== undefined) {
    const groups = groupsOf(choices, per);
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g] as Ciphertext[];
      const sum = group.reduce(addCiphertexts, ZERO_CIPHERTEXT);
      if (!verifyInterval(groupContext(electionId, college, weightMicro, g, group), electionKey, sum, ballot.groups[g] as Proof[], 0, 1)) {
        return `proof that answer ${g + 1} has at most one mark fails`;
      }
    }
  }
  const sum = counted(choices, per).reduce(addCiphertexts, ZERO_CIPHERTEXT);
  if (!verifyInterval(sumContext(electionId, college, weightMicro, choices, per !== undefined), electionKey, sum, ballot.overall, q.min, q.max)) {
    return per === undefined
      ? `proof that the choices add up to ${sumLabel(q.min, q.max)} fails`
      : `proof that ${sumLabel(q.min, q.max)} answers have the first mark fails`;
  }
  return null;
}

export type BallotCheck = { ok: true; ballot: DecodedBallot } | { ok: false; error: string };

/** Decodes and verifies a ballot as received (the server does this before accepting it). */
export function verifyBallot(value: unknown, electionId: string, electionKey: string, q: QuestionShape): BallotCheck {
  let ballot: DecodedBallot;
  try {
    ballot = decodeBallot(value, q);
  } catch (e) {
    if (e instanceof CryptoFormatError) return { ok: false, error: e.message };
    throw e;
  }
  const error = checkBallotProofs(ballot, electionId, pointFromHex(electionKey, "electionKey"), q);
  return error === null ? { ok: true, ballot } : { ok: false, error };
}
