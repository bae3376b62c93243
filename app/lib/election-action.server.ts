// The election intents of a resolution's page: file, enter and withdraw a candidacy, open the
// second round. Each answers a redirect with a flash message, or null for another intent.
import { can, type Role } from "~/domain/roles";
import type { Db } from "~/lib/db.server";
import { parseForm } from "~/schemas/form";
import { candidacySchema, withdrawCandidacySchema } from "~/schemas/seat-elections";
import { openSecondRound } from "~/services/seat-election-rounds.server";
import { enterCandidacy, fileOwnCandidacy, withdrawCandidacy } from "~/services/seat-elections.server";
import { AppError, forbidden } from "./errors";
import { redirectWithFlash } from "./flash.server";

export const ELECTION_INTENTS = new Set(["candidacy-file", "candidacy-enter", "candidacy-withdraw", "second-round"]);

export async function electionAnswer(db: Db, input: { intent: string; role: Role; entityId: string; slug: string; userId: string; resolutionId: string; formData: FormData }) {
  const base = { entityId: input.entityId, resolutionId: input.resolutionId };
  const here = `/o/${input.slug}/resolutions/${input.resolutionId}`;
  const runs = can(input.role, "meeting.run");
  const form = parseForm(candidacySchema, input.formData);
  if (!form.ok) throw new AppError(Object.values(form.errors)[0]!.key, { field: Object.keys(form.errors)[0]! }, 422, Object.keys(form.errors)[0]);
  switch (input.intent) {
    case "candidacy-file": {
      if (!can(input.role, "vote.cast")) forbidden();
      await fileOwnCandidacy(db, { ...base, userId: input.userId, bornOn: form.data.bornOn });
      return redirectWithFlash(here, { key: "elections.filed" });
    }
    case "candidacy-enter": {
      if (!runs) forbidden();
      if (!form.data.memberId) throw new AppError("errors.required", { field: "memberId" }, 422, "memberId");
      const { name } = await enterCandidacy(db, { ...base, actorId: input.userId, memberId: form.data.memberId, bornOn: form.data.bornOn });
      return redirectWithFlash(here, { key: "elections.entered", params: { name } });
    }
    case "candidacy-withdraw": {
      if (!runs && !can(input.role, "vote.cast")) forbidden();
      const w = parseForm(withdrawCandidacySchema, input.formData);
      if (!w.ok) throw new AppError("errors.required", { field: "candidacyId" }, 422, "candidacyId");
      await withdrawCandidacy(db, { ...base, actorId: input.userId, candidacyId: w.data.candidacyId, asCandidateOnly: !runs });
      return redirectWithFlash(here, { key: "elections.withdrawn" });
    }
    case "second-round": {
      if (!runs) forbidden();
      const { id } = await openSecondRound(db, { ...base, actorId: input.userId });
      return redirectWithFlash(`/o/${input.slug}/resolutions/${id}`, { key: "elections.secondRoundDrafted" });
    }
    default:
      return null;
  }
}
