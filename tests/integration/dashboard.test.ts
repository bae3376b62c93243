// The dashboard as a to-do list, through its loader, for each role; and the quorum figures of
// an open online vote on its own page.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { Participation } from "~/components/Results";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { createI18n } from "~/lib/i18n";
import { upsertRole } from "~/queries/entities.server";
import * as dashboardRoute from "~/routes/entity.dashboard";
import * as resolutionRoute from "~/routes/entity.resolution";
import { decideExpense, submitExpense } from "~/services/budget-expenses.server";
import { addLine, createBudget, proposeBudget, type BudgetEntity } from "~/services/budget.server";
import { addAgendaItem, createMeeting, type MeetingEntity } from "~/services/meetings.server";
import { closeResolution, createResolution, openResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { castVote, giveProxy } from "~/services/voting.server";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { makeUser, PASSWORD } from "../helpers/factories";
import { bulkMembers, memberInput } from "../helpers/register";
import { makeOpenResolution, makeVotingScic, TODAY } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

/** The AGO rule of the demo: 1/5 of the members present, by head; results at the close. */
const ago: VotingRule = { ...PRESETS["scic-sa-ago"].rule, secret: false, liveResults: false };

async function withRole(s: { id: string }, role: "secretary" | "treasurer" | "observer") {
  const user = await makeUser(db, role);
  await upsertRole(db, { entityId: s.id, userId: user.id, role, now: new Date(Date.now() - 60_000) });
  return { ...user, token: await signIn(db, user.email, PASSWORD) };
}

function dashboard(slug: string, token: string) {
  return run(dashboardRoute.loader, db, { path: `/o/${slug}`, token, params: { slug } }).then((r) => dataOf(r));
}

function render(node: ReturnType<typeof createElement>) {
  // The text as read: tags dropped, non-breaking spaces as spaces.
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n("fr") }, node))
    .replace(/<[^>]+>/g, "")
    .replace(/\u00a0/g, " ");
}

