import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { dateToParisLocal } from "~/lib/dates";
import { formatDate, type Locale } from "~/lib/locale";
import type { FieldErrors } from "~/schemas/form";
import { ErrorSummary, TextField } from "../Forms";
import { MeetingForm, type MeetingFormValues } from "../MeetingForm";
import { ConfirmAction, type ConfirmStepData } from "../ConfirmAction";

interface Props {
  meeting: { kind: string; organId: string | null; title: string; status: string; startsAt: string; place: string | null; remoteLink: string | null; postalDeadline: string | null; noticeSentAt: string | null; noticeMode: string | null };
  notice: { days: number; latest: string; late: boolean };
  quorumMissing: boolean;
  /** The errors of the last form sent from this panel, with its intent and values. */
  result: { intent: string; errors: FieldErrors; values: Record<string, string> } | null;
  /** The confirmation step the server asked for (closing the session without JavaScript). */
  confirmStep?: ConfirmStepData | null;
  when: (iso: string | null) => string;
  organs: { id: string; name: string }[];
}

const OTHER_DAY = "meetings.openOtherDay";

/** The secretary's controls: notice, opening (confirmed on another day), closing, next call, details. */
export function RunPanel({ meeting: mtg, notice, quorumMissing, result, confirmStep, when, organs }: Props) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const before = mtg.status === "draft" || mtg.status === "convened";
  const errorsFor = (...intents: string[]) => (result && intents.includes(result.intent) ? result.errors : null);
  const openErrors = errorsFor("open-meeting");
  const confirmOpen = openErrors?._form?.key === OTHER_DAY;
  const details: MeetingFormValues =
    result?.intent === "details"
      ? result.values
      : { kind: mtg.kind, organId: mtg.organId ?? "", title: mtg.title, startsAt: dateToParisLocal(new Date(mtg.startsAt)), place: mtg.place ?? "", remoteLink: mtg.remoteLink ?? "", postalDeadline: mtg.postalDeadline ? dateToParisLocal(new Date(mtg.postalDeadline)) : "" };
  return (
    <section aria-labelledby="run-title" className="panel">
      <h2 id="run-title">{t("meetings.runTitle")}</h2>
      <ErrorSummary errors={errorsFor("notice", "close-meeting", "next-call") ?? (confirmOpen ? null : openErrors)} />
      <p className={notice.late && !mtg.noticeSentAt ? "alert alert-error" : ""}>
        {t("notice.rule", { days: notice.days, date: formatDate(locale, notice.latest) })}
        {notice.late && !mtg.noticeSentAt ? ` ${t("notice.alreadyLate")}` : ""}
      </p>
      {mtg.noticeSentAt ? <p className={notice.late ? "alert alert-error" : "muted"}>{t(notice.late ? "notice.wasLate" : "notice.wasSent", { date: when(mtg.noticeSentAt), mode: t(`notice.modes.${mtg.noticeMode}`) })}</p> : null}
      {before ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="notice" />
          <label htmlFor="mode">{t("notice.mode")}</label>
          <select id="mode" name="mode" defaultValue="email">
            {["email", "post", "hand"].map((mode) => (
              <option key={mode} value={mode}>
                {t(`notice.modes.${mode}`)}
              </option>
            ))}
          </select>
          <button className="button">{mtg.noticeSentAt ? t("notice.resend") : t("notice.send")}</button>
        </Form>
      ) : null}
      {before && mtg.kind !== "written" ? (
        confirmOpen ? (
          <Form method="post" className="alert alert-error stack" role="alert">
            <input type="hidden" name="intent" value="open-meeting" />
            <input type="hidden" name="confirmDate" value="1" />
            <p>{t("meetings.openOtherDayWarning", { date: when(mtg.startsAt) })}</p>
            <button className="button">{t("meetings.openAnyway")}</button>
          </Form>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="open-meeting" />
            <button className="button">{t("meetings.open")}</button>
          </Form>
        )
      ) : null}
      {mtg.status === "open" || (mtg.kind === "written" && mtg.status === "convened") ? (
        <ConfirmAction intent="close-meeting" step={confirmStep} label={t("meetings.close")} question={t("confirm.closeMeeting.question")} consequences={t("confirm.closeMeeting.consequences")} />
      ) : null}
      {(mtg.status === "open" || mtg.status === "convened") && quorumMissing ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="next-call" />
          <TextField name="startsAt" type="datetime-local" label={t("meetings.nextCallDate")} errors={errorsFor("next-call")} />
          <button className="button button-secondary">{t("meetings.nextCall")}</button>
        </Form>
      ) : null}
      {before ? (
        <details open={result?.intent === "details"}>
          <summary>{t("meetings.editDetails")}</summary>
          <MeetingForm intent="details" organs={organs} values={details} errors={errorsFor("details")} submitLabel={t("meetings.save")} />
        </details>
      ) : null}
    </section>
  );
}
