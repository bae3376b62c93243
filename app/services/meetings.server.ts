// General assemblies (DESIGN.md §3: quorum, proxies, convocation): the meeting, its agenda,
// documents and notice, and who attends it. The session (check-in, opening, next call) is in
// meeting-attendance.server.ts, proxies and postal votes in meeting-postal.server.ts, the votes
// in the room in meeting-votes.server.ts.
import { createHash } from "node:crypto";
import { changedFields } from "~/domain/changes";
import { checkDocument } from "~/domain/files";
import { findOrgan } from "~/queries/organs.server";
import { meetingOrgan } from "./organs.server";
import { hasQuorum, resolutionKinds, type MeetingKind } from "~/domain/meetings";
import { WEIGHT_SCALE } from "~/domain/members";
import { latestNoticeDay, noticeDays, noticeIsLate } from "~/domain/notice";
import { meetingProxyPolicy, outsiderKey } from "~/domain/proxies";
import { countAttendance, countedTotals, meetingQuorum, type QuorumFigures } from "~/domain/quorum";
import { Rational } from "~/domain/rational";
import type { LegalForm } from "~/domain/legal-forms";
import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { AppError, notFound } from "~/lib/errors";
import { getFixedT } from "~/lib/i18n";
import { newId } from "~/lib/ids.server";
import { formatDate, type Locale } from "~/lib/locale";
import { saveUpload } from "~/lib/storage.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { findMemberOfUser } from "~/queries/members.server";
import { listColleges } from "~/queries/colleges.server";
import * as m from "~/queries/meetings.server";
import { findResolution, updateResolution } from "~/queries/resolutions.server";
import { findRule } from "~/queries/rules.server";
import { ensureElection } from "./election.server";
import { queueLegalNotice } from "./notifications.server";
import { meetingIcs } from "./notifications-calendar.server";
import { ruleFromRow } from "./rules.server";
import { isSecretResolution } from "./secrecy.server";

export interface MeetingEntity {
  id: string;
  name: string;
  slug: string;
  legal_form: string;
  colleges_enabled: number;
  notice_days: number | null;
}

export interface MeetingInput {
  kind: MeetingKind;
  title: string;
  startsAt: Date;
  place: string | null;
  remoteLink: string | null;
  postalDeadline: Date | null;
  organId?: string | null;
}

const micro = (v: number | string | null | undefined) => Rational.fromScaled(BigInt(v ?? 0), WEIGHT_SCALE);

/** The meeting, or 404; `lock`: its row stays locked until the transaction ends (db/dialect.ts lockRows). */
export async function meetingOrThrow(db: Db, entityId: string, meetingId: string, lock?: Parameters<typeof m.findMeeting>[3]) {
  const meeting = await m.findMeeting(db, entityId, meetingId, lock);
  if (!meeting) notFound();
  return meeting;
}

const meetingSubject = (id: string) => ({ type: "meeting" as const, id });

/** The fields that changed, before and after, for the journal; null when nothing changed. */
export async function createMeeting(db: Db, input: { entity: MeetingEntity; actorId: string; meeting: MeetingInput; call?: number; previousMeetingId?: string | null; now?: Date }) {
  const now = (input.now ?? new Date()).toISOString();
  const x = input.meeting;
  const id = newId();
  const organId = await meetingOrgan(db, input.entity.id, x.kind, x.organId ?? null);
  await m.insertMeeting(db, {
    id,
    entity_id: input.entity.id,
    organ_id: organId,
    kind: x.kind,
    title: x.title,
    starts_at: x.startsAt.toISOString(),
    place: x.place,
    remote_link: x.remoteLink,
    call: input.call ?? 1,
    previous_meeting_id: input.previousMeetingId ?? null,
    status: "draft",
    postal_deadline: x.postalDeadline?.toISOString() ?? null,
    created_by: input.actorId,
    created_at: now,
    updated_at: now,
  });
  await insertAuditEvent(db, { entityId: input.entity.id, userId: input.actorId, action: "meeting.created", subject: meetingSubject(id), detail: { id, kind: x.kind, title: x.title }, now: new Date(now) });
  return { id };
}

