import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/domain/roles";
import { notFound } from "~/lib/errors";
import { requireEntity } from "~/lib/guards.server";
import { readUpload } from "~/lib/storage.server";
import { findDocument, findMeeting } from "~/queries/meetings.server";

/** A meeting document, for the entity's people once the meeting is convened. */
export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const meeting = await findMeeting(args.context.db, entity.id, args.params.meetingId ?? "");
  if (!meeting || (meeting.status === "draft" && !can(role, "meeting.run"))) notFound();
  const doc = await findDocument(args.context.db, meeting.id, args.params.documentId ?? "");
  if (!doc) notFound();
  return new Response(new Uint8Array(await readUpload(args.context.db, doc.storage_key)), {
    headers: {
      "Content-Type": doc.media_type,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(doc.name)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=300",
    },
  });
}
