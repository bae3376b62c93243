import { Form } from "@remix-run/react";
import { HolderSearch } from "~/components/HolderSearch";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/schemas/form";
import { ErrorSummary } from "../Forms";

export interface MyParticipation {
  proxy: { holderName: string | null; blank: boolean } | null;
  postal: Record<string, string>;
  checkedIn: string | null;
  holders: { id: string; name: string; collegeName: string | null }[];
}

interface Props {
  me: MyParticipation;
  /** Before the session: proxies may be given and taken back. */
  before: boolean;
  postalOpen: boolean;
  postalDeadline: string | null;
  proxyCap: number | null;
  holderQuery: string;
  resolutions: { id: string; number: string; title: string }[];
  errors: FieldErrors | null;
  proxyErrors: FieldErrors | null;
  postalErrors: FieldErrors | null;
  when: (iso: string | null) => string;
}

/** A member's own options before the meeting: give or take back a proxy, or vote by post. */
export function ParticipationPanel({ me, before, postalOpen, postalDeadline, proxyCap, holderQuery, resolutions, errors, proxyErrors, postalErrors, when }: Props) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="before-title" className="panel">
      <h2 id="before-title">{t("meetings.yourParticipation")}</h2>
      <ErrorSummary errors={errors} />
      {me.checkedIn ? <p className="alert alert-success">{t(`attendance.youAre.${me.checkedIn}`)}</p> : null}
      {me.proxy ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="revoke" />
          <p>{me.proxy.blank ? t("proxies.youGaveBlank") : t("proxies.youGave", { name: me.proxy.holderName ?? "" })}</p>
          {before ? <button className="button button-secondary button-small">{t("proxies.revoke")}</button> : null}
        </Form>
      ) : null}
      {!me.proxy && !me.checkedIn && Object.keys(me.postal).length === 0 && before ? (
        <details open={holderQuery !== "" || proxyErrors != null}>
          <summary>{t("proxies.giveTitle")}</summary>
          {proxyCap != null ? <p className="muted small">{t("proxies.capNote", { cap: proxyCap })}</p> : null}
          <HolderSearch query={holderQuery} holders={me.holders} />
          <Form method="post">
            <input type="hidden" name="intent" value="proxy" />
            <input type="hidden" name="holderMemberId" value="blank" />
            <button className="button button-secondary button-small">{t("proxies.giveBlankChair")}</button>
          </Form>
        </details>
      ) : null}
      {!me.proxy && !me.checkedIn && resolutions.length > 0 && postalOpen ? (
        <details open={postalErrors != null}>
          <summary>{t("postal.title")}</summary>
          {postalDeadline ? <p className="muted small">{t("postal.deadline", { date: when(postalDeadline) })}</p> : null}
          {resolutions.map((r) => (
            <Form method="post" key={r.id} className="vote-form">
              <input type="hidden" name="intent" value="postal" />
              <input type="hidden" name="resolutionId" value={r.id} />
              <fieldset>
                <legend>
                  {t("resolutions.numbered", { number: r.number })} — {r.title}
                </legend>
                <div className="choices">
                  {(["for", "against", "abstain"] as const).map((c) => (
                    <label key={c} className={`choice choice-${c}`}>
                      <input type="radio" name="choice" value={c} defaultChecked={me.postal[r.id] === c} required />
                      <span>{t(`choices.${c}`)}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
              <button className="button button-small">{me.postal[r.id] ? t("postal.change") : t("postal.submit")}</button>
            </Form>
          ))}
        </details>
      ) : null}
    </section>
  );
}