/**
 * Changes the date, place, deadline… of a meeting not yet open; each change is journaled. The
 * postal deadline cannot move before a postal vote already received: it would discard it.
 */
export async function updateMeetingDetails(db: Db, input: { entityId: string; actorId: string; meetingId: string; meeting: MeetingInput; now?: Date }) {
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const meeting = await meetingOrThrow(trx, input.entityId, input.meetingId);
    if (meeting.status === "open" || meeting.status === "closed") throw new AppError("meetings.alreadyOpen", {}, 409);
    const x = input.meeting;
    const before = { kind: meeting.kind, organId: meeting.organ_id, title: meeting.title, startsAt: meeting.starts_at, place: meeting.place, remoteLink: meeting.remote_link, postalDeadline: meeting.postal_deadline };
    const after = { kind: x.kind, organId: await meetingOrgan(trx, input.entityId, x.kind, x.organId ?? null), title: x.title, startsAt: x.startsAt.toISOString(), place: x.place, remoteLink: x.remoteLink, postalDeadline: x.postalDeadline?.toISOString() ?? null };
    const diff = changedFields(before, after);
    if (!diff) return;
    if (after.postalDeadline && after.postalDeadline !== before.postalDeadline) {
      const last = await m.lastPostalReceipt(trx, meeting.id);
      if (last && after.postalDeadline < last) throw new AppError("meetings.deadlineBeforePostal", {}, 422, "postalDeadline");
    }
    await m.updateMeeting(trx, meeting.id, { kind: after.kind, organ_id: after.organId, title: after.title, starts_at: after.startsAt, place: after.place, remote_link: after.remoteLink, postal_deadline: after.postalDeadline, updated_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "meeting.updated", subject: meetingSubject(meeting.id), detail: diff, now });
  });
}

/** The officers of the session and its incidents, for the minutes; journaled. */
export async function setMinutesFields(db: Db, input: { entityId: string; actorId: string; meetingId: string; president: string | null; secretary: string | null; scrutineers: string | null; incidents: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const meeting = await meetingOrThrow(trx, input.entityId, input.meetingId);
    const after = { president: input.president, secretary: input.secretary, scrutineers: input.scrutineers, incidents: input.incidents };
    const diff = changedFields({ president: meeting.president, secretary: meeting.secretary, scrutineers: meeting.scrutineers, incidents: meeting.incidents }, after);
    if (!diff) return;
    await m.updateMeeting(trx, meeting.id, { ...after, updated_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "meeting.updated", subject: meetingSubject(meeting.id), detail: diff, now });
  });
}

// Agenda

export async function addAgendaItem(db: Db, input: { entityId: string; actorId?: string | null; meetingId: string; title: string; description: string | null; resolutionId?: string | null; now?: Date }) {
  return db.transaction().execute(async (trx) => {
    // Locked: items added (or moved) at once take their positions one after the other.
    const meeting = await meetingOrThrow(trx, input.entityId, input.meetingId, "no key update");
    if (meeting.status === "closed") throw new AppError("meetings.closed", {}, 409);
    if (input.resolutionId) {
      const r = await findResolution(trx, input.entityId, input.resolutionId);
      if (!r || r.status !== "draft" || (r.meeting_id && r.meeting_id !== meeting.id)) throw new AppError("errors.invalidChoice", { field: "resolutionId" }, 422, "resolutionId");
      await updateResolution(trx, r.id, { meeting_id: meeting.id });
    }
    const id = newId();
    await m.insertAgendaItem(trx, { id, meeting_id: meeting.id, position: await m.nextAgendaPosition(trx, meeting.id), title: input.title, description: input.description, resolution_id: input.resolutionId ?? null, summary: null });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId ?? null, action: "meeting.itemAdded", subject: meetingSubject(meeting.id), detail: { after: { item: input.title } }, now: input.now ?? new Date() });
    return { id };
  });
}

