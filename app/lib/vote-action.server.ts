// The answers of a resolution's page actions, and its vote, written once for the route
// (entity.resolution.tsx) and for the vote lane (vote-lane.server.ts) that answers the same
// vote without going through Remix.
import { data } from "@remix-run/node";
import type { CastSecret } from "~/components/BallotBox";
import type { ConfirmStepData } from "~/components/ConfirmAction";
import type { Db } from "~/lib/db.server";
import { formValues, parseForm } from "~/schemas/form";
import { electionVoteSchema, marksFrom } from "~/schemas/seat-elections";
import { voteSchema } from "~/schemas/voting";
import { castVote, ConfirmFirst, type CastResult } from "~/services/voting.server";
import { needsConfirmation } from "./actions.server";
import { AppError, appErrorFields } from "./errors";
import { redirectWithFlash } from "./flash.server";

/**
 * What the action answers besides redirects: errors, a receipt check, a first ballot's receipt,
 * a secret ballot's tracker, or where a tracker is in the box.
 */
export interface ActionAnswer {
  intent: string;
  errors: Record<string, { key: string; params?: Record<string, string | number> }> | null;
  values: Record<string, string>;
  check: { counted: boolean } | null;
  cast: { name: string; receipt: string } | null;
  secretCast?: CastSecret;
  found?: { position: number } | null;
  /** Closing, withdrawing and a secret ballot sent without `confirmed=1`: the step to confirm them. */
  confirm?: ConfirmStepData;
}

/** An answer shown once (a receipt, a tracker, a confirmation step): never kept by a cache. */
const ONCE = { headers: { "Cache-Control": "no-store" } };

/** A form's errors, beside that form, with the values typed. */
export function failAnswer(formData: FormData, errors: NonNullable<ActionAnswer["errors"]>, status: number) {
  return data<ActionAnswer>({ intent: String(formData.get("intent") ?? ""), errors, values: formValues(formData), check: null, cast: null }, { status });
}

/** An irreversible action is confirmed first: until then nothing is written (null: confirmed). */
export function confirmAnswer(formData: FormData) {
  const step = needsConfirmation(formData);
  return step ? data<ActionAnswer>({ intent: String(formData.get("intent") ?? ""), errors: null, values: {}, check: null, cast: null, confirm: step }, ONCE) : null;
}

/**
 * The vote form (`intent=vote`) of a person allowed to vote in this entity: casts it, and answers
 * with the receipt or tracker (shown once, in this answer: never in a cookie, the flash one is
 * signed, not encrypted, and never stored in clear), a changed vote's redirect, or the errors.
 * A failure writes nothing.
 */
export async function voteAnswer(db: Db, input: { entityId: string; resolutionId: string; userId: string; here: string; formData: FormData }) {
  const { formData } = input;
  try {
    // An election's ballot: the ticked candidates (or a mark per candidate) instead of one choice.
    const election = formData.get("form") === "election";
    const form = election ? parseForm(electionVoteSchema, formData) : parseForm(voteSchema, formData);
    if (!form.ok) return failAnswer(formData, form.errors, 400);
    // A ballot from the browser, or any ballot of a secret vote (castVote tells), is confirmed first.
    const confirmFirst = form.data.ballot != null ? confirmAnswer(formData) : null;
    if (confirmFirst) return confirmFirst;
    let done: CastResult;
    try {
      done = await castVote(db, {
        entityId: input.entityId,
        resolutionId: input.resolutionId,
        userId: input.userId,
        choice: "choice" in form.data ? (form.data.choice as "for" | "against" | "abstain" | null) : null,
        marks: election ? marksFrom(formData) : null,
        ballot: form.data.ballot,
        forMemberId: form.data.forMemberId,
        confirmed: needsConfirmation(formData) === null,
      });
    } catch (e) {
      if (e instanceof ConfirmFirst) return confirmAnswer(formData)!;
      throw e;
    }
    const answer = { intent: "vote", errors: null, values: {}, check: null, cast: null };
    if (done.secret) return data<ActionAnswer>({ ...answer, secretCast: { name: done.voterName, ...done.secret } }, ONCE);
    if (!done.receipt) return redirectWithFlash(input.here, { key: "voting.changed", params: { name: done.voterName } });
    return data<ActionAnswer>({ ...answer, cast: { name: done.voterName, receipt: done.receipt } }, ONCE);
  } catch (e) {
    if (e instanceof AppError) return failAnswer(formData, appErrorFields(e), e.status);
    throw e;
  }
}
