import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BarChart } from "~/components/BarChart";
import { CheckboxField, ErrorSummary, SelectField, TextField, scrollRegion } from "~/components/Forms";
import { useResetOnSuccess } from "~/components/useResetOnSuccess";
import { CONTRIBUTION_TYPES } from "~/domain/budget";
import { can } from "~/domain/roles";
import { formIntent, handleIntent } from "~/lib/actions.server";
import { isoDateInParis } from "~/lib/dates";
import { notFound } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatCentsText, formatDate, formatMoney, type Locale } from "~/lib/locale";
import { findBudget } from "~/queries/budget.server";
import { listMembers } from "~/queries/members.server";
import { contributionSchema, receiveSchema } from "~/schemas/budget";
import { parseForm } from "~/schemas/form";
import { addContribution, receiveContribution } from "~/services/budget-contributions.server";
import { budgetFollowUp } from "~/services/budget.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const db = args.context.db;
  const budget = await findBudget(db, entity.id, args.params.budgetId ?? "");
  if (!budget) notFound();
  const canManage = can(role, "budget.manage");
  const partnerQuery = new URL(args.request.url).searchParams.get("partner")?.trim().slice(0, 80) ?? "";
  const today = isoDateInParis();
  const [followUp, candidates] = await Promise.all([
    budgetFollowUp(db, budget, today),
    // One page of names to choose from; the search narrows it in large registers.
    canManage ? listMembers(db, entity.id, { q: partnerQuery, college: "", category: "", status: "active", page: 1 }, today, { namesOnly: true }) : null,
  ]);
  return {
    slug: entity.slug,
    canManage,
    today,
    partnerQuery,
    budget: { id: budget.id, name: budget.name },
    contributions: followUp.contributions.map((c) => ({
      id: c.id,
      member: c.memberName,
      college: c.collegeName,
      type: c.type,
      description: c.description,
      publicAid: c.public_aid === 1,
      pledged: c.pledged_cents,
      pledgedOn: c.pledged_on,
      received: c.received_cents,
      receivedOn: c.received_on,
    })),
    partners: followUp.partners,
    colleges: followUp.colleges,
    publicAid: followUp.publicAidCents,
    candidates: candidates ? { rows: candidates.rows.map((m) => ({ id: m.id, name: m.name, college: m.collegeName })), more: candidates.total > candidates.rows.length } : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "budget.manage");
  const db = args.context.db;
  const budgetId = args.params.budgetId ?? "";
  const here = `/o/${entity.slug}/budgets/${budgetId}/contributions`;
  const formData = await args.request.formData();
  const intent = formIntent(formData);
  return handleIntent(formData, async (fail) => {
    if (intent === "add") {
      const form = parseForm(contributionSchema, formData);
      if (!form.ok) return fail(form.errors, 400);
      const { pledged, received, ...rest } = form.data;
      await addContribution(db, { entityId: entity.id, actorId: session.user.id, budgetId, ...rest, pledgedCents: pledged, receivedCents: received });
      return redirectWithFlash(here, { key: "contributionsUi.added" });
    }
    if (intent === "receive") {
      const form = parseForm(receiveSchema, formData);
      if (!form.ok) return fail(form.errors, 400);
      await receiveContribution(db, { entityId: entity.id, actorId: session.user.id, budgetId, contributionId: form.data.contributionId, receivedCents: form.data.received, receivedOn: form.data.receivedOn });
      return redirectWithFlash(here, { key: "contributionsUi.receivedSaved" });
    }
  });
}

