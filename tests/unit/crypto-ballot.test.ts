import { ristretto255 } from "@noble/curves/ed25519.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { hexToBytes } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { buildBallot, encryptSelections, verifyBallot, type BallotJson } from "~/crypto/ballot";
import { decryptToPoint, ciphertextFromJson } from "~/crypto/elgamal";
import { G, mulPublic, scalarFromHex, scalarToHex } from "~/crypto/group";
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
