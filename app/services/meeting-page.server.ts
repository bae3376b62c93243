// What the meeting pages show, gathered for their routes.
import { findOrgan } from "~/queries/organs.server";
import { renewalsAt } from "./organs-page.server";
import { hasQuorum, type MeetingKind } from "~/domain/meetings";
import { isActiveMember } from "~/domain/scic";
import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { notFound } from "~/lib/errors";
import { renderMarkdown } from "~/lib/markdown.server";
import { listHistory } from "~/queries/audit.server";
import { activeProxyOfPrincipal } from "~/queries/ballots.server";
import { listColleges } from "~/queries/colleges.server";
import { findMemberOfUser, listMemberPage } from "~/queries/members.server";
import * as m from "~/queries/meetings.server";
import { listUnattachedDrafts } from "~/queries/resolutions.server";
import type { BallotJson } from "~/crypto/ballot";
import { ballotTracker } from "~/crypto/box";
import { handGroups } from "./meeting-votes.server";
import { meetingAttendance, noticeInfo, type MeetingEntity } from "./meetings.server";
import { secretVotesOf } from "./secrecy.server";

function quorumsJson(q: Awaited<ReturnType<typeof meetingAttendance>>["quorums"]) {
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, { fraction: v!.fraction, required: v!.required.toString(), present: v!.present.toString(), reached: v!.reached }]));
}

export async function meetingPage(db: Db, input: { entity: MeetingEntity; meetingId: string; canRun: boolean; userId: string; holderQuery: string; now?: Date }) {
  const now = input.now ?? new Date();
  const meeting = await m.findMeeting(db, input.entity.id, input.meetingId);
  if (!meeting || (!input.canRun && meeting.status === "draft")) notFound();
  const [agenda, documents, resolutions] = await Promise.all([m.listAgenda(db, meeting.id), m.listDocuments(db, meeting.id), m.meetingResolutions(db, meeting.id)]);
  const attendance = hasQuorum(meeting.kind as MeetingKind, meeting.organ_id != null) || input.canRun ? await meetingAttendance(db, input.entity, meeting, now) : null;

  // The member's own options before the meeting: a proxy, or postal votes.
  const member = await findMemberOfUser(db, input.entity.id, input.userId);
  let me = null;
  if (member && isActiveMember({ joinedOn: member.joined_on, exitedOn: member.exited_on }, isoDateInParis(now))) {
    const proxy = await activeProxyOfPrincipal(db, { resolutionId: null, meetingId: meeting.id }, member.id);
    const postal = await m.postalVotesOf(db, meeting.id, member.id);
    const checkedIn = await m.findAttendance(db, meeting.id, member.id);
    let holders: { id: string; name: string; collegeName: string | null }[] = [];
    if (input.holderQuery && !proxy && postal.length === 0) {
      const found = await listMemberPage(db, input.entity.id, { q: input.holderQuery, college: "", category: "", status: "active", page: 1 }, isoDateInParis(now), { namesOnly: true });
      holders = found.filter((x) => x.id !== member.id).slice(0, 20).map((x) => ({ id: x.id, name: x.name, collegeName: x.collegeName }));
    }
    me = {
      memberId: member.id,
      proxy: proxy ? { holderName: proxy.holderName, blank: proxy.holderId == null && proxy.holderRelation == null } : null,
      // A secret postal vote keeps no choice: "sealed" while its encrypted ballot waits for the opening.
      postal: Object.fromEntries(postal.map((p) => [p.resolutionId, p.choice ?? (p.ballot ? "sealed" : "counted")])),
      // Each sealed ballot's tracker, to find it in the box once the vote opens (shown to the member only).
      trackers: Object.fromEntries(postal.filter((p) => p.ballot).map((p) => [p.resolutionId, ballotTracker(JSON.parse(p.ballot!) as BallotJson)])),
      checkedIn: checkedIn?.mode ?? null,
      holders,
      // Who may hold besides a member, at the strictest of the meeting's rules.
      outsiders: (attendance ?? (await meetingAttendance(db, input.entity, meeting, now))).proxyPolicy.holders,
    };
  }
  // Secret votes: who still has to publish a key, and colleges too small to keep choices secret.
  const secrecy = Object.fromEntries(Object.entries(await secretVotesOf(db, input.entity.id, resolutions, now)).map(([id, x]) => [id, { mode: x.mode, waitingFor: x.waitingFor, small: x.small.map((c) => c.name) }]));
  const openResolutions = resolutions.filter((r) => r.status === "open");
  // The show of hands (secret votes: paper ballots) of each open vote: where they may be counted, and the counts so far.
  const hands = input.canRun ? Object.fromEntries(await Promise.all(openResolutions.filter((r) => r.form !== "election").map(async (r) => [r.id, { groups: await handGroups(db, input.entity, meeting, r, now), counts: await m.handCounts(db, r.id), paper: secrecy[r.id] != null }] as const))) : {};
  return {
    secrecy,
    renewals: input.canRun ? await renewalsAt(db, input.entity.id, meeting) : [],
    meeting: {
      id: meeting.id,
      kind: meeting.kind,
      organId: meeting.organ_id,
      organName: meeting.organ_id ? ((await findOrgan(db, input.entity.id, meeting.organ_id))?.name ?? null) : null,
      title: meeting.title,
      startsAt: meeting.starts_at,
      place: meeting.place,
      remoteLink: meeting.remote_link,
      call: meeting.call,
      previousMeetingId: meeting.previous_meeting_id,
      status: meeting.status,
      postalDeadline: meeting.postal_deadline,
      noticeSentAt: meeting.notice_sent_at,
      noticeMode: meeting.notice_mode,
      openedAt: meeting.opened_at,
      closedAt: meeting.closed_at,
      nextCall: meeting.quorum ? ((JSON.parse(meeting.quorum) as { nextCall?: string }).nextCall ?? null) : null,
    },
    notice: noticeInfo(input.entity, meeting, now),
    agenda,
    documents,
    // A draft's text, read before voting by post (the voted ones have their own page).
    resolutions: resolutions.map((r) => ({ id: r.id, number: r.number, title: r.title, status: r.status, outcome: r.outcome, kind: r.kind, bodyHtml: r.status === "draft" ? renderMarkdown(r.body) : null })),
    draftResolutions: input.canRun
      ? await listUnattachedDrafts(db, input.entity.id)
      : [],
    colleges: (await listColleges(db, input.entity.id)).map((c) => ({ id: c.id, name: c.name })),
    attendance: attendance ? { total: attendance.total, counted: attendance.counted, colleges: attendance.colleges, quorums: quorumsJson(attendance.quorums), proxyCap: attendance.proxyCap } : null,
    hands,
    history: await listHistory(db, input.entity.id, { type: "meeting", id: meeting.id }, 50),
    me,
    postalOpen: meeting.status !== "open" && meeting.status !== "closed" && (!meeting.postal_deadline || now.toISOString() <= meeting.postal_deadline),
  };
}

