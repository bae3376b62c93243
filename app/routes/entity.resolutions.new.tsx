import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResolutionForm } from "~/components/ResolutionForm";
import { AppError, appErrorFields } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { listRules } from "~/queries/rules.server";
import { formValues, parseForm } from "~/schemas/form";
import { resolutionSchema } from "~/schemas/voting";
import { addAgendaItem } from "~/services/meetings.server";
import { createResolution } from "~/services/resolutions.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "meeting.run");
  const rules = (await listRules(args.context.db, entity.id)).map((r) => ({ id: r.id, name: r.name }));
  return { slug: entity.slug, rules, meetingId: new URL(args.request.url).searchParams.get("meeting") };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "meeting.run");
  const formData = await args.request.formData();
  const form = parseForm(resolutionSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    const { id } = await createResolution(args.context.db, { entityId: entity.id, actorId: session.user.id, resolution: form.data });
    // Drafted from a meeting: it goes on that meeting's agenda.
    const meetingId = new URL(args.request.url).searchParams.get("meeting");
    if (meetingId) {
      await addAgendaItem(args.context.db, { entityId: entity.id, actorId: session.user.id, meetingId, title: form.data.title, description: null, resolutionId: id });
      return redirectWithFlash(`/o/${entity.slug}/meetings/${meetingId}`, { key: "resolutions.created" });
    }
    return redirectWithFlash(`/o/${entity.slug}/resolutions/${id}`, { key: "resolutions.created" });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values: formValues(formData) }, { status: e.status });
    throw e;
  }
}

export default function NewResolution() {
  const { slug, rules } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <h1>{t("resolutions.new")}</h1>
      {rules.length === 0 ? (
        <p className="alert alert-info">
          {t("resolutions.needRule")} <Link to={`/o/${slug}/rules`}>{t("nav.rules")}</Link>
        </p>
      ) : (
        <ResolutionForm values={result?.values ?? {}} errors={result?.errors} rules={rules} submitLabel={t("resolutions.create")} />
      )}
    </div>
  );
}
