/**
 * The parameters of a ballot box, fixed before the first ballot (docs/ballot-box.md §5): the
 * vote's id, the question's shape, the trustees' keys with their proofs, the election key, the
 * colleges with their frozen voter weights, and the hash of the frozen electorate. Their hash
 * starts the box's hash chain, so none of them can change once ballots are in.
 */
import { checkQuestionShape, type QuestionShape } from "./ballot";
import { MAX_DLOG_BOUND } from "./dlog";
import {
  CryptoFormatError,
  expectArray,
  expectCount,
  expectDecimal,
  expectHash,
  expectRecord,
  expectString,
  hashJson,
} from "./encoding";
import { pointFromHex, pointToHex, type Point } from "./group";
import { checkTrusteeKeys, combineKeys, decodeTrusteeKey, type TrusteeKey, type TrusteeKeyJson } from "./trustee";

export const BOX_VERSION = "cogere-ballot-box/1";

export interface CollegeParametersJson {
  id: string;
  /** The college's weight in the vote rule, as the domain writes it ("3/10"); the cryptography does not use it. */
  weight: string;
  /** The frozen electorate of the college, without names: how many voters hold each weight (millionths). */
  voters: { weightMicro: string; count: number }[];
}

export interface QuestionJson {
  /** Labels, one ciphertext each ("for", "against", "abstain"; or candidates); with marks, one ciphertext per mark each. */
  answers: string[];
  /**
   * How many answers a ballot selects: at least min, at most max (a resolution: 1 and 1). With
   * marks: how many answers have the first mark (approval per candidate: how many "for").
   */
  min: number;
  max: number;
  /**
   * Optional (absent: the first format, one ciphertext per answer). The marks a ballot may give
   * each answer, at most one of them (none: abstain): approval per candidate, ["for", "against"].
   * Ciphertext a·k + j of a ballot is answer a's mark j (k marks), totals likewise.
   */
  marks?: string[];
}

export interface ParametersJson {
  version: typeof BOX_VERSION;
  electionId: string;
  question: QuestionJson;
  trustees: TrusteeKeyJson[];
  /** Y = Σ Xᵢ, hexadecimal. */
  electionKey: string;
  colleges: CollegeParametersJson[];
  /** SHA-256 (hexadecimal) of the frozen electorate, computed by the app. */
  electorateHash: string;
}

export interface CollegeParameters {
  id: string;
  /** Frozen weight (millionths) → number of voters holding it. */
  voters: Map<bigint, number>;
  /** Σ weight × count: the most a choice can total in this college. */
  totalWeightMicro: bigint;
}

export interface Parameters {
  json: ParametersJson;
  /** SHA-256 of the canonical JSON of the parameters. */
  hash: string;
  electionId: string;
  question: QuestionShape;
  trustees: TrusteeKey[];
  electionKey: Point;
  colleges: CollegeParameters[];
}

export function parametersHash(params: ParametersJson): string {
  return hashJson(params);
}

const PARAMETER_FIELDS = ["colleges", "electionId", "electionKey", "electorateHash", "question", "trustees", "version"];
const QUESTION_FIELDS = ["answers", "marks", "max", "min"];

/** The shape of the ballots a question takes: one ciphertext per answer, or per answer and mark. */
export function questionShape(q: QuestionJson): QuestionShape {
  const marks = q.marks;
  if (marks === undefined) return { choices: q.answers.length, min: q.min, max: q.max };
  return { choices: q.answers.length * marks.length, min: q.min, max: q.max, perAnswer: marks.length };
}

function decodeMarks(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const path = "parameters.question.marks";
  const marks = expectArray(value, path).map((m, i) => expectString(m, `${path}[${i}]`));
  if (marks.length < 2 || new Set(marks).size !== marks.length) throw new CryptoFormatError(`${path} must list at least 2 distinct marks`);
  return marks;
}

function decodeQuestion(value: unknown): QuestionShape {
  const q = expectRecord(value, "parameters.question");
  const extra = Object.keys(q).filter((k) => !QUESTION_FIELDS.includes(k));
  if (extra.length > 0) throw new CryptoFormatError(`parameters.question has unknown fields: ${extra.join(", ")}`);
  const answers = expectArray(q.answers, "parameters.question.answers");
  answers.forEach((a, i) => expectString(a, `parameters.question.answers[${i}]`));
  const marks = decodeMarks(q.marks);
  const shape = questionShape({
    answers: answers as string[],
    min: expectCount(q.min, "parameters.question.min"),
    max: expectCount(q.max, "parameters.question.max"),
    ...(marks ? { marks } : {}),
  });
  try {
    checkQuestionShape(shape);
  } catch (e) {
    throw new CryptoFormatError(`parameters.question: ${(e as Error).message}`);
  }
  return shape;
}

