import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/errors";
import { requireEntity } from "~/lib/guards.server";
import { isLocale } from "~/lib/locale";
import { MEDIA_TYPES, minutesFileName, type MinutesFormat } from "~/exports/minutes.server";
import { minutesFile } from "~/services/minutes-page.server";

/** A file of the minutes: final (for every member) or a draft (for the bureau). */
export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const { lang, format } = args.params;
  if (!isLocale(lang) || !format || !Object.hasOwn(MEDIA_TYPES, format)) notFound();
  const file = await minutesFile(args.context.db, { entity, role, meetingId: args.params.meetingId ?? "", lang, format });
  const name = minutesFileName(entity.slug, format as MinutesFormat, lang, file.final);
  return new Response(Buffer.from(file.bytes), {
    headers: {
      "Content-Type": MEDIA_TYPES[format as MinutesFormat],
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
