import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv } from "~/lib/csv.server";
import { isoDateInParis } from "~/lib/dates";
import { requireEntity } from "~/lib/guards.server";
import { resolveLocale } from "~/lib/locale.server";
import { iterateMembers } from "~/queries/members.server";
import { headerRow, memberCsvRow } from "~/schemas/member-csv";

/** The register as a UTF-8 CSV (BOM, ";"), streamed page by page. */
export async function loader(args: LoaderFunctionArgs) {
  const { entity, session } = await requireEntity(args, "register.read");
  const locale = resolveLocale(args.request, session.user.locale);
  const encoder = new TextEncoder();
  const pages = iterateMembers(args.context.db, entity.id);
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (first) {
        first = false;
        controller.enqueue(encoder.encode(toCsv([headerRow(locale)])));
        return;
      }
      const next = await pages.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(toCsv(next.value.map((m) => memberCsvRow(m, locale)), { bom: false })));
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${entity.slug}-membres-${isoDateInParis()}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
