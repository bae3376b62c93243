// Case 6: the register at 100 000 members (and 10 000 former ones), over HTTP on the file
// database, signed in as the admin: page 1000 of the active list with its totals, and a search
// by name. The bare server runs the plain SQL for the same answer (one page of 50 and its total,
// a LIKE on the folded search text), behind the same session check.
import { SESSION_COOKIE } from "~/lib/session.server";
import { median, ms, ratio, report, runLoad, startBare, startCogere, type Server } from "../lib";
import { bigVote } from "./big-vote";

export async function registerCase() {
  const b = await bigVote();
  console.log("\n6. Register at 100 000 members over HTTP (admin): page 1000 of the active list, search by name");
  // A surname borne by a few dozen members, typed in lower case.
  const name = b.s.surnames[1233]!.toLowerCase();
  const hits = await b.s.db.selectFrom("member").select((eb) => eb.fn.countAll<number>().as("n")).where("entity_id", "=", b.s.entity.id).where("name", "like", `%${name}%`).executeTakeFirstOrThrow();
  const pages = {
    list: `/o/${b.s.entity.slug}/members?status=active&page=1000`,
    search: `/o/${b.s.entity.slug}/members?q=${encodeURIComponent(name)}`,
  };
  console.log(`    search "${name}": ${hits.n} members`);
  const ours = await startCogere(b.s.file, b.s.dir);
  const bare = await startBare(b.s.file);
  const views = (server: Server, path: string) =>
    runLoad({ origin: server.origin, cookieName: SESSION_COOKIE, concurrency: 1, maxMs: 8000, sequences: Array.from({ length: 20 }, () => [{ method: "GET", path, token: b.s.adminToken, ok: [200] }]) });
  try {
    for (const [kind, path] of Object.entries(pages)) {
      const o: number[] = [];
      const w: number[] = [];
      for (let round = 0; round < 4; round++) {
        const a = await views(ours, path);
        const c = await views(bare, path);
        for (const [who, r] of [["Cogere", a], ["bare", c]] as const) if (r.failed > 0) console.log(`    ${who}: ${r.failed} failed ${JSON.stringify(r.statuses)}; first: ${r.firstFailure}`);
        console.log(`    ${kind} round ${round}${round === 0 ? " (warm-up)" : ""}: Cogere p50 ${ms(a.p50)}, bare p50 ${ms(c.p50)}`);
        if (round === 0) continue;
        o.push(a.p50);
        w.push(c.p50);
      }
      const x = median(o);
      report({
        case: kind === "list" ? "6. register page 1000 of active list, with totals" : `6b. admin search by name (${hits.n} found)`,
        ours: ms(x),
        bare: ms(median(w)),
        ratio: ratio(x, median(w)),
        target: "< 50 ms",
        met: x < 50,
      });
    }
  } finally {
    await Promise.all([ours.stop(), bare.stop()]);
  }
}
