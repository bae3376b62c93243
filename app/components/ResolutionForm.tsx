import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/schemas/form";
import { ElectorateFields, type ElectorateOptions, type ElectorateValues } from "./ElectorateFields";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "./Forms";
import { useScripted } from "./useScripted";

export type ResolutionFormValues = Partial<Record<"number" | "title" | "body" | "note" | "ruleId" | "kind" | "recommendation", string>>;

/** A rule as the form offers it: the nature of the preset it came from, and whether that preset is for the entity's legal form. */
export interface RuleChoice {
  id: string;
  name: string;
  kind?: string | null;
  fits?: boolean;
}

/** The rule that matches a nature (ordinary or extraordinary): its preset's, for the entity's legal form first. */
export function ruleFor<R extends RuleChoice>(rules: R[], kind: string): R | undefined {
  return rules.find((r) => r.kind === kind && r.fits) ?? rules.find((r) => r.kind === kind) ?? rules[0];
}

/**
 * The fields of a resolution. With `byKind` (a new one) the rule follows the nature until the
 * person picks one: an empty choice lets the server take the nature's rule (without JavaScript);
 * with JavaScript the nature's rule is shown selected and follows a change of nature.
 */
export function ResolutionForm({
  values,
  errors,
  rules,
  submitLabel,
  byKind = false,
  electorate,
}: {
  values: ResolutionFormValues;
  errors?: FieldErrors | null;
  rules: RuleChoice[];
  submitLabel: string;
  byKind?: boolean;
  electorate?: ElectorateOptions & { values: ElectorateValues };
}) {
  const { t } = useTranslation();
  const scripted = useScripted();
  const [kind, setKind] = useState(values.kind ?? "ordinary");
  const [picked, setPicked] = useState(values.ruleId ?? "");
  const matching = ruleFor(rules, kind);
  const ruleOptions = rules.map((r) => ({ value: r.id, label: r.name }));
  const ruleSelect = byKind ? { value: picked || (scripted ? (matching?.id ?? "") : ""), onChange: setPicked, options: [{ value: "", label: t("confirm.ruleByKind") }, ...ruleOptions] } : { defaultValue: values.ruleId, options: ruleOptions };
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="save" />
        <TextField name="number" label={t("resolutions.number")} hint={t("resolutions.numberHint")} required maxLength={20} defaultValue={values.number} errors={errors} />
        <TextField name="title" label={t("resolutions.titleField")} required maxLength={200} defaultValue={values.title} errors={errors} />
        <TextAreaField name="body" label={t("resolutions.body")} hint={t("resolutions.markdownHint")} rows={10} maxLength={50_000} defaultValue={values.body} errors={errors} />
        <TextAreaField name="note" label={t("resolutions.note")} rows={5} maxLength={20_000} defaultValue={values.note} errors={errors} />
        <SelectField name="kind" label={t("resolutions.kind")} {...(byKind ? { value: kind, onChange: setKind } : { defaultValue: values.kind ?? "ordinary" })} errors={errors} options={["ordinary", "extraordinary"].map((k) => ({ value: k, label: t(`resolutions.kinds.${k}`) }))} />
        <SelectField name="ruleId" label={t("resolutions.rule")} errors={errors} {...ruleSelect} />
        {electorate ? <ElectorateFields {...electorate} errors={errors} /> : null}
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
