// A general assembly of a voting SCIC, with one resolution on its agenda, for the meeting tests.
import type { Db } from "#db/index";
import { Rational } from "~/domain/rational";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { addAgendaItem, createMeeting, type MeetingEntity } from "~/services/meetings.server";
import { createResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { makeVotingScic } from "./voting";

export const DAY_MS = 86400_000;

export interface MeetingSetup {
  proxyCap?: number | "cooperative" | null;
  /** Quorum of the first call ("1/2"); null: none; undefined: the preset's. */
  quorum?: string | null;
  /** Quorum of a later call; null by default. */
  quorumLater?: string | null;
  secret?: boolean;
  startsInDays?: number;
  /** Other rule options (proxy holders, the statutes' proxy rules…). */
  rule?: Partial<VotingRule>;
}

const fraction = (v: string | null | undefined, fallback: Rational | null) => (v === undefined ? fallback : v ? Rational.parse(v) : null);

/** 12 members in four colleges (3 each), an AGO in `startsInDays` days, resolution 1 on its agenda. */
export async function meetingSetup(db: Db, opts: MeetingSetup = {}) {
  const s = await makeVotingScic(db, 3);
  const entity = (await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()) as MeetingEntity;
  const preset = PRESETS["scic-sa-ago"].rule;
  const rule = { ...preset, proxyCap: opts.proxyCap ?? null, secret: opts.secret ?? false, quorumFirst: fraction(opts.quorum, preset.quorumFirst), quorumLater: fraction(opts.quorumLater, null), ...opts.rule };
  const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "AGO", rule });
  const now = new Date();
  const startsAt = new Date(now.getTime() + (opts.startsInDays ?? 20) * DAY_MS);
  const { id: meetingId } = await createMeeting(db, { entity, actorId: s.admin.id, meeting: { kind: "ago", title: "AGO 2026", startsAt, place: "Salle des fêtes, Tours", remoteLink: null, postalDeadline: new Date(startsAt.getTime() - DAY_MS) } });
  const { id: resolutionId } = await createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: { number: "1", title: "Comptes", body: "Approuve les comptes.", note: null, ruleId, kind: "ordinary", recommendation: "for" } });
  await addAgendaItem(db, { entityId: s.id, meetingId, title: "Approbation des comptes", description: null, resolutionId });
  return { ...s, entity, meetingId, resolutionId, ruleId, startsAt, now };
}

export function findMeetingRow(db: Db, meetingId: string) {
  return db.selectFrom("meeting").selectAll().where("id", "=", meetingId).executeTakeFirstOrThrow();
}
