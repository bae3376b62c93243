import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { RoomScreen } from "~/components/meeting/RoomScreen";
import { requireEntity } from "~/lib/guards.server";
import { roomScreen, type RoomScreen as Room } from "~/services/meeting-room.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Cogere` : "Cogere" }];

/** Big type for the room: participation while a vote is open, the result once it closes, the quorum and the check-in code. */
export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "meeting.run");
  const room = await roomScreen(args.context.db, { entity, meetingId: args.params.meetingId ?? "", origin: new URL(args.request.url).origin });
  return { ...room, slug: entity.slug, meetingId: args.params.meetingId ?? "" };
}

const POLL_MS = 3000;

/** Polls the room's JSON every 3 s with JavaScript; without it, the "Actualiser" link reloads the page. */
function useRoom(initial: Room, url: string): Room {
  const [room, setRoom] = useState(initial);
  useEffect(() => {
    let stopped = false;
    const tick = async () => {
      try {
        const res = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
        if (res.ok && !stopped) setRoom((await res.json()) as Room);
      } catch {
        // The network comes back: the next tick tries again.
      }
    };
    const id = window.setInterval(tick, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(id);
    };
  }, [url]);
  return room;
}

export default function Projector() {
  const { slug, meetingId, ...initial } = useLoaderData<typeof loader>();
  const base = `/o/${slug}/meetings/${meetingId}`;
  const room = useRoom(initial, `${base}/room.json`);
  return <RoomScreen room={room} refreshHref={`${base}/projector`} />;
}
