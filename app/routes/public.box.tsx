import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicBallotBoxFile } from "~/services/election-box.server";

/**
 * The encrypted ballot box of a secret vote for anyone, without signing in, when the entity
 * publishes its boxes (settings): the members' file (entity.resolution.box.tsx), for an open,
 * counting or closed vote. Otherwise 404, never saying whether the entity or the vote exists.
 * GET only (no action: anything else is refused by Remix).
 */
export async function loader(args: LoaderFunctionArgs) {
  const resolutionId = args.params.resolutionId ?? "";
  const { slug, status, box } = await publicBallotBoxFile(args.context.db, args.params.slug ?? "", resolutionId);
  return new Response(JSON.stringify(box), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slug}-urne-${resolutionId.replace(/[^A-Za-z0-9_-]/g, "_")}.json"`,
      // Open or being counted, the box grows or gets its tally; closed, it no longer changes but
      // the entity may stop publishing it: every cache asks again.
      "Cache-Control": status === "closed" ? "no-cache" : "no-store",
    },
  });
}
