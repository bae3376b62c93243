import { useTranslation } from "react-i18next";
import { formatDate, type Locale } from "~/lib/locale";

export interface HistoryEvent {
  id: string;
  action: string;
  createdAt: string;
  userName: string | null;
  detail: Record<string, unknown> | null;
}

function show(value: unknown): string {
  if (value == null || value === "") return "—";
  return String(value);
}

/** Who changed what and when, with the values before and after. */
export function History({ events }: { events: HistoryEvent[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (events.length === 0) return <p>{t("history.empty")}</p>;
  return (
    <ol className="history">
      {events.map((e) => {
        const before = (e.detail?.before ?? {}) as Record<string, unknown>;
        const after = (e.detail?.after ?? {}) as Record<string, unknown>;
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
        return (
          <li key={e.id}>
            <p>
              <strong>{t(`history.actions.${e.action}`, { defaultValue: e.action })}</strong>{" "}
              <span className="muted small">
                {t("history.by", { name: e.userName ?? "—", date: formatDate(locale, e.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}
              </span>
            </p>
            {keys.length > 0 ? (
              <table className="changes">
                <thead>
                  <tr>
                    <th scope="col">{t("history.field")}</th>
                    <th scope="col">{t("history.before")}</th>
                    <th scope="col">{t("history.after")}</th>
                  </tr>
                </thead>
                <tbody>
                  {keys.map((k) => (
                    <tr key={k}>
                      <th scope="row">{t(`history.fields.${k}`, { defaultValue: k })}</th>
                      <td>{show(before[k])}</td>
                      <td>{show(after[k])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {typeof e.detail?.reason === "string" ? <p className="small">{t("history.reason", { reason: e.detail.reason })}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
