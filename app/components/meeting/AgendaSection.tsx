import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/schemas/form";
import { ErrorSummary, SelectField, TextField } from "../Forms";
import { HandsForm, type HandsData } from "./HandsForm";
import { ConfirmAction, type ConfirmStepData } from "../ConfirmAction";

export interface AgendaItem {
  id: string;
  title: string;
  description: string | null;
  resolutionId: string | null;
  resolutionNumber: string | null;
  resolutionTitle: string | null;
  resolutionStatus: string | null;
  resolutionOutcome: string | null;
}

/** A secret vote on the agenda: trustees still to publish a key, colleges too small to keep choices secret. */
export interface SecretVote {
  waitingFor: string[];
  small: (string | null)[];
}

interface Props {
  slug: string;
  meeting: { id: string; status: string; kind: string };
  agenda: AgendaItem[];
  canRun: boolean;
  hands: Record<string, HandsData>;
  secrecy: Record<string, SecretVote>;
  /** The confirmation step the server asked for (closing a vote without JavaScript). */
  confirmStep?: ConfirmStepData | null;
  draftResolutions: { id: string; number: string; title: string }[];
  /** Errors of the agenda's and the votes' forms, and of the form adding an item. */
  errors: FieldErrors | null;
  addErrors: FieldErrors | null;
}

/** The agenda: its items and their resolutions, and for the secretary the votes and the changes. */
export function AgendaSection({ slug, meeting, agenda, canRun, hands, secrecy, draftResolutions, errors, addErrors, confirmStep }: Props) {
  const { t } = useTranslation();
  const before = meeting.status === "draft" || meeting.status === "convened";
  const votesOpen = meeting.status === "open" || (meeting.kind === "written" && meeting.status === "convened");
  return (
    <section aria-labelledby="agenda-title" className="panel">
      <h2 id="agenda-title">{t("meetings.agenda")}</h2>
      <ErrorSummary errors={errors} />
      {agenda.length === 0 ? <p>{t("meetings.noAgenda")}</p> : null}
      <ol className="agenda">
        {agenda.map((item, i) => (
          <li key={item.id}>
            <p>
              <strong>{item.title}</strong>
              {item.description ? <span className="muted"> — {item.description}</span> : null}
            </p>
            {item.resolutionId ? (
              <p>
                <Link to={`/o/${slug}/resolutions/${item.resolutionId}`}>
                  {t("resolutions.numbered", { number: item.resolutionNumber ?? "" })} — {item.resolutionTitle}
                </Link>{" "}
                <span className={`status status-${item.resolutionStatus}`}>{t(`resolutions.statuses.${item.resolutionStatus}`)}</span>
                {item.resolutionOutcome ? <span className={`status status-${item.resolutionOutcome}`}> {t(`results.${item.resolutionOutcome}`)}</span> : null}
              </p>
            ) : null}
            {item.resolutionId && secrecy[item.resolutionId] ? <SecretNotes vote={secrecy[item.resolutionId]!} status={item.resolutionStatus} canRun={canRun} /> : null}
            {canRun ? (
              <div className="toolbar">
                {votesOpen && item.resolutionId && item.resolutionStatus === "draft" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="open-resolution" />
                    <input type="hidden" name="resolutionId" value={item.resolutionId} />
                    <button className="button button-small">{t("meetings.openVote")}</button>
                  </Form>
                ) : null}
                {item.resolutionId && item.resolutionStatus === "open" ? (
                  <ConfirmAction intent="close-resolution" fields={{ resolutionId: item.resolutionId }} step={confirmStep} label={t("meetings.closeVote")} buttonClassName="button button-small button-danger" question={t("confirm.closeVote.question")} consequences={t("confirm.closeVote.consequences")} />
                ) : null}
                {before ? (
                  <>
                    <Form method="post">
                      <input type="hidden" name="intent" value="agenda-up" />
                      <input type="hidden" name="itemId" value={item.id} />
                      <button className="button button-small button-secondary" disabled={i === 0} aria-label={t("meetings.moveUp", { title: item.title })}>
                        ↑
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="agenda-down" />
                      <input type="hidden" name="itemId" value={item.id} />
                      <button className="button button-small button-secondary" disabled={i === agenda.length - 1} aria-label={t("meetings.moveDown", { title: item.title })}>
                        ↓
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="agenda-remove" />
                      <input type="hidden" name="itemId" value={item.id} />
                      <button className="button button-small button-danger" aria-label={t("meetings.removeItem", { title: item.title })}>
                        {t("meetings.remove")}
                      </button>
                    </Form>
                  </>
                ) : null}
              </div>
            ) : null}
            {canRun && item.resolutionId && hands[item.resolutionId] ? <HandsForm resolutionId={item.resolutionId} hands={hands[item.resolutionId]!} /> : null}
          </li>
        ))}
      </ol>
      {canRun && before ? (
        <details open={addErrors != null}>
          <summary>{t("meetings.addItem")}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="agenda-add" />
            <TextField name="title" id="agenda-item-title" label={t("meetings.itemTitle")} required maxLength={200} errors={addErrors} />
            <TextField name="description" label={t("meetings.itemDescription")} maxLength={2000} errors={addErrors} />
            <SelectField name="resolutionId" label={t("meetings.itemResolution")} options={[{ value: "", label: t("meetings.noResolution") }, ...draftResolutions.map((r) => ({ value: r.id, label: `${r.number} — ${r.title}` }))]} errors={addErrors} />
            <button className="button button-secondary">{t("meetings.addItemSubmit")}</button>
          </Form>
          <p>
            <Link to={`/o/${slug}/resolutions/new?meeting=${meeting.id}`}>{t("meetings.newResolution")}</Link>
            {" · "}
            <Link to={`/o/${slug}/elections/new?meeting=${meeting.id}`}>{t("elections.new")}</Link>
          </p>
        </details>
      ) : null}
    </section>
  );
}

/**
 * Under a secret resolution: the trustees the vote waits for (no postal vote, no opening until
 * they publish their keys), and for the secretary, before the opening, the colleges whose totals
 * would reveal how their members voted.
 */
function SecretNotes({ vote, status, canRun }: { vote: SecretVote; status: string | null; canRun: boolean }) {
  const { t } = useTranslation();
  const before = status === "draft" || status === "scheduled";
  const small = vote.small.map((name) => name ?? t("results.noCollege"));
  return (
    <>
      {before && vote.waitingFor.length > 0 ? <p className="alert alert-info">{t("secrecy.waitingFor", { count: vote.waitingFor.length, names: vote.waitingFor.join(", ") })}</p> : null}
      {canRun && before && small.length > 0 ? (
        <p className="alert alert-error" role="note">
          {t("secrecy.smallColleges", { count: small.length, colleges: small.join(", ") })}
        </p>
      ) : null}
    </>
  );
}