export async function moveAgendaItem(db: Db, input: { entityId: string; actorId: string; meetingId: string; itemId: string; direction: "up" | "down"; now?: Date }) {
  await db.transaction().execute(async (trx) => {
    const meeting = await meetingOrThrow(trx, input.entityId, input.meetingId, "no key update");
    const items = await m.listAgenda(trx, meeting.id);
    const i = items.findIndex((x) => x.id === input.itemId);
    const j = input.direction === "up" ? i - 1 : i + 1;
    if (i < 0) notFound();
    if (j < 0 || j >= items.length) return;
    await m.updateAgendaItem(trx, items[i]!.id, { position: items[j]!.position });
    await m.updateAgendaItem(trx, items[j]!.id, { position: items[i]!.position });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "meeting.itemMoved", subject: meetingSubject(meeting.id), detail: { before: { position: i + 1 }, after: { item: items[i]!.title, position: j + 1 } }, now: input.now ?? new Date() });
  });
}

/** Takes an item off the agenda, unless its resolution was voted on, in the room or by post. */
export async function removeAgendaItem(db: Db, input: { entityId: string; actorId: string; meetingId: string; itemId: string; now?: Date }) {
  await db.transaction().execute(async (trx) => {
    const meeting = await meetingOrThrow(trx, input.entityId, input.meetingId);
    const item = (await m.listAgenda(trx, meeting.id)).find((x) => x.id === input.itemId);
    if (!item) notFound();
    if (item.resolutionId && item.resolutionStatus !== "draft") throw new AppError("meetings.itemVoted", {}, 409);
    if (item.resolutionId && (await m.countPostalVotesOn(trx, item.resolutionId)) > 0) throw new AppError("meetings.itemHasPostal", {}, 409);
    if (item.resolutionId) await updateResolution(trx, item.resolutionId, { meeting_id: null });
    await m.deleteAgendaItem(trx, meeting.id, item.id);
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "meeting.itemRemoved", subject: meetingSubject(meeting.id), detail: { before: { item: item.title } }, now: input.now ?? new Date() });
  });
}

export async function setSummary(db: Db, input: { entityId: string; meetingId: string; itemId: string; summary: string | null }) {
  const meeting = await meetingOrThrow(db, input.entityId, input.meetingId);
  const item = (await m.listAgenda(db, meeting.id)).find((x) => x.id === input.itemId);
  if (!item) notFound();
  await m.updateAgendaItem(db, item.id, { summary: input.summary });
}


// Documents

export async function uploadDocument(db: Db, input: { entityId: string; meetingId: string; actorId: string; name: string; bytes: Uint8Array; now?: Date }) {
  const meeting = await meetingOrThrow(db, input.entityId, input.meetingId);
  const check = checkDocument(input.name, input.bytes);
  if (!check.ok) throw new AppError(`documents.${check.reason}`, { max: 10 }, 422, "file");
  const id = newId();
  const storageKey = `${meeting.id}/${id}.${check.extension}`;
  const now = input.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    await saveUpload(trx, storageKey, input.bytes, now);
    await m.insertDocument(trx, {
      id,
      meeting_id: meeting.id,
      name: input.name.replace(/[\\/]/g, "_").slice(0, 200),
      media_type: check.mediaType,
      size: input.bytes.length,
      storage_key: storageKey,
      sha256: createHash("sha256").update(input.bytes).digest("hex"),
      uploaded_by: input.actorId,
      created_at: now.toISOString(),
    });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "meeting.documentAdded", subject: meetingSubject(meeting.id), detail: { after: { document: input.name } }, now });
  });
  return { id };
}


// Notice

