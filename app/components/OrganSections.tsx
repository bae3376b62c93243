// The dashboard's list of mandates coming to term, for those who prepare the assemblies.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate, type Locale } from "~/lib/locale";

export interface ExpiringMandate {
  id: string;
  organId: string;
  organName: string;
  memberName: string;
  endsOn: string;
  expired: boolean;
}

export function ExpiringMandates({ slug, mandates }: { slug: string; mandates: ExpiringMandate[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (mandates.length === 0) return null;
  return (
    <section aria-labelledby="mandates-title" className="panel dashboard-section">
      <h2 id="mandates-title">{t("organs.dashboardTitle")}</h2>
      <ul className="todo-list">
        {mandates.map((m) => (
          <li key={m.id} className="todo">
            <Link to={`/o/${slug}/organs/${m.organId}`}>{t("organs.dashboardLine", { name: m.memberName, organ: m.organName, date: formatDate(locale, m.endsOn) })}</Link>
            <span className="badge">{t(m.expired ? "organs.expired" : "organs.expiring")}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** On a general assembly's page: the organs whose mandates come to term by its day, to renew by an election. */
export function Renewals({ slug, meetingId, renewals }: { slug: string; meetingId: string; renewals: { organId: string; organName: string; names: string[] }[] }) {
  const { t } = useTranslation();
  if (renewals.length === 0) return null;
  return (
    <section aria-labelledby="renewals-title" className="panel">
      <h2 id="renewals-title">{t("organs.renewalsTitle")}</h2>
      <ul className="todo-list">
        {renewals.map((r) => (
          <li key={r.organId} className="todo">
            <p>{t("organs.renewalLine", { organ: r.organName, count: r.names.length, names: r.names.join(", ") })}</p>
            <Link className="button button-secondary button-small" to={`/o/${slug}/elections/new?meeting=${encodeURIComponent(meetingId)}&organ=${encodeURIComponent(r.organId)}`}>
              {t("organs.prepareElection", { organ: r.organName })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
