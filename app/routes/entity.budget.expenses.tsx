import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ExpenseCorrection } from "~/components/ExpenseCorrection";
import { ErrorSummary, FileField, SelectField, TextAreaField, TextField, scrollRegion } from "~/components/Forms";
import { useResetOnSuccess } from "~/components/useResetOnSuccess";
import { Pagination } from "~/components/Shell";
import { can, type Permission } from "~/domain/roles";
import { formIntent, handleIntent } from "~/lib/actions.server";
import { isoDateInParis } from "~/lib/dates";
import { forbidden, notFound } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatCentsText, formatDate, formatMoney, type Locale } from "~/lib/locale";
import { adoptedResolutions, countExpenses, EXPENSE_PAGE_SIZE, findBudget, listApprovals, listExpenses, listLines } from "~/queries/budget.server";
import { decisionSchema, expenseSchema } from "~/schemas/budget";
import { pageParam } from "~/schemas/entity";
import { parseForm } from "~/schemas/form";
import { correctExpense, decideExpense, submitExpense, withdrawExpense } from "~/services/budget-expenses.server";

const correctionSchema = expenseSchema.extend({ expenseId: z.string().min(1).max(64) });
const expenseRefSchema = z.object({ expenseId: z.string().min(1).max(64) });

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const db = args.context.db;
  const budget = await findBudget(db, entity.id, args.params.budgetId ?? "");
  if (!budget) notFound();
  const page = pageParam.parse(new URL(args.request.url).searchParams.get("page") ?? undefined);
  const canSubmit = can(role, "expense.submit") && budget.status === "adopted";
  const [expenses, total, lines, resolutions] = await Promise.all([
    listExpenses(db, budget.id, page),
    countExpenses(db, budget.id),
    canSubmit ? listLines(db, budget.id) : Promise.resolve([]),
    canSubmit ? adoptedResolutions(db, entity.id) : Promise.resolve([]),
  ]);
  const approvals = await listApprovals(db, expenses.map((e) => e.id));
  return {
    slug: entity.slug,
    userId: session.user.id,
    canSubmit,
    canApprove: can(role, "expense.approve"),
    canReadReceipts: can(role, "expense.approve"),
    policy: { approvals: entity.expense_approvals, resolutionThreshold: entity.expense_resolution_threshold_cents },
    today: isoDateInParis(),
    budget: { id: budget.id, name: budget.name, status: budget.status },
    lines: lines.filter((l) => l.kind === "charge").map((l) => ({ id: l.id, label: l.label })),
    resolutions,
    expenses: expenses.map((e) => ({
      id: e.id,
      line: e.lineLabel,
      lineId: e.line_id,
      payee: e.payee,
      spentOn: e.spent_on,
      amount: e.amount_cents,
      description: e.description,
      status: e.status,
      submittedBy: e.submitted_by,
      submitter: e.submitterName,
      resolutionNumber: e.resolutionNumber,
      resolutionId: e.resolution_id,
      receipt: e.receipt_name,
      decisions: approvals.filter((a) => a.expenseId === e.id).map((a) => ({ userId: a.userId, name: a.name, decision: a.decision })),
    })),
    page,
    pages: Math.max(1, Math.ceil(total / EXPENSE_PAGE_SIZE)),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const db = args.context.db;
  const budgetId = args.params.budgetId ?? "";
  const here = `/o/${entity.slug}/budgets/${budgetId}/expenses`;
  if (Number(args.request.headers.get("Content-Length") ?? 0) > 11 * 1024 * 1024) {
    return data({ intent: "submit", errors: { receipt: { key: "receipts.size", params: { max: 10 } } }, values: {} as Record<string, string> }, { status: 413 });
  }
  const formData = await args.request.formData();
  const intent = formIntent(formData);
  const needed: Permission = intent === "decide" ? "expense.approve" : "expense.submit";
  if (!can(role, needed)) forbidden();
  return handleIntent(formData, async (fail) => {
    if (intent === "submit") {
      const form = parseForm(expenseSchema, formData);
      if (!form.ok) return fail(form.errors, 400);
      const file = formData.get("receipt");
      const receipt = file instanceof File && file.size > 0 ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
      const { amount, ...rest } = form.data;
      await submitExpense(db, { entity, budgetId, userId: session.user.id, ...rest, amountCents: amount, receipt });
      return redirectWithFlash(here, { key: "expensesUi.submitted" });
    }
    // Its author corrects or withdraws an expense until its first approval or refusal.
    if (intent === "correct") {
      const form = parseForm(correctionSchema, formData);
      if (!form.ok) return fail(form.errors, 400);
      const { amount, ...rest } = form.data;
      await correctExpense(db, { entity, budgetId, userId: session.user.id, ...rest, amountCents: amount });
      return redirectWithFlash(here, { key: "confirm.expenseCorrected" });
    }
    if (intent === "withdraw") {
      const form = parseForm(expenseRefSchema, formData);
      if (!form.ok) return fail(form.errors, 400);
      await withdrawExpense(db, { entity, budgetId, userId: session.user.id, expenseId: form.data.expenseId });
      return redirectWithFlash(here, { key: "confirm.expenseWithdrawn" });
    }
    if (intent === "decide") {
      const form = parseForm(decisionSchema, formData);
      if (!form.ok) return fail(form.errors, 400);
      const { status } = await decideExpense(db, { entity, budgetId, expenseId: form.data.expenseId, userId: session.user.id, decision: form.data.decision });
      return redirectWithFlash(here, { key: `expensesUi.decided.${status}` });
    }
  });
}