export function noticeInfo(entity: MeetingEntity, meeting: { starts_at: string; call: number; notice_sent_at: string | null }, now: Date = new Date()) {
  const days = noticeDays(entity.legal_form as LegalForm, meeting.call, entity.notice_days);
  const meetingDay = isoDateInParis(new Date(meeting.starts_at));
  const latest = latestNoticeDay(meetingDay, days);
  const sentDay = meeting.notice_sent_at ? isoDateInParis(new Date(meeting.notice_sent_at)) : null;
  return { days, latest, sentDay, late: sentDay ? noticeIsLate(sentDay, meetingDay, days) : isoDateInParis(now) > latest };
}

/**
 * Sends the notice: every active member with an e-mail gets the agenda, the draft resolutions,
 * the documents, and the link to give a proxy or vote by post. Sending late is allowed but
 * recorded as late (the minutes will say so). Each secret resolution on the agenda gets its
 * election; in trustee mode the notice goes even while keys are missing, and postal votes on that
 * resolution are refused, naming the trustees, until they have all published theirs.
 */
export async function sendNotice(db: Db, input: { entity: MeetingEntity; meetingId: string; actorId: string; mode: "email" | "post" | "hand"; origin: string; locale: Locale; now?: Date }) {
  const now = input.now ?? new Date();
  const meeting = await meetingOrThrow(db, input.entity.id, input.meetingId);
  if (meeting.status !== "draft" && meeting.status !== "convened") throw new AppError("meetings.alreadyOpen", {}, 409);
  const agenda = await m.listAgenda(db, meeting.id);
  const docs = await m.listDocuments(db, meeting.id);
  const resolutions = await m.meetingResolutions(db, meeting.id);
  // Each secret resolution gets its election now: postal votes are encrypted from the notice on.
  let secret = 0;
  for (const r of resolutions) {
    if (r.status !== "draft" || !(await isSecretResolution(db, input.entity.id, r))) continue;
    await ensureElection(db, { entityId: input.entity.id, resolutionId: r.id, now });
    secret += 1;
  }
  const t = getFixedT(input.locale);
  const link = `${input.origin}/o/${input.entity.slug}/meetings/${meeting.id}`;
  const body = [
    t("notice.mailIntro", { entity: input.entity.name, title: meeting.title, date: formatDate(input.locale, meeting.starts_at, { dateStyle: "full", timeStyle: "short" }), place: meeting.place ?? meeting.remote_link ?? "" }),
    ...(meeting.place && meeting.remote_link ? [t("notifications.remoteLink", { link: meeting.remote_link })] : []),
    "",
    t("notice.mailAgenda"),
    ...agenda.map((a, i) => `${i + 1}. ${a.title}`),
    "",
    ...(resolutions.length ? [t("notice.mailResolutions"), ...resolutions.map((r) => `— ${t("resolutions.numbered", { number: r.number })} : ${r.title}\n${r.body}`), ""] : []),
    ...(docs.length ? [t("notice.mailDocuments"), ...docs.map((d) => `— ${d.name} : ${link}/documents/${d.id}`), ""] : []),
    t("notice.mailActions", { link }),
    ...(secret ? [t("notice.mailSecret", { count: secret })] : []),
    ...(meeting.postal_deadline ? [t("notice.mailDeadline", { date: formatDate(input.locale, meeting.postal_deadline, { dateStyle: "long", timeStyle: "short" }) })] : []),
  ].join("\n");
  let count = 0;
  if (input.mode === "email") {
    let after = "";
    const day = isoDateInParis(now);
    for (;;) {
      const page = await m.noticeRecipients(db, input.entity.id, day, after, 500, meeting.organ_id);
      if (page.length === 0) break;
      await db.transaction().execute(async (trx) => {
        for (const r of page) await queueLegalNotice(trx, { entityId: input.entity.id, sendingId: `${meeting.id}@${now.toISOString()}`, member: { id: r.id, email: r.email! }, mail: { subject: t("notice.mailSubject", { title: meeting.title, entity: input.entity.name }), body: t("notice.mailHello", { name: r.name }) + "\n\n" + body, sentBy: input.actorId, attachments: [meetingIcs(meeting, input.entity, input.locale, now)] }, now });
      });
      count += page.length;
      after = page[page.length - 1]!.id;
    }
  }
  await m.updateMeeting(db, meeting.id, { status: "convened", notice_sent_at: now.toISOString(), notice_mode: input.mode, updated_at: now.toISOString() });
  const info = noticeInfo(input.entity, { ...meeting, notice_sent_at: now.toISOString() }, now);
  await insertAuditEvent(db, { entityId: input.entity.id, userId: input.actorId, action: "meeting.convened", subject: meetingSubject(meeting.id), detail: { meetingId: meeting.id, mode: input.mode, recipients: count, late: info.late }, now });
  return { count, late: info.late, latest: info.latest };
}


