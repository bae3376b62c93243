import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/errors";
import { requireEntity } from "~/lib/guards.server";
import { isLocale } from "~/lib/locale";
import { EXTENSIONS, MEDIA_TYPES, type MinutesFormat } from "~/exports/minutes.server";
import { minutesFile } from "~/services/minutes-page.server";

/** A file of the minutes: final (for every member) or a draft (for the bureau). */
export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const { lang, format } = args.params;
  if (!isLocale(lang) || !format || !(format in MEDIA_TYPES)) notFound();
  const file = await minutesFile(args.context.db, { entity, role, meetingId: args.params.meetingId ?? "", lang, format });
  const name = `${entity.slug}-${format.startsWith("attendance") ? "feuille-de-presence" : format === "results-csv" ? "resultats" : "proces-verbal"}${file.final ? "" : "-projet"}-${lang}.${EXTENSIONS[format as MinutesFormat]}`;
  return new Response(Buffer.from(file.bytes), {
    headers: {
      "Content-Type": MEDIA_TYPES[format as MinutesFormat],
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
