import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/schemas/form";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "./Forms";

export type ResolutionFormValues = Partial<Record<"number" | "title" | "body" | "note" | "ruleId" | "kind" | "recommendation", string>>;

export function ResolutionForm({ values, errors, rules, submitLabel }: { values: ResolutionFormValues; errors?: FieldErrors | null; rules: { id: string; name: string }[]; submitLabel: string }) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="save" />
        <TextField name="number" label={t("resolutions.number")} hint={t("resolutions.numberHint")} required maxLength={20} defaultValue={values.number} errors={errors} />
        <TextField name="title" label={t("resolutions.titleField")} required maxLength={200} defaultValue={values.title} errors={errors} />
        <TextAreaField name="body" label={t("resolutions.body")} hint={t("resolutions.markdownHint")} rows={10} maxLength={50_000} defaultValue={values.body} errors={errors} />
        <TextAreaField name="note" label={t("resolutions.note")} rows={5} maxLength={20_000} defaultValue={values.note} errors={errors} />
        <SelectField name="ruleId" label={t("resolutions.rule")} defaultValue={values.ruleId} errors={errors} options={rules.map((r) => ({ value: r.id, label: r.name }))} />
        <SelectField name="kind" label={t("resolutions.kind")} defaultValue={values.kind ?? "ordinary"} errors={errors} options={["ordinary", "extraordinary"].map((k) => ({ value: k, label: t(`resolutions.kinds.${k}`) }))} />
        <SelectField
          name="recommendation"
          label={t("resolutions.recommendation")}
          defaultValue={values.recommendation ?? ""}
          errors={errors}
          options={[{ value: "", label: t("resolutions.noRecommendation") }, { value: "for", label: t("resolutions.recommendFor") }, { value: "against", label: t("resolutions.recommendAgainst") }]}
        />
        <button type="submit" className="button">
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
