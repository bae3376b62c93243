// The dashboard as a to-do list: what waits for this person in this entity, by role.
// Reading it writes nothing; "Marquer comme lu" (a POST) records the visit.
import { addMonths, EXPIRY_NOTICE_MONTHS } from "~/domain/organs";
import { mandatesEndingBy } from "~/queries/organs.server";
import { can, type Role } from "~/domain/roles";
import type { LegalForm } from "~/domain/legal-forms";
import { isActiveMember } from "~/domain/scic";
import { expenseAwaitsMe, firstVisitSince, meetingIsToDo, noticeState, remoteOptionsOpen, voteIsToDo, votingWindowOpen } from "~/domain/todo";
import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { listApprovals } from "~/queries/budget.server";
import * as q from "~/queries/dashboard.server";
import { findRoleGrant } from "~/queries/entities.server";
import { findMemberOfUser } from "~/queries/members.server";
import { budgetFollowUp } from "./budget.server";
import { getDashboard } from "./entities.server";
import { noticeInfo, type MeetingEntity } from "./meetings.server";
import { participationOf } from "./participation.server";

export interface DashboardEntity extends MeetingEntity {
  expense_approvals: number;
  expense_resolution_threshold_cents: number | null;
}

/** What a member has to do: their open votes, those of the members whose proxy they hold, and the meetings convened. */
async function memberPart(db: Db, entityId: string, userId: string, now: Date) {
  const member = await findMemberOfUser(db, entityId, userId);
  if (!member || !isActiveMember({ joinedOn: member.joined_on, exitedOn: member.exited_on }, isoDateInParis(now))) return null;
  const at = now.toISOString();
  const [own, held, meetings] = await Promise.all([q.openVotesOfMember(db, entityId, member.id), q.openVotesHeldBy(db, entityId, member.id), q.convenedMeetings(db, entityId, member.id)]);
  return {
    votes: own
      .filter((v) => votingWindowOpen(v, at))
      .map((v) => {
        const item = { opensAt: v.opensAt, closesAt: v.closesAt, voted: v.votedMemberId != null, proxyGiven: Boolean(v.proxyGiven) };
        return { id: v.id, number: v.number, title: v.title, closesAt: v.closesAt, voted: item.voted, proxyGiven: item.proxyGiven, todo: voteIsToDo(item, at) };
      }),
    held: held
      .filter((v) => votingWindowOpen(v, at))
      .map((v) => ({ id: v.id, number: v.number, title: v.title, closesAt: v.closesAt, principalName: v.principalName, voted: v.votedMemberId != null, todo: v.votedMemberId == null })),
    meetings: meetings.map((m) => {
      const item = { status: m.status, startsAt: m.startsAt, postalDeadline: m.postalDeadline, proxyGiven: Boolean(m.proxyGiven), postalVotes: Number(m.postalVotes ?? 0) };
      return { id: m.id, title: m.title, status: m.status, startsAt: m.startsAt, postalDeadline: m.postalDeadline, proxyGiven: item.proxyGiven, postalVotes: item.postalVotes, optionsOpen: remoteOptionsOpen(item, at), todo: meetingIsToDo(item, at) };
    }),
  };
}

/** Those who run meetings: open votes with participation and quorum, meetings to convene, minutes to finalise, invitations pending. */
async function secretaryPart(db: Db, entity: DashboardEntity, now: Date) {
  const at = now.toISOString();
  const today = isoDateInParis(now);
  const [open, drafts, minutes, invitations] = await Promise.all([q.openVotes(db, entity.id), q.meetingsToConvene(db, entity.id, at), q.minutesToFinalise(db, entity.id), q.countPendingInvitations(db, entity.id, at)]);
  const votes = [];
  for (const r of open) {
    // Counts only, as the vote's own page shows them: never a choice.
    const p = await participationOf(db, r);
    votes.push({ id: r.id, number: r.number, title: r.title, closesAt: r.closes_at, voted: p.voted, eligible: p.eligible, quorum: p.quorum ?? null });
  }
  const toConvene = drafts.flatMap((m) => {
    const notice = noticeInfo(entity, m, now);
    const state = noticeState({ status: m.status, startsAt: m.starts_at }, notice.latest, today, at);
    return state ? [{ id: m.id, title: m.title, startsAt: m.starts_at, latestNoticeDay: notice.latest, state }] : [];
  });
  return { votes, toConvene, minutes, invitations };
}

