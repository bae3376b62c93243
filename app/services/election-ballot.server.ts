// An election ballot's marks, checked against the election before anything is written: known
// candidacies only, and under plurinominal at most as many approvals as seats.
import { electionSelections } from "~/domain/election-selections";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import * as q from "~/queries/seat-elections.server";

export type Mark = "for" | "against" | "abstain";

export interface CheckedMarks {
  /** What the ballot row's choice records: 'for' when it marks someone, 'abstain' when blank. */
  summary: Mark;
  /** Rows of candidate_mark (an open ballot). Plurinominal: the approvals; approval: a mark per candidate. */
  rows: { candidacyId: string; choice: Mark }[];
  /**
   * What a secret ballot the server encrypts holds, in the box's order: 0 or 1 per candidacy
   * (plurinominal), or per candidacy two, [for, against] (approval; abstain is [0, 0]).
   */
  selections: number[];
}

export async function checkMarks(db: Db, resolutionId: string, marks: Record<string, Mark>): Promise<CheckedMarks> {
  const [setup, candidacies] = await Promise.all([q.findSetup(db, resolutionId), q.listCandidacies(db, resolutionId)]);
  if (!setup) throw new AppError("errors.invalidChoice", { field: "candidateIds" }, 422, "candidateIds");
  const known = new Set(candidacies.map((c) => c.id));
  for (const id of Object.keys(marks)) if (!known.has(id)) throw new AppError("errors.invalidChoice", { field: "candidateIds" }, 422, "candidateIds");
  const approvals = candidacies.filter((c) => marks[c.id] === "for");
  if (approvals.length > setup.seats) throw new AppError("elections.errors.tooManyApprovals", { count: approvals.length, seats: setup.seats }, 422, "candidateIds");
  const rows =
    setup.method === "approval"
      ? candidacies.map((c) => ({ candidacyId: c.id, choice: marks[c.id] ?? ("abstain" as const) }))
      : approvals.map((c) => ({ candidacyId: c.id, choice: "for" as const }));
  const summary: Mark = rows.some((r) => r.choice !== "abstain") ? "for" : "abstain";
  return { summary, rows, selections: electionSelections(setup.method, candidacies.map((c) => c.id), marks).selections };
}

/** An open ballot changed: its marks replaced. */
export async function replaceMarks(db: Db, ballotId: string, checked: CheckedMarks) {
  await q.deleteMarks(db, ballotId);
  await q.insertMarks(db, ballotId, checked.rows);
}