// Attendance and quorum

/** The proxy cap that applies at a meeting: the strictest among its resolutions' rules. */
async function meetingRules(db: Db, entityId: string, meetingId: string, organId: string | null) {
  const resolutions = await m.meetingResolutions(db, meetingId);
  const rules = [];
  // An organ's meeting has its own quorum: the one of the rule its decisions use.
  const organ = organId ? await findOrgan(db, entityId, organId) : undefined;
  const organRule = organ?.rule_id ? await findRule(db, entityId, organ.rule_id) : undefined;
  if (organRule) rules.push({ kind: "ordinary" as const, rule: ruleFromRow(organRule) });
  for (const r of resolutions) {
    const row = await findRule(db, entityId, r.rule_id);
    if (row) rules.push({ kind: r.kind as "ordinary" | "extraordinary", rule: ruleFromRow(row) });
  }
  return rules;
}

export interface CollegeAttendance {
  collegeId: string | null;
  eligible: number;
  eligibleWeight: string;
  present: number;
  presentWeight: string;
  represented: number;
  representedWeight: string;
  postal: number;
  postalWeight: string;
  absent: number;
  absentWeight: string;
}

/**
 * The live attendance panel: per college, present, represented through valid proxies, postal and
 * absent, by head and by weight; and the quorum for each kind of resolution the meeting decides.
 */
