// What an open vote shows while its rule keeps the results hidden (and a secret vote until its
// count): who took part, per college and in all, and nothing else. Built from counts alone; the
// tally is not computed, so no choice can be stripped too late.
import type { Db } from "~/lib/db.server";
import { ballotCountsByCollege } from "~/queries/ballots.server";
import { encryptedCountsByCollege } from "~/queries/election.server";
import { collegeOfBox } from "./election-core.server";
import { handCounts } from "~/queries/meetings.server";
import { resolutionColleges } from "~/queries/resolutions.server";

export interface ParticipationView {
  voted: number;
  eligible: number;
  /** The colleges of the frozen electorate, then (id null) members outside any college. */
  colleges: { id: string | null; name: string | null; eligible: number; voted: number }[];
}

export async function participationOf(db: Db, resolution: { id: string; eligible_count: number | null }): Promise<ParticipationView> {
  const [colleges, ballots, box, hands] = await Promise.all([resolutionColleges(db, resolution.id), ballotCountsByCollege(db, resolution.id), encryptedCountsByCollege(db, resolution.id), handCounts(db, resolution.id)]);
  const voted = new Map<string | null, number>();
  const add = (id: string | null, n: number) => voted.set(id, (voted.get(id) ?? 0) + n);
  for (const b of ballots) add(b.collegeId, Number(b.count));
  // A secret vote's ballot box: its ballots per college (members outside any college vote in "none").
  for (const b of box) add(collegeOfBox(b.collegeId), Number(b.count));
  // A show of hands: each raised hand is one voter of its college.
  for (const h of hands) add(h.collegeId, h.for + h.against + h.abstain);
  const known = new Set(colleges.map((c) => c.college_id));
  const eligible = resolution.eligible_count ?? 0;
  const rows: ParticipationView["colleges"] = colleges.map((c) => ({ id: c.college_id, name: c.name, eligible: c.eligible_count, voted: voted.get(c.college_id) ?? 0 }));
  const inColleges = colleges.reduce((n, c) => n + c.eligible_count, 0);
  const outside = [...voted].filter(([id]) => id == null || !known.has(id)).reduce((n, [, v]) => n + v, 0);
  if (eligible > inColleges || outside > 0) rows.push({ id: null, name: null, eligible: eligible - inColleges, voted: outside });
  return { voted: [...voted.values()].reduce((n, v) => n + v, 0), eligible, colleges: rows };
}
