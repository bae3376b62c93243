// Proxies for a whole meeting: given online by the principal or recorded from paper by the
// secretary, to a member, to the chair (blank), or, where the statutes allow it, to a person
// outside the members (a spouse or PACS partner, or anyone), whom the secretary checks in at the
// desk. The cap, the statutes' college rules and who may hold are the strictest of the rules of
// the meeting's resolutions (meetingProxyPolicy).
import { outsiderAllowed, outsiderKey, proxyBreach, type OutsiderRelation } from "~/domain/proxies";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as ballots from "~/queries/ballots.server";
import * as m from "~/queries/meetings.server";
import { lockMembers } from "~/queries/members.server";
import { memberColleges } from "~/queries/rules.server";
import { eligibleMember } from "./meeting-attendance.server";
import { meetingAttendance, meetingOrThrow, type MeetingEntity } from "./meetings.server";

export interface OutsiderHolder {
  name: string;
  relation: OutsiderRelation;
}

/**
 * A proxy for the whole meeting. The holder: a member (`holderId`), a person outside the members
 * (`outsider`, where the rules allow their relation to the principal), or nobody (a blank proxy,
 * which goes to the chair). The cap per holder and the statutes' college rules are checked now.
 */
export async function giveMeetingProxy(
  db: Db,
  input: { entity: MeetingEntity; meetingId: string; principalId: string; holderId: string | null; outsider?: OutsiderHolder | null; source: "online" | "paper"; now?: Date },
) {
  const now = input.now ?? new Date();
  // The holder is chosen in a different field online and on the secretary's paper form.
  const holderField = input.source === "paper" ? "holderId" : "holderMemberId";
  const outsider = input.holderId ? null : (input.outsider ?? null);
  return db.transaction().execute(async (trx) => {
    // Key-share locked: an opening (which locks the meeting for update and counts who is
    // represented) comes after this proxy, or this proxy reads the meeting open.
    const meeting = await meetingOrThrow(trx, input.entity.id, input.meetingId, "key share");
    if (meeting.status === "closed" || (input.source === "online" && meeting.status === "open")) throw new AppError("meetings.proxiesClosed", {}, 409);
    const principal = await eligibleMember(trx, input.entity, input.principalId, "principalId", now, meeting.organ_id);
    // The principal and the holder, locked: proxies and postal votes sent at once are decided one
    // after the other (one proxy or postal votes per principal, at most the cap per holder). A
    // holder outside the members has no row to lock: the principal's lock orders their proxies.
    await lockMembers(trx, input.entity.id, input.holderId ? [principal.id, input.holderId] : [principal.id]);
    if (await m.findAttendance(trx, meeting.id, principal.id)) throw new AppError("proxies.principalPresent", {}, 409);
    if (await ballots.activeProxyOfPrincipal(trx, { resolutionId: null, meetingId: meeting.id }, principal.id)) throw new AppError("proxies.alreadyGiven", {}, 409);
    if ((await m.postalVotesOf(trx, meeting.id, principal.id)).length > 0) throw new AppError("proxies.votedByPost", {}, 409);
    let holderName: string | null = null;
    if (input.holderId) {
      if (input.holderId === principal.id) throw new AppError("proxies.self", {}, 422, holderField);
      const holder = await eligibleMember(trx, input.entity, input.holderId, holderField, now, meeting.organ_id).catch((e: unknown) => {
        throw e instanceof AppError ? new AppError("proxies.holderNotMember", {}, 422, holderField) : e;
      });
      holderName = holder.name;
      const a = await meetingAttendance(trx, input.entity, meeting, now);
      const held = a.proxies.filter((p) => p.holderId === holder.id).map((p) => p.principalId);
      await assertStatute(trx, input.entity.id, a.proxyPolicy, { principalId: principal.id, holderId: holder.id, holderName, held, field: holderField });
    } else if (outsider) {
      const a = await meetingAttendance(trx, input.entity, meeting, now);
      if (!outsiderAllowed(a.proxyPolicy.holders, outsider.relation)) throw new AppError(`proxyHolders.errors.notAllowed.${a.proxyPolicy.holders}`, {}, 422, "holderName");
      // One person however the name is typed: the cap per holder and per college count them once.
      const key = outsiderKey(outsider.name);
      const held = a.proxies.filter((p) => p.holderId == null && p.holderRelation != null && p.holderName != null && outsiderKey(p.holderName) === key).map((p) => p.principalId);
      await assertStatute(trx, input.entity.id, a.proxyPolicy, { principalId: principal.id, holderId: key, holderName: outsider.name, held, field: "holderName" });
      holderName = outsider.name;
    }
    await ballots.insertProxy(trx, {
      id: newId(),
      resolution_id: null,
      meeting_id: meeting.id,
      principal_member_id: principal.id,
      holder_member_id: input.holderId,
      holder_name: outsider?.name ?? null,
      holder_relation: outsider?.relation ?? null,
      source: input.source,
      created_at: now.toISOString(),
      revoked_at: null,
    });
    return { holderName };
  });
}

