import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEntity } from "~/lib/guards.server";
import { resolveLocale } from "~/lib/locale.server";
import { ballotsCsv } from "~/services/exports.server";
import { closedResolution } from "~/services/resolution-exports.server";

/** The ballots of a closed resolution as CSV; a secret one's per-college totals only (no ballot, no member). */
export async function loader(args: LoaderFunctionArgs) {
  const { entity, session } = await requireEntity(args, "register.read");
  const { resolution, rule } = await closedResolution(args.context.db, entity.id, args.params.resolutionId ?? "");
  const chunks = ballotsCsv(args.context.db, resolution, rule.secret, resolveLocale(args.request, session.user.locale));
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${entity.slug}-${rule.secret ? "totaux" : "bulletins"}-${resolution.number.replace(/[^A-Za-z0-9_-]/g, "_")}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
