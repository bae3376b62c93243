import { Form } from "@remix-run/react";
import { ChoiceRadios } from "~/components/ChoiceRadios";
import { HolderSearch } from "~/components/HolderSearch";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/schemas/form";
import { ErrorSummary } from "../Forms";
import { OutsiderProxyForm } from "./OutsiderProxy";
import type { ProxyHolders } from "~/domain/proxies";

export interface MyParticipation {
  proxy: { holderName: string | null; blank: boolean } | null;
  /** Per resolution: the choice (open vote), "sealed" (secret vote, encrypted ballot waiting for the opening) or "counted". */
  postal: Record<string, string>;
  /** Per resolution: the tracker of the member's sealed postal ballot. */
  trackers: Record<string, string>;
  checkedIn: string | null;
  holders: { id: string; name: string; collegeName: string | null }[];
  /** Who may hold a proxy besides a member (the meeting's rules). */
  outsiders: ProxyHolders;
}

interface Props {
  me: MyParticipation;
  /** Before the session: proxies may be given and taken back. */
  before: boolean;
  postalOpen: boolean;
  postalDeadline: string | null;
  proxyCap: number | null;
  holderQuery: string;
  resolutions: { id: string; number: string; title: string; bodyHtml?: string | null }[];
  /** The secret ones among them, with the trustees whose keys postal votes wait for. */
  secrecy: Record<string, { waitingFor: string[] }>;
  errors: FieldErrors | null;
  proxyErrors: FieldErrors | null;
  postalErrors: FieldErrors | null;
  /** The outsider proxy form's values and errors, kept after a refusal. */
  outsiderForm?: { errors: FieldErrors | null; values: Record<string, string> | null };
  when: (iso: string | null) => string;
}

/** A member's own options before the meeting: give or take back a proxy, or vote by post. */
export function ParticipationPanel({ me, before, postalOpen, postalDeadline, proxyCap, holderQuery, resolutions, secrecy, errors, proxyErrors, postalErrors, outsiderForm, when }: Props) {
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
        <details open={holderQuery !== "" || proxyErrors != null || outsiderForm?.errors != null}>
          <summary>{t("proxies.giveTitle")}</summary>
          {proxyCap != null ? <p className="muted small">{t("proxies.capNote", { cap: proxyCap })}</p> : null}
          <HolderSearch query={holderQuery} holders={me.holders} />
          <Form method="post">
            <input type="hidden" name="intent" value="proxy" />
            <input type="hidden" name="holderMemberId" value="blank" />
            <button className="button button-secondary button-small">{t("proxies.giveBlankChair")}</button>
          </Form>
          <OutsiderProxyForm holders={me.outsiders} errors={outsiderForm?.errors} values={outsiderForm?.values} />
        </details>
      ) : null}
      {!me.proxy && !me.checkedIn && resolutions.length > 0 && postalOpen ? (
        <details open={postalErrors != null}>
          <summary>{t("postal.title")}</summary>
          {postalDeadline ? <p className="muted small">{t("postal.deadline", { date: when(postalDeadline) })}</p> : null}
          {resolutions.map((r) => (
            <PostalForm key={r.id} resolution={r} secret={secrecy[r.id] ?? null} mine={me.postal[r.id]} tracker={me.trackers[r.id]} />
          ))}
        </details>
      ) : null}
    </section>
  );
}

/**
 * The postal form of one resolution. Secret vote: the choice is encrypted on receipt and only
 * the encrypted ballot kept (its tracker shown); no form while trustees have not published keys.
 */
function PostalForm({ resolution: r, secret, mine, tracker }: { resolution: { id: string; number: string; title: string; bodyHtml?: string | null }; secret: { waitingFor: string[] } | null; mine?: string; tracker?: string }) {
  const { t } = useTranslation();
  const legend = `${t("resolutions.numbered", { number: r.number })} — ${r.title}`;
  // The text voted on, to read before choosing.
  const text = r.bodyHtml ? (
    <details className="resolution-text">
      <summary>{t("confirm.readText")}</summary>
      <div dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
    </details>
  ) : null;
  if (secret && secret.waitingFor.length > 0) {
    return (
      <div className="vote-form">
        <p>
          <strong>{legend}</strong>
        </p>
        {text}
        <p className="alert alert-info">{t("secrecy.postalWaiting", { count: secret.waitingFor.length, names: secret.waitingFor.join(", ") })}</p>
      </div>
    );
  }
  return (
    <Form method="post" className="vote-form">
      <input type="hidden" name="intent" value="postal" />
      <input type="hidden" name="resolutionId" value={r.id} />
      <fieldset>
        <legend>{legend}</legend>
        {text}
        {secret ? <p className="muted small">{t("secrecy.postalEncrypted")}</p> : null}
        {tracker ? (
          <p className="small">
            {t("secrecy.postalSealed")} <code className="tracker">{tracker}</code>
          </p>
        ) : null}
        <ChoiceRadios current={mine} />
      </fieldset>
      <button className="button button-small">{mine ? t("postal.change") : t("postal.submit")}</button>
    </Form>
  );
}
