import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEntity } from "~/lib/guards.server";
import { roomScreen } from "~/services/meeting-room.server";

/** What the room screen shows, as JSON, for its script to poll every few seconds. */
export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "meeting.run");
  const room = await roomScreen(args.context.db, { entity, meetingId: args.params.meetingId ?? "", origin: new URL(args.request.url).origin });
  return new Response(JSON.stringify(room), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });
}
