import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField } from "~/components/Forms";
import { LEGAL_FORMS } from "~/domain/legal-forms";
import { AppError } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requirePlatformAdmin } from "~/lib/guards.server";
import { newEntitySchema } from "~/schemas/entity";
import { formValues, parseForm } from "~/schemas/form";
import { createEntity } from "~/services/entities.server";

export async function loader(args: LoaderFunctionArgs) {
  await requirePlatformAdmin(args);
  return null;
}

export async function action(args: ActionFunctionArgs) {
  const session = await requirePlatformAdmin(args);
  const formData = await args.request.formData();
  const form = parseForm(newEntitySchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    const { slug } = await createEntity(args.context.db, { actorId: session.user.id, ...form.data });
    return redirectWithFlash(`/o/${slug}`, { key: "entityNew.created", params: { name: form.data.name } });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: { slug: { key: e.key, params: e.params } }, values: formValues(formData) }, { status: e.status });
    throw e;
  }
}

export default function NewEntity() {
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <h1>{t("entityNew.title")}</h1>
      <ErrorSummary errors={result?.errors} />
      <Form method="post" className="stack" noValidate>
        <TextField name="name" label={t("entityNew.name")} required maxLength={160} defaultValue={result?.values?.name} errors={result?.errors} />
        <TextField name="slug" label={t("entityNew.slug")} hint={t("entityNew.slugHint")} maxLength={60} defaultValue={result?.values?.slug} errors={result?.errors} />
        <SelectField
          name="legalForm"
          label={t("entityNew.legalForm")}
          defaultValue={result?.values?.legalForm ?? "scic-sas"}
          errors={result?.errors}
          options={LEGAL_FORMS.map((f) => ({ value: f, label: t(`legalForms.${f}`) }))}
        />
        <button type="submit" className="button">
          {t("entityNew.submit")}
        </button>
      </Form>
    </div>
  );
}
