// Votes in the room: a resolution of the meeting opens (its postal votes become ballots, or enter
// the ballot box of a secret vote) and closes; a show of hands, or under a secret rule the paper
// ballots counted by the scrutineers, add counts per college to the ballots.
import { hasQuorum, type MeetingKind } from "~/domain/meetings";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { listParticipants } from "~/queries/ballots.server";
import * as m from "~/queries/meetings.server";
import { findResolution, resolutionColleges, type ResolutionRow } from "~/queries/resolutions.server";
import { countPostalVotes } from "./meeting-postal.server";
import { meetingAttendance, meetingOrThrow, type MeetingEntity } from "./meetings.server";
import { closeResolution, openResolution } from "./resolutions.server";
import { isSecretResolution } from "./secrecy.server";

async function meetingResolution(db: Db, entityId: string, meetingId: string, resolutionId: string, lock?: Parameters<typeof findResolution>[3]) {
  const meeting = await meetingOrThrow(db, entityId, meetingId);
  const r = await findResolution(db, entityId, resolutionId, lock);
  if (!r || r.meeting_id !== meeting.id) notFound();
  return { meeting, r };
}

/** Opens a resolution of an open meeting whose quorum is reached; postal votes are counted at once. */
export async function openMeetingResolution(db: Db, input: { entity: MeetingEntity; meetingId: string; resolutionId: string; actorId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const { meeting, r } = await meetingResolution(db, input.entity.id, input.meetingId, input.resolutionId);
  // A written consultation has no session: its votes open once it is convened.
  const written = meeting.kind === "written";
  if (meeting.status !== "open" && !(written && meeting.status === "convened")) throw new AppError("meetings.notOpen", {}, 409);
  if (hasQuorum(meeting.kind as MeetingKind, meeting.organ_id != null)) {
    const a = await meetingAttendance(db, input.entity, meeting, now);
    const q = a.quorums[r.kind as "ordinary" | "extraordinary"];
    if (q && !q.reached) throw new AppError("meetings.quorumNotReached", { present: q.present.toString(), required: q.required.toString() }, 409);
  }
  const secret = await isSecretResolution(db, input.entity.id, r);
  // One transaction: the vote never opens without the postal votes received for it.
  let setAside = 0;
  await openResolution(db, {
    entity: input.entity,
    actorId: input.actorId,
    resolutionId: r.id,
    now,
    alsoInside: async (trx) => {
      // The meeting read again, key-share locked, with the vote: a close of the meeting at the same
      // moment (which locks it for update) either comes first, and the vote does not open, or waits.
      const current = await m.findMeeting(trx, input.entity.id, meeting.id, "key share");
      if (!current || (current.status !== "open" && !(written && current.status === "convened"))) throw new AppError("meetings.notOpen", {}, 409);
      ({ setAside } = await countPostalVotes(trx, { entityId: input.entity.id, actorId: input.actorId, resolutionId: r.id, deadline: meeting.postal_deadline, secret, now }));
    },
  });
  return { setAside };
}

export async function closeMeetingResolution(db: Db, input: { entity: MeetingEntity; meetingId: string; resolutionId: string; actorId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const { meeting, r } = await meetingResolution(db, input.entity.id, input.meetingId, input.resolutionId);
  // Someone who raised a hand may have voted on a phone since: never count them twice. Checked
  // inside the close, the vote locked: a phone vote at the same moment is in before, or refused.
  const alsoInside = async (trx: Db) => {
    const counts = await m.handCounts(trx, r.id);
    if (counts.length > 0) checkHands(counts, await handGroups(trx, input.entity, meeting, r, now), await isSecretResolution(trx, input.entity.id, r));
  };
  return closeResolution(db, { entityId: input.entity.id, actorId: input.actorId, resolutionId: r.id, now, alsoInside });
}

export interface HandGroup {
  /** The college; "" for members outside any college, when the vote has no colleges. */
  id: string;
  name: string | null;
  /** Hands that may still be raised: members present or represented by a named holder, who have not voted otherwise. */
  max: number;
}

/**
 * Where hands may be counted for a resolution: its own colleges (or one group when it has
 * none), each with the members in the room who can still raise a hand. A blank proxy votes
 * with the board at the close, never by hand.
 */
export async function handGroups(db: Db, entity: MeetingEntity, meeting: m.MeetingRow, r: ResolutionRow, now: Date = new Date()): Promise<HandGroup[]> {
  const colleges = await resolutionColleges(db, r.id);
  const groups = colleges.length ? colleges.map((c) => ({ id: c.college_id, name: c.name, max: 0 })) : [{ id: "", name: null, max: 0 }];
  const a = await meetingAttendance(db, entity, meeting, now);
  const voted = new Set((await listParticipants(db, r.id)).map((p) => p.memberId));
  // A holder outside the members raises their principal's hand once checked in (the proxy is then valid).
  const represented = a.proxies.filter((p) => (p.holderId != null || p.holderRelation != null) && p.status === "valid").map((p) => p.principalId);
  const inRoom = [...a.sets.present, ...represented].filter((id) => !voted.has(id));
  const byId = new Map(groups.map((g) => [g.id, g]));
  for (const v of await m.votersAmong(db, r.id, inRoom)) {
    const group = byId.get(v.collegeId != null && byId.has(v.collegeId) ? v.collegeId : "");
    if (group) group.max += 1;
  }
  return groups;
}

type HandRow = { collegeId: string; for: number; against: number; abstain: number };

const HAND_ERRORS = { unknown: "hands.unknownCollege", tooMany: "hands.tooMany", tooManyOutside: "hands.tooManyOutside" };
const PAPER_ERRORS = { unknown: "hands.paper.unknownCollege", tooMany: "hands.paper.tooMany", tooManyOutside: "hands.paper.tooManyOutside" };

/** Under a secret rule the counts are paper ballots counted by the scrutineers, and the errors say so. */
function checkHands(counts: HandRow[], groups: HandGroup[], paper: boolean) {
  const errors = paper ? PAPER_ERRORS : HAND_ERRORS;
  const seen = new Set<string>();
  for (const row of counts) {
    const group = groups.find((g) => g.id === row.collegeId);
    if (!group || seen.has(row.collegeId)) throw new AppError(errors.unknown, {}, 422);
    seen.add(row.collegeId);
    const count = row.for + row.against + row.abstain;
    if (count > group.max) throw new AppError(group.name == null ? errors.tooManyOutside : errors.tooMany, { college: group.name ?? "", max: group.max, count }, 422);
  }
}

/**
 * Counts per college added to the ballots cast on devices and by post: from a show of hands, or
 * under a secret rule from the paper ballots the scrutineers counted in the room. Only the
 * resolution's colleges, and never more than members who can still vote in the room. Returns
 * whether they were paper ballots.
 */
export async function setHandCounts(db: Db, input: { entity: MeetingEntity; meetingId: string; resolutionId: string; counts: HandRow[]; now?: Date }) {
  return db.transaction().execute(async (trx) => {
    // Key-share locked, as a ballot: counts given as the vote closes are in before the result is
    // frozen, or read the vote closed; never written after it.
    const { meeting, r } = await meetingResolution(trx, input.entity.id, input.meetingId, input.resolutionId, "key share");
    if (r.status !== "open") throw new AppError("resolutions.notOpen", {}, 409);
    // An election's ballots mark candidates: a show of hands for, against or abstain has no place in it.
    if (r.form === "election") throw new AppError("elections.errors.noHands", {}, 422, "resolutionId");
    const paper = await isSecretResolution(trx, input.entity.id, r);
    checkHands(input.counts, await handGroups(trx, input.entity, meeting, r, input.now), paper);
    await m.replaceHandCounts(trx, r.id, input.counts);
    return { paper };
  });
}