function decodeCollege(value: unknown, path: string): CollegeParameters {
  const c = expectRecord(value, path);
  const id = expectString(c.id, `${path}.id`);
  expectString(c.weight, `${path}.weight`);
  const voters = new Map<bigint, number>();
  let totalWeightMicro = 0n;
  expectArray(c.voters, `${path}.voters`).forEach((v, i) => {
    const entry = expectRecord(v, `${path}.voters[${i}]`);
    const weight = expectDecimal(entry.weightMicro, `${path}.voters[${i}].weightMicro`);
    const count = expectCount(entry.count, `${path}.voters[${i}].count`);
    if (weight === 0n || count === 0) throw new CryptoFormatError(`${path}.voters[${i}] must have a positive weight and count`);
    if (voters.has(weight)) throw new CryptoFormatError(`${path}.voters lists the weight ${weight} twice`);
    voters.set(weight, count);
    totalWeightMicro += weight * BigInt(count);
  });
  if (totalWeightMicro > MAX_DLOG_BOUND) {
    throw new CryptoFormatError(`${path}: total weight ${totalWeightMicro} exceeds ${MAX_DLOG_BOUND} millionths`);
  }
  return { id, voters, totalWeightMicro };
}

/** Reads and checks published parameters; throws CryptoFormatError naming the field or trustee. */
export function decodeParameters(value: unknown): Parameters {
  const p = expectRecord(value, "parameters");
  const extra = Object.keys(p).filter((k) => !PARAMETER_FIELDS.includes(k));
  if (extra.length > 0) throw new CryptoFormatError(`parameters has unknown fields: ${extra.join(", ")}`);
  if (p.version !== BOX_VERSION) throw new CryptoFormatError(`parameters.version must be ${JSON.stringify(BOX_VERSION)}`);
  const electionId = expectString(p.electionId, "parameters.electionId");
  const question = decodeQuestion(p.question);
  const trustees = expectArray(p.trustees, "parameters.trustees").map((t, i) => decodeTrusteeKey(t, `parameters.trustees[${i}]`));
  checkTrusteeKeys(electionId, trustees, "parameters.trustees");
  const electionKey = pointFromHex(p.electionKey, "parameters.electionKey");
  if (!electionKey.equals(combineKeys(trustees.map((t) => t.publicKey)))) {
    throw new CryptoFormatError("parameters.electionKey is not the sum of the trustees' keys");
  }
  const colleges = expectArray(p.colleges, "parameters.colleges").map((c, i) => decodeCollege(c, `parameters.colleges[${i}]`));
  if (colleges.length === 0) throw new CryptoFormatError("parameters.colleges must list at least one college");
  colleges.forEach((c, i) => {
    if (colleges.findIndex((o) => o.id === c.id) !== i) throw new CryptoFormatError(`parameters.colleges lists the college ${JSON.stringify(c.id)} twice`);
  });
  expectHash(p.electorateHash, "parameters.electorateHash");
  const json = p as unknown as ParametersJson;
  return { json, hash: parametersHash(json), electionId, question, trustees, electionKey, colleges };
}

/** A copy of a question, `marks` only when it has them (the first format stays byte for byte the same). */
export function copyQuestion(q: QuestionJson): QuestionJson {
  return { answers: [...q.answers], min: q.min, max: q.max, ...(q.marks ? { marks: [...q.marks] } : {}) };
}

export interface ParametersInput {
  electionId: string;
  question: QuestionJson;
  trustees: TrusteeKeyJson[];
  colleges: { id: string; weight: string; voters: { weightMicro: bigint; count: number }[] }[];
  electorateHash: string;
}

/**
 * Builds the parameters from the trustees' published keys and the frozen electorate, and checks
 * them as a verifier would (throws CryptoFormatError naming the field or trustee).
 */
export function makeParameters(input: ParametersInput): ParametersJson {
  const json: ParametersJson = {
    version: BOX_VERSION,
    electionId: input.electionId,
    question: copyQuestion(input.question),
    trustees: input.trustees.map((t) => ({ name: t.name, publicKey: t.publicKey, proof: { ...t.proof } })),
    electionKey: pointToHex(combineKeys(input.trustees.map((t, i) => decodeTrusteeKey(t, `trustees[${i}]`).publicKey))),
    colleges: input.colleges.map((c) => ({
      id: c.id,
      weight: c.weight,
      voters: c.voters.map((v) => ({ weightMicro: v.weightMicro.toString(), count: v.count })),
    })),
    electorateHash: input.electorateHash,
  };
  decodeParameters(json);
  return json;
}

/** The election key of decoded parameters, hexadecimal (what a voter's browser encrypts under). */
export function electionKeyHex(params: Parameters): string {
  return pointToHex(params.electionKey);
}
