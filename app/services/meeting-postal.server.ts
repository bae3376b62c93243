// Before the meeting: postal votes (vote par correspondance), which become ballots (secret votes:
// enter the ballot box) when their resolution's vote opens. Meeting proxies: meeting-proxies.server.ts.
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { hashToken, randomToken } from "~/lib/tokens.server";
import { ballotTracker } from "~/crypto/box";
import type { BallotJson } from "~/crypto/ballot";
import { insertAuditEvent } from "~/queries/audit.server";
import * as ballots from "~/queries/ballots.server";
import * as m from "~/queries/meetings.server";
import { lockMembers } from "~/queries/members.server";
import { findResolution, findVoter } from "~/queries/resolutions.server";
import { appendBallot, ballotCollege, encryptChoice, ensureElection, type SecretChoice } from "./election.server";
import { eligibleMember } from "./meeting-attendance.server";
import { meetingAttendance, meetingOrThrow, type MeetingEntity } from "./meetings.server";
import { isSecretResolution } from "./secrecy.server";

/**
 * A postal vote on one resolution of the meeting, before its vote opens (never on an election:
 * AppError "elections.errors.noPostal" 422 on resolutionId): online until the deadline, or from
 * a paper form the secretary records with the day it was received — refused when after the
 * deadline. Under a secret rule the choice is encrypted at once, in memory, with
 * the member's college and weight of today, and only the encrypted ballot is kept; it is refused
 * while trustees have not published their keys (AppError "secret.keysMissing" naming them).
 * Returns the ballot's tracker under a secret rule, null otherwise.
 */
export async function castPostalVote(db: Db, input: { entity: MeetingEntity; meetingId: string; memberId: string; resolutionId: string; choice: "for" | "against" | "abstain"; source: "online" | "paper"; receivedAt?: Date; now?: Date }) {
  const now = input.now ?? new Date();
  const receivedAt = input.receivedAt ?? now;
  // The election exists from the notice on; an item added since gets its own now (outside the
  // transaction: creating an election writes a key file and may open its own transaction).
  const target = await findResolution(db, input.entity.id, input.resolutionId);
  if (target && target.meeting_id === input.meetingId && target.status === "draft" && target.form !== "election" && (await isSecretResolution(db, input.entity.id, target))) {
    await ensureElection(db, { entityId: input.entity.id, resolutionId: target.id, now });
  }
  return db.transaction().execute(async (trx) => {
    // Key-share locked: the opening counts this form for the quorum, or this form reads the meeting open.
    const meeting = await meetingOrThrow(trx, input.entity.id, input.meetingId, "key share");
    if (meeting.status === "open" || meeting.status === "closed") throw new AppError("postal.meetingOpen", {}, 409);
    if (meeting.postal_deadline && receivedAt.toISOString() > meeting.postal_deadline) throw new AppError("postal.afterDeadline", {}, 409);
    // Share-locked: the form is in before the vote opens, or refused; and the election's key does
    // not change (trustees named again, ensureElection) while it is encrypted under it.
    const r = await findResolution(trx, input.entity.id, input.resolutionId, "share");
    if (!r || r.meeting_id !== meeting.id) throw new AppError("errors.invalidChoice", { field: "resolutionId" }, 422, "resolutionId");
    // An election is voted online, in the room or by proxy: its ballot marks candidates, which a
    // postal form (for / against / abstain) cannot.
    if (r.form === "election") throw new AppError("elections.errors.noPostal", {}, 422, "resolutionId");
    // A written consultation opens its votes without a session: a form after that would never count.
    if (r.status !== "draft") throw new AppError("postal.voteOpen", {}, 409);
    const member = await eligibleMember(trx, input.entity, input.memberId, "memberId", now, meeting.organ_id);
    await lockMembers(trx, input.entity.id, [member.id]);
    if (await ballots.activeProxyOfPrincipal(trx, { resolutionId: null, meetingId: meeting.id }, member.id)) throw new AppError("postal.gaveProxy", {}, 409);
    let ballot: BallotJson | null = null;
    if (await isSecretResolution(trx, input.entity.id, r)) {
      const collegeId = await ballotCollege(trx, { entityId: input.entity.id, resolutionId: r.id, collegeId: member.collegeId });
      ballot = await encryptChoice(trx, { resolutionId: r.id, collegeId, weightMicro: member.weightMicro, choice: input.choice }).catch((e: unknown) => {
        // Trustee mode: the notice went, but no key to encrypt under until every trustee has published.
        if (e instanceof AppError && e.key === "secret.keysMissing") throw new AppError("postal.keysMissing", e.params, 409, "resolutionId");
        throw e;
      });
    }
    await m.upsertPostalVote(trx, { meeting_id: meeting.id, resolution_id: r.id, member_id: member.id, choice: ballot ? null : input.choice, ballot: ballot ? JSON.stringify(ballot) : null, source: input.source, received_at: receivedAt.toISOString(), counted: 0 });
    return { tracker: ballot ? ballotTracker(ballot) : null };
  });
}

