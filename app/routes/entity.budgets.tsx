import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BudgetStatus } from "~/components/BudgetStatus";
import { ErrorSummary, TextField } from "~/components/Forms";
import { can } from "~/domain/roles";
import { AppError, appErrorFields } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { isoDateInParis } from "~/lib/dates";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, type Locale } from "~/lib/locale";
import { listBudgets } from "~/queries/budget.server";
import { budgetSchema } from "~/schemas/budget";
import { formValues, parseForm } from "~/schemas/form";
import { createBudget } from "~/services/budget.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const budgets = await listBudgets(args.context.db, entity.id);
  const year = Number(isoDateInParis().slice(0, 4));
  return { slug: entity.slug, canManage: can(role, "budget.manage"), budgets: budgets.map((b) => ({ id: b.id, name: b.name, start: b.fiscal_start, end: b.fiscal_end, status: b.status })), defaults: { name: `Budget ${year + 1}`, fiscalStart: `${year + 1}-01-01`, fiscalEnd: `${year + 1}-12-31` } };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "budget.manage");
  const formData = await args.request.formData();
  const form = parseForm(budgetSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    const { id } = await createBudget(args.context.db, { entityId: entity.id, actorId: session.user.id, ...form.data });
    return redirectWithFlash(`/o/${entity.slug}/budgets/${id}`, { key: "budgetUi.created" });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values: formValues(formData) }, { status: e.status });
    throw e;
  }
}

export default function Budgets() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="page">
      <h1>{t("budgetUi.title")}</h1>
      {d.budgets.length === 0 ? <p>{t("budgetUi.none")}</p> : null}
      <ul className="cards">
        {d.budgets.map((b) => (
          <li key={b.id} className="card">
            <h2>
              <Link to={`/o/${d.slug}/budgets/${b.id}`}>{b.name}</Link>
            </h2>
            <p>{t("budgetUi.year", { start: formatDate(locale, b.start), end: formatDate(locale, b.end) })}</p>
            <p>
              <BudgetStatus status={b.status} />
            </p>
          </li>
        ))}
      </ul>
      {d.canManage ? (
        <section aria-labelledby="new-budget" className="panel">
          <h2 id="new-budget">{t("budgetUi.new")}</h2>
          <ErrorSummary errors={result?.errors} />
          <Form method="post" className="stack" noValidate>
            <TextField name="name" label={t("budgetUi.name")} required maxLength={120} defaultValue={result?.values.name ?? d.defaults.name} errors={result?.errors} />
            <TextField name="fiscalStart" type="date" label={t("budgetUi.fiscalStart")} defaultValue={result?.values.fiscalStart ?? d.defaults.fiscalStart} errors={result?.errors} />
            <TextField name="fiscalEnd" type="date" label={t("budgetUi.fiscalEnd")} defaultValue={result?.values.fiscalEnd ?? d.defaults.fiscalEnd} errors={result?.errors} />
            <button className="button">{t("budgetUi.create")}</button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
