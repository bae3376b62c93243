import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BudgetStatus } from "~/components/BudgetStatus";
import { ConfirmAction, confirmOf } from "~/components/ConfirmAction";
import { useResetOnSuccess } from "~/components/useResetOnSuccess";
import { BarChart } from "~/components/BarChart";
import { ErrorSummary, SelectField, TextField, scrollRegion } from "~/components/Forms";
import { History } from "~/components/History";
import { can, canSeeResolution } from "~/domain/roles";
import { confirmationStep, formIntent, handleIntent, needsConfirmation } from "~/lib/actions.server";
import { notFound } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, formatMoney, type Locale } from "~/lib/locale";
import { resolveLocale } from "~/lib/locale.server";
import { listHistory } from "~/queries/audit.server";
import { findBudget, listBudgetVotes } from "~/queries/budget.server";
import { listColleges } from "~/queries/colleges.server";
import { lineSchema, transferSchema } from "~/schemas/budget";
import { parseForm } from "~/schemas/form";
import { addLine, budgetFollowUp, closeBudget, proposeBudget, removeLine, requestTransfer } from "~/services/budget.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const budget = await findBudget(args.context.db, entity.id, args.params.budgetId ?? "");
  if (!budget) notFound();
  const [followUp, history, colleges, votes] = await Promise.all([
    budgetFollowUp(args.context.db, budget),
    listHistory(args.context.db, entity.id, { type: "budget", id: budget.id }, 30),
    listColleges(args.context.db, entity.id),
    listBudgetVotes(args.context.db, budget.id),
  ]);
  return {
    slug: entity.slug,
    canManage: can(role, "budget.manage"),
    budget: { id: budget.id, name: budget.name, start: budget.fiscal_start, end: budget.fiscal_end, status: budget.status, resolutionId: budget.resolution_id },
    followUp: { lines: followUp.lines, totals: followUp.totals, spent: followUp.spent, committed: followUp.committed },
    colleges: colleges.map((c) => ({ id: c.id, name: c.name })),
    votes: votes.map((r) => ({ ...r, visible: canSeeResolution(role, r.status) })),
    history,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "budget.manage");
  const db = args.context.db;
  const budgetId = args.params.budgetId ?? "";
  const here = `/o/${entity.slug}/budgets/${budgetId}`;
  const formData = await args.request.formData();
  const intent = formIntent(formData);
  const locale = resolveLocale(args.request, session.user.locale);
  return handleIntent(formData, async (fail) => {
    switch (intent) {
      case "line": {
        const form = parseForm(lineSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const { planned, ...rest } = form.data;
        await addLine(db, { entityId: entity.id, actorId: session.user.id, budgetId, line: { ...rest, plannedCents: planned } });
        return redirectWithFlash(here, { key: "budgetUi.lineAdded" });
      }
      case "remove-line":
        await removeLine(db, { entityId: entity.id, actorId: session.user.id, budgetId, lineId: String(formData.get("lineId") ?? "") });
        return redirectWithFlash(here, { key: "budgetUi.lineRemoved" });
      case "propose": {
        const { number } = await proposeBudget(db, { entity, actorId: session.user.id, budgetId, locale });
        return redirectWithFlash(here, { key: "budgetUi.proposed", params: { number } });
      }
      case "transfer": {
        const form = parseForm(transferSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const done = await requestTransfer(db, { entity, actorId: session.user.id, budgetId, fromLineId: form.data.fromLineId, toLineId: form.data.toLineId, amountCents: form.data.amount, locale });
        return redirectWithFlash(here, done.applied ? { key: "budgetUi.transferApplied" } : { key: "budgetUi.transferToVote", params: { number: done.number } });
      }
      case "close": {
        // Irreversible: confirmed first, nothing written until then.
        const step = needsConfirmation(formData);
        if (step) return confirmationStep(step);
        await closeBudget(db, { entityId: entity.id, actorId: session.user.id, budgetId });
        return redirectWithFlash(here, { key: "budgetUi.closed" });
      }
    }
  });
}

export default function Budget() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const money = (c: number) => formatMoney(locale, c);
  const b = d.budget;
  const f = d.followUp;
  const errorsFor = (...intents: string[]) => (result && intents.includes(result.intent) ? result.errors : null);
  const lineKey = useResetOnSuccess("line", errorsFor("line") != null);
  const base = `/o/${d.slug}/budgets/${b.id}`;
  const overspent = f.lines.filter((l) => l.kind === "charge" && l.overspent);
  return (
    <div className="page">
      <p className="muted">
        <Link to={`/o/${d.slug}/budgets`}>{t("budgetUi.title")}</Link>
      </p>
      <h1>{b.name}</h1>
      <p>
        <BudgetStatus status={b.status} /> · {t("budgetUi.year", { start: formatDate(locale, b.start), end: formatDate(locale, b.end) })}
        {d.votes.some((r) => r.id === b.resolutionId && r.visible) ? (
          <>
            {" "}
            · <Link to={`/o/${d.slug}/resolutions/${b.resolutionId}`}>{t("budgetUi.seeResolution")}</Link>
          </>
        ) : null}
      </p>
      <nav className="toolbar" aria-label={t("budgetUi.sections")}>
        <Link className="button button-secondary" to="expenses">
          {t("budgetUi.expenses")}
        </Link>
        <Link className="button button-secondary" to="contributions">
          {t("budgetUi.contributions")}
        </Link>
        <Link className="button button-secondary" to="allocation">
          {t("budgetUi.allocation")}
        </Link>
        <a className="button button-secondary" href={`${base}/export/lines`} download>
          {t("budgetUi.exportLines")}
        </a>
      </nav>
      <dl className="stats">
        <div>
          <dt>{t("budget.charges")}</dt>
          <dd>{money(f.totals.charges)}</dd>
        </div>
        <div>
          <dt>{t("budget.incomes")}</dt>
          <dd>{money(f.totals.income)}</dd>
        </div>
        <div>
          <dt>{t("budgetUi.balance")}</dt>
          <dd className={f.totals.balance < 0 ? "negative" : undefined}>{money(f.totals.balance)}</dd>
        </div>
        <div>
          <dt>{t("budgetUi.spent")}</dt>
          <dd>{money(f.spent)}</dd>
        </div>
      </dl>
      {overspent.length > 0 ? (
        <div className="alert alert-error" role="alert">
          <p>{t("budgetUi.overspentTitle")}</p>
          <ul>
            {overspent.map((l) => (
              <li key={l.id}>{t("budgetUi.overspent", { label: l.label, amount: money(-l.remaining) })}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorSummary errors={errorsFor("remove-line", "propose", "close")} />

      {(["charge", "income"] as const).map((kind) => (
        <div {...scrollRegion(t(kind === "charge" ? "budget.charges" : "budget.incomes"))} key={kind}>
          <table className="responsive">
            <caption>{t(kind === "charge" ? "budget.charges" : "budget.incomes")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("budget.category")}</th>
                <th scope="col">{t("budget.label")}</th>
                <th scope="col" className="num">{t("budget.planned")}</th>
                {kind === "charge" ? (
                  <>
                    <th scope="col" className="num">{t("budgetUi.committed")}</th>
                    <th scope="col" className="num">{t("budgetUi.spent")}</th>
                    <th scope="col" className="num">{t("budgetUi.remaining")}</th>
                  </>
                ) : null}
                {d.canManage && b.status === "draft" ? <th scope="col">{t("access.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {f.lines
                .filter((l) => l.kind === kind)
                .map((l) => (
                  <tr key={l.id} className={l.overspent && kind === "charge" ? "row-alert" : undefined}>
                    <td>{l.category}</td>
                    <th scope="row">
                      {l.label}
                      {l.memberName || l.collegeName ? <div className="muted small">{[l.memberName, l.collegeName].filter(Boolean).join(" · ")}</div> : null}
                    </th>
                    <td className="num" data-label={t("budget.planned")}>
                      {money(l.planned)}
                    </td>
                    {kind === "charge" ? (
                      <>
                        <td className="num" data-label={t("budgetUi.committed")}>
                          {money(l.committed)}
                        </td>
                        <td className="num" data-label={t("budgetUi.spent")}>
                          {money(l.spent)}
                        </td>
                        <td className={`num${l.remaining < 0 ? " negative" : ""}`} data-label={t("budgetUi.remaining")}>
                          {money(l.remaining)}
                        </td>
                      </>
                    ) : null}
                    {d.canManage && b.status === "draft" ? (
                      <td>
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove-line" />
                          <input type="hidden" name="lineId" value={l.id} />
                          <button className="button button-small button-danger" aria-label={t("budgetUi.removeLine", { label: l.label })}>
                            {t("meetings.remove")}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ))}
      <BarChart
        id="lines-chart"
        title={t("budgetUi.chartTitle")}
        rows={f.lines
          .filter((l) => l.kind === "charge")
          .map((l) => ({
            label: l.label,
            bars: [
              [{ series: t("budget.planned"), className: "bar-planned", cents: l.planned }],
              [
                l.overspent ? { series: t("budgetUi.spentOver"), className: "bar-against", cents: l.spent } : { series: t("budgetUi.spent"), className: "bar-for", cents: l.spent },
                { series: t("budgetUi.committed"), className: "bar-abstain", cents: l.committed },
              ],
            ],
          }))}
      />

      {d.canManage && b.status === "draft" ? (
        <section className="panel" aria-labelledby="line-title">
          <h2 id="line-title">{t("budgetUi.addLine")}</h2>
          <ErrorSummary errors={errorsFor("line")} />
          <Form method="post" className="stack" noValidate key={lineKey}>
            <input type="hidden" name="intent" value="line" />
            <SelectField name="kind" label={t("budgetUi.kind")} defaultValue={result?.intent === "line" ? result.values.kind : "charge"} options={[{ value: "charge", label: t("budgetUi.kinds.charge") }, { value: "income", label: t("budgetUi.kinds.income") }]} errors={errorsFor("line")} />
            <TextField name="category" label={t("budget.category")} required maxLength={80} defaultValue={result?.intent === "line" ? result.values.category : ""} errors={errorsFor("line")} />
            <TextField name="label" label={t("budget.label")} required maxLength={200} defaultValue={result?.intent === "line" ? result.values.label : ""} errors={errorsFor("line")} />
            <TextField name="planned" label={t("budgetUi.plannedEuros")} required defaultValue={result?.intent === "line" ? result.values.planned : ""} errors={errorsFor("line")} />
            <SelectField name="collegeId" label={t("budgetUi.college")} defaultValue={result?.intent === "line" ? result.values.collegeId : ""} options={[{ value: "", label: "—" }, ...d.colleges.map((c) => ({ value: c.id, label: c.name }))]} errors={errorsFor("line")} />
            <TextField name="notes" label={t("budgetUi.notes")} maxLength={1000} defaultValue={result?.intent === "line" ? result.values.notes : ""} errors={errorsFor("line")} />
            <button className="button button-secondary">{t("budgetUi.addLineSubmit")}</button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="propose" />
            <p className="muted">{t("budgetUi.proposeHelp")}</p>
            <button className="button">{t("budgetUi.propose")}</button>
          </Form>
        </section>
      ) : null}

      {d.canManage && b.status === "adopted" ? (
        <section className="panel" aria-labelledby="transfer-title">
          <h2 id="transfer-title">{t("budgetUi.transferTitle")}</h2>
          <ErrorSummary errors={errorsFor("transfer")} />
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="transfer" />
            <SelectField name="fromLineId" label={t("budgetUi.fromLine")} options={f.lines.map((l) => ({ value: l.id, label: l.label }))} errors={errorsFor("transfer")} />
            <SelectField name="toLineId" label={t("budgetUi.toLine")} options={f.lines.map((l) => ({ value: l.id, label: l.label }))} errors={errorsFor("transfer")} />
            <TextField name="amount" label={t("budgetUi.amountEuros")} errors={errorsFor("transfer")} />
            <p className="muted small">{t("budgetUi.transferHelp")}</p>
            <button className="button button-secondary">{t("budgetUi.transfer")}</button>
          </Form>
          <ConfirmAction intent="close" step={confirmOf(result)} label={t("budgetUi.close")} question={t("confirm.closeYear.question")} consequences={t("confirm.closeYear.consequences")} />
        </section>
      ) : null}

      {d.votes.length > 0 ? (
        <section aria-labelledby="budget-votes">
          <h2 id="budget-votes">{t("budgetUi.votes")}</h2>
          <ul>
            {d.votes.map((r) => (
              <li key={r.id}>
                {r.visible ? (
                  <Link to={`/o/${d.slug}/resolutions/${r.id}`}>
                    {t("resolutions.numbered", { number: r.number })} — {r.title}
                  </Link>
                ) : (
                  <>
                    {t("resolutions.numbered", { number: r.number })} — {r.title}
                  </>
                )}{" "}
                {r.outcome ? <span className={`status status-${r.outcome}`}>{t(`results.${r.outcome}`)}</span> : <span className={`status status-${r.status}`}>{t(`resolutions.statuses.${r.status}`)}</span>}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="budget-history">
        <h2 id="budget-history">{t("history.title")}</h2>
        <History events={d.history} />
      </section>
    </div>
  );
}