export async function meetingAttendance(db: Db, entity: MeetingEntity, meeting: m.MeetingRow, now: Date = new Date()) {
  const day = isoDateInParis(now);
  const requireCollege = entity.colleges_enabled === 1;
  const [unordered, attendance, proxies, postal, rules, collegeList] = await Promise.all([
    m.electorateTotals(db, entity.id, day, requireCollege, meeting.organ_id),
    m.listAttendance(db, meeting.id),
    m.meetingProxies(db, meeting.id),
    m.postalVoters(db, meeting.id),
    meetingRules(db, entity.id, meeting.id, meeting.organ_id),
    listColleges(db, entity.id, { includeArchived: true }),
  ]);
  // In the colleges' own order, members outside any college last.
  const position = new Map(collegeList.map((c) => [c.id, c.position]));
  const totals = [...unordered].sort((a, b) => (position.get(a.collegeId ?? "") ?? 1e9) - (position.get(b.collegeId ?? "") ?? 1e9));
  const total = { count: totals.reduce((n, t) => n + Number(t.n), 0), weight: totals.reduce((w, t) => w.add(micro(t.w)), Rational.ZERO) };
  const policy = meetingProxyPolicy(rules.map((r) => r.rule), total.count);
  const holderOf = (p: (typeof proxies)[number]) => p.holderId ?? (p.holderRelation != null && p.holderName != null ? outsiderKey(p.holderName) : null);
  const ids = [...new Set([...attendance.map((a) => a.memberId), ...proxies.flatMap((p) => [p.principalId, ...(p.holderId ? [p.holderId] : [])]), ...postal.map((p) => p.memberId)])];
  const eligible = await m.eligibleAmong(db, entity.id, ids, day, requireCollege, meeting.organ_id);
  const electorate = eligible.map((e) => ({ id: e.id, weight: micro(e.weightMicro) }));
  const collegeOf = new Map(eligible.map((e) => [e.id, e.collegeId]));
  const weightOf = new Map(electorate.map((e) => [e.id, e.weight]));
  const counted = countAttendance({
    electorate,
    present: attendance.map((a) => a.memberId),
    proxies: proxies.map((p) => ({ principal: p.principalId, holder: holderOf(p) })),
    presentHolders: proxies.flatMap((p) => (p.holderCheckedInAt != null && p.holderName != null ? [outsiderKey(p.holderName)] : [])),
    statute: { sameCollege: policy.sameCollege, maxPerCollege: policy.maxPerCollege, collegeOf: (id) => collegeOf.get(id) ?? undefined },
    postal: postal.map((p) => ({ member: p.memberId, receivedAt: new Date(p.receivedAt) })),
    postalDeadline: meeting.postal_deadline ? new Date(meeting.postal_deadline) : null,
    proxyCap: policy.cap,
  });
  const sum = (set: Set<string>, college: string | null) => {
    const members = [...set].filter((id) => collegeOf.get(id) === college);
    return { n: members.length, w: Rational.sum(members.map((id) => weightOf.get(id) ?? Rational.ZERO)) };
  };
  const colleges: CollegeAttendance[] = totals.map((t) => {
    const c = t.collegeId;
    const [p, r, s] = [sum(counted.present, c), sum(counted.represented, c), sum(counted.postal, c)];
    const w = micro(t.w);
    return {
      collegeId: c,
      eligible: Number(t.n),
      eligibleWeight: w.toString(),
      present: p.n,
      presentWeight: p.w.toString(),
      represented: r.n,
      representedWeight: r.w.toString(),
      postal: s.n,
      postalWeight: s.w.toString(),
      absent: Number(t.n) - p.n - r.n - s.n,
      absentWeight: w.sub(p.w).sub(r.w).sub(s.w).toString(),
    };
  });
  const countedFigures = countedTotals(counted, electorate);
  const quorums: Partial<Record<"ordinary" | "extraordinary", QuorumFigures & { fraction: string }>> = {};
  if (hasQuorum(meeting.kind as MeetingKind, meeting.organ_id != null)) {
    for (const kind of resolutionKinds(meeting.kind as MeetingKind)) {
      const ofKind = rules.filter((r) => r.kind === kind);
      const fractions = ofKind.map((r) => ({ f: meeting.call > 1 ? r.rule.quorumLater : r.rule.quorumFirst, basis: r.rule.quorumBasis })).filter((x): x is { f: Rational; basis: "headcount" | "weight" } => x.f != null);
      if (fractions.length === 0) continue;
      const strictest = fractions.reduce((a, b) => (b.f.gt(a.f) ? b : a));
      quorums[kind] = { ...meetingQuorum(strictest.f, strictest.basis, countedFigures, total), fraction: strictest.f.toString() };
    }
  }
  return {
    total: { count: total.count, weight: total.weight.toString() },
    counted: countedFigures.count,
    colleges,
    quorums,
    proxyCap: policy.cap,
    proxyPolicy: policy,
    present: attendance,
    proxies: proxies.map((p) => ({ ...p, status: counted.voidProxies.some((v) => v.principal === p.principalId) ? "void" : counted.represented.has(p.principalId) ? "valid" : "idle" })),
    postal: postal.map((p) => ({ ...p, late: counted.latePostal.includes(p.memberId) })),
    /** Who is counted how, for the attendance sheet. */
    sets: counted,
  };
}

/** The member a signed-in person is, for the member's own actions at a meeting. */
export async function memberForUser(db: Db, entityId: string, userId: string) {
  const member = await findMemberOfUser(db, entityId, userId);
  if (!member) throw new AppError("voting.notAMember", {}, 403);
  return member;
}
