import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireEntity } from "~/lib/guards.server";
import { ballotBoxFile } from "~/services/election.server";

/**
 * The encrypted ballot box of a secret vote (docs/ballot-box.md), for every member from its
 * opening: `npm run verify -- FILE` checks it offline. No member id, no time in it.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "entity.view");
  const resolutionId = args.params.resolutionId ?? "";
  const box = await ballotBoxFile(args.context.db, entity.id, resolutionId);
  return new Response(JSON.stringify(box), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${entity.slug}-urne-${resolutionId.replace(/[^A-Za-z0-9_-]/g, "_")}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
