// The minutes of a meeting: built from what Cogere recorded, previewed as a draft, and
// frozen (content and files, with their SHA-256) when the secretary finalises them.
import { createHash } from "node:crypto";
import type { AttendanceStatus, MinutesModel, MinutesResolution } from "~/domain/minutes";
import { votingWeightText, WEIGHT_SCALE } from "~/domain/members";
import { Rational } from "~/domain/rational";
import { ruleInWords, showsLiveResults } from "~/domain/rules";
import { isUniqueViolation, type Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import type { Locale } from "~/lib/locale";
import { insertAuditEvent } from "~/queries/audit.server";
import * as m from "~/queries/meetings.server";
import * as q from "~/queries/minutes.server";
import { findRule } from "~/queries/rules.server";
import { findOrgan } from "~/queries/organs.server";
import { findResolution } from "~/queries/resolutions.server";
import { minutesElection } from "./seat-election-result.server";
import { meetingAttendance, noticeInfo, type MeetingEntity } from "./meetings.server";
import { resultOf, type FrozenResult } from "./resolutions.server";
import { ruleFromRow } from "./rules.server";
import { notifyMinutesFinalized } from "./notifications.server";
import { secretVotesOf, type SecretVoteInfo } from "./secrecy.server";
import { isoDateInParis } from "~/lib/dates";
import { renderMinutesFiles, type RenderedFile } from "~/exports/minutes.server";

const micro = (v: number) => Rational.fromScaled(BigInt(v), WEIGHT_SCALE);

/** The minutes as they stand now (a draft), from the meeting's records. */
export async function buildMinutesModel(db: Db, entity: MeetingEntity & { address: string | null; registration_number: string | null }, meetingId: string): Promise<MinutesModel> {
  const meeting = await m.findMeeting(db, entity.id, meetingId);
  if (!meeting) notFound();
  // The electorate of the day of the meeting, whatever happened in the register since.
  const at = new Date(meeting.opened_at ?? meeting.starts_at);
  const day = isoDateInParis(at);
  const [attendance, agenda, documents, resolutions, members] = await Promise.all([
    meetingAttendance(db, entity, meeting, at),
    m.listAgenda(db, meeting.id),
    m.listDocuments(db, meeting.id),
    m.meetingResolutions(db, meeting.id),
    m.listEligibleMembers(db, entity.id, day, entity.colleges_enabled === 1, meeting.organ_id),
  ]);
  // The check-ins, with their mode, are those meetingAttendance read.
  const remote = new Set(attendance.present.filter((r) => r.mode === "remote").map((r) => r.memberId));
  const holderOf = new Map(attendance.proxies.filter((p) => p.status === "valid").map((p) => [p.principalId, p]));
  const names = new Map(members.map((x) => [x.collegeId, x.collegeName]));
  const status = (id: string): AttendanceStatus =>
    attendance.sets.present.has(id) ? (remote.has(id) ? "remote" : "present") : attendance.sets.represented.has(id) ? "represented" : attendance.sets.postal.has(id) ? "postal" : "absent";

  const colleges = attendance.colleges.map((c) => {
    const inCollege = members.filter((x) => x.collegeId === c.collegeId && remote.has(x.id));
    const remoteWeight = inCollege.reduce((w, x) => w.add(micro(x.weightMicro)), Rational.ZERO);
    return {
      name: c.collegeId ? (names.get(c.collegeId) ?? null) : null,
      eligible: c.eligible,
      eligibleWeight: c.eligibleWeight,
      present: c.present - inCollege.length,
      presentWeight: Rational.parse(c.presentWeight)!.sub(remoteWeight).toString(),
      remote: inCollege.length,
      remoteWeight: remoteWeight.toString(),
      represented: c.represented,
      representedWeight: c.representedWeight,
      postal: c.postal,
      postalWeight: c.postalWeight,
      absent: c.absent,
      absentWeight: c.absentWeight,
    };
  });

  const secrets = await secretVotesOf(db, entity.id, resolutions, at);
  const minutesResolutions: MinutesResolution[] = [];
  for (const r of resolutions) {
    const ruleRow = await findRule(db, entity.id, r.rule_id);
    if (!ruleRow) continue;
    const rule = ruleFromRow(ruleRow);
    // An open vote whose rule hides live results shows no choice, not even in a draft.
    const published = r.status === "closed" || (r.status === "open" && showsLiveResults(rule));
    const frozen = published ? await resultOf(db, r, rule, { name: ruleRow.name, version: ruleRow.version }) : null;
    const tally = (frozen?.tally ?? {}) as { reason?: string; for?: string; against?: string; base?: string; share?: string | null; percent?: string | null; warnings?: string[]; headcountFallback?: boolean; colleges?: { id: string; for: string; against: string; abstain: string; effectiveWeight: string; counted: boolean }[] };
    minutesResolutions.push({
      number: r.number,
      title: r.title,
      body: r.body,
      kind: r.kind,
      ruleName: frozen?.rule.name ?? ruleRow.name,
      ruleWords: frozen?.rule.words ?? ruleInWords(rule),
      secret: rule.secret,
      status: r.status,
      outcome: r.outcome === "adopted" || r.outcome === "rejected" ? r.outcome : null,
      reason: tally.reason ?? null,
      for: tally.for ?? null,
      against: tally.against ?? null,
      base: tally.base ?? null,
      share: tally.share ?? null,
      percent: tally.percent ?? null,
      warnings: tally.warnings ?? [],
      headcountFallback: tally.headcountFallback ?? false,
      colleges: (frozen?.colleges ?? [])
        .filter((c) => c.id)
        .map((c) => {
          const t = tally.colleges?.find((x) => x.id === c.id);
          return { name: c.name ?? "", eligible: c.eligible, voted: c.voted, for: t?.for ?? "0", against: t?.against ?? "0", abstain: t?.abstain ?? "0", weight: c.weight ?? "0", effectiveWeight: t?.effectiveWeight ?? "0", counted: t?.counted ?? false };
        }),
      ...(await secretFigures(db, r, frozen, secrets[r.id])),
      ...(r.round === 2 ? { round: 2, firstRound: r.first_round_id ? ((await findResolution(db, entity.id, r.first_round_id))?.number ?? null) : null } : {}),
      election: frozen?.election ? minutesElection(frozen.election) : null,
    });
  }

  const notice = noticeInfo(entity, meeting);
  return {
    entity: { name: entity.name, legalForm: entity.legal_form, address: entity.address, registrationNumber: entity.registration_number },
    meeting: {
      kind: meeting.kind,
      organ: meeting.organ_id ? ((await findOrgan(db, entity.id, meeting.organ_id))?.name ?? null) : null,
      title: meeting.title,
      call: meeting.call,
      startsAt: meeting.starts_at,
      place: meeting.place,
      remoteLink: meeting.remote_link,
      openedAt: meeting.opened_at,
      closedAt: meeting.closed_at,
      noticeSentAt: meeting.notice_sent_at,
      noticeMode: meeting.notice_mode,
      noticeLate: meeting.notice_sent_at ? notice.late : false,
      noticeDays: notice.days,
    },
    officers: { president: meeting.president, secretary: meeting.secretary, scrutineers: (meeting.scrutineers ?? "").split(",").map((x) => x.trim()).filter(Boolean) },
    agenda: agenda.map((a) => ({ title: a.title, description: a.description, summary: a.summary, resolutionNumber: a.resolutionNumber })),
    documents: documents.map((d) => ({ name: d.name, sha256: d.sha256 })),
    attendance: { colleges, total: attendance.total.count, totalWeight: attendance.total.weight, counted: attendance.counted },
    quorum: Object.entries(attendance.quorums).map(([kind, x]) => ({ kind: kind as "ordinary" | "extraordinary", fraction: x!.fraction, required: x!.required.toString(), present: x!.present.toString(), reached: x!.reached })),
    members: members.map((x) => ({ name: x.name, number: x.number, college: x.collegeName, status: status(x.id), holder: holderOf.get(x.id)?.holderName ?? null, holderRelation: (holderOf.get(x.id)?.holderRelation as "spouse" | "other" | null | undefined) ?? null, weight: votingWeightText(x.weightMicro) })),
    incidents: meeting.incidents,
    resolutions: minutesResolutions,
  };
}

/**
 * The channels of a vote and, for a secret one, what the minutes state of its secrecy: the
 * electronic ballots in the box and the paper ballots counted in the room (reported as "paper",
 * never as a show of hands), the key's holders, the box's hash, the small colleges and the
 * postal votes set aside.
 */
async function secretFigures(db: Db, r: { id: string; status: string }, frozen: FrozenResult | null, secret: SecretVoteInfo | undefined) {
  const channels = { ...(frozen?.channels ?? {}) };
  const postalSetAside = await m.countPostalSetAside(db, r.id);
  if (!secret) return { channels, postalSetAside };
  if (channels["show-of-hands"] != null) {
    channels.paper = (channels.paper ?? 0) + channels["show-of-hands"];
    delete channels["show-of-hands"];
  }
  const boxHash = (frozen as { boxHash?: unknown } | null)?.boxHash;
  return {
    channels,
    postalSetAside,
    smallColleges: secret.small.map((c) => c.name),
    ballotBox:
      r.status === "closed" && secret.mode
        ? { mode: secret.mode, trustees: secret.trustees, ballots: secret.ballots, paper: channels.paper ?? 0, boxHash: typeof boxHash === "string" ? boxHash : secret.boxHash }
        : null,
  };
}

/**
 * Finalises the minutes of a closed meeting: their content is frozen and rendered, in French and
 * English, as PDF, DOCX and Markdown (and the attendance sheet as PDF and CSV); nothing that
 * changes afterwards in the register alters them.
 */
export async function finalizeMinutes(db: Db, input: { entity: MeetingEntity & { address: string | null; registration_number: string | null }; meetingId: string; actorId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const meeting = await m.findMeeting(db, input.entity.id, input.meetingId);
  if (!meeting) notFound();
  if (meeting.status !== "closed") throw new AppError("minutes.meetingNotClosed", {}, 409);
  if (await q.findMinutes(db, meeting.id)) throw new AppError("minutes.alreadyFinal", {}, 409);
  // A secret vote whose trustees have not decrypted yet has no result to state.
  if ((await m.meetingResolutions(db, meeting.id)).some((r) => r.status === "counting")) throw new AppError("minutes.countingPending", {}, 409);
  const model = await buildMinutesModel(db, input.entity, meeting.id);
  const files: (RenderedFile & { lang: Locale })[] = [];
  for (const lang of ["fr", "en"] as const) {
    for (const f of await renderMinutesFiles(model, lang, { final: true, finalizedAt: now.toISOString() })) files.push({ ...f, lang });
  }
  const id = newId();
  await db.transaction().execute(async (trx) => {
    // Two finalisations at once (a double click, two secretaries): the minutes' unique key lets one
    // in; the other gets the answer of a second try, never a 500.
    await q.insertMinutes(trx, { id, meeting_id: meeting.id, model: JSON.stringify(model), finalized_at: now.toISOString(), finalized_by: input.actorId }).catch((e: unknown) => {
      throw isUniqueViolation(e) ? new AppError("minutes.alreadyFinal", {}, 409) : e;
    });
    for (const f of files) {
      await q.insertMinutesFile(trx, { minutes_id: id, lang: f.lang, format: f.format, bytes: f.bytes, sha256: createHash("sha256").update(f.bytes).digest("hex"), content_sha256: f.contentSha256 });
    }
    await insertAuditEvent(trx, { entityId: input.entity.id, userId: input.actorId, action: "minutes.finalized", detail: { meetingId: meeting.id, digest: files.find((f) => f.lang === "fr" && f.format === "md")?.contentSha256 }, now });
  });
  await notifyMinutesFinalized(db, { entityId: input.entity.id, meetingId: meeting.id, title: meeting.title, day: isoDateInParis(now), now });
  return { id };
}

/** Which final file of which meeting a downloaded copy is, if any. */
export async function verifyCopy(db: Db, entityId: string, meetingId: string, bytes: Uint8Array) {
  const meeting = await m.findMeeting(db, entityId, meetingId);
  if (!meeting) notFound();
  const minutes = await q.findMinutes(db, meeting.id);
  if (!minutes) return { match: null, sha256: createHash("sha256").update(bytes).digest("hex") };
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const match = (await q.listMinutesFiles(db, minutes.id)).find((f) => f.sha256 === sha256) ?? null;
  return { match: match ? { lang: match.lang, format: match.format } : null, sha256 };
}
