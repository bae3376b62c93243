/**
 * An encrypted ballot: one ciphertext per choice, each with a proof that it encrypts 0 or 1, and
 * an overall proof that their sum lies in [min, max] (Belenios' homomorphic answer). A resolution
 * is the one-hot case: choices for / against / abstain, min = max = 1. Every challenge binds the
 * vote's id, the voter's college and weight, so a proof cannot be replayed in another vote, college
 * or weight (docs/ballot-box.md §4).
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
  /** One proof per value in [min, max] that the choices add up to a value in that range. */
  overall: ProofJson[];
}

/** What a ballot must answer: how many choices and how many of them may be selected. */
export interface QuestionShape {
  choices: number;
  min: number;
  max: number;
}

export interface DecodedBallot {
  electionId: string;
  college: string;
  weightMicro: bigint;
  choices: Ciphertext[];
  proofs: Proof[][];
  overall: Proof[];
}

export const BALLOT_FIELDS = ["choices", "college", "electionId", "overall", "proofs", "weightMicro"] as const;

function choiceContext(electionId: string, college: string, weightMicro: bigint, index: number): Json[] {
  return ["cogere/ballot/v1/choice", electionId, college, weightMicro.toString(), index];
}

function sumContext(electionId: string, college: string, weightMicro: bigint, choices: Ciphertext[]): Json[] {
  const all = choices.map((c) => [pointToHex(c.alpha), pointToHex(c.beta)]);
  return ["cogere/ballot/v1/sum", electionId, college, weightMicro.toString(), all];
}

export function checkQuestionShape(q: QuestionShape): void {
  const ok =
    Number.isSafeInteger(q.choices) && Number.isSafeInteger(q.min) && Number.isSafeInteger(q.max) &&
    q.choices >= 1 && q.min >= 0 && q.min <= q.max && q.max <= q.choices;
  if (!ok) throw new RangeError(`question must have 1 or more choices and 0 ≤ min ≤ max ≤ choices, got ${JSON.stringify(q)}`);
}

export interface SelectionsInput {
  electionId: string;
  /** The election key, hexadecimal. */
  electionKey: string;
  college: string;
  weightMicro: bigint;
  /** 0 or 1 per choice. */
  selections: number[];
  min: number;
  max: number;
}

/** Encrypts a vector of 0/1 selections whose sum is in [min, max] (elections: one per candidate, max = seats). */
export function encryptSelections(input: SelectionsInput): BallotJson {
  const { electionId, college, weightMicro, selections, min, max } = input;
  checkQuestionShape({ choices: selections.length, min, max });
  if (selections.some((s) => s !== 0 && s !== 1)) throw new RangeError("each selection must be 0 or 1");
  const count = selections.reduce((a, b) => a + b, 0);
  if (count < min || count > max) throw new RangeError(`${count} selections, expected between ${min} and ${max}`);
  if (weightMicro <= 0n) throw new RangeError("weightMicro must be positive");
  const y = pointFromHex(input.electionKey, "electionKey");
  const encrypted = selections.map((m) => ({ m, ...encrypt(y, BigInt(m)) }));
  const choices = encrypted.map((e) => e.ciphertext);
  const proofs = encrypted.map((e, i) =>
    proveInterval(choiceContext(electionId, college, weightMicro, i), y, e.ciphertext, e.r, e.m, 0, 1),
  );
  const sum = choices.reduce(addCiphertexts, ZERO_CIPHERTEXT);
  const r = mod(encrypted.reduce((a, e) => a + e.r, 0n));
  const overall = proveInterval(sumContext(electionId, college, weightMicro, choices), y, sum, r, count, min, max);
  return {
    electionId,
    college,
    weightMicro: weightMicro.toString(),
    choices: choices.map(ciphertextToJson),
    proofs: proofs.map((ps) => ps.map(proofToJson)),
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
  const extra = Object.keys(record).filter((k) => !(BALLOT_FIELDS as readonly string[]).includes(k));
  if (extra.length > 0) throw new CryptoFormatError(`${path} has unknown fields: ${extra.join(", ")}`);
  const weightMicro = expectDecimal(record.weightMicro, `${path}.weightMicro`);
  if (weightMicro === 0n) throw new CryptoFormatError(`${path}.weightMicro must be positive`);
  const choices = expectArray(record.choices, `${path}.choices`, q.choices).map((c, i) =>
    ciphertextFromJson(c, `${path}.choices[${i}]`),
  );
  const proofs = expectArray(record.proofs, `${path}.proofs`, q.choices).map((p, i) =>
    proofsFromJson(p, `${path}.proofs[${i}]`, 2),
  );
  return {
    electionId: expectString(record.electionId, `${path}.electionId`),
    college: expectString(record.college, `${path}.college`),
    weightMicro,
    choices,
    proofs,
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
  const sum = choices.reduce(addCiphertexts, ZERO_CIPHERTEXT);
  if (!verifyInterval(sumContext(electionId, college, weightMicro, choices), electionKey, sum, ballot.overall, q.min, q.max)) {
    return `proof that the choices add up to ${sumLabel(q.min, q.max)} fails`;
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