describe("a member's dashboard", () => {
  it("lists the votes open to them and to those whose proxy they hold, with whether each voted, and links to each", async () => {
    const s = await makeVotingScic(db, 2);
    const me = s.people["Associations"]![0]!;
    const principal = s.people["Entreprises"]![0]!;
    const token = await signIn(db, me.email, PASSWORD);
    const one = await makeOpenResolution(db, s, { rule: ago, number: "1" });
    const two = await makeOpenResolution(db, s, { rule: ago, number: "2" });
    await giveProxy(db, { entityId: s.id, userId: principal.userId, resolutionId: two.id, holderMemberId: me.memberId });

    let d = await dashboard(s.slug, token);
    expect(d.member.votes.map((v: { number: string; voted: boolean; todo: boolean }) => [v.number, v.voted, v.todo])).toEqual([
      ["1", false, true],
      ["2", false, true],
    ]);
    expect(d.member.held).toEqual([expect.objectContaining({ id: two.id, principalName: principal.name, voted: false, todo: true })]);
    expect(d.todo).toBe(3);
    // Nothing a member may not see: no follow-up of the vote, no budget.
    expect(d.secretary).toBeNull();
    expect(d.approver).toBeNull();

    await castVote(db, { entityId: s.id, userId: me.userId, resolutionId: one.id, choice: "for" });
    await castVote(db, { entityId: s.id, userId: me.userId, resolutionId: two.id, choice: "against", forMemberId: principal.memberId });
    d = await dashboard(s.slug, token);
    expect(d.member.votes.find((v: { id: string }) => v.id === one.id)).toMatchObject({ voted: true, todo: false });
    expect(d.member.held[0]).toMatchObject({ voted: true, todo: false });
    expect(d.todo).toBe(1);
    // Never a choice on the dashboard.
    expect(JSON.stringify(d)).not.toMatch(/"(for|against|abstain|choice)"/);
  });

  it("shows a convened assembly with the way to give a proxy or vote by post while it is possible", async () => {
    const s = await makeVotingScic(db, 1);
    const me = s.people["Salariés"]![0]!;
    const entity = (await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()) as MeetingEntity;
    const startsAt = new Date(Date.now() + 20 * 86400_000);
    const { id: meetingId } = await createMeeting(db, { entity, actorId: s.admin.id, meeting: { kind: "ago", title: "AGO 2026", startsAt, place: "Tours", remoteLink: null, postalDeadline: new Date(startsAt.getTime() - 86400_000) } });
    const token = await signIn(db, me.email, PASSWORD);
    // A draft meeting is not shown to members; the secretary sees it to convene.
    expect((await dashboard(s.slug, token)).member.meetings).toEqual([]);
    const secretary = await withRole(s, "secretary");
    const before = await dashboard(s.slug, secretary.token);
    expect(before.secretary.toConvene).toEqual([expect.objectContaining({ id: meetingId, state: "due" })]);

    await db.updateTable("meeting").set({ status: "convened", notice_sent_at: new Date().toISOString() }).where("id", "=", meetingId).execute();
    const d = await dashboard(s.slug, token);
    expect(d.member.meetings).toEqual([expect.objectContaining({ id: meetingId, optionsOpen: true, proxyGiven: false, postalVotes: 0, todo: true })]);
    expect((await dashboard(s.slug, secretary.token)).secretary.toConvene).toEqual([]);
  });

  it("shows results published since the last visit until they are marked as read (a POST; the GET writes nothing)", async () => {
    const s = await makeVotingScic(db, 1);
    const me = s.people["Associations"]![0]!;
    const token = await signIn(db, me.email, PASSWORD);
    const { id } = await makeOpenResolution(db, s, { rule: { ...ago, quorumFirst: null } });
    await castVote(db, { entityId: s.id, userId: me.userId, resolutionId: id, choice: "for" });
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });

    let d = await dashboard(s.slug, token);
    expect(d.seenAt).toBeNull();
    expect(d.reading.results).toEqual([expect.objectContaining({ id, outcome: "adopted" })]);
    expect(await db.selectFrom("dashboard_visit").selectAll().execute()).toEqual([]);

    const answer = await run(dashboardRoute.action, db, { path: `/o/${s.slug}`, token, params: { slug: s.slug }, form: { intent: "read" } });
    expect(statusOf(answer)).toBe(302);
    d = await dashboard(s.slug, token);
    expect(d.seenAt).toEqual(expect.any(String));
    expect(d.reading.results).toEqual([]);
    // Another person's list is their own.
    const other = await signIn(db, s.people["Entreprises"]![0]!.email, PASSWORD);
    expect((await dashboard(s.slug, other)).reading.results).toHaveLength(1);
    // An unknown intent writes nothing.
    expect(statusOf(await run(dashboardRoute.action, db, { path: `/o/${s.slug}`, token: other, params: { slug: s.slug }, form: { intent: "nope" } }))).toBe(400);
    expect(await db.selectFrom("dashboard_visit").selectAll().execute()).toHaveLength(1);
  });
});

