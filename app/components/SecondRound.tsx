// The rounds of a vote: a link from a second round to its first and back, and for whoever runs
// the vote the button that prepares the second round a result calls for.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface RoundsView {
  round: number;
  firstRound: { id: string; number: string } | null;
  /** Withdrawn: it was not held, and the election concluded with its first round. */
  secondRound: { id: string; number: string; withdrawn: boolean } | null;
  /** The frozen result calls for a second round and the rule allows one. */
  needed: boolean;
}

export function SecondRound({ slug, rounds, canRun }: { slug: string; rounds: RoundsView; canRun: boolean }) {
  const { t } = useTranslation();
  if (!rounds.firstRound && !rounds.secondRound && !rounds.needed) return null;
  return (
    <section aria-labelledby="rounds-title" className="panel">
      <h2 id="rounds-title">{t("collegeRules.round2")}</h2>
      {rounds.firstRound ? (
        <p>
          <Link to={`/o/${slug}/resolutions/${rounds.firstRound.id}`}>{t("elections.secondRoundOf", { number: rounds.firstRound.number })}</Link>
        </p>
      ) : null}
      {rounds.secondRound ? (
        <p>
          <Link to={`/o/${slug}/resolutions/${rounds.secondRound.id}`}>{t(rounds.secondRound.withdrawn ? "elections.secondRoundWithdrawn" : "elections.secondRoundLink", { number: rounds.secondRound.number })}</Link>
        </p>
      ) : rounds.needed ? (
        <>
          <p>{t("collegeRules.reasons.second-round")}</p>
          {canRun ? (
            <Form method="post">
              <input type="hidden" name="intent" value="second-round" />
              <button type="submit" className="button">
                {t("elections.openSecondRound")}
              </button>
            </Form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
