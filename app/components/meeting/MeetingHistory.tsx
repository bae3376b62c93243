import { useTranslation } from "react-i18next";
import { formatDate, type Locale } from "~/lib/locale";
import { History, type HistoryEvent } from "../History";

const DATES = new Set(["startsAt", "postalDeadline"]);

/**
 * The meeting's journal: every change since its creation, dates and kinds in words. An opening
 * on another day than the notice's reads as the date moving from the one announced to the real one.
 */
export function MeetingHistory({ events }: { events: HistoryEvent[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const show = (key: string, value: unknown) => {
    if (typeof value !== "string" || value === "") return value;
    if (DATES.has(key)) return formatDate(locale, value, { dateStyle: "long", timeStyle: "short" });
    if (key === "kind") return t(`meetings.kinds.${value}`, { defaultValue: value });
    return value;
  };
  const words = (values: unknown) => Object.fromEntries(Object.entries((values ?? {}) as Record<string, unknown>).map(([k, v]) => [k, show(k, v)]));
  const shown = events.map((e) => {
    const detail = e.detail ?? {};
    if (e.action === "meeting.opened" && detail.otherDay === true) {
      return { ...e, action: "meeting.openedOtherDay", detail: { before: words({ startsAt: detail.plannedAt }), after: words({ startsAt: detail.openedAt }) } };
    }
    return { ...e, detail: "before" in detail || "after" in detail ? { before: words(detail.before), after: words(detail.after) } : null };
  });
  return (
    <section aria-labelledby="history-title" className="panel">
      <h2 id="history-title">{t("history.title")}</h2>
      <History events={shown} />
    </section>
  );
}
