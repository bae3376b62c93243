import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextAreaField, TextField } from "~/components/Forms";
import { History } from "~/components/History";
import { isoDateInParis } from "~/lib/dates";
import { AppError, appErrorFields, notFound } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { listHistory } from "~/queries/audit.server";
import { findCollege } from "~/queries/colleges.server";
import { formValues, parseForm } from "~/schemas/form";
import { collegeSchema } from "~/schemas/settings";
import { archiveCollege, editCollege } from "~/services/colleges.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "entity.manage");
  const college = await findCollege(args.context.db, entity.id, args.params.collegeId ?? "");
  if (!college) notFound();
  const history = await listHistory(args.context.db, entity.id, { type: "college", id: college.id });
  return { slug: entity.slug, college: { id: college.id, name: college.name, description: college.description, archived: college.archived_at != null }, history };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.manage");
  const collegeId = args.params.collegeId ?? "";
  const formData = await args.request.formData();
  const values = formValues(formData);
  const ref = { id: entity.id, legal_form: entity.legal_form };
  try {
    if (formData.get("intent") === "archive") {
      const { name } = await archiveCollege(args.context.db, { entity: ref, actorId: session.user.id, collegeId, day: isoDateInParis() });
      return redirectWithFlash(`/o/${entity.slug}/colleges`, { key: "colleges.archived", params: { name } });
    }
    const form = parseForm(collegeSchema, formData);
    if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
    await editCollege(args.context.db, { entity: ref, actorId: session.user.id, collegeId, ...form.data });
    return redirectWithFlash(`/o/${entity.slug}/colleges/${collegeId}`, { key: "colleges.saved" });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values }, { status: e.status });
    throw e;
  }
}

export default function College() {
  const { college, history } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <p className="muted">
        <Link to=".." relative="path">{t("colleges.title")}</Link>
      </p>
      <h1>{t("colleges.collegeTitle", { name: college.name })}</h1>
      {college.archived ? <p className="alert alert-info">{t("colleges.isArchived")}</p> : null}
      <ErrorSummary errors={result?.errors} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="edit" />
        <TextField name="name" label={t("colleges.name")} required maxLength={120} defaultValue={result?.values?.name ?? college.name} errors={result?.errors} />
        <TextAreaField name="description" label={t("colleges.description")} maxLength={500} defaultValue={result?.values?.description ?? college.description ?? ""} errors={result?.errors} />
        <button type="submit" className="button">
          {t("colleges.save")}
        </button>
      </Form>
      {!college.archived ? (
        <Form method="post" className="panel">
          <input type="hidden" name="intent" value="archive" />
          <p className="muted">{t("colleges.archiveHint")}</p>
          <button type="submit" className="button button-danger">
            {t("colleges.archive")}
          </button>
        </Form>
      ) : null}
      <section aria-labelledby="college-history">
        <h2 id="college-history">{t("history.title")}</h2>
        <History events={history} />
      </section>
    </div>
  );
}
