// An election's result: per candidate the weighted votes (exact fraction and percentage), the rank
// and who is elected, ties and how they were broken, and the second round when one is needed.
import { useTranslation } from "react-i18next";
import type { FrozenElection } from "~/services/seat-election-result.server";
import { Share } from "./Results";
import { scrollRegion } from "./Forms";

interface CandidateJson {
  id: string;
  rank: number;
  elected: boolean;
  reservedSeat: boolean;
  requirementMet: boolean;
  for: string;
  against?: string;
  base: string;
  share: string | null;
  colleges: { id: string; for: string; against?: string; effectiveWeight: string; counted: boolean }[];
}

interface ElectionJson {
  method: string;
  seats: number;
  elected: string[];
  seatsLeft: number;
  secondRound: boolean;
  candidates: CandidateJson[];
  tieBreaks: { candidates: string[]; by: string[]; seed?: string; order: string[] }[];
  warnings: string[];
}

export function ElectionResults({ election, final, secondRoundWithdrawn = false }: { election: FrozenElection; final: boolean; /** The second round was withdrawn: the first round's elected took their seats then. */ secondRoundWithdrawn?: boolean }) {
  const { t } = useTranslation();
  const r = election.result as unknown as ElectionJson;
  const nameOf = (id: string) => election.candidates.find((c) => c.id === id)?.name ?? id;
  const collegeOf = (id: string) => election.candidates.find((c) => c.id === id)?.collegeName ?? null;
  const approval = r.method === "approval";
  return (
    <section aria-labelledby="election-results-title" className="panel results">
      <h2 id="election-results-title">{t(final ? "elections.resultsTitle" : "elections.liveTitle")}</h2>
      <p className="outcome" role="status">
        <strong>{r.elected.length === 0 ? t("elections.noneElected") : t("elections.electedLine", { count: r.elected.length, names: r.elected.map(nameOf).join(", ") })}</strong>
        {r.seatsLeft > 0 ? ` — ${t("elections.seatsLeft", { count: r.seatsLeft })}` : ""}
      </p>
      {r.secondRound ? <p className="alert alert-info">{t("elections.secondRoundNeeded", { count: r.seatsLeft })}</p> : null}
      <div {...scrollRegion(t("elections.resultsCaption"))}>
        <table>
          <caption className="visually-hidden">{t("elections.resultsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("elections.rank")}</th>
              <th scope="col">{t("elections.candidate")}</th>
              <th scope="col" className="num">{approval ? t("elections.forShare") : t("elections.votesShare")}</th>
              <th scope="col">{t("elections.exact")}</th>
              <th scope="col">{t("elections.outcome")}</th>
            </tr>
          </thead>
          <tbody>
            {r.candidates.map((c) => (
              <tr key={c.id} className={c.elected ? "elected" : undefined}>
                <td>{c.rank}</td>
                <th scope="row">
                  {nameOf(c.id)}
                  {collegeOf(c.id) ? <div className="muted small">{collegeOf(c.id)}</div> : null}
                </th>
                <td className="num">{c.share ? <Share value={c.share} /> : "—"}</td>
                <td className="small">{t(approval ? "elections.exactApproval" : "elections.exactPluri", { for: c.for, against: c.against ?? "0", base: c.base })}</td>
                <td>{c.elected ? <strong>{t(c.reservedSeat ? "elections.electedReserved" : "elections.elected")}</strong> : c.requirementMet ? t("elections.notElected") : t(approval ? "elections.belowThreshold" : r.secondRound ? "elections.noAbsoluteMajority" : "elections.notElected")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.tieBreaks.map((tb, i) => (
        <p key={i} className="muted">
          {t("elections.tieBroken", { names: tb.candidates.map(nameOf).join(", "), by: tb.by.map((b) => t(`elections.tieBreaks.${b}`)).join(", "), order: tb.order.map(nameOf).join(", ") })}
          {tb.seed ? ` ${t("elections.seed", { seed: tb.seed })}` : ""}
        </p>
      ))}
      {election.seated && election.seated.length > 0 ? <p>{t("elections.seated", { organ: election.organ.name, names: election.seated.join(", ") })}</p> : null}
      {election.unseated && election.unseated.length > 0 ? <p className="alert alert-error">{t("elections.unseated", { organ: election.organ.name, names: election.unseated.join(", ") })}</p> : null}
      {election.pending && election.pending.length > 0 ? <p>{t(secondRoundWithdrawn ? "elections.pendingSeatedOnWithdrawal" : "elections.pending", { organ: election.organ.name, names: election.pending.join(", ") })}</p> : null}
      {r.warnings.length > 0 ? (
        <ul className="alert alert-info">
          {r.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
