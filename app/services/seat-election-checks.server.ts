// What an election must hold before its vote opens, checked at the opening. Every method can be
// secret: plurinominal ballots carry one ciphertext per candidate, approval per candidate two
// (for, against), docs/ballot-box.md §4.
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import * as q from "~/queries/seat-elections.server";

/** An election opens with candidacies. */
export async function assertElectionCanOpen(db: Db, resolutionId: string) {
  if ((await q.listCandidacies(db, resolutionId)).length === 0) throw new AppError("elections.errors.noCandidates", {}, 409);
}