/** The secretary's desk: who is in, proxies and postal forms, with a search to check people in. */
export async function attendancePage(db: Db, input: { entity: MeetingEntity; meetingId: string; query: string; now?: Date }) {
  const now = input.now ?? new Date();
  const meeting = await m.findMeeting(db, input.entity.id, input.meetingId);
  if (!meeting) notFound();
  const a = await meetingAttendance(db, input.entity, meeting, now);
  const found = input.query ? await listMemberPage(db, input.entity.id, { q: input.query, college: "", category: "", status: "active", page: 1 }, isoDateInParis(now)) : null;
  const resolutions = await m.meetingResolutions(db, meeting.id);
  const secrecy = await secretVotesOf(db, input.entity.id, resolutions.filter((r) => r.status === "draft"), now);
  return {
    meeting: { id: meeting.id, title: meeting.title, status: meeting.status, kind: meeting.kind, organId: meeting.organ_id, president: meeting.president, secretary: meeting.secretary, scrutineers: meeting.scrutineers, incidents: meeting.incidents, postalDeadline: meeting.postal_deadline },
    attendance: { total: a.total, counted: a.counted, colleges: a.colleges, quorums: quorumsJson(a.quorums), proxyCap: a.proxyCap, proxyHolders: a.proxyPolicy.holders, present: a.present, proxies: a.proxies, postal: a.postal },
    colleges: (await listColleges(db, input.entity.id)).map((c) => ({ id: c.id, name: c.name })),
    found: found?.slice(0, 25).map((r) => ({ id: r.id, name: r.name, number: r.memberNumber, collegeName: r.collegeName })) ?? [],
    // Paper postal forms are for votes not yet open.
    resolutions: resolutions.filter((r) => r.status === "draft").map((r) => ({ id: r.id, number: r.number, title: r.title, secret: secrecy[r.id] != null })),
  };
}
