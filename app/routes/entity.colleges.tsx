import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextAreaField, TextField, scrollRegion } from "~/components/Forms";
import { WeightText } from "~/components/Numbers";
import { can } from "~/domain/roles";
import { votingWeightText } from "~/domain/members";
import { weightInputText, type WeightViolation } from "~/domain/weights";
import { isoDateInParis } from "~/lib/dates";
import { AppError, appErrorFields } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, formatDecimalText, formatNumber, type Locale } from "~/lib/locale";
import { listWeightVersions } from "~/queries/colleges.server";
import { formValues, parseForm } from "~/schemas/form";
import { collegeSchema, weightsMetaSchema } from "~/schemas/settings";
import { collegesOverview, createCollege, setWeights, weightRulesOf } from "~/services/colleges.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const day = isoDateInParis();
  const [overview, versions] = await Promise.all([collegesOverview(args.context.db, entity.id, day), listWeightVersions(args.context.db, entity.id, 20)]);
  return {
    slug: entity.slug,
    today: day,
    rules: weightRulesOf(entity.legal_form),
    collegesEnabled: entity.colleges_enabled === 1,
    canManage: can(role, "entity.manage"),
    colleges: overview.colleges.map((c) => ({
      ...c,
      weight: c.weight ? { num: Number(c.weight.num), den: Number(c.weight.den), input: weightInputText(c.weight) } : null,
      totalWeight: votingWeightText(c.weightMicro),
    })),
    incomplete: overview.incomplete,
    version: overview.version,
    versions: versions.map((v) => ({ ...v, weights: v.weights.map((w) => ({ name: w.name, num: w.num, den: w.den })) })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.manage");
  const formData = await args.request.formData();
  const values = formValues(formData);
  const day = isoDateInParis();
  const ref = { id: entity.id, legal_form: entity.legal_form };
  try {
    if (formData.get("intent") === "create") {
      const form = parseForm(collegeSchema, formData);
      if (!form.ok) return data({ intent: "create", errors: form.errors, values, violations: null }, { status: 400 });
      await createCollege(args.context.db, { entity: ref, actorId: session.user.id, ...form.data, day });
      return redirectWithFlash(`/o/${entity.slug}/colleges`, { key: "colleges.created", params: { name: form.data.name } });
    }
    if (formData.get("intent") === "weights") {
      const form = parseForm(weightsMetaSchema, formData);
      if (!form.ok) return data({ intent: "weights", errors: form.errors, values, violations: null }, { status: 400 });
      const weights: Record<string, string> = {};
      for (const [k, v] of formData) if (k.startsWith("w_") && typeof v === "string") weights[k.slice(2)] = v;
      const result = await setWeights(args.context.db, { entity: ref, actorId: session.user.id, weights, ...form.data, day });
      if (!result.ok) return data({ intent: "weights", errors: null, values, violations: result.violations }, { status: 422 });
      return redirectWithFlash(`/o/${entity.slug}/colleges`, { key: "colleges.weightsSaved" });
    }
  } catch (e) {
    if (e instanceof AppError) return data({ intent: String(formData.get("intent")), errors: appErrorFields(e), values, violations: null }, { status: e.status });
    throw e;
  }
  return data({ intent: "", errors: { _form: { key: "errors.invalid", params: { field: "intent" } } }, values, violations: null }, { status: 400 });
}

function Violations({ violations }: { violations: WeightViolation[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const pct = (s: string) => formatDecimalText(locale, s);
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1}>
      <p>{t("weights.title")}</p>
      <ul>
        {violations.map((v, i) => {
          const params: Record<string, string | number> = { ...v };
          if ("percent" in v) params.percent = pct(v.percent);
          if ("sum" in v) params.sum = pct(v.sum);
          return <li key={i}>{t(`weights.${v.code}`, params)}</li>;
        })}
      </ul>
    </div>
  );
}

export default function Colleges() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const weightsTyped = result?.intent === "weights" ? result.values : null;
  return (
    <div className="page">
      <h1>{t("colleges.title")}</h1>
      <p>{t(`colleges.rules.${d.rules}`)}</p>
      {!d.collegesEnabled ? <p className="alert alert-info">{t("colleges.disabled")}</p> : null}
      {d.incomplete ? <p className="alert alert-error">{t("colleges.incomplete")}</p> : null}
      {d.version ? <p className="muted">{t("colleges.inForce", { date: formatDate(locale, d.version.effectiveFrom) })}</p> : null}
      <div {...scrollRegion(t("colleges.caption"))}>
        <table>
          <caption className="visually-hidden">{t("colleges.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.college")}</th>
              <th scope="col" className="num">{t("dashboard.weight")}</th>
              <th scope="col" className="num">{t("dashboard.headcount")}</th>
              <th scope="col" className="num">{t("colleges.totalWeight")}</th>
            </tr>
          </thead>
          <tbody>
            {d.colleges.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {d.canManage ? <Link to={`/o/${d.slug}/colleges/${c.id}`}>{c.name}</Link> : c.name}
                  {c.description ? <div className="muted small">{c.description}</div> : null}
                </th>
                <td className="num">{c.weight ? <WeightText num={c.weight.num} den={c.weight.den} /> : "—"}</td>
                <td className="num">{formatNumber(locale, c.headcount)}</td>
                <td className="num">{formatDecimalText(locale, c.totalWeight)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {d.canManage && d.rules !== "alliance" && d.colleges.length > 0 ? (
        <section aria-labelledby="weights-title" className="panel">
          <h2 id="weights-title">{t("colleges.weightsTitle")}</h2>
          <p className="muted">{t("colleges.weightsHint")}</p>
          {result?.intent === "weights" && result.violations ? <Violations violations={result.violations} /> : null}
          {result?.intent === "weights" ? <ErrorSummary errors={result.errors} /> : null}
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="weights" />
            <div className="weights-grid">
              {d.colleges.map((c) => (
                <TextField
                  key={c.id}
                  name={`w_${c.id}`}
                  label={t("colleges.weightOf", { name: c.name })}
                  defaultValue={weightsTyped?.[`w_${c.id}`] ?? c.weight?.input ?? ""}
                />
              ))}
            </div>
            <TextField name="effectiveFrom" type="date" label={t("colleges.effectiveFrom")} defaultValue={weightsTyped?.effectiveFrom ?? d.today} errors={result?.intent === "weights" ? result.errors : null} />
            <TextField name="reason" label={t("colleges.reason")} hint={t("colleges.reasonHint")} maxLength={300} defaultValue={weightsTyped?.reason} errors={result?.intent === "weights" ? result.errors : null} />
            <button type="submit" className="button">
              {t("colleges.saveWeights")}
            </button>
          </Form>
        </section>
      ) : null}

      {d.canManage ? (
        <section aria-labelledby="new-college-title" className="panel">
          <h2 id="new-college-title">{t("colleges.newTitle")}</h2>
          {result?.intent === "create" ? <ErrorSummary errors={result.errors} /> : null}
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="create" />
            <TextField name="name" label={t("colleges.name")} required maxLength={120} defaultValue={result?.intent === "create" ? result.values.name : undefined} errors={result?.intent === "create" ? result.errors : null} />
            <TextAreaField name="description" label={t("colleges.description")} maxLength={500} defaultValue={result?.intent === "create" ? result.values.description : undefined} errors={result?.intent === "create" ? result.errors : null} />
            <button type="submit" className="button button-secondary">
              {t("colleges.create")}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("colleges.historyTitle")}</h2>
        {d.versions.length === 0 ? <p>{t("colleges.noVersions")}</p> : null}
        <ol className="history">
          {d.versions.map((v) => (
            <li key={v.id}>
              <p>
                <strong>{t(v.effectiveFrom > d.today ? "colleges.versionFuture" : "colleges.versionFrom", { date: formatDate(locale, v.effectiveFrom) })}</strong>{" "}
                — {v.reason === "alliance-equal" ? t("colleges.allianceReason") : v.reason}
              </p>
              <p className="muted small">{t("history.by", { name: v.createdByName ?? "—", date: formatDate(locale, v.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
              <ul className="inline-list">
                {v.weights.map((w) => (
                  <li key={w.name}>
                    {w.name} : <WeightText num={w.num} den={w.den} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
