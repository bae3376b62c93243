import { ristretto255 } from "@noble/curves/ed25519.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { hexToBytes } from "@noble/hashes/utils.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildBallot, encryptSelections, verifyBallot, type BallotJson, type QuestionShape } from "~/crypto/ballot";
import { addCiphertexts, ciphertextFromJson, ciphertextToJson, decryptToPoint, encrypt, ZERO_CIPHERTEXT, type Ciphertext } from "~/crypto/elgamal";
import type { Json } from "~/crypto/encoding";
import { G, mod, mulPublic, pointFromHex, pointToHex, scalarFromHex, scalarToHex } from "~/crypto/group";
import { BallotBox } from "~/crypto/box";
import { decodeParameters, parametersHash } from "~/crypto/parameters";
import { proofToJson, proveInterval, type Proof } from "~/crypto/proofs";
import { tallyWithSecrets } from "~/crypto/tally";
import { verifyBox } from "~/crypto/verify";
import { forgeBallot, makeVote } from "./crypto-helpers";

const vote = makeVote({});
const { electionId } = vote;
const electionKey = vote.parameters.electionKey;
const secret = scalarFromHex(vote.secrets[0], "secret");
const RES = { choices: 3, min: 1, max: 1 };
const base = { electionId, electionKey, college: "C1", weightMicro: 1_000_000n };

const check = (ballot: unknown, id = electionId, q = RES) => verifyBallot(ballot, id, electionKey, q);
const errorOf = (ballot: unknown, id = electionId, q = RES) => {
  const r = check(ballot, id, q);
  return r.ok ? null : r.error;
};
const plain = (ballot: BallotJson) => ballot.choices.map((c, i) => decryptToPoint(ciphertextFromJson(c, `c${i}`), secret));

describe("honest ballots", () => {
  it("encrypt the one-hot choice and verify, for each choice", () => {
    for (const choice of [0, 1, 2]) {
      const ballot = buildBallot({ ...base, choice, nChoices: 3 });
      expect(check(ballot).ok).toBe(true);
      const points = plain(ballot);
      points.forEach((p, i) => expect(p.equals(mulPublic(G, i === choice ? 1n : 0n))).toBe(true));
      expect(ballot.proofs.map((p) => p.length)).toEqual([2, 2, 2]);
      expect(ballot.overall).toHaveLength(1);
    }
  });

  it("encrypt selections whose count is anywhere in [min, max] (an election with 2 seats)", () => {
    const q = { choices: 4, min: 0, max: 2 };
    for (const selections of [[0, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 1]]) {
      const ballot = encryptSelections({ ...base, selections, min: 0, max: 2 });
      expect(ballot.overall).toHaveLength(3);
      expect(errorOf(ballot, electionId, q)).toBeNull();
    }
    expect(() => encryptSelections({ ...base, selections: [1, 1, 1, 0], min: 0, max: 2 })).toThrow("3 selections, expected between 0 and 2");
  });

  it("refuses to build what the question does not allow", () => {
    expect(() => buildBallot({ ...base, choice: 3, nChoices: 3 })).toThrow("choice 3 is not one of the 3 choices");
    expect(() => buildBallot({ ...base, weightMicro: 0n, choice: 0, nChoices: 3 })).toThrow("weightMicro must be positive");
    expect(() => encryptSelections({ ...base, selections: [2, 0], min: 0, max: 2 })).toThrow("each selection must be 0 or 1");
  });
});

