// What an election's page shows beside a resolution's: its setup, the candidates, the member's
// own candidacy and marks, and for whoever runs it the members a search finds to enter as candidates.
import { isActiveMember } from "~/domain/scic";
import type { Db } from "~/lib/db.server";
import { isoDateInParis } from "~/lib/dates";
import { listMemberPage } from "~/queries/member-search.server";
import { findOrgan } from "~/queries/organs.server";
import type { ResolutionRow } from "~/queries/resolutions.server";
import * as q from "~/queries/seat-elections.server";

export async function electionView(
  db: Db,
  r: ResolutionRow,
  input: { entityId: string; canRun: boolean; secret: boolean; me: { memberId: string; joinedOn: string; exitedOn: string | null } | null; held: string[]; candidateQuery: string; now: Date },
) {
  if (r.form !== "election") return null;
  const setup = await q.findSetup(db, r.id);
  if (!setup) return null;
  const [reserved, candidacies, organ, second] = await Promise.all([q.reservedSeats(db, r.id), q.listCandidacies(db, r.id), findOrgan(db, input.entityId, setup.organ_id), q.secondRoundOf(db, r.id)]);
  const before = r.status === "draft" || r.status === "scheduled";
  const day = isoDateInParis(input.now);
  const mine = input.me ? (candidacies.find((c) => c.memberId === input.me!.memberId) ?? null) : null;
  const deadlineOpen = setup.candidacy_deadline != null && input.now.toISOString() < setup.candidacy_deadline;
  const canFile = before && deadlineOpen && input.me != null && mine == null && isActiveMember({ joinedOn: input.me.joinedOn, exitedOn: input.me.exitedOn }, day);
  // An open ballot's marks, to change them while the vote is open (never a secret one's: the server has none).
  const marksOf = async (memberId: string) => Object.fromEntries((await q.marksOfMember(db, r.id, memberId)).map((m) => [m.candidacyId, m.choice]));
  const marks = !input.secret && r.status === "open" ? Object.fromEntries(await Promise.all([...(input.me ? [input.me.memberId] : []), ...input.held].map(async (id) => [id, await marksOf(id)] as const))) : {};
  const matches =
    input.canRun && before && input.candidateQuery
      ? (await listMemberPage(db, input.entityId, { q: input.candidateQuery, college: "", category: "", status: "active", page: 1 }, day)).slice(0, 20).map((m) => ({ id: m.id, name: m.name, collegeName: m.collegeName }))
      : [];
  return {
    organ: { id: setup.organ_id, name: organ?.name ?? "" },
    seats: setup.seats,
    method: setup.method,
    rounds: setup.rounds,
    round: r.round,
    firstRoundId: r.first_round_id,
    secondRound: second ?? null,
    absoluteMajority: setup.absolute_majority === 1,
    tieBreak: setup.tie_break,
    deadline: setup.candidacy_deadline,
    reserved: reserved.map((x) => ({ collegeName: x.collegeName, seats: x.seats })),
    // A declared birth date decides ties by age: those who run the election check it; nobody else reads it.
    candidates: candidacies.map((c) => ({ id: c.id, name: c.name, collegeName: c.collegeName, filedBy: c.filedBy, ...(input.canRun && c.bornOn ? { bornOn: c.bornOn } : {}) })),
    before,
    canFile,
    mine: mine ? { id: mine.id } : null,
    marks,
    matches,
    candidateQuery: input.candidateQuery,
  };
}

export type ElectionView = NonNullable<Awaited<ReturnType<typeof electionView>>>;
