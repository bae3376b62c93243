// A real ballot box of a secret vote, built with app/crypto as the server builds it: trustees'
// keys, ballots encrypted with their proofs and accepted one by one (BallotBox checks each), the
// weighted sums decrypted by every trustee. No mock: the box verifies with verifyBox.
import { buildBallot } from "~/crypto/ballot";
import { BallotBox, type BoxJson } from "~/crypto/box";
import { makeParameters } from "~/crypto/parameters";
import { tallyWithSecrets } from "~/crypto/tally";
import { generateTrusteeKey } from "~/crypto/trustee";
import type { Choice } from "~/domain/tally";

export const ANSWERS: Choice[] = ["for", "against", "abstain"];

export interface SecretVote {
  college: string;
  weightMicro: bigint;
  choice: Choice;
}

export interface SecretBoxInput {
  electionId: string;
  /** Colleges in the box's order, with the weight the rule gives them and their frozen electorate (weight in millionths → how many). */
  colleges: { id: string; weight: string; voters: Map<bigint, number> }[];
  votes: SecretVote[];
  trustees?: string[];
  electorateHash?: string;
  /** Decrypt the sums (the vote is closed); default true. */
  tally?: boolean;
}

/** The frozen electorate of a college from its voters' weights. */
export function votersOf(weights: readonly bigint[]): Map<bigint, number> {
  const m = new Map<bigint, number>();
  for (const w of weights) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

export function buildSecretBox(input: SecretBoxInput): { box: BoxJson; secrets: string[]; trackers: string[]; links: string[] } {
  const trustees = (input.trustees ?? ["server"]).map((name) => generateTrusteeKey(input.electionId, name));
  const parameters = makeParameters({
    electionId: input.electionId,
    question: { answers: ANSWERS, min: 1, max: 1 },
    trustees: trustees.map((t) => t.key),
    colleges: input.colleges.map((c) => ({ id: c.id, weight: c.weight, voters: [...c.voters].map(([weightMicro, count]) => ({ weightMicro, count })) })),
    electorateHash: input.electorateHash ?? "ab".repeat(32),
  });
  const box = BallotBox.create(parameters);
  const trackers: string[] = [];
  const links: string[] = [];
  for (const v of input.votes) {
    const ballot = buildBallot({
      electionId: input.electionId,
      electionKey: parameters.electionKey,
      college: v.college,
      weightMicro: v.weightMicro,
      choice: ANSWERS.indexOf(v.choice),
      nChoices: ANSWERS.length,
    });
    const accepted = box.accept(ballot);
    if (!accepted.ok) throw new Error(accepted.error);
    trackers.push(accepted.entry.tracker);
    links.push(accepted.entry.hash);
  }
  const secrets = trustees.map((t) => t.secretKey);
  if (input.tally !== false) tallyWithSecrets(box.json, secrets);
  return { box: box.json, secrets, trackers, links };
}
