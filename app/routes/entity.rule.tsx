import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RuleForm, type RuleFormValues } from "~/components/RuleForm";
import { AppError, appErrorFields, notFound } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { findRule } from "~/queries/rules.server";
import { formValues, parseForm } from "~/schemas/form";
import { ruleSchema } from "~/schemas/voting";
import { reviseRule, ruleFromRow } from "~/services/rules.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "entity.manage");
  const row = await findRule(args.context.db, entity.id, args.params.ruleId ?? "");
  if (!row) notFound();
  const r = ruleFromRow(row);
  const values: RuleFormValues = {
    name: row.name,
    method: r.method,
    base: r.base,
    threshold: r.threshold.toString(),
    strict: r.strict ? "on" : "",
    emptyCollege: r.emptyCollege,
    headcountBelow: String(r.headcountBelow),
    quorumFirst: r.quorumFirst?.toString() ?? "",
    quorumLater: r.quorumLater?.toString() ?? "",
    quorumBasis: r.quorumBasis,
    proxyCap: r.proxyCap == null ? "" : String(r.proxyCap),
    secret: r.secret ? "on" : "",
    liveResults: r.liveResults ? "on" : "",
    collegeAbstain: r.collegeAbstain,
    collegeBloc: r.collegeBloc?.toString() ?? "",
    collegeBlocStrict: r.collegeBlocStrict ? "on" : "",
    collegeBlocOtherwise: r.collegeBlocOtherwise,
    collegeQuorum: r.collegeQuorum?.toString() ?? "",
    proxySameCollege: r.proxySameCollege ? "on" : "",
    proxyMaxPerCollege: r.proxyMaxPerCollege == null ? "" : String(r.proxyMaxPerCollege),
    proxyHolders: r.proxyHolders,
  };
  return { values, archived: row.archived_at != null, version: row.version };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.manage");
  const formData = await args.request.formData();
  const form = parseForm(ruleSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const { name, ...rule } = form.data;
  try {
    const { id } = await reviseRule(args.context.db, { entityId: entity.id, actorId: session.user.id, ruleId: args.params.ruleId ?? "", name, rule });
    return redirectWithFlash(`/o/${entity.slug}/rules/${id}`, { key: "rules.revised" });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values: formValues(formData) }, { status: e.status });
    throw e;
  }
}

export default function Rule() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <p className="muted">
        <Link to=".." relative="path">{t("rules.title")}</Link>
      </p>
      <h1>{t("rules.editTitle", { name: d.values.name })}</h1>
      <p className="muted">{t("rules.version", { version: d.version })}</p>
      {d.archived ? <p className="alert alert-info">{t("rules.archivedNotice")}</p> : <p>{t("rules.revisionNotice")}</p>}
      {!d.archived ? <RuleForm intent="revise" values={result?.values ?? { ...d.values, proxyCap: d.values.proxyCap === "cooperative" ? t("rules.cooperativeWord") : d.values.proxyCap }} errors={result?.errors} submitLabel={t("rules.saveVersion")} /> : null}
    </div>
  );
}
