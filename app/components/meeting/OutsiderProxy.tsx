// A proxy to a person outside the members (issue 15), where the meeting's rules allow it: their
// name and relation to the principal (the member's form online, the secretary's paper form), and
// the secretary's check-in of that person at the desk.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ProxyHolders } from "~/domain/proxies";
import type { FieldErrors } from "~/schemas/form";
import { ErrorSummary, SelectField, TextField } from "../Forms";

/** The holder's name and relation; only the relations the rules allow are offered. */
export function OutsiderFields({ holders, errors, values }: { holders: ProxyHolders; errors?: FieldErrors | null; values?: Record<string, string> | null }) {
  const { t } = useTranslation();
  const relations = holders === "anyone" ? (["spouse", "other"] as const) : (["spouse"] as const);
  return (
    <>
      <TextField name="holderName" label={t("proxyHolders.name")} hint={t("proxyHolders.nameHint")} maxLength={120} autoComplete="off" defaultValue={values?.holderName} errors={errors} />
      <SelectField name="holderRelation" label={t("proxyHolders.relation")} defaultValue={values?.holderRelation} errors={errors} options={relations.map((r) => ({ value: r, label: t(`proxyHolders.relations.${r}`) }))} />
    </>
  );
}

/** The member's own form: a proxy to a person outside the members. */
export function OutsiderProxyForm({ holders, errors, values }: { holders: ProxyHolders; errors?: FieldErrors | null; values?: Record<string, string> | null }) {
  const { t } = useTranslation();
  if (holders === "members") return null;
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value="proxy-outsider" />
      <p className="muted small">{t(`proxyHolders.intro.${holders}`)}</p>
      <ErrorSummary errors={errors} />
      <OutsiderFields holders={holders} errors={errors} values={values} />
      <button className="button button-secondary button-small">{t("proxyHolders.give")}</button>
    </Form>
  );
}

/** At the desk: check in (or undo) a holder outside the members, once their written proxy is seen. */
export function OutsiderCheckIn({ proxy, closed }: { proxy: { id: string; holderName: string | null; holderRelation: string | null; holderCheckedInAt: string | null }; closed: boolean }) {
  const { t } = useTranslation();
  if (proxy.holderRelation == null) return null;
  const here = proxy.holderCheckedInAt != null;
  return (
    <>
      <span className="muted small">({t(`proxyHolders.relations.${proxy.holderRelation}`)}{here ? ` · ${t("proxyHolders.checkedIn")}` : ""})</span>{" "}
      {closed ? null : (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="outsider-holder" />
          <input type="hidden" name="proxyId" value={proxy.id} />
          <input type="hidden" name="present" value={here ? "0" : "1"} />
          <button className="button button-small button-secondary" aria-label={t(here ? "proxyHolders.checkOutLabel" : "proxyHolders.checkInLabel", { name: proxy.holderName ?? "" })}>
            {t(here ? "proxyHolders.checkOut" : "proxyHolders.checkIn")}
          </button>
        </Form>
      )}
    </>
  );
}
