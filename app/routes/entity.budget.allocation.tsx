import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField } from "~/components/Forms";
import { scicAllocation } from "~/domain/budget";
import { isScic, type LegalForm } from "~/domain/legal-forms";
import { can } from "~/domain/roles";
import { AppError, appErrorFields, notFound } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatCentsText, formatMoney, type Locale } from "~/lib/locale";
import { resolveLocale } from "~/lib/locale.server";
import { findBudget } from "~/queries/budget.server";
import { allocationSchema } from "~/schemas/budget";
import { formValues, parseForm } from "~/schemas/form";
import { budgetFollowUp, prepareAllocation } from "~/services/budget.server";

/** The year-end helper: figures on a GET (nothing saved), the draft resolution on a POST. */
export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const budget = await findBudget(args.context.db, entity.id, args.params.budgetId ?? "");
  if (!budget) notFound();
  const followUp = await budgetFollowUp(args.context.db, budget);
  const params = new URL(args.request.url).searchParams;
  const asked = params.has("result") ? allocationSchema.safeParse({ result: params.get("result") ?? "", publicAid: params.get("publicAid") ?? "" }) : null;
  return {
    slug: entity.slug,
    scic: isScic(entity.legal_form as LegalForm),
    canManage: can(role, "budget.manage"),
    budget: { id: budget.id, name: budget.name },
    yearBalance: followUp.totals.balance,
    publicAid: followUp.publicAidCents,
    query: { result: params.get("result") ?? "", publicAid: params.get("publicAid") ?? "" },
    invalid: asked != null && !asked.success,
    allocation: asked?.success ? scicAllocation(asked.data.result, asked.data.publicAid) : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "budget.manage");
  const formData = await args.request.formData();
  const form = parseForm(allocationSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    const { number } = await prepareAllocation(args.context.db, {
      entity,
      actorId: session.user.id,
      budgetId: args.params.budgetId ?? "",
      resultCents: form.data.result,
      publicAidCents: form.data.publicAid,
      locale: resolveLocale(args.request, session.user.locale),
    });
    return redirectWithFlash(`/o/${entity.slug}/budgets/${args.params.budgetId}`, { key: "allocationUi.prepared", params: { number } });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values: formValues(formData) }, { status: e.status });
    throw e;
  }
}

export default function Allocation() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const money = (c: number) => formatMoney(locale, c);
  const a = d.allocation;
  const defaults = {
    result: d.query.result || (d.yearBalance > 0 ? formatCentsText(locale, d.yearBalance) : ""),
    publicAid: d.query.publicAid || formatCentsText(locale, d.publicAid),
  };
  return (
    <div className="page page-narrow">
      <p className="muted">
        <Link to={`/o/${d.slug}/budgets/${d.budget.id}`}>{d.budget.name}</Link>
      </p>
      <h1>{t("allocationUi.title")}</h1>
      <p>{t("allocationUi.intro")}</p>
      {!d.scic ? <p className="alert alert-info">{t("allocationUi.notScic")}</p> : null}
      {d.invalid ? (
        <div className="alert alert-error" role="alert">
          <p>{t("allocationUi.invalid")}</p>
        </div>
      ) : null}
      <Form method="get" className="stack">
        <TextField name="result" label={t("allocationUi.resultEuros")} hint={t("allocationUi.resultHint")} defaultValue={defaults.result} />
        <TextField name="publicAid" label={t("allocationUi.publicAidEuros")} hint={t("allocationUi.publicAidHint")} defaultValue={defaults.publicAid} />
        <button className="button button-secondary">{t("allocationUi.compute")}</button>
      </Form>
      {a ? (
        <section aria-labelledby="allocation-figures" className="panel">
          <h2 id="allocation-figures">{t("allocationUi.figures", { result: money(a.result) })}</h2>
          <table>
            <tbody>
              <tr>
                <th scope="row">{t("allocationUi.legal")}</th>
                <td className="num">{money(a.legalReserve)}</td>
              </tr>
              <tr>
                <th scope="row">{t("allocationUi.statutory")}</th>
                <td className="num">{money(a.statutoryReserveMin)}</td>
              </tr>
              <tr>
                <th scope="row">{t("allocationUi.reserves")}</th>
                <td className="num">{money(a.reservesMin)}</td>
              </tr>
              <tr>
                <th scope="row">{t("allocationUi.publicAid")}</th>
                <td className="num">{money(a.publicAid)}</td>
              </tr>
              <tr>
                <th scope="row">{t("allocationUi.shares")}</th>
                <td className="num">
                  <strong>{money(a.maxForShares)}</strong>
                </td>
              </tr>
            </tbody>
          </table>
          <p className="muted small">{t("allocationUi.sharesNote")}</p>
          {d.canManage ? (
            <Form method="post">
              <ErrorSummary errors={result?.errors} />
              <input type="hidden" name="result" value={d.query.result} />
              <input type="hidden" name="publicAid" value={d.query.publicAid} />
              <button className="button">{t("allocationUi.prepare")}</button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
