// Contributions: money and help from partners, which never change any voting weight.
import type { ContributionType } from "~/domain/budget";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as b from "~/queries/budget.server";
import { findMember } from "~/queries/members.server";
import { budgetOrThrow } from "./budget.server";

export async function addContribution(
  db: Db,
  input: { entityId: string; actorId: string; budgetId: string; memberId: string; type: ContributionType; description: string | null; publicAid: boolean; pledgedCents: number; pledgedOn: string; receivedCents: number; receivedOn: string | null; now?: Date },
) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const budget = await budgetOrThrow(trx, input.entityId, input.budgetId);
    const member = await findMember(trx, input.entityId, input.memberId);
    if (!member) throw new AppError("errors.invalidChoice", { field: "memberId" }, 422, "memberId");
    const id = newId();
    await b.insertContribution(trx, {
      id,
      budget_id: budget.id,
      member_id: member.id,
      type: input.type,
      description: input.description,
      public_aid: input.publicAid && input.type === "grant" ? 1 : 0,
      pledged_cents: input.pledgedCents,
      pledged_on: input.pledgedOn,
      received_cents: input.receivedCents,
      received_on: input.receivedOn,
      created_at: now.toISOString(),
    });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "contribution.added", subject: { type: "budget", id: budget.id }, detail: { contributionId: id, type: input.type, pledgedCents: input.pledgedCents, receivedCents: input.receivedCents }, now });
    return { id };
  });
}

/** Records what a partner paid; a contribution not in this budget is missing (404). */
export async function receiveContribution(db: Db, input: { entityId: string; actorId: string; budgetId: string; contributionId: string; receivedCents: number; receivedOn: string; now?: Date }) {
  await db.transaction().execute(async (trx) => {
    const budget = await budgetOrThrow(trx, input.entityId, input.budgetId);
    const contribution = await b.findContribution(trx, budget.id, input.contributionId);
    if (!contribution) notFound();
    await b.updateContribution(trx, budget.id, contribution.id, { received_cents: input.receivedCents, received_on: input.receivedOn });
    await insertAuditEvent(trx, {
      entityId: input.entityId,
      userId: input.actorId,
      action: "contribution.received",
      subject: { type: "budget", id: budget.id },
      detail: { contributionId: contribution.id, receivedCents: input.receivedCents, receivedOn: input.receivedOn, previousCents: contribution.received_cents },
      now: input.now ?? new Date(),
    });
  });
}
