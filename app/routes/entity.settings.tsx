import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, ErrorSummary, SelectField, TextField } from "~/components/Forms";
import { LEGAL_FORMS } from "~/domain/legal-forms";
import { isoDateInParis } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatCentsText, type Locale } from "~/lib/locale";
import { parseForm } from "~/schemas/form";
import { settingsSchema } from "~/schemas/settings";
import { updateSettings } from "~/services/entities.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "entity.manage");
  return {
    name: entity.name,
    legalForm: entity.legal_form,
    address: entity.address,
    registrationNumber: entity.registration_number,
    capitalVariable: entity.capital_variable === 1,
    collegesEnabled: entity.colleges_enabled === 1,
    shareNominalCents: entity.share_nominal_cents,
    noticeDays: entity.notice_days,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.manage");
  const form = parseForm(settingsSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const { shareNominal, ...rest } = form.data;
  await updateSettings(args.context.db, { entityId: entity.id, actorId: session.user.id, settings: { ...rest, shareNominalCents: shareNominal }, day: isoDateInParis() });
  return redirectWithFlash(`/o/${entity.slug}/settings`, { key: "settings.saved" });
}

export default function Settings() {
  const saved = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const v = result?.values;
  const nominal = saved.shareNominalCents == null ? "" : formatCentsText(i18n.language as Locale, saved.shareNominalCents);
  return (
    <div className="page page-narrow">
      <h1>{t("settings.title")}</h1>
      <ErrorSummary errors={result?.errors} />
      <Form method="post" className="stack" noValidate>
        <TextField name="name" label={t("settings.name")} required maxLength={160} defaultValue={v?.name ?? saved.name} errors={result?.errors} />
        <SelectField
          name="legalForm"
          label={t("settings.legalForm")}
          defaultValue={v?.legalForm ?? saved.legalForm}
          errors={result?.errors}
          options={LEGAL_FORMS.map((f) => ({ value: f, label: t(`legalForms.${f}`) }))}
        />
        <TextField name="address" label={t("settings.address")} maxLength={300} defaultValue={v?.address ?? saved.address ?? ""} errors={result?.errors} />
        <TextField name="registrationNumber" label={t("settings.registrationNumber")} hint={t("settings.optional")} maxLength={80} defaultValue={v?.registrationNumber ?? saved.registrationNumber ?? ""} errors={result?.errors} />
        <TextField name="shareNominal" label={t("settings.shareNominal")} hint={t("settings.shareNominalHint")} defaultValue={v?.shareNominal ?? nominal} errors={result?.errors} />
        <TextField name="noticeDays" label={t("settings.noticeDays")} hint={t("settings.noticeDaysHint")} defaultValue={v?.noticeDays ?? (saved.noticeDays == null ? "" : String(saved.noticeDays))} errors={result?.errors} />
        <CheckboxField name="capitalVariable" label={t("settings.capitalVariable")} defaultChecked={v ? v.capitalVariable === "on" : saved.capitalVariable} />
        <CheckboxField name="collegesEnabled" label={t("settings.collegesEnabled")} hint={t("settings.collegesEnabledHint")} defaultChecked={v ? v.collegesEnabled === "on" : saved.collegesEnabled} />
        <button type="submit" className="button">
          {t("settings.save")}
        </button>
      </Form>
    </div>
  );
}