/** Why a postal vote received in time could not be counted at the opening. */
export type SetAsideReason = "college" | "weight" | "ballot";

/**
 * When a resolution's vote opens (inside the opening's transaction), its postal votes received
 * in time are counted, once per member, with the member's college and weight frozen at the
 * opening. Open vote: each becomes a ballot. Secret vote: each encrypted ballot enters the box;
 * one whose member changed college or weight since it was received cannot (its proofs bind the
 * college and weight it was made for, and nobody can re-encrypt a choice nobody knows): it is set
 * aside (counted = 2), journaled, and stated in the minutes. Afterwards no postal vote of a secret
 * resolution keeps a choice or a ballot: only the fact that the member voted by post stays.
 */
export async function countPostalVotes(db: Db, input: { entityId: string; actorId: string | null; resolutionId: string; deadline: string | null; secret: boolean; now: Date }) {
  const setAside: { memberId: string; reason: SetAsideReason }[] = [];
  const votes = await m.uncountedPostalVotes(db, input.resolutionId);
  // Secret ballots enter the box in the order of their trackers: their places tell neither who sent them nor when.
  const trackerOf = (ballot: string | null) => (ballot ? ballotTracker(JSON.parse(ballot) as BallotJson) : "~");
  if (input.secret) votes.sort((a, b) => (trackerOf(a.ballot) < trackerOf(b.ballot) ? -1 : 1));
  for (const v of votes) {
    if (input.deadline && v.receivedAt > input.deadline) continue;
    const voter = await findVoter(db, input.resolutionId, v.memberId);
    if (!voter || (!v.choice && !v.ballot) || (await ballots.findParticipation(db, input.resolutionId, v.memberId))) continue;
    if (input.secret) {
      const reason = await enterBox(db, { entityId: input.entityId, resolutionId: input.resolutionId, voter, ballot: v.ballot, choice: v.choice });
      if (reason) {
        setAside.push({ memberId: v.memberId, reason });
        await m.markPostalCounted(db, input.resolutionId, v.memberId, 2);
        continue;
      }
    } else if (!v.choice) {
      // Received encrypted under a secret rule since replaced by an open one: no one may decrypt it.
      setAside.push({ memberId: v.memberId, reason: "ballot" });
      await m.markPostalCounted(db, input.resolutionId, v.memberId, 2);
      continue;
    } else {
      await ballots.insertBallot(db, { id: newId(), resolution_id: input.resolutionId, member_id: v.memberId, cast_by_member_id: null, college_id: voter.college_id, weight_micro: voter.weight_micro, choice: v.choice, channel: "postal", receipt_hash: hashToken(randomToken()), cast_at: v.receivedAt, updated_at: null });
    }
    await ballots.insertParticipation(db, { resolution_id: input.resolutionId, member_id: v.memberId, cast_by_member_id: null, channel: "postal" });
    await m.markPostalCounted(db, input.resolutionId, v.memberId, 1);
  }
  for (const x of setAside) {
    await insertAuditEvent(db, { entityId: input.entityId, userId: input.actorId, action: "postal.setAside", subject: { type: "resolution", id: input.resolutionId }, detail: { memberId: x.memberId, reason: x.reason }, now: input.now });
  }
  if (input.secret) await m.wipePostalChoices(db, input.resolutionId);
  return { setAside: setAside.length };
}

/**
 * Puts one postal vote of a secret resolution in the box with the voter's frozen college and
 * weight; returns why it cannot enter, or null once it is in.
 */
async function enterBox(trx: Db, input: { entityId: string; resolutionId: string; voter: { college_id: string | null; weight_micro: number }; ballot: string | null; choice: string | null }): Promise<SetAsideReason | null> {
  // The college as the box's parameters name it ("none" when the vote counts no college).
  const collegeId = await ballotCollege(trx, { entityId: input.entityId, resolutionId: input.resolutionId, collegeId: input.voter.college_id });
  const weightMicro = input.voter.weight_micro;
  let ballot: BallotJson;
  if (input.ballot) {
    ballot = JSON.parse(input.ballot) as BallotJson;
    if (ballot.college !== collegeId) return "college";
    if (ballot.weightMicro !== String(weightMicro)) return "weight";
  } else {
    // Received in the clear under an open rule since made secret: encrypted now, never kept.
    ballot = await encryptChoice(trx, { resolutionId: input.resolutionId, collegeId, weightMicro, choice: input.choice as SecretChoice });
  }
  try {
    await appendBallot(trx, { resolutionId: input.resolutionId, ballot, collegeId, weightMicro });
  } catch (e) {
    // A proof that fails (a key changed since): set aside, never a failed opening.
    if (e instanceof AppError && e.status === 422) return "ballot";
    throw e;
  }
  return null;
}
