// Shared set-up for the tests of app/crypto: a vote with trustees and colleges, and a forger that
// builds ballots by hand, replaying the documented statements (docs/ballot-box.md §4) with lies.
import type { BallotJson } from "~/crypto/ballot";
import { BallotBox } from "~/crypto/box";
import { addCiphertexts, ciphertextToJson, encrypt, ZERO_CIPHERTEXT, type Ciphertext } from "~/crypto/elgamal";
import type { Json } from "~/crypto/encoding";
import { challengeOf, G, mod, mulAddPublic, mulPublic, pointFromHex, pointToHex, randomScalar, type Point } from "~/crypto/group";
import { makeParameters, type ParametersJson, type QuestionJson } from "~/crypto/parameters";
import { proofToJson, proveInterval, type Proof } from "~/crypto/proofs";
import { generateTrusteeKey } from "~/crypto/trustee";

export const RESOLUTION = { answers: ["for", "against", "abstain"], min: 1, max: 1 };

export interface Vote {
  electionId: string;
  secrets: string[];
  parameters: ParametersJson;
}

export function makeVote(opts: {
  electionId?: string;
  trustees?: string[];
  question?: QuestionJson;
  colleges?: { id: string; voters: [bigint, number][] }[];
}): Vote {
  const electionId = opts.electionId ?? "vote-1";
  const trustees = (opts.trustees ?? ["server"]).map((name) => generateTrusteeKey(electionId, name));
  const colleges = opts.colleges ?? [
    { id: "C1", voters: [[1_000_000n, 5], [333_333n, 3]] },
    { id: "C2", voters: [[2_500_000n, 4]] },
  ];
  const parameters = makeParameters({
    electionId,
    question: opts.question ?? RESOLUTION,
    trustees: trustees.map((t) => t.key),
    colleges: colleges.map((c) => ({ id: c.id, weight: "1/2", voters: c.voters.map(([weightMicro, count]) => ({ weightMicro, count })) })),
    electorateHash: "ab".repeat(32),
  });
  return { electionId, secrets: trustees.map((t) => t.secretKey), parameters };
}

export function openBox(vote: Vote): BallotBox {
  return BallotBox.create(vote.parameters);
}

const choiceContext = (id: string, college: string, weight: bigint, i: number): Json[] => ["cogere/ballot/v1/choice", id, college, weight.toString(), i];
const sumContext = (id: string, college: string, weight: bigint, cts: Ciphertext[]): Json[] => [
  "cogere/ballot/v1/sum",
  id,
  college,
  weight.toString(),
  cts.map((c) => [pointToHex(c.alpha), pointToHex(c.beta)]),
];

/**
 * A proof where every branch is simulated (no witness at all): commitments are derived from
 * random challenges and responses, and the challenges cannot add up to the hash.
 */
function simulatedInterval(context: Json[], y: Point, ct: Ciphertext, lo: number, hi: number): Proof[] {
  const proofs: Proof[] = [];
  const commitments: Json[] = [];
  for (let j = lo; j <= hi; j++) {
    const p = { challenge: randomScalar(), response: randomScalar() };
    const shifted = ct.beta.subtract(mulPublic(G, BigInt(j)));
    commitments.push([pointToHex(mulAddPublic([G, ct.alpha], [p.response, p.challenge])), pointToHex(mulAddPublic([y, shifted], [p.response, p.challenge]))]);
    proofs.push(p);
  }
  // The forger fixes the last challenge so the sum matches the hash, which breaks its commitment.
  const total = challengeOf([...context, pointToHex(y), [pointToHex(ct.alpha), pointToHex(ct.beta)], lo, hi, commitments]);
  const others = proofs.slice(0, -1).reduce((a, p) => a + p.challenge, 0n);
  proofs[proofs.length - 1]!.challenge = mod(total - others);
  return proofs;
}

/**
 * A ballot whose ciphertexts encrypt `values` (any integers) while the proofs are made by the
 * honest prover's algorithm told the `claimed` values (or fully simulated with `simulate`).
 */
export function forgeBallot(opts: {
  electionId: string;
  electionKey: string;
  college: string;
  weightMicro: bigint;
  values: bigint[];
  claimed: number[];
  min?: number;
  max?: number;
  simulate?: boolean;
}): BallotJson {
  const { electionId, college, weightMicro, values, claimed } = opts;
  const min = opts.min ?? 1;
  const max = opts.max ?? 1;
  const y = pointFromHex(opts.electionKey, "electionKey");
  const enc = values.map((m) => encrypt(y, m));
  const cts = enc.map((e) => e.ciphertext);
  const proofs = enc.map((e, i) => {
    const context = choiceContext(electionId, college, weightMicro, i);
    return opts.simulate ? simulatedInterval(context, y, e.ciphertext, 0, 1) : proveInterval(context, y, e.ciphertext, e.r, claimed[i]!, 0, 1);
  });
  const sum = cts.reduce(addCiphertexts, ZERO_CIPHERTEXT);
  const r = mod(enc.reduce((a, e) => a + e.r, 0n));
  const claimedSum = Math.min(max, Math.max(min, claimed.reduce((a, b) => a + b, 0)));
  const context = sumContext(electionId, college, weightMicro, cts);
  const overall = opts.simulate ? simulatedInterval(context, y, sum, min, max) : proveInterval(context, y, sum, r, claimedSum, min, max);
  return {
    electionId,
    college,
    weightMicro: weightMicro.toString(),
    choices: cts.map(ciphertextToJson),
    proofs: proofs.map((ps) => ps.map(proofToJson)),
    overall: overall.map(proofToJson),
  };
}