/** Approvers: expenses waiting for my decision, and lines of adopted budgets that are overspent. */
async function approverPart(db: Db, entity: DashboardEntity, userId: string, now: Date) {
  const [pending, grant, budgets] = await Promise.all([q.expensesAwaiting(db, entity.id, userId), findRoleGrant(db, entity.id, userId), q.adoptedBudgets(db, entity.id)]);
  const decisions = await listApprovals(db, pending.map((e) => e.id));
  const policy = { required: entity.expense_approvals, resolutionThresholdCents: entity.expense_resolution_threshold_cents };
  const me = { id: userId, role: (grant?.role ?? null) as Role | null, roleSince: grant?.grantedAt ?? null };
  const expenses = pending
    .filter((e) => {
      const mine = decisions.filter((d) => d.expenseId === e.id);
      return expenseAwaitsMe(
        { submittedBy: e.submittedBy, submittedAt: e.submittedAt, amountCents: e.amountCents, hasAdoptedResolution: e.resolutionOutcome === "adopted", approvals: mine.filter((d) => d.decision === "approve").map((d) => d.userId), deciders: mine.map((d) => d.userId) },
        me,
        policy,
      );
    })
    .map((e) => ({ id: e.id, budgetId: e.budgetId, budgetName: e.budgetName, lineLabel: e.lineLabel, payee: e.payee, description: e.description, amountCents: e.amountCents }));
  const overspent = [];
  const today = isoDateInParis(now);
  for (const b of budgets) {
    const follow = await budgetFollowUp(db, b, today);
    for (const l of follow.lines) if (l.kind === "charge" && l.overspent) overspent.push({ budgetId: b.id, budgetName: b.name, lineId: l.id, label: l.label, planned: l.planned, spent: l.spent, committed: l.committed, remaining: l.remaining });
  }
  return { expenses, overspent };
}

export async function dashboardOf(db: Db, input: { entity: DashboardEntity; role: Role; userId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const seenAt = await q.findVisit(db, input.entity.id, input.userId);
  const since = seenAt ?? firstVisitSince(now);
  const day = isoDateInParis(now);
  const [member, secretary, approver, results, minutes, summary, mandates] = await Promise.all([
    can(input.role, "vote.cast") ? memberPart(db, input.entity.id, input.userId, now) : null,
    can(input.role, "meeting.run") ? secretaryPart(db, input.entity, now) : null,
    can(input.role, "expense.approve") ? approverPart(db, input.entity, input.userId, now) : null,
    q.resultsSince(db, input.entity.id, since),
    q.minutesSince(db, input.entity.id, since),
    getDashboard(db, input.entity.id, day),
    // Mandates coming to term within EXPIRY_NOTICE_MONTHS, for those who prepare the assemblies.
    can(input.role, "meeting.run") ? mandatesEndingBy(db, input.entity.id, addMonths(day, EXPIRY_NOTICE_MONTHS)) : null,
  ]);
  const todo =
    (member ? member.votes.filter((v) => v.todo).length + member.held.filter((v) => v.todo).length + member.meetings.filter((m) => m.todo).length : 0) +
    (secretary ? secretary.votes.filter((v) => v.quorum?.outlook === "impossible").length + secretary.toConvene.length + secretary.minutes.length : 0) +
    (approver ? approver.expenses.length + approver.overspent.length : 0) +
    (mandates?.length ?? 0);
  return {
    seenAt,
    todo,
    member,
    secretary,
    approver,
    mandates: mandates?.map((m) => ({ id: m.id, organId: m.organId, organName: m.organName, memberName: m.memberName, endsOn: m.endsOn!, expired: m.endsOn! <= day })) ?? null,
    reading: { results, minutes },
    summary: { legalForm: input.entity.legal_form as LegalForm, ...summary },
  };
}

export type DashboardView = Awaited<ReturnType<typeof dashboardOf>>;

/** "Marquer comme lu": results and minutes published until now are no longer new for this person. */
export async function markDashboardRead(db: Db, input: { entityId: string; userId: string; now?: Date }) {
  const now = input.now ?? new Date();
  await q.saveVisit(db, input.entityId, input.userId, now.toISOString());
}