export default function Contributions() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const money = (c: number) => formatMoney(locale, c);
  const base = `/o/${d.slug}/budgets/${d.budget.id}`;
  const addErrors = result?.intent === "add" ? result.errors : null;
  const value = (name: string, fallback = "") => (result?.intent === "add" ? (result.values[name] ?? fallback) : fallback);
  const addKey = useResetOnSuccess("add", addErrors != null);
  return (
    <div className="page">
      <p className="muted">
        <Link to={base}>{d.budget.name}</Link>
      </p>
      <h1>{t("contributionsUi.title")}</h1>
      <p className="muted">{t("contributionsUi.noWeight")}</p>
      <p className="toolbar">
        <a className="button button-secondary" href={`${base}/export/contributions`} download>
          {t("contributionsUi.export")}
        </a>
      </p>

      <div {...scrollRegion(t("contributionsUi.byPartner"))}>
        <table className="responsive">
          <caption>{t("contributionsUi.byPartner")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("fields.memberId")}</th>
              <th scope="col">{t("fields.collegeId")}</th>
              <th scope="col" className="num">
                {t("fields.pledged")}
              </th>
              <th scope="col" className="num">
                {t("fields.received")}
              </th>
              <th scope="col" className="num">
                {t("contributionsUi.outstanding")}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.partners.length === 0 ? (
              <tr>
                <td colSpan={5}>{t("contributionsUi.none")}</td>
              </tr>
            ) : null}
            {d.partners.map((p) => (
              <tr key={p.name}>
                <th scope="row">{p.name}</th>
                <td data-label={t("fields.collegeId")}>{p.college ?? "—"}</td>
                <td className="num" data-label={t("fields.pledged")}>
                  {money(p.pledged)}
                </td>
                <td className="num" data-label={t("fields.received")}>
                  {money(p.received)}
                </td>
                <td className="num" data-label={t("contributionsUi.outstanding")}>
                  {money(p.pledged - p.received)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <BarChart
        id="partners-chart"
        title={t("contributionsUi.chartTitle")}
        rows={d.partners.map((p) => ({
          label: p.name,
          bars: [[{ series: t("fields.pledged"), className: "bar-planned", cents: p.pledged }], [{ series: t("fields.received"), className: "bar-for", cents: p.received }]],
        }))}
      />

      <div {...scrollRegion(t("contributionsUi.byCollege"))}>
        <table className="responsive">
          <caption>{t("contributionsUi.byCollege")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("fields.collegeId")}</th>
              <th scope="col" className="num">
                {t("fields.pledged")}
              </th>
              <th scope="col" className="num">
                {t("fields.received")}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.colleges.map((c) => (
              <tr key={c.name ?? ""}>
                <th scope="row">{c.name ?? t("contributionsUi.noCollege")}</th>
                <td className="num" data-label={t("fields.pledged")}>
                  {money(c.pledged)}
                </td>
                <td className="num" data-label={t("fields.received")}>
                  {money(c.received)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>{t("contributionsUi.publicAid", { amount: money(d.publicAid) })}</p>

      <div {...scrollRegion(t("contributionsUi.all"))}>
        <table className="responsive">
          <caption>{t("contributionsUi.all")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("fields.memberId")}</th>
              <th scope="col">{t("fields.type")}</th>
              <th scope="col" className="num">
                {t("fields.pledged")}
              </th>
              <th scope="col" className="num">
                {t("fields.received")}
              </th>
              {d.canManage ? <th scope="col">{t("contributionsUi.recordReceipt")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {d.contributions.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.member}
                  {c.description ? <div className="muted small">{c.description}</div> : null}
                </th>
                <td>
                  {t(`contributionsUi.types.${c.type}`)}
                  {c.publicAid ? <div className="muted small">{t("contributionsUi.publicAidFlag")}</div> : null}
                </td>
                <td className="num" data-label={t("fields.pledged")}>
                  {money(c.pledged)}
                  <div className="muted small">{formatDate(locale, c.pledgedOn, { dateStyle: "medium" })}</div>
                </td>
                <td className="num" data-label={t("fields.received")}>
                  {money(c.received)}
                  {c.receivedOn ? <div className="muted small">{formatDate(locale, c.receivedOn, { dateStyle: "medium" })}</div> : null}
                </td>
                {d.canManage ? (
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="receive" />
                      <input type="hidden" name="contributionId" value={c.id} />
                      <label htmlFor={`received-${c.id}`} className="visually-hidden">
                        {t("contributionsUi.receivedFor", { name: c.member })}
                      </label>
                      <input id={`received-${c.id}`} name="received" size={9} defaultValue={formatCentsText(locale, c.received)} />
                      <label htmlFor={`receivedOn-${c.id}`} className="visually-hidden">
                        {t("contributionsUi.receivedOnFor", { name: c.member })}
                      </label>
                      <input id={`receivedOn-${c.id}`} name="receivedOn" type="date" defaultValue={c.receivedOn ?? d.today} />
                      <button className="button button-small button-secondary">{t("contributionsUi.saveReceipt")}</button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result?.intent === "receive" ? <ErrorSummary errors={result.errors} /> : null}

      {d.canManage && d.candidates ? (
        <section className="panel" aria-labelledby="contribution-title">
          <h2 id="contribution-title">{t("contributionsUi.new")}</h2>
          <Form method="get" className="inline-form" role="search">
            <label htmlFor="partner">{t("contributionsUi.searchPartner")}</label>
            <input id="partner" name="partner" type="search" defaultValue={d.partnerQuery} maxLength={80} />
            <button className="button button-secondary button-small">{t("proxies.search")}</button>
          </Form>
          {d.candidates.more ? <p className="muted small">{t("contributionsUi.narrow")}</p> : null}
          <ErrorSummary errors={addErrors} />
          <Form method="post" className="stack" noValidate key={addKey}>
            <input type="hidden" name="intent" value="add" />
            <SelectField name="memberId" label={t("fields.memberId")} defaultValue={value("memberId")} options={d.candidates.rows.map((m) => ({ value: m.id, label: m.college ? `${m.name} (${m.college})` : m.name }))} errors={addErrors} />
            <SelectField name="type" label={t("fields.type")} defaultValue={value("type", "capital")} options={CONTRIBUTION_TYPES.map((type) => ({ value: type, label: t(`contributionsUi.types.${type}`) }))} errors={addErrors} />
            <TextField name="description" label={t("fields.description")} maxLength={300} defaultValue={value("description")} hint={t("contributionsUi.descriptionHint")} errors={addErrors} />
            <CheckboxField name="publicAid" label={t("contributionsUi.publicAidLabel")} defaultChecked={value("publicAid") === "on"} hint={t("contributionsUi.publicAidHint")} />
            <TextField name="pledged" label={t("contributionsUi.pledgedEuros")} required defaultValue={value("pledged")} errors={addErrors} />
            <TextField name="pledgedOn" label={t("fields.pledgedOn")} type="date" required defaultValue={value("pledgedOn", d.today)} errors={addErrors} />
            <TextField name="received" label={t("contributionsUi.receivedEuros")} defaultValue={value("received")} errors={addErrors} />
            <TextField name="receivedOn" label={t("fields.receivedOn")} type="date" defaultValue={value("receivedOn")} errors={addErrors} />
            <button className="button">{t("contributionsUi.add")}</button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
