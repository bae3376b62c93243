// What an election must hold before its vote opens, checked where its rule is chosen or changed
// and at the opening.
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import * as q from "~/queries/seat-elections.server";

/**
 * Secret ballots carry one ciphertext per candidate that is 0 or 1: approval with for, against and
 * abstain on each candidate needs three, so it is an open ballot (checked when the rule is chosen,
 * changed, and when the vote opens: a rule's new version follows its drafts).
 */
export async function assertElectionRule(db: Db, resolutionId: string, secret: boolean) {
  const setup = await q.findSetup(db, resolutionId);
  if (setup?.method === "approval" && secret) throw new AppError("elections.errors.approvalSecret", {}, 422, "ruleId");
}

/** An election opens with candidacies and a rule its method can use. */
export async function assertElectionCanOpen(db: Db, resolutionId: string, secret: boolean) {
  await assertElectionRule(db, resolutionId, secret);
  if ((await q.listCandidacies(db, resolutionId)).length === 0) throw new AppError("elections.errors.noCandidates", {}, 409);
}
