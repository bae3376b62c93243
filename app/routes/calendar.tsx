import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/errors";
import { calendarFeed } from "~/services/notifications-calendar.server";

/**
 * A person's private calendar feed (/calendar/<token>.ics), without signing in: the meetings and
 * vote deadlines of all their entities, titles, dates and places only. An unknown token: 404,
 * the same as any missing page. GET only.
 */
export async function loader(args: LoaderFunctionArgs) {
  const file = args.params.file ?? "";
  const text = file.endsWith(".ics") ? await calendarFeed(args.context.db, file.slice(0, -4)) : null;
  if (text == null) notFound();
  return new Response(text, {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, no-cache", "X-Robots-Tag": "noindex" },
  });
}
