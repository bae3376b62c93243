/**
 * The JSON form of an election's result (docs/election-file.md §5), as `npm run tally` prints it
 * and the app exports it. Re-exported by election.ts.
 */
import type { ElectionResult } from "./election";

/** JSON form of an election result (docs/election-file.md §5): fractions as "n/d" or "n". */
export function electionResultToJson(r: ElectionResult): Record<string, unknown> {
  const approval = r.method === "approval";
  return {
    method: r.method,
    weighting: r.weighting,
    round: r.round,
    seats: r.seats,
    elected: [...r.elected],
    seatsLeft: r.seatsLeft,
    reservedLeft: r.reservedLeft.map((x) => ({ college: x.college, seats: x.seats })),
    secondRound: r.secondRound,
    colleges: r.colleges.map((c) => ({
      id: c.id,
      weight: c.weight.toString(),
      ballots: c.ballots.toString(),
      ...(approval ? {} : { blank: c.blank.toString() }),
    })),
    candidates: r.candidates.map((c) => ({
      id: c.id,
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.college !== undefined ? { college: c.college } : {}),
      rank: c.rank,
      elected: c.elected,
      reservedSeat: c.reservedSeat,
      requirementMet: c.requirementMet,
      for: c.for.toString(),
      ...(c.against !== undefined ? { against: c.against.toString() } : {}),
      base: c.base.toString(),
      share: c.share === null ? null : c.share.toString(),
      percent: c.percent,
      colleges: c.colleges.map((x) => ({
        id: x.id,
        for: x.for.toString(),
        ...(x.against !== undefined ? { against: x.against.toString() } : {}),
        ...(x.abstain !== undefined ? { abstain: x.abstain.toString() } : {}),
        effectiveWeight: x.effectiveWeight.toString(),
        counted: x.counted,
      })),
    })),
    tieBreaks: r.tieBreaks.map((t) => ({
      ...(t.college !== undefined ? { college: t.college } : {}),
      seats: t.seats,
      candidates: [...t.candidates],
      by: [...t.by],
      ...(t.seed !== undefined ? { seed: t.seed } : {}),
      order: [...t.order],
      ...(t.draws ? { draws: t.draws.map((d) => ({ candidate: d.candidate, hash: d.hash })) } : {}),
    })),
    warnings: [...r.warnings],
  };
}