describe("the documented bytes (docs/ballot-box.md §3.3, §4)", () => {
  it("a choice's proof checks with raw noble, SHA-512 and a hand-written statement", () => {
    const ballot = buildBallot({ ...base, choice: 2, nChoices: 3 });
    const P = ristretto255.Point;
    const le = (bytes: Uint8Array) => bytes.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);
    const { alpha, beta } = ballot.choices[1]!;
    const [a, b, y] = [alpha, beta, electionKey].map((h) => P.fromHex(h));
    const commitments = ballot.proofs[1]!.map(({ challenge, response }, j) => {
      const [c, r] = [challenge, response].map((h) => le(hexToBytes(h)));
      const shifted = j === 0 ? b! : b!.subtract(P.BASE);
      return `["${P.BASE.multiplyUnsafe(r!).add(a!.multiplyUnsafe(c!)).toHex()}","${y!.multiplyUnsafe(r!).add(shifted.multiplyUnsafe(c!)).toHex()}"]`;
    });
    const statement = `["cogere/ballot/v1/choice","vote-1","C1","1000000",1,"${electionKey}",["${alpha}","${beta}"],0,1,[${commitments.join(",")}]]`;
    const hash = le(sha512(new TextEncoder().encode(statement))) % P.Fn.ORDER;
    const sum = ballot.proofs[1]!.reduce((acc, p) => acc + le(hexToBytes(p.challenge)), 0n) % P.Fn.ORDER;
    expect(sum).toBe(hash);
  });
});

describe("malicious ballots, made by hand", () => {
  const forge = (values: bigint[], claimed: number[], simulate = false) => forgeBallot({ ...base, values, claimed, simulate });

  it("a choice encrypting 2 fails its 0-or-1 proof", () => {
    // The honest prover's algorithm, told the lie "it is 1".
    expect(errorOf(forge([2n, 0n, 0n], [1, 0, 0]))).toBe("proof that choice 1 is 0 or 1 fails");
    expect(errorOf(forge([0n, 0n, 2n], [0, 0, 1]))).toBe("proof that choice 3 is 0 or 1 fails");
  });

  it("a choice encrypting −1 fails even when the sum is a valid 1", () => {
    // −1 + 1 + 1 = 1: the overall proof alone would pass; the individual proof of choice 1 does not.
    const ballot = forge([-1n, 1n, 1n], [0, 1, 0]);
    expect(errorOf(ballot)).toBe("proof that choice 1 is 0 or 1 fails");
    expect(errorOf(forge([1n, 1n, -1n], [1, 1, 0]))).toBe("proof that choice 3 is 0 or 1 fails");
  });

  it("two choices at once pass each 0-or-1 proof and fail the overall one", () => {
    expect(errorOf(forge([1n, 1n, 0n], [1, 1, 0]))).toBe("proof that the choices add up to 1 fails");
    expect(errorOf(forge([0n, 0n, 0n], [0, 0, 0]))).toBe("proof that the choices add up to 1 fails");
  });

  it("proofs simulated without any witness fail", () => {
    expect(errorOf(forge([1n, 0n, 0n], [1, 0, 0], true))).toBe("proof that choice 1 is 0 or 1 fails");
  });

  it("a valid ballot's proofs do not carry over to another vote, college or weight", () => {
    const ballot = buildBallot({ ...base, choice: 0, nChoices: 3 });
    expect(errorOf({ ...ballot, electionId: "vote-2" }, "vote-2")).toBe("proof that choice 1 is 0 or 1 fails");
    expect(errorOf({ ...ballot, college: "C2" })).toBe("proof that choice 1 is 0 or 1 fails");
    expect(errorOf({ ...ballot, weightMicro: "2000000" })).toBe("proof that choice 1 is 0 or 1 fails");
    expect(errorOf(ballot, "vote-2")).toBe('ballot is for vote "vote-1", not "vote-2"');
  });

  it("swapping two ciphertexts with their proofs breaks the overall proof and the proofs' positions", () => {
    const ballot = buildBallot({ ...base, choice: 0, nChoices: 3 });
    const swapped = { ...ballot, choices: [ballot.choices[1], ballot.choices[0], ballot.choices[2]], proofs: [ballot.proofs[1], ballot.proofs[0], ballot.proofs[2]] };
    expect(errorOf(swapped)).toBe("proof that choice 1 is 0 or 1 fails");
  });

  it("an altered challenge or response fails, and a non-reduced one is refused as malformed", () => {
    const ballot = buildBallot({ ...base, choice: 1, nChoices: 3 });
    const tweak = (hex: string) => scalarToHex(scalarFromHex(hex, "h") + 1n);
    const p = ballot.proofs[1]!;
    expect(errorOf({ ...ballot, proofs: [ballot.proofs[0], [{ ...p[0]!, response: tweak(p[0]!.response) }, p[1]], ballot.proofs[2]] })).toBe(
      "proof that choice 2 is 0 or 1 fails",
    );
    expect(errorOf({ ...ballot, overall: [{ ...ballot.overall[0]!, challenge: tweak(ballot.overall[0]!.challenge) }] })).toBe(
      "proof that the choices add up to 1 fails",
    );
    expect(errorOf({ ...ballot, overall: [{ ...ballot.overall[0]!, challenge: "f".repeat(64) }] })).toBe(
      "ballot.overall[0].challenge is not reduced modulo the group order",
    );
  });

  it("malformed ballots are refused with the field named", () => {
    const ballot = buildBallot({ ...base, choice: 1, nChoices: 3 });
    expect(errorOf({ ...ballot, choices: ballot.choices.slice(0, 2) })).toBe("ballot.choices must have 3 items, has 2");
    expect(errorOf({ ...ballot, extra: 1 })).toBe("ballot has unknown fields: extra");
    expect(errorOf({ ...ballot, weightMicro: "1.5" })).toBe("ballot.weightMicro must be a non-negative integer written in decimal digits");
    expect(errorOf({ ...ballot, choices: [{ alpha: "00", beta: ballot.choices[0]!.beta }, ...ballot.choices.slice(1)] })).toBe(
      "ballot.choices[0].alpha must be a group element in 64 lowercase hexadecimal digits",
    );
    expect(errorOf(null)).toBe("ballot must be an object");
  });
});