export default function Expenses() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const money = (c: number) => formatMoney(locale, c);
  const base = `/o/${d.slug}/budgets/${d.budget.id}`;
  const submitErrors = result?.intent === "submit" ? result.errors : null;
  const value = (name: string, fallback = "") => (result?.intent === "submit" ? (result.values[name] ?? fallback) : fallback);
  const submitKey = useResetOnSuccess("submit", submitErrors != null);
  return (
    <div className="page">
      <p className="muted">
        <Link to={base}>{d.budget.name}</Link>
      </p>
      <h1>{t("expensesUi.title")}</h1>
      <p>
        {t("expensesUi.policy", { count: d.policy.approvals })}
        {d.policy.resolutionThreshold != null ? ` ${t("expensesUi.policyThreshold", { amount: money(d.policy.resolutionThreshold) })}` : ""}
        {` ${t("expensesUi.policyRoles")}`}
      </p>
      <p className="toolbar">
        <a className="button button-secondary" href={`${base}/export/expenses`} download>
          {t("expensesUi.export")}
        </a>
      </p>
      <ErrorSummary errors={result?.intent === "decide" ? result.errors : null} />
      {d.expenses.length === 0 ? <p>{t("expensesUi.none")}</p> : null}
      {d.expenses.length > 0 ? (
        <div {...scrollRegion(t("expensesUi.caption"))}>
          <table className="responsive">
            <caption>{t("expensesUi.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("fields.spentOn")}</th>
                <th scope="col">{t("fields.payee")}</th>
                <th scope="col">{t("fields.lineId")}</th>
                <th scope="col" className="num">
                  {t("fields.amount")}
                </th>
                <th scope="col">{t("expensesUi.statusCol")}</th>
                <th scope="col">{t("expensesUi.decisions")}</th>
                {d.canApprove ? <th scope="col">{t("access.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {d.expenses.map((e) => {
                const mine = e.submittedBy === d.userId;
                const decided = e.decisions.some((x) => x.userId === d.userId);
                return (
                  <tr key={e.id}>
                    <td>{formatDate(locale, e.spentOn, { dateStyle: "medium" })}</td>
                    <th scope="row">
                      {e.payee}
                      <div className="muted small">{e.description}</div>
                      {d.canSubmit && e.submittedBy === d.userId && e.status === "pending" && e.decisions.length === 0 ? (
                        <ExpenseCorrection
                          expense={{ id: e.id, lineId: e.lineId, payee: e.payee, spentOn: e.spentOn, amountText: formatCentsText(locale, e.amount), description: e.description, resolutionId: e.resolutionId }}
                          lines={d.lines}
                          resolutions={d.resolutions}
                          failed={result?.intent === "correct" && result.values.expenseId === e.id && result.errors ? { errors: result.errors, values: result.values } : null}
                        />
                      ) : null}
                      <div className="muted small">
                        {t("expensesUi.by", { name: e.submitter })}
                        {e.resolutionNumber ? (
                          <>
                            {" · "}
                            <Link to={`/o/${d.slug}/resolutions/${e.resolutionId}`}>{t("resolutions.numbered", { number: e.resolutionNumber })}</Link>
                          </>
                        ) : null}
                        {e.receipt && d.canReadReceipts ? (
                          <>
                            {" · "}
                            <a href={`${base}/expenses/${e.id}/receipt`}>{t("expensesUi.receipt", { name: e.receipt })}</a>
                          </>
                        ) : null}
                      </div>
                    </th>
                    <td data-label={t("fields.lineId")}>{e.line}</td>
                    <td className="num" data-label={t("fields.amount")}>
                      {money(e.amount)}
                    </td>
                    <td data-label={t("expensesUi.statusCol")}>
                      <span className={`status status-${e.status === "approved" ? "adopted" : e.status === "rejected" ? "rejected" : "scheduled"}`}>{t(`expensesUi.statuses.${e.status}`)}</span>
                      {e.status === "approved" && e.spentOn > d.today ? <div className="muted small">{t("expensesUi.committedOnly")}</div> : null}
                    </td>
                    <td>
                      {e.decisions.length === 0 ? "—" : null}
                      <ul className="plain">
                        {e.decisions.map((x) => (
                          <li key={x.userId}>{t(`expensesUi.decision.${x.decision}`, { name: x.name })}</li>
                        ))}
                      </ul>
                    </td>
                    {d.canApprove ? (
                      <td>
                        {e.status === "pending" && !decided ? (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="decide" />
                            <input type="hidden" name="expenseId" value={e.id} />
                            {mine ? <p className="muted small">{t("expensesUi.yours")}</p> : null}
                            <button className="button button-small" name="decision" value="approve" aria-label={t("expensesUi.approveLabel", { payee: e.payee, amount: money(e.amount) })}>
                              {t("expensesUi.approve")}
                            </button>{" "}
                            <button className="button button-small button-danger" name="decision" value="refuse" aria-label={t("expensesUi.refuseLabel", { payee: e.payee, amount: money(e.amount) })}>
                              {t("expensesUi.refuse")}
                            </button>
                          </Form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pagination page={d.page} pages={d.pages} />

      {d.canSubmit ? (
        <section className="panel" aria-labelledby="expense-title">
          <h2 id="expense-title">{t("expensesUi.new")}</h2>
          <ErrorSummary errors={submitErrors} />
          <Form method="post" encType="multipart/form-data" className="stack" noValidate key={submitKey}>
            <input type="hidden" name="intent" value="submit" />
            <SelectField name="lineId" label={t("fields.lineId")} defaultValue={value("lineId")} options={d.lines.map((l) => ({ value: l.id, label: l.label }))} errors={submitErrors} />
            <TextField name="payee" label={t("fields.payee")} required maxLength={200} defaultValue={value("payee")} errors={submitErrors} />
            <TextField name="spentOn" label={t("fields.spentOn")} type="date" required defaultValue={value("spentOn", d.today)} errors={submitErrors} />
            <TextField name="amount" label={t("expensesUi.amountEuros")} required defaultValue={value("amount")} errors={submitErrors} />
            <TextAreaField name="description" label={t("fields.description")} required maxLength={1000} defaultValue={value("description")} errors={submitErrors} />
            <SelectField
              name="resolutionId"
              label={t("expensesUi.resolution")}
              defaultValue={value("resolutionId")}
              options={[{ value: "", label: t("expensesUi.noResolution") }, ...d.resolutions.map((r) => ({ value: r.id, label: `${r.number} — ${r.title}` }))]}
              errors={submitErrors}
            />
            <FileField name="receipt" label={t("fields.receiptFile")} hint={t("expensesUi.receiptHint")} accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" errors={submitErrors} />
            <button className="button">{t("expensesUi.submit")}</button>
          </Form>
        </section>
      ) : d.budget.status !== "adopted" ? (
        <p className="muted">{t("expensesUi.notAdopted")}</p>
      ) : null}
    </div>
  );
}
