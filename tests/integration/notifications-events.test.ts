// The other events that notify: a result published, an expense to approve, minutes finalised.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS } from "~/domain/rules";
import { submitExpense } from "~/services/budget-expenses.server";
import { addLine, createBudget, type BudgetEntity } from "~/services/budget.server";
import { grantRole } from "~/services/entities.server";
import { finalizeMinutes } from "~/services/minutes.server";
import { saveNotificationPreferences } from "~/services/notifications-calendar.server";
import { closeResolution } from "~/services/resolutions.server";
import { castVote } from "~/services/voting.server";
import { createTestDb } from "../helpers/db";
import { makeUser } from "../helpers/factories";
import { meetingSetup } from "../helpers/meetings";
import { makeOpenResolution, makeVotingScic, TODAY } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const kindOf = (kind: string) => db.selectFrom("outbox").select(["recipient", "subject", "body"]).where("kind", "=", kind).orderBy("recipient").execute();

describe("events that notify", () => {
  it("a result published goes to the electorate with an account, with the outcome and the link", async () => {
    const s = await makeVotingScic(db, 1);
    const { id } = await makeOpenResolution(db, s, { rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false } });
    const people = Object.values(s.people).flat();
    await saveNotificationPreferences(db, people[1]!.userId, { "vote.result": "never" });
    for (const p of people) await castVote(db, { entityId: s.id, userId: p.userId, resolutionId: id, choice: "for" });
    expect(await kindOf("vote.result")).toHaveLength(0);
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    const mails = await kindOf("vote.result");
    expect(mails.map((m) => m.recipient)).toEqual(people.filter((_, i) => i !== 1).map((p) => p.email).sort());
    expect(mails[0]!.body).toContain("est adoptée");
    expect(mails[0]!.body).toContain(`/o/${s.slug}/resolutions/${id}`);
  });

  it("an expense submitted goes to those who may approve it, never to its author", async () => {
    const s = await makeVotingScic(db, 1);
    const treasurer = await makeUser(db, "Trésorière");
    const secretary = await makeUser(db, "Secrétaire");
    await grantRole(db, { entityId: s.id, actorId: s.admin.id, email: treasurer.email, role: "treasurer", now: new Date(Date.now() - 86400_000) });
    await grantRole(db, { entityId: s.id, actorId: s.admin.id, email: secretary.email, role: "secretary", now: new Date(Date.now() - 86400_000) });
    const entity = (await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()) as BudgetEntity;
    const year = TODAY().slice(0, 4);
    const { id: budgetId } = await createBudget(db, { entityId: s.id, actorId: s.admin.id, name: `Budget ${year}`, fiscalStart: `${year}-01-01`, fiscalEnd: `${year}-12-31` });
    await addLine(db, { entityId: s.id, actorId: s.admin.id, budgetId, line: { kind: "charge", category: "Divers", label: "Local", plannedCents: 1_000_000, memberId: null, collegeId: null, notes: null } });
    await db.updateTable("budget").set({ status: "adopted", adopted_at: new Date().toISOString() }).where("id", "=", budgetId).execute();
    const lineId = (await db.selectFrom("budget_line").select("id").where("budget_id", "=", budgetId).executeTakeFirstOrThrow()).id;
    await submitExpense(db, { entity, budgetId, userId: treasurer.id, lineId, payee: "EDF", spentOn: TODAY(), amountCents: 12_050, description: "Électricité", resolutionId: null, receipt: null });
    const mails = await kindOf("expense.toApprove");
    expect(mails.map((m) => m.recipient)).toEqual([s.admin.email, secretary.email].sort());
    expect(mails[0]!.subject).toBe("Dépense à approuver\u00a0: EDF");
    expect(mails[0]!.body).toContain("120,50\u00a0€");
    expect(mails[0]!.body).toContain(`/o/${s.slug}/budgets/${budgetId}/expenses`);
  });

  it("minutes finalised go to the members with an account and to those with a role", async () => {
    const s = await meetingSetup(db);
    const now = new Date().toISOString();
    await db.updateTable("meeting").set({ status: "closed", opened_at: now, closed_at: now }).where("id", "=", s.meetingId).execute();
    await finalizeMinutes(db, { entity: { ...s.entity, address: null, registration_number: null }, meetingId: s.meetingId, actorId: s.admin.id });
    const mails = await kindOf("minutes.finalized");
    const expected = [...Object.values(s.people).flat().map((p) => p.email), s.admin.email].sort();
    expect(mails.map((m) => m.recipient)).toEqual(expected);
    expect(mails[0]!.body).toContain(`/o/${s.slug}/meetings/${s.meetingId}/minutes`);
  });
});