describe("the secretary's dashboard", () => {
  /** Like the demo: 40 members, 4 of them with an account. */
  async function demoLike() {
    const s = await makeVotingScic(db, 1);
    const colleges = Object.values(s.colleges);
    await bulkMembers(db, s.id, Array.from({ length: 36 }, (_, i) => memberInput({ name: `Sans compte ${i}`, collegeId: colleges[i % 4]! })));
    const secretary = await withRole(s, "secretary");
    return { s, secretary };
  }

  it("says an online vote can never reach its quorum when too few members have an account", async () => {
    const { s, secretary } = await demoLike();
    const { id } = await makeOpenResolution(db, s, { rule: ago });
    await castVote(db, { entityId: s.id, userId: s.people["Associations"]![0]!.userId, resolutionId: id, choice: "for" });

    const d = await dashboard(s.slug, secretary.token);
    expect(d.secretary.votes).toEqual([{ id, number: "1", title: "Approbation des comptes", closesAt: null, voted: 1, eligible: 40, quorum: { basis: "headcount", required: "8", needed: "8", present: "1", reachable: "4", outlook: "impossible" } }]);
    expect(d.todo).toBe(1);
    const html = render(createElement(Participation, { result: { voted: 1, eligible: 40, colleges: [], quorum: d.secretary.votes[0].quorum }, registerHref: "/o/x/members" }));
    expect(html).toContain("Quorum : 1 / 8 requis");
    expect(html).toContain("Quorum impossible en ligne : 8 requis, 4 membres seulement peuvent voter en ligne.");

    // The vote's own page shows the same figures to everyone, and no choice.
    const member = await signIn(db, s.people["Salariés"]![0]!.email, PASSWORD);
    const page = dataOf(await run(resolutionRoute.loader, db, { path: `/o/${s.slug}/resolutions/${id}`, token: member, params: { slug: s.slug, resolutionId: id } }));
    expect(page.result).toMatchObject({ hidden: true, voted: 1, eligible: 40, quorum: d.secretary.votes[0].quorum });

    // A member without an account who gives a proxy to someone with one can be counted.
    const [principal] = await db.selectFrom("member").select("id").where("entity_id", "=", s.id).where("user_id", "is", null).limit(1).execute();
    await db.insertInto("proxy").values({ id: "proxy-1", resolution_id: id, meeting_id: null, principal_member_id: principal!.id, holder_member_id: s.people["Salariés"]![0]!.memberId, created_at: new Date().toISOString(), revoked_at: null }).execute();
    expect((await dashboard(s.slug, secretary.token)).secretary.votes[0].quorum).toMatchObject({ reachable: "5", outlook: "impossible" });
  });

  it("says how many members are still missing, then when the quorum is reached", async () => {
    const s = await makeVotingScic(db, 2);
    const secretary = await withRole(s, "secretary");
    // 8 members, 1/5 → 2 (8/5 = 1.6 is at least 2 members).
    const { id } = await makeOpenResolution(db, s, { rule: ago });
    let d = await dashboard(s.slug, secretary.token);
    expect(d.secretary.votes[0].quorum).toEqual({ basis: "headcount", required: "8/5", needed: "2", present: "0", reachable: "8", outlook: "possible" });
    expect(render(createElement(Participation, { result: { voted: 0, eligible: 8, colleges: [], quorum: d.secretary.votes[0].quorum } }))).toContain("Quorum : 0 / 2 requis — Il manque encore 2 membres pour atteindre le quorum.");
    await castVote(db, { entityId: s.id, userId: s.people["Associations"]![0]!.userId, resolutionId: id, choice: "for" });
    await castVote(db, { entityId: s.id, userId: s.people["Entreprises"]![0]!.userId, resolutionId: id, choice: "against" });
    d = await dashboard(s.slug, secretary.token);
    expect(d.secretary.votes[0]).toMatchObject({ voted: 2, eligible: 8, quorum: { present: "2", outlook: "reached" } });
    const html = render(createElement(Participation, { result: { voted: 2, eligible: 8, colleges: [], quorum: d.secretary.votes[0].quorum } }));
    expect(html).toContain("Quorum : 2 / 2 requis — Quorum atteint.");
  });

  it("lists minutes to finalise and the invitations not yet accepted; a vote at a meeting has no quorum of its own", async () => {
    const { s, secretary } = await demoLike();
    const entity = (await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()) as MeetingEntity;
    const { id: meetingId } = await createMeeting(db, { entity, actorId: s.admin.id, meeting: { kind: "written", title: "Consultation", startsAt: new Date(Date.now() + 86400_000), place: null, remoteLink: null, postalDeadline: null } });
    const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "AGO écrite", rule: ago });
    const { id: resolutionId } = await createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: { number: "7", title: "Texte", body: "Texte", note: null, ruleId, kind: "ordinary", recommendation: null } });
    await addAgendaItem(db, { entityId: s.id, meetingId, title: "Texte", description: null, resolutionId });
    await openResolution(db, { entity, actorId: s.admin.id, resolutionId });
    const closed = await createMeeting(db, { entity, actorId: s.admin.id, meeting: { kind: "ago", title: "AGO close", startsAt: new Date(Date.now() - 86400_000), place: "Tours", remoteLink: null, postalDeadline: null } });
    await db.updateTable("meeting").set({ status: "closed", closed_at: new Date().toISOString() }).where("id", "=", closed.id).execute();
    const invited = await db.selectFrom("member").select("id").where("entity_id", "=", s.id).where("user_id", "is", null).limit(3).execute();
    for (const m of invited) {
      await db.insertInto("invitation").values({ id: `inv-${m.id}`, entity_id: s.id, member_id: m.id, email: "x@test.example", token_hash: `h-${m.id}`, expires_at: new Date(Date.now() + 86400_000).toISOString(), used_at: null, created_by: s.admin.id, created_at: new Date().toISOString() }).execute();
    }
    const d = await dashboard(s.slug, secretary.token);
    expect(d.secretary.votes).toEqual([expect.objectContaining({ id: resolutionId, quorum: null })]);
    expect(d.secretary.minutes).toEqual([expect.objectContaining({ id: closed.id, title: "AGO close" })]);
    expect(d.secretary.invitations).toBe(3);
  });
});