/**
 * The cap per holder, then the statutes' college rules (app/domain/proxies.ts proxyBreach), for one
 * more proxy; `holderId` is a member's id or a person's outsiderKey (no college rule binds them).
 */
async function assertStatute(
  db: Db,
  entityId: string,
  policy: Awaited<ReturnType<typeof meetingAttendance>>["proxyPolicy"],
  p: { principalId: string; holderId: string; holderName: string; held: string[]; field: string },
) {
  const colleges = policy.sameCollege || policy.maxPerCollege != null ? await memberColleges(db, entityId, [p.principalId, p.holderId, ...p.held]) : new Map<string, string | null>();
  const collegeOf = (id: string) => colleges.get(id) ?? undefined;
  const breach = proxyBreach(p.principalId, p.holderId, p.held, policy.cap, { sameCollege: policy.sameCollege, maxPerCollege: policy.maxPerCollege, collegeOf });
  if (breach === "other-college") throw new AppError("collegeRules.errors.proxyOtherCollege", { name: p.holderName }, 409, p.field);
  if (breach !== "over-cap") return;
  if (policy.cap != null && p.held.length >= policy.cap) throw new AppError("proxies.capReached", { name: p.holderName, count: p.held.length, cap: policy.cap }, 409, p.field);
  const fromCollege = p.held.filter((h) => collegeOf(h) === collegeOf(p.principalId)).length;
  throw new AppError("collegeRules.errors.proxyCollegeCapReached", { name: p.holderName, count: fromCollege, cap: policy.maxPerCollege ?? 0 }, 409, p.field);
}

/** A member takes back their proxy, until the meeting opens. */
export async function revokeMeetingProxy(db: Db, input: { entityId: string; meetingId: string; principalId: string; now?: Date }) {
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    // Locked as a proxy's giving is: taken back before the opening counts it, or refused after.
    const meeting = await meetingOrThrow(trx, input.entityId, input.meetingId, "key share");
    if (meeting.status === "open" || meeting.status === "closed") throw new AppError("proxies.meetingOpen", {}, 409);
    await lockMembers(trx, input.entityId, [input.principalId]);
    const proxy = await ballots.activeProxyOfPrincipal(trx, { resolutionId: null, meetingId: meeting.id }, input.principalId);
    if (!proxy) notFound();
    await ballots.revokeProxy(trx, proxy.id, now.toISOString());
  });
}

/**
 * The secretary checks in (or out) a proxy holder who is not a member, at the desk, having seen
 * the written proxy: their principal is then represented (quorum, hands). Journaled: it changes
 * who counts for the quorum. The proxy is looked up inside the meeting.
 */
export async function markOutsiderHolder(db: Db, input: { entityId: string; meetingId: string; proxyId: string; present: boolean; actorId: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const meeting = await meetingOrThrow(trx, input.entityId, input.meetingId, "key share");
    if (meeting.status === "closed") throw new AppError("meetings.closed", {}, 409);
    const proxy = (await m.meetingProxies(trx, meeting.id)).find((p) => p.id === input.proxyId && p.holderRelation != null);
    if (!proxy) throw new AppError("errors.invalidChoice", { field: "proxyId" }, 422, "proxyId");
    await m.setOutsiderCheckIn(trx, proxy.id, input.present ? now.toISOString() : null);
    await insertAuditEvent(trx, {
      entityId: input.entityId,
      userId: input.actorId,
      action: input.present ? "proxy.holderCheckedIn" : "proxy.holderCheckedOut",
      subject: { type: "meeting", id: meeting.id },
      detail: { principal: proxy.principalName, holder: proxy.holderName },
      now,
    });
    return { holderName: proxy.holderName, principalName: proxy.principalName };
  });
}
