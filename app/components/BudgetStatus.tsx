import { useTranslation } from "react-i18next";

const STYLE: Record<string, string> = { draft: "draft", proposed: "open", adopted: "adopted", closed: "closed" };

export function BudgetStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`status status-${STYLE[status] ?? "draft"}`}>{t(`budgetUi.statuses.${status}`)}</span>;
}
