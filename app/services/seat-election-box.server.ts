// The ballot box of a secret election (issue 15): one ciphertext per candidacy, in the order of
// the candidacies when the vote opened, each proved 0 or 1, their sum proved between 0 and the
// seats (docs/ballot-box.md §4: min = 0, max = seats). Approval per candidate: two per candidacy,
// its marks "for" and "against" (abstain: neither), at most one, and at most as many "for" as
// seats. The question is frozen in the box's parameters at opening; the close decrypts the
// weighted sums per college, candidacy (and mark) only.
import { copyQuestion, type QuestionJson } from "~/crypto/parameters";
import type { TallyJson } from "~/crypto/tally";
import { APPROVAL_MARKS } from "~/domain/election-selections";
import { WEIGHT_SCALE } from "~/domain/members";
import { Rational } from "~/domain/rational";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { findElection } from "~/queries/election.server";
import { findResolution } from "~/queries/resolutions.server";
import { findSetup, listCandidacies } from "~/queries/seat-elections.server";
import { collegeOfBox, parametersOf, RESOLUTION_QUESTION } from "./election-core.server";

const micro = (v: string | number) => Rational.fromScaled(BigInt(v), WEIGHT_SCALE);

/**
 * The question a resolution's ballots answer, from the resolution as it stands: a motion's is
 * for / against / abstain, exactly one; an election's is its candidacies in force in their order
 * (their ids), between 0 and as many as there are seats (never more than there are candidacies:
 * selecting them all is then allowed); approval per candidate adds the marks for and against.
 * An election may have no candidacy yet: no answers.
 */
export async function resolutionQuestion(db: Db, resolution: { id: string; form: string }): Promise<QuestionJson> {
  if (resolution.form !== "election") return { ...RESOLUTION_QUESTION, answers: [...RESOLUTION_QUESTION.answers] };
  const question = await candidaciesQuestion(db, resolution.id);
  if (!question) notFound();
  return question;
}

/** An election's question from its candidacies in force; null when the resolution is not an election. */
async function candidaciesQuestion(db: Db, resolutionId: string): Promise<QuestionJson | null> {
  const [setup, candidacies] = await Promise.all([findSetup(db, resolutionId), listCandidacies(db, resolutionId)]);
  if (!setup) return null;
  const answers = candidacies.map((c) => c.id);
  const marks = setup.method === "approval" ? { marks: [...APPROVAL_MARKS] } : {};
  return { answers, min: 0, max: Math.min(setup.seats, answers.length), ...marks };
}

/**
 * The question of a secret vote's box: frozen in its parameters once the vote is open; before
 * (a postal vote at the notice), the resolution's as it stands. AppError 409 "secret.noElection"
 * when the vote has no election (no key) yet.
 */
export async function boxQuestion(db: Db, resolutionId: string): Promise<QuestionJson> {
  const election = await findElection(db, resolutionId);
  if (!election) throw new AppError("secret.noElection", {}, 409);
  if (election.parameters) return copyQuestion(parametersOf(election.parameters).json.question);
  const r = await findResolution(db, election.entity_id, resolutionId);
  if (!r) notFound();
  return resolutionQuestion(db, r);
}

/**
 * What a browser needs to encrypt an election ballot (encryptSelections): the candidacy ids in
 * the order of the ciphertexts, how many may be selected (min 0, max the seats) and, approval
 * per candidate, the marks of each (for, against). The question
 * frozen in the box once the vote is open, else the candidacies as they stand; null when the
 * resolution is not an election.
 */
export async function electionQuestion(db: Db, resolutionId: string): Promise<QuestionJson | null> {
  const [election, current] = await Promise.all([findElection(db, resolutionId), candidaciesQuestion(db, resolutionId)]);
  if (!current) return null;
  return copyQuestion(election?.parameters ? parametersOf(election.parameters).json.question : current);
}

export interface SecretElectionCollegeTotals {
  /** The college of the box; null for "none" (voters outside the vote's colleges). */
  collegeId: string | null;
  /** Σ of the weights of the college's ballots, in voting-weight units. */
  ballots: Rational;
  /**
   * Per candidacy, in the box's order: the decrypted Σ of the weights of the ballots selecting it
   * (approval: marking it "for"); approval per candidate, those marking it "against" too (who
   * abstained is what is left: ballots − for − against).
   */
  marks: { candidacyId: string; for: Rational; against?: Rational }[];
}

/**
 * The decrypted totals of a secret election's box, per college of the box (in the parameters'
 * order): the weight of its ballots and the weighted total of each candidacy. Null while the box
 * is not counted (open, or waiting for the trustees). Blank ballots (selecting nobody) cannot be
 * told apart in a secret box — only the sums are decrypted, never a ballot — so they count in
 * `ballots` like any other: they stay in the base.
 */
export async function secretElectionTotals(db: Db, resolutionId: string): Promise<SecretElectionCollegeTotals[] | null> {
  const election = await findElection(db, resolutionId);
  if (!election?.parameters || !election.tally) return null;
  const { answers, marks } = parametersOf(election.parameters).json.question;
  const tally = JSON.parse(election.tally) as TallyJson;
  // Totals per ciphertext: one per candidacy, or (marks: for, against) one per candidacy and mark, in a row.
  const per = marks?.length ?? 1;
  const against = marks ? marks.indexOf("against") : -1;
  return tally.colleges.map((c) => ({
    collegeId: collegeOfBox(c.id),
    ballots: micro(c.weightMicro),
    marks: answers.map((candidacyId, j) => ({
      candidacyId,
      for: micro(c.totals[j * per] ?? 0),
      ...(against > 0 ? { against: micro(c.totals[j * per + against] ?? 0) } : {}),
    })),
  }));
}
