import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResolutionForm } from "~/components/ResolutionForm";
import { AppError, appErrorFields, notFound } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { findResolution } from "~/queries/resolutions.server";
import { listRules } from "~/queries/rules.server";
import { formValues, parseForm } from "~/schemas/form";
import { resolutionSchema } from "~/schemas/voting";
import { editResolution } from "~/services/resolutions.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "meeting.run");
  const r = await findResolution(args.context.db, entity.id, args.params.resolutionId ?? "");
  if (!r || r.status !== "draft") notFound();
  const rules = (await listRules(args.context.db, entity.id)).map((x) => ({ id: x.id, name: x.name }));
  return { rules, values: { number: r.number, title: r.title, body: r.body, note: r.note ?? "", ruleId: r.rule_id, kind: r.kind, recommendation: r.recommendation ?? "" } };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "meeting.run");
  const formData = await args.request.formData();
  const form = parseForm(resolutionSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const id = args.params.resolutionId ?? "";
  try {
    await editResolution(args.context.db, { entityId: entity.id, actorId: session.user.id, resolutionId: id, resolution: form.data });
    return redirectWithFlash(`/o/${entity.slug}/resolutions/${id}`, { key: "resolutions.saved" });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values: formValues(formData) }, { status: e.status });
    throw e;
  }
}

export default function EditResolution() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <p className="muted">
        <Link to=".." relative="path">{t("resolutions.numbered", { number: d.values.number })} — {d.values.title}</Link>
      </p>
      <h1>{t("resolutions.edit")}</h1>
      <ResolutionForm values={result?.values ?? d.values} errors={result?.errors} rules={d.rules} submitLabel={t("resolutions.save")} />
    </div>
  );
}
