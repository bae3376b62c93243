// Before the meeting: proxies for the whole meeting, and postal votes (vote par correspondance),
// which become ballots when their resolution's vote opens.
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { hashToken, randomToken } from "~/lib/tokens.server";
import * as ballots from "~/queries/ballots.server";
import * as m from "~/queries/meetings.server";
import { findResolution, findVoter } from "~/queries/resolutions.server";
import { eligibleMember } from "./meeting-attendance.server";
import { meetingAttendance, meetingOrThrow, type MeetingEntity } from "./meetings.server";

/**
 * A proxy for the whole meeting: given online by the principal, or recorded from paper by the
 * secretary. The cap is checked now; a blank proxy (no holder) goes to the chair.
 */
export async function giveMeetingProxy(db: Db, input: { entity: MeetingEntity; meetingId: string; principalId: string; holderId: string | null; source: "online" | "paper"; now?: Date }) {
  const now = input.now ?? new Date();
  // The holder is chosen in a different field online and on the secretary's paper form.
  const holderField = input.source === "paper" ? "holderId" : "holderMemberId";
  return db.transaction().execute(async (trx) => {
    const meeting = await meetingOrThrow(trx, input.entity.id, input.meetingId);
    if (meeting.status === "closed" || (input.source === "online" && meeting.status === "open")) throw new AppError("meetings.proxiesClosed", {}, 409);
    const principal = await eligibleMember(trx, input.entity, input.principalId, "principalId", now);
    if (await m.findAttendance(trx, meeting.id, principal.id)) throw new AppError("proxies.principalPresent", {}, 409);
    if (await ballots.activeProxyOfPrincipal(trx, { resolutionId: null, meetingId: meeting.id }, principal.id)) throw new AppError("proxies.alreadyGiven", {}, 409);
    if ((await m.postalVotesOf(trx, meeting.id, principal.id)).length > 0) throw new AppError("proxies.votedByPost", {}, 409);
    let holderName: string | null = null;
    if (input.holderId) {
      if (input.holderId === principal.id) throw new AppError("proxies.self", {}, 422, holderField);
      const holder = await eligibleMember(trx, input.entity, input.holderId, holderField, now).catch((e: unknown) => {
        throw e instanceof AppError ? new AppError("proxies.holderNotMember", {}, 422, holderField) : e;
      });
      const a = await meetingAttendance(trx, input.entity, meeting, now);
      const held = await ballots.countProxiesHeldBy(trx, { resolutionId: null, meetingId: meeting.id }, holder.id);
      holderName = holder.name;
      if (a.proxyCap != null && held >= a.proxyCap) throw new AppError("proxies.capReached", { name: holderName, count: held, cap: a.proxyCap }, 409, holderField);
    }
    await ballots.insertProxy(trx, { id: newId(), resolution_id: null, meeting_id: meeting.id, principal_member_id: principal.id, holder_member_id: input.holderId, source: input.source, created_at: now.toISOString(), revoked_at: null });
    return { holderName };
  });
}

/** A member takes back their proxy, until the meeting opens. */
export async function revokeMeetingProxy(db: Db, input: { entityId: string; meetingId: string; principalId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const meeting = await meetingOrThrow(db, input.entityId, input.meetingId);
  if (meeting.status === "open" || meeting.status === "closed") throw new AppError("proxies.meetingOpen", {}, 409);
  const proxy = await ballots.activeProxyOfPrincipal(db, { resolutionId: null, meetingId: meeting.id }, input.principalId);
  if (!proxy) notFound();
  await ballots.revokeProxy(db, proxy.id, now.toISOString());
}

/**
 * A postal vote on one resolution of the meeting, before its vote opens: online until the
 * deadline, or from a paper form the secretary records with the day it was received — refused
 * when after the deadline.
 */
export async function castPostalVote(db: Db, input: { entity: MeetingEntity; meetingId: string; memberId: string; resolutionId: string; choice: "for" | "against" | "abstain"; source: "online" | "paper"; receivedAt?: Date; now?: Date }) {
  const now = input.now ?? new Date();
  const receivedAt = input.receivedAt ?? now;
  await db.transaction().execute(async (trx) => {
    const meeting = await meetingOrThrow(trx, input.entity.id, input.meetingId);
    if (meeting.status === "open" || meeting.status === "closed") throw new AppError("postal.meetingOpen", {}, 409);
    if (meeting.postal_deadline && receivedAt.toISOString() > meeting.postal_deadline) throw new AppError("postal.afterDeadline", {}, 409);
    const r = await findResolution(trx, input.entity.id, input.resolutionId);
    if (!r || r.meeting_id !== meeting.id) throw new AppError("errors.invalidChoice", { field: "resolutionId" }, 422, "resolutionId");
    // A written consultation opens its votes without a session: a form after that would never count.
    if (r.status !== "draft") throw new AppError("postal.voteOpen", {}, 409);
    const member = await eligibleMember(trx, input.entity, input.memberId, "memberId", now);
    if (await ballots.activeProxyOfPrincipal(trx, { resolutionId: null, meetingId: meeting.id }, member.id)) throw new AppError("postal.gaveProxy", {}, 409);
    await m.upsertPostalVote(trx, { meeting_id: meeting.id, resolution_id: r.id, member_id: member.id, choice: input.choice, source: input.source, received_at: receivedAt.toISOString(), counted: 0 });
  });
}

/**
 * When a resolution's vote opens, its postal votes received in time become ballots, once per
 * member. Under a secret rule no postal vote keeps its choice afterwards, counted or not: only
 * the fact that the member voted by post stays, for the attendance and the quorum.
 */
export async function countPostalVotes(db: Db, input: { resolutionId: string; deadline: string | null; secret: boolean }) {
  for (const v of await m.uncountedPostalVotes(db, input.resolutionId)) {
    if (input.deadline && v.receivedAt > input.deadline) continue;
    const voter = await findVoter(db, input.resolutionId, v.memberId);
    if (!voter || !v.choice || (await ballots.findParticipation(db, input.resolutionId, v.memberId))) continue;
    await ballots.insertParticipation(db, { resolution_id: input.resolutionId, member_id: v.memberId, cast_by_member_id: null, channel: "postal" });
    await ballots.insertBallot(db, {
      id: newId(),
      resolution_id: input.resolutionId,
      member_id: input.secret ? null : v.memberId,
      cast_by_member_id: null,
      college_id: voter.college_id,
      weight_micro: voter.weight_micro,
      choice: v.choice,
      channel: input.secret ? null : "postal",
      receipt_hash: hashToken(randomToken()),
      cast_at: input.secret ? null : v.receivedAt,
      updated_at: null,
    });
    await m.markPostalCounted(db, input.resolutionId, v.memberId);
  }
  if (input.secret) await m.wipePostalChoices(db, input.resolutionId);
}
