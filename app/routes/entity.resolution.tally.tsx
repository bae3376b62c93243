import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEntity } from "~/lib/guards.server";
import { tallyFileOf } from "~/services/exports.server";
import { closedResolution } from "~/services/resolution-exports.server";

/**
 * The tally file of a closed resolution (docs/tally-file.md), or of a closed election in the
 * election form (docs/election-file.md): `npm run tally -- FILE` recomputes its result. A secret
 * vote's file holds per-college totals only.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "entity.view");
  const { resolution, rule } = await closedResolution(args.context.db, entity.id, args.params.resolutionId ?? "");
  const file = await tallyFileOf(args.context.db, resolution, rule, entity.name);
  return new Response(JSON.stringify(file, null, 1), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${entity.slug}-${resolution.form === "election" ? "election" : "resolution"}-${resolution.number.replace(/[^A-Za-z0-9_-]/g, "_")}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
