// The budget as CSV files for the accountant and the partners' spreadsheets.
import { toCsv } from "~/lib/csv.server";
import type { Db } from "~/lib/db.server";
import { getFixedT } from "~/lib/i18n";
import type { Locale } from "~/lib/locale";
import type { BudgetRow } from "~/queries/budget.server";
import { listApprovals, listExpenses } from "~/queries/budget.server";
import { budgetFollowUp } from "~/services/budget.server";

export const BUDGET_EXPORTS = ["lines", "expenses", "contributions"] as const;
export type BudgetExport = (typeof BUDGET_EXPORTS)[number];

/** Cents as a plain decimal spreadsheets read as a number: "1234,50" in French, "1234.50" in English. */
export function csvAmount(locale: Locale, cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.trunc(abs / 100)}${locale === "fr" ? "," : "."}${String(abs % 100).padStart(2, "0")}`;
}

export async function budgetCsv(db: Db, budget: BudgetRow, what: BudgetExport, locale: Locale): Promise<string> {
  const t = getFixedT(locale);
  const amount = (c: number) => csvAmount(locale, c);
  const h = (key: string) => t(`budgetCsv.${key}`);
  if (what === "lines") {
    const f = await budgetFollowUp(db, budget);
    return toCsv([
      ["kind", "category", "label", "planned", "committed", "spent", "pending", "remaining", "overspent", "partner", "college", "notes"].map(h),
      ...f.lines.map((l) => [t(`budgetUi.kinds.${l.kind}`), l.category, l.label, amount(l.planned), amount(l.committed), amount(l.spent), amount(l.pending), amount(l.remaining), l.overspent ? t("budgetCsv.yes") : "", l.memberName, l.collegeName, l.notes]),
    ]);
  }
  if (what === "expenses") {
    const expenses = await listExpenses(db, budget.id);
    const approvals = await listApprovals(db, expenses.map((e) => e.id));
    return toCsv([
      ["spentOn", "payee", "line", "amount", "description", "status", "submittedBy", "decisions", "resolution", "receipt"].map(h),
      ...expenses.map((e) => [
        e.spent_on,
        e.payee,
        e.lineLabel,
        amount(e.amount_cents),
        e.description,
        t(`expensesUi.statuses.${e.status}`),
        e.submitterName,
        approvals
          .filter((a) => a.expenseId === e.id)
          .map((a) => t(`expensesUi.decision.${a.decision}`, { name: a.name }))
          .join(", "),
        e.resolutionNumber,
        e.receipt_name,
      ]),
    ]);
  }
  const f = await budgetFollowUp(db, budget);
  return toCsv([
    ["partner", "college", "type", "description", "publicAid", "pledged", "pledgedOn", "received", "receivedOn"].map(h),
    ...f.contributions.map((c) => [c.memberName, c.collegeName, t(`contributionsUi.types.${c.type}`), c.description, c.public_aid === 1 ? t("budgetCsv.yes") : "", amount(c.pledged_cents), c.pledged_on, amount(c.received_cents), c.received_on]),
  ]);
}