// Approval per candidate (a question with marks, docs/ballot-box.md §4): per candidate two
// ciphertexts, for and against, each 0 or 1, a group proof that at most one is 1, and the
// overall proof that at most `seats` candidates have "for".
describe("approval per candidate: two marks per answer", () => {
  const SEATS = 2;
  const approval = makeVote({ electionId: "vote-approval", question: { answers: ["a", "b", "c"], min: 0, max: SEATS, marks: ["for", "against"] } });
  const key = approval.parameters.electionKey;
  const approvalSecret = scalarFromHex(approval.secrets[0], "secret");
  const Q = { choices: 6, min: 0, max: SEATS, perAnswer: 2 };
  const on = { electionId: approval.electionId, electionKey: key, college: "C1", weightMicro: 1_000_000n };
  const encryptMarks = (selections: number[]) => encryptSelections({ ...on, selections, min: 0, max: SEATS, perAnswer: 2 });
  const approvalError = (ballot: unknown, q: QuestionShape = Q) => {
    const r = verifyBallot(ballot, approval.electionId, key, q);
    return r.ok ? null : r.error;
  };
  const decrypted = (ballot: BallotJson) => ballot.choices.map((c, i) => decryptToPoint(ciphertextFromJson(c, `c${i}`), approvalSecret));
  const y = pointFromHex(key, "key");
  const pairs = (cts: Ciphertext[]) => cts.map((c) => [pointToHex(c.alpha), pointToHex(c.beta)]);

  /** Every proof by the honest prover's algorithm, told `claimedGroups` for the group sums and `claimedFor` for the overall one. */
  function forgeMarked(values: bigint[], claimed: number[], claimedGroups: number[], claimedFor: number): BallotJson {
    const enc = values.map((m) => encrypt(y, m));
    const cts = enc.map((e) => e.ciphertext);
    const ctx = (tag: string, ...rest: Json[]): Json[] => [tag, on.electionId, on.college, "1000000", ...rest];
    const sumOf = (idx: number[]) => ({ ct: idx.map((i) => cts[i]!).reduce(addCiphertexts, ZERO_CIPHERTEXT), r: mod(idx.reduce((a, i) => a + enc[i]!.r, 0n)) });
    const proofs = enc.map((e, i) => proveInterval(ctx("cogere/ballot/v1/choice", i), y, e.ciphertext, e.r, claimed[i]!, 0, 1));
    const groups = claimedGroups.map((m, g) => {
      const { ct, r } = sumOf([2 * g, 2 * g + 1]);
      return proveInterval(ctx("cogere/ballot/v1/group", g, pairs([cts[2 * g]!, cts[2 * g + 1]!])), y, ct, r, m, 0, 1);
    });
    const { ct, r } = sumOf(cts.map((_, i) => i).filter((i) => i % 2 === 0));
    const overall = proveInterval(ctx("cogere/ballot/v1/first-marks", pairs(cts)), y, ct, r, claimedFor, 0, SEATS);
    const json = (ps: Proof[][]) => ps.map((p) => p.map(proofToJson));
    return { electionId: on.electionId, college: on.college, weightMicro: "1000000", choices: cts.map(ciphertextToJson), proofs: json(proofs), groups: json(groups), overall: overall.map(proofToJson) };
  }

  it("encrypts for, against and abstain on each candidate, verifies, and decrypts to the marks", () => {
    // a for, b against, c abstain; then blank; then two for and one against.
    for (const selections of [[1, 0, 0, 1, 0, 0], [0, 0, 0, 0, 0, 0], [1, 0, 1, 0, 0, 1]]) {
      const ballot = encryptMarks(selections);
      expect(approvalError(ballot)).toBeNull();
      expect(ballot.choices).toHaveLength(6);
      expect(ballot.proofs).toHaveLength(6);
      expect(ballot.groups!.map((g) => g.length)).toEqual([2, 2, 2]);
      expect(ballot.overall).toHaveLength(SEATS + 1);
      decrypted(ballot).forEach((p, i) => expect(p.equals(mulPublic(G, BigInt(selections[i]!)))).toBe(true));
    }
  });

  it("refuses to encrypt for and against on one candidate, or more for than seats", () => {
    expect(() => encryptMarks([0, 0, 1, 1, 0, 0])).toThrow("answer 2 has more than one mark");
    expect(() => encryptMarks([1, 0, 1, 0, 1, 0])).toThrow("3 selections, expected between 0 and 2");
    // Against on every candidate is no approval: allowed whatever the seats.
    expect(approvalError(encryptMarks([0, 1, 0, 1, 0, 1]))).toBeNull();
    expect(() => encryptSelections({ ...on, selections: [1, 0, 0], min: 0, max: 1, perAnswer: 2 })).toThrow(RangeError);
    expect(() => encryptSelections({ ...on, selections: [1, 0], min: 0, max: 1, perAnswer: 1 })).toThrow(RangeError);
  });

  it("for and against on one candidate pass every 0-or-1 proof and fail its group proof", () => {
    // The honest prover's algorithm, told the lie "candidate b's marks add up to 1".
    const both = forgeMarked([1n, 0n, 1n, 1n, 0n, 0n], [1, 0, 1, 1, 0, 0], [1, 1, 0], 2);
    expect(approvalError(both)).toBe("proof that answer 2 has at most one mark fails");
    // Told the truth everywhere, the forger's ballot is a valid one: the statements are as documented.
    expect(approvalError(forgeMarked([1n, 0n, 0n, 1n, 0n, 0n], [1, 0, 0, 1, 0, 0], [1, 1, 0], 1))).toBeNull();
    // Three for with two seats: every proof but the overall one holds.
    expect(approvalError(forgeMarked([1n, 0n, 1n, 0n, 1n, 0n], [1, 0, 1, 0, 1, 0], [1, 1, 1], 2))).toBe("proof that between 0 and 2 answers have the first mark fails");
    // For −1 and against 1 (a sum of 0 for the group, and one less for): the choice proof fails.
    expect(approvalError(forgeMarked([-1n, 1n, 0n, 0n, 0n, 0n], [0, 1, 0, 0, 0, 0], [0, 0, 0], 0))).toBe("proof that choice 1 is 0 or 1 fails");
  });

  it("a group proof swapped, tampered with, or taken from another ballot fails", () => {
    const ballot = encryptMarks([1, 0, 0, 1, 0, 0]);
    const g = ballot.groups!;
    expect(approvalError({ ...ballot, groups: [g[1], g[0], g[2]] })).toBe("proof that answer 1 has at most one mark fails");
    const tweak = (hex: string) => scalarToHex(scalarFromHex(hex, "h") + 1n);
    expect(approvalError({ ...ballot, groups: [g[0], [g[1]![0], { ...g[1]![1]!, response: tweak(g[1]![1]!.response) }], g[2]] })).toBe("proof that answer 2 has at most one mark fails");
    const other = encryptMarks([1, 0, 0, 1, 0, 0]);
    expect(approvalError({ ...ballot, groups: [g[0], g[1], other.groups![2]] })).toBe("proof that answer 3 has at most one mark fails");
  });

  it("each format is refused under the other's question", () => {
    const marked = encryptMarks([1, 0, 0, 0, 0, 0]);
    const { groups: _, ...withoutGroups } = marked;
    expect(approvalError(withoutGroups)).toBe("ballot.groups must be an array");
    expect(approvalError({ ...marked, groups: marked.groups!.slice(0, 2) })).toBe("ballot.groups must have 3 items, has 2");
    expect(approvalError(marked, { choices: 6, min: 0, max: SEATS })).toBe("ballot has unknown fields: groups");
    // The overall proof is bound to the "first-marks" context: the same ciphertexts under the first format fail.
    expect(approvalError(withoutGroups, { choices: 6, min: 0, max: SEATS })).toBe("proof that the choices add up to between 0 and 2 fails");
    // A ballot of the first format (plurinominal, 6 candidates) still verifies under its own question.
    const old = encryptSelections({ ...on, selections: [1, 0, 0, 0, 0, 1], min: 0, max: SEATS });
    expect(old).not.toHaveProperty("groups");
    expect(approvalError(old, { choices: 6, min: 0, max: SEATS })).toBeNull();
    expect(approvalError(old)).toBe("ballot.groups must be an array");
  });

  it("a group proof checks with raw noble, SHA-512 and a hand-written statement", () => {
    const ballot = encryptMarks([0, 0, 0, 1, 0, 0]);
    const P = ristretto255.Point;
    const le = (bytes: Uint8Array) => bytes.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);
    const [c2, c3] = [ballot.choices[2]!, ballot.choices[3]!];
    const a = P.fromHex(c2.alpha).add(P.fromHex(c3.alpha));
    const b = P.fromHex(c2.beta).add(P.fromHex(c3.beta));
    const yk = P.fromHex(key);
    const commitments = ballot.groups![1]!.map(({ challenge, response }, j) => {
      const [c, r] = [challenge, response].map((h) => le(hexToBytes(h)));
      const shifted = j === 0 ? b : b.subtract(P.BASE);
      return `["${P.BASE.multiplyUnsafe(r!).add(a.multiplyUnsafe(c!)).toHex()}","${yk.multiplyUnsafe(r!).add(shifted.multiplyUnsafe(c!)).toHex()}"]`;
    });
    const group = `[["${c2.alpha}","${c2.beta}"],["${c3.alpha}","${c3.beta}"]]`;
    const statement = `["cogere/ballot/v1/group","vote-approval","C1","1000000",1,${group},"${key}",["${a.toHex()}","${b.toHex()}"],0,1,[${commitments.join(",")}]]`;
    const hash = le(sha512(new TextEncoder().encode(statement))) % P.Fn.ORDER;
    const sum = ballot.groups![1]!.reduce((acc, p) => acc + le(hexToBytes(p.challenge)), 0n) % P.Fn.ORDER;
    expect(sum).toBe(hash);
  });

  it("the parameters carry the marks (validated, named on error, in the hash); without them, the first format byte for byte", () => {
    const question = approval.parameters.question;
    expect(question).toEqual({ answers: ["a", "b", "c"], min: 0, max: SEATS, marks: ["for", "against"] });
    expect(decodeParameters(approval.parameters).question).toEqual(Q);
    const { marks: _, ...unmarked } = question;
    const bad = (q: unknown) => {
      try {
        decodeParameters({ ...approval.parameters, question: q });
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(bad(unmarked)).toBeNull();
    expect(parametersHash({ ...approval.parameters, question: unmarked })).not.toBe(parametersHash(approval.parameters));
    expect(bad({ ...question, marks: ["for"] })).toBe("parameters.question.marks must list at least 2 distinct marks");
    expect(bad({ ...question, marks: ["for", "for"] })).toBe("parameters.question.marks must list at least 2 distinct marks");
    expect(bad({ ...question, marks: ["for", 2] })).toBe("parameters.question.marks[1] must be a non-empty string");
    expect(bad({ ...question, marks: "for" })).toBe("parameters.question.marks must be an array");
    expect(bad({ ...question, max: 4 })).toMatch(/^parameters\.question: question must have 1 or more answers/);
    expect(bad({ ...question, groups: 2 })).toBe("parameters.question has unknown fields: groups");
    // A motion's parameters have no marks member at all.
    expect(Object.keys(vote.parameters.question).sort()).toEqual(["answers", "max", "min"]);
  });

  it("a box of approval ballots tallies per candidate and mark, and verifies", () => {
    const box = BallotBox.create(approval.parameters);
    const ballots: [string, bigint, number[]][] = [
      ["C1", 1_000_000n, [1, 0, 0, 1, 0, 0]],
      ["C1", 333_333n, [1, 0, 1, 0, 0, 1]],
      ["C2", 2_500_000n, [0, 1, 0, 0, 1, 0]],
    ];
    for (const [college, weightMicro, selections] of ballots) {
      const accepted = box.accept(encryptSelections({ ...on, college, weightMicro, selections, min: 0, max: SEATS, perAnswer: 2 }));
      expect(accepted.ok).toBe(true);
    }
    expect(box.accept(forgeMarked([1n, 0n, 1n, 1n, 0n, 0n], [1, 0, 1, 1, 0, 0], [1, 1, 0], 2))).toEqual({ ok: false, error: "proof that answer 2 has at most one mark fails" });
    tallyWithSecrets(box.json, approval.secrets);
    const verified = verifyBox(structuredClone(box.json));
    if (!verified.ok) throw new Error(verified.error);
    // Per college, per candidate (a, b, c), for then against, in millionths.
    expect(verified.colleges.map((c) => c.totals!.map(String))).toEqual([
      ["1333333", "0", "333333", "1000000", "0", "333333"],
      ["0", "2500000", "0", "0", "2500000", "0"],
    ]);
  });

  it("property: any marks with at most `seats` for verify and decrypt to themselves", () => {
    const marks = fc.integer({ min: 1, max: 4 }).chain((n) =>
      fc.tuple(fc.integer({ min: 1, max: n }), fc.array(fc.constantFrom("for", "against", "abstain"), { minLength: n, maxLength: n })),
    );
    fc.assert(
      fc.property(marks, ([seats, picks]) => {
        // Keep at most `seats` for: the later ones become abstain.
        let left = seats;
        const kept = picks.map((m) => (m === "for" ? (left-- > 0 ? "for" : "abstain") : m));
        const selections = kept.flatMap((m) => [m === "for" ? 1 : 0, m === "against" ? 1 : 0]);
        const ballot = encryptSelections({ ...on, selections, min: 0, max: seats, perAnswer: 2 });
        const r = verifyBallot(ballot, approval.electionId, key, { choices: selections.length, min: 0, max: seats, perAnswer: 2 });
        expect(r.ok).toBe(true);
        decrypted(ballot).forEach((p, i) => expect(p.equals(mulPublic(G, BigInt(selections[i]!)))).toBe(true));
      }),
      { numRuns: 12 },
    );
  });
});
