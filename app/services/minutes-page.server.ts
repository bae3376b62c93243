import { can, type Role } from "~/domain/roles";
import type { MinutesModel } from "~/domain/minutes";
import type { Db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { getFixedT } from "~/lib/i18n";
import type { Locale } from "~/lib/locale";
import { minutesDocument } from "~/exports/minutes";
import { digestCommand, MINUTES_FORMATS, minutesFileName, renderDraftFile } from "~/exports/minutes.server";
import * as m from "~/queries/meetings.server";
import * as q from "~/queries/minutes.server";
import { buildMinutesModel } from "./minutes.server";
import type { MeetingEntity } from "./meetings.server";

type Entity = MeetingEntity & { address: string | null; registration_number: string | null };

/** The minutes page: the final minutes when there are, else (for the bureau) a live draft. */
export async function minutesPage(db: Db, input: { entity: Entity; role: Role; meetingId: string; lang: Locale }) {
  const meeting = await m.findMeeting(db, input.entity.id, input.meetingId);
  if (!meeting) notFound();
  const canRun = can(input.role, "meeting.run");
  const final = await q.findMinutes(db, meeting.id);
  if (!final && !canRun) notFound();
  const model: MinutesModel = final ? (JSON.parse(final.model) as MinutesModel) : await buildMinutesModel(db, input.entity, meeting.id);
  const files = final ? await q.listMinutesFiles(db, final.id) : [];
  return {
    meeting: { id: meeting.id, title: meeting.title, status: meeting.status },
    canRun,
    final: final
      ? {
          finalizedAt: final.finalized_at,
          digests: Object.fromEntries(files.filter((f) => f.format === "md").map((f) => [f.lang, f.contentSha256])),
          // The command that prints each digest from the downloaded Markdown file.
          checks: Object.fromEntries(files.filter((f) => f.format === "md").map((f) => [f.lang, digestCommand(minutesFileName(input.entity.slug, "md", f.lang as Locale, true))])),
          files,
        }
      : null,
    agenda: final ? [] : (await m.listAgenda(db, meeting.id)).map((a) => ({ id: a.id, title: a.title, summary: a.summary })),
    doc: minutesDocument(model, input.lang, getFixedT(input.lang), { draft: !final }),
  };
}

/** A file of the minutes: the stored final one, or for the bureau a draft rendered now. */
export async function minutesFile(db: Db, input: { entity: Entity; role: Role; meetingId: string; lang: Locale; format: string }) {
  const meeting = await m.findMeeting(db, input.entity.id, input.meetingId);
  if (!meeting) notFound();
  const final = await q.findMinutes(db, meeting.id);
  if (final) {
    const file = await q.findMinutesFile(db, final.id, input.lang, input.format);
    if (!file) notFound();
    return { bytes: new Uint8Array(file.bytes), final: true };
  }
  if (!can(input.role, "meeting.run")) notFound();
  const format = MINUTES_FORMATS.find((f) => f === input.format);
  if (!format) notFound();
  // Only the file asked for is rendered.
  const model = await buildMinutesModel(db, input.entity, meeting.id);
  return { bytes: (await renderDraftFile(model, input.lang, format)).bytes, final: false };
}
