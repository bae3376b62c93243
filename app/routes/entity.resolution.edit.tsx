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
import { collegeIdsOf, electorateFrom } from "~/schemas/electorate";
import { resolutionSchema } from "~/schemas/voting";
import { electorateOptions, electorateValues } from "~/services/electorate.server";
import { editResolution } from "~/services/resolutions.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "meeting.run");
  const r = await findResolution(args.context.db, entity.id, args.params.resolutionId ?? "");
  if (!r || r.status !== "draft") notFound();
  const rules = (await listRules(args.context.db, entity.id)).map((x) => ({ id: x.id, name: x.name }));
  const electorate = { ...(await electorateOptions(args.context.db, entity.id)), values: electorateValues(r) };
  return { rules, electorate, values: { number: r.number, title: r.title, body: r.body, note: r.note ?? "", ruleId: r.rule_id, kind: r.kind, recommendation: r.recommendation ?? "" } };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "meeting.run");
  const formData = await args.request.formData();
  const form = parseForm(resolutionSchema, formData);
  const electorate = electorateFrom(formData);
  if (!form.ok || !electorate.ok) return data({ errors: { ...(form.ok ? {} : form.errors), ...(electorate.ok ? {} : electorate.errors) }, values: formValues(formData), collegeIds: collegeIdsOf(formData) }, { status: 400 });
  const id = args.params.resolutionId ?? "";
  try {
    await editResolution(args.context.db, { entityId: entity.id, actorId: session.user.id, resolutionId: id, resolution: { ...form.data, electorate: electorate.data } });
    return redirectWithFlash(`/o/${entity.slug}/resolutions/${id}`, { key: "resolutions.saved" });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values: formValues(formData), collegeIds: collegeIdsOf(formData) }, { status: e.status });
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
      <ResolutionForm
        values={result?.values ?? d.values}
        errors={result?.errors}
        rules={d.rules}
        submitLabel={t("resolutions.save")}
        electorate={{ ...d.electorate, values: result ? { ...result.values, collegeIds: result.collegeIds } : d.electorate.values }}
      />
    </div>
  );
}
