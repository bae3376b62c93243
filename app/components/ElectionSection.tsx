// An election's setup and its candidates on its page: the seats (reserved per college), the
// method, and the candidacies — the member files their own before the deadline, whoever runs the
// election enters one from a search by name, both withdraw until the vote opens.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ElectionView } from "~/services/seat-election-page.server";
import { formatDate, type Locale } from "~/lib/locale";
import type { FieldErrors } from "~/schemas/form";
import { ErrorSummary, TextField } from "./Forms";
import { MemberSearch } from "./MemberSearch";

export function ElectionSetup({ election }: { election: ElectionView }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <section aria-labelledby="election-title" className="panel">
      <h2 id="election-title">{t("elections.setupTitle", { organ: election.organ.name })}</h2>
      <ul>
        <li>{t("elections.seatsLine", { count: election.seats })}</li>
        {election.reserved.map((r) => (
          <li key={r.collegeName}>{t("organs.reservedLine", { name: r.collegeName, count: r.seats })}</li>
        ))}
        <li>
          {t(`elections.methods.${election.method}`)}
          {election.method === "plurinominal" ? ` — ${t(election.round === 2 ? "elections.roundTwo" : election.absoluteMajority ? "elections.roundOneAbsolute" : "elections.roundOneRelative")}` : ""}
        </li>
        <li>{t("elections.tieBreakLine", { rule: t(`elections.tieBreaks.${election.tieBreak}`) })}</li>
        {election.deadline ? <li>{t("elections.deadlineLine", { date: formatDate(locale, election.deadline, { dateStyle: "long", timeStyle: "short" }) })}</li> : null}
      </ul>
    </section>
  );
}

export function Candidacies({ election, canRun, errors }: { election: ElectionView; canRun: boolean; errors: FieldErrors | null }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="candidates-title" className="panel">
      <h2 id="candidates-title">{t("elections.candidatesTitle", { count: election.candidates.length })}</h2>
      <ErrorSummary errors={errors} />
      {election.candidates.length === 0 ? (
        <p>{t("elections.noCandidates")}</p>
      ) : (
        <ul className="candidate-list">
          {election.candidates.map((c) => (
            <li key={c.id}>
              {c.name} {c.collegeName ? <span className="muted small">({c.collegeName})</span> : null}
              {"bornOn" in c && c.bornOn ? <span className="muted small"> {t("elections.bornOnShown", { date: formatDate(i18n.language as Locale, c.bornOn) })}</span> : null}
              {election.before && (canRun || election.mine?.id === c.id) ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="candidacy-withdraw" />
                  <input type="hidden" name="candidacyId" value={c.id} />
                  <button type="submit" className="button button-small button-secondary">
                    {t("elections.withdraw", { name: c.name })}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {election.canFile ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="candidacy-file" />
          {election.tieBreak === "age" ? <TextField name="bornOn" id="own-bornOn" type="date" label={t("elections.bornOn")} hint={t("elections.bornOnHint")} errors={errors} /> : null}
          <button type="submit" className="button">
            {t("elections.file")}
          </button>
        </Form>
      ) : null}
      {canRun && election.before ? (
        <div className="stack">
          <h3>{t("elections.enterTitle")}</h3>
          <MemberSearch id="candidate-search" param="candidate" query={election.candidateQuery} found={election.matches.length} />
          {election.matches.length > 0 ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="candidacy-enter" />
              <label htmlFor="candidate-member">{t("organs.member")}</label>
              <select id="candidate-member" name="memberId">
                {election.matches.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.collegeName ? `${m.name} (${m.collegeName})` : m.name}
                  </option>
                ))}
              </select>
              {election.tieBreak === "age" ? <TextField name="bornOn" id="enter-bornOn" type="date" label={t("elections.bornOn")} hint={t("elections.bornOnHint")} errors={errors} /> : null}
              <button type="submit" className="button button-secondary">
                {t("elections.enter")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
