import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/errors";
import { requireEntity } from "~/lib/guards.server";
import { readUpload } from "~/lib/storage.server";
import { findBudget, findExpense } from "~/queries/budget.server";

/** An expense's receipt, for the people who approve expenses. */
export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "expense.approve");
  const budget = await findBudget(args.context.db, entity.id, args.params.budgetId ?? "");
  if (!budget) notFound();
  const expense = await findExpense(args.context.db, budget.id, args.params.expenseId ?? "");
  if (!expense?.receipt_key) notFound();
  return new Response(new Uint8Array(await readUpload(args.context.db, expense.receipt_key)), {
    headers: {
      "Content-Type": expense.receipt_type ?? "application/octet-stream",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(expense.receipt_name ?? "justificatif")}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
