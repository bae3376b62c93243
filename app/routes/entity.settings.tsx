import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, ErrorSummary, SelectField, TextField } from "~/components/Forms";
import { LEGAL_FORMS } from "~/domain/legal-forms";
import { isoDateInParis } from "~/lib/dates";
import { AppError, appErrorFields } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatCentsText, type Locale } from "~/lib/locale";
import { formValues, parseForm } from "~/schemas/form";
import { listRules } from "~/queries/rules.server";
import { settingsSchema } from "~/schemas/settings";
import { updateSettings } from "~/services/entities.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "entity.manage");
  const rules = await listRules(args.context.db, entity.id);
  return {
    name: entity.name,
    legalForm: entity.legal_form,
    address: entity.address,
    registrationNumber: entity.registration_number,
    capitalVariable: entity.capital_variable === 1,
    collegesEnabled: entity.colleges_enabled === 1,
    publicBallotBoxes: entity.public_ballot_boxes === 1,
    shareNominalCents: entity.share_nominal_cents,
    noticeDays: entity.notice_days,
    budget: { ruleId: entity.budget_rule_id, approvals: entity.expense_approvals, expenseThreshold: entity.expense_resolution_threshold_cents, transferThreshold: entity.transfer_threshold_cents },
    rules: rules.filter((r) => !r.archived_at).map((r) => ({ id: r.id, name: r.name })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.manage");
  const formData = await args.request.formData();
  const form = parseForm(settingsSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const { shareNominal, budgetRuleId, expenseApprovals, expenseThreshold, transferThreshold, ...rest } = form.data;
  const budget = { ruleId: budgetRuleId, expenseApprovals, expenseResolutionThresholdCents: expenseThreshold, transferThresholdCents: transferThreshold };
  try {
    await updateSettings(args.context.db, { entityId: entity.id, actorId: session.user.id, settings: { ...rest, shareNominalCents: shareNominal, budget }, day: isoDateInParis() });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values: formValues(formData) }, { status: e.status });
    throw e;
  }
  return redirectWithFlash(`/o/${entity.slug}/settings`, { key: "settings.saved" });
}

export default function Settings() {
  const saved = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const v = result?.values;
  const locale = i18n.language as Locale;
  const amount = (cents: number | null) => (cents == null ? "" : formatCentsText(locale, cents));
  const nominal = amount(saved.shareNominalCents);
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
        <CheckboxField name="publicBallotBoxes" label={t("settings.publicBallotBoxes")} hint={t("settings.publicBallotBoxesHint")} defaultChecked={v ? v.publicBallotBoxes === "on" : saved.publicBallotBoxes} />
        <fieldset className="stack">
          <legend>{t("settings.budgetTitle")}</legend>
          <SelectField
            name="budgetRuleId"
            label={t("settings.budgetRule")}
            defaultValue={v?.budgetRuleId ?? saved.budget.ruleId ?? ""}
            errors={result?.errors}
            options={[{ value: "", label: t("settings.budgetRuleDefault") }, ...saved.rules.map((r) => ({ value: r.id, label: r.name }))]}
          />
          <TextField name="expenseApprovals" label={t("settings.expenseApprovals")} hint={t("settings.expenseApprovalsHint")} defaultValue={v?.expenseApprovals ?? String(saved.budget.approvals)} errors={result?.errors} />
          <TextField name="expenseThreshold" label={t("settings.expenseThreshold")} hint={t("settings.thresholdHint")} defaultValue={v?.expenseThreshold ?? amount(saved.budget.expenseThreshold)} errors={result?.errors} />
          <TextField name="transferThreshold" label={t("settings.transferThreshold")} hint={t("settings.thresholdHint")} defaultValue={v?.transferThreshold ?? amount(saved.budget.transferThreshold)} errors={result?.errors} />
        </fieldset>
        <button type="submit" className="button">
          {t("settings.save")}
        </button>
      </Form>
    </div>
  );
}
