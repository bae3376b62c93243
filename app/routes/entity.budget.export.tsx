import type { LoaderFunctionArgs } from "@remix-run/node";
import { BUDGET_EXPORTS, budgetCsv, type BudgetExport } from "~/exports/budget-csv.server";
import { isoDateInParis } from "~/lib/dates";
import { notFound } from "~/lib/errors";
import { requireEntity } from "~/lib/guards.server";
import { resolveLocale } from "~/lib/locale.server";
import { findBudget } from "~/queries/budget.server";

/** The budget's lines, expenses or contributions as CSV, for everyone who sees the budget. */
export async function loader(args: LoaderFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.view");
  const what = args.params.what as BudgetExport;
  if (!BUDGET_EXPORTS.includes(what)) notFound();
  const budget = await findBudget(args.context.db, entity.id, args.params.budgetId ?? "");
  if (!budget) notFound();
  const locale = resolveLocale(args.request, session.user.locale);
  const csv = await budgetCsv(args.context.db, budget, what, locale);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${entity.slug}-budget-${budget.fiscal_start.slice(0, 4)}-${what}-${isoDateInParis()}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