describe("the treasurer's dashboard", () => {
  it("lists an expense waiting for their approval until they decide, never their own", async () => {
    const s = await makeVotingScic(db, 1);
    const treasurer = await withRole(s, "treasurer");
    const secretary = await withRole(s, "secretary");
    await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "Budget", rule: { ...ago, quorumFirst: null } });
    const entity = (await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()) as BudgetEntity;
    const year = TODAY().slice(0, 4);
    const { id: budgetId } = await createBudget(db, { entityId: s.id, actorId: treasurer.id, name: `Budget ${year}`, fiscalStart: `${year}-01-01`, fiscalEnd: `${year}-12-31` });
    await addLine(db, { entityId: s.id, actorId: s.admin.id, budgetId, line: { kind: "charge", category: "Fonctionnement", label: "Local", plannedCents: 100_000, memberId: null, collegeId: null, notes: null } });
    const { resolutionId } = await proposeBudget(db, { entity, actorId: treasurer.id, budgetId, locale: "fr" });
    await openResolution(db, { entity: entity as never, actorId: s.admin.id, resolutionId });
    for (const p of Object.values(s.people).flat()) await castVote(db, { entityId: s.id, userId: p.userId, resolutionId, choice: "for" });
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId });
    const line = await db.selectFrom("budget_line").select("id").where("budget_id", "=", budgetId).executeTakeFirstOrThrow();
    const { id: expenseId } = await submitExpense(db, { entity, budgetId, userId: secretary.id, lineId: line.id, payee: "Bailleur", spentOn: TODAY(), amountCents: 150_000, description: "Loyer", resolutionId: null, receipt: null });

    let d = await dashboard(s.slug, treasurer.token);
    expect(d.approver.expenses).toEqual([expect.objectContaining({ id: expenseId, budgetId, payee: "Bailleur", amountCents: 150_000 })]);
    // Its author does not approve it.
    expect((await dashboard(s.slug, secretary.token)).approver.expenses).toEqual([]);
    await decideExpense(db, { entity, budgetId, expenseId, userId: treasurer.id, decision: "approve" });
    d = await dashboard(s.slug, treasurer.token);
    expect(d.approver.expenses).toEqual([]);
    // A second approval makes it spent: 1 500 € on a 1 000 € line is overspent.
    const admin = await signIn(db, s.admin.email, PASSWORD);
    expect((await dashboard(s.slug, admin)).approver.expenses).toHaveLength(1);
    await decideExpense(db, { entity, budgetId, expenseId, userId: s.admin.id, decision: "approve" });
    d = await dashboard(s.slug, treasurer.token);
    expect(d.approver.overspent).toEqual([expect.objectContaining({ budgetId, label: "Local", planned: 100_000, spent: 150_000, remaining: -50_000 })]);
  });
});

describe("an observer's dashboard", () => {
  it("has nothing to do and no private figure", async () => {
    const s = await makeVotingScic(db, 1);
    await bulkMembers(db, s.id, [memberInput({ name: "Sans compte", collegeId: Object.values(s.colleges)[0]! })]);
    const observer = await withRole(s, "observer");
    await makeOpenResolution(db, s, { rule: ago });
    const d = await dashboard(s.slug, observer.token);
    expect(d).toMatchObject({ todo: 0, member: null, secretary: null, approver: null });
    expect(JSON.stringify(d)).not.toMatch(/"(quorum|invitations|expenses|overspent|votes|held|email)":/);
  });
});
