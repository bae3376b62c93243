import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/schemas/form";
import { CheckboxField, ErrorSummary, SelectField, TextField } from "./Forms";

export type RuleFormValues = Partial<
  Record<
    | "name" | "method" | "base" | "threshold" | "strict" | "emptyCollege" | "headcountBelow" | "quorumFirst" | "quorumLater" | "quorumBasis" | "proxyCap" | "secret" | "liveResults"
    | "collegeAbstain" | "collegeBloc" | "collegeBlocStrict" | "collegeBlocOtherwise" | "collegeQuorum" | "proxySameCollege" | "proxyMaxPerCollege" | "proxyHolders",
    string
  >
>;

export function RuleForm({ values, errors, submitLabel, intent }: { values: RuleFormValues; errors?: FieldErrors | null; submitLabel: string; intent: string }) {
  const { t } = useTranslation();
  const opt = (group: string, keys: string[]) => keys.map((k) => ({ value: k, label: t(`rules.${group}.${k}`) }));
  const collegeOpt = (group: string, keys: string[]) => keys.map((k) => ({ value: k, label: t(`collegeRules.${group}.${k}`) }));
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value={intent} />
        <TextField name="name" label={t("rules.name")} required maxLength={120} defaultValue={values.name} errors={errors} />
        <SelectField name="method" label={t("rules.methodLabel")} defaultValue={values.method ?? "proportional"} errors={errors} options={opt("methods", ["proportional", "college-bloc", "headcount"])} />
        <SelectField name="base" label={t("rules.baseLabel")} defaultValue={values.base ?? "cast"} errors={errors} options={opt("bases", ["cast", "present"])} />
        <TextField name="threshold" label={t("rules.threshold")} hint={t("rules.thresholdHint")} defaultValue={values.threshold ?? "1/2"} errors={errors} />
        <CheckboxField name="strict" label={t("rules.strict")} hint={t("rules.strictHint")} defaultChecked={values.strict === "on"} />
        <SelectField name="emptyCollege" label={t("rules.emptyCollegeLabel")} defaultValue={values.emptyCollege ?? "neutralise"} errors={errors} options={opt("emptyColleges", ["neutralise", "equal-share", "count-against"])} />
        <TextField name="headcountBelow" label={t("rules.headcountBelow")} hint={t("rules.headcountBelowHint")} defaultValue={values.headcountBelow ?? "0"} errors={errors} />
        <TextField name="quorumFirst" label={t("rules.quorumFirst")} hint={t("rules.quorumHint")} defaultValue={values.quorumFirst} errors={errors} />
        <TextField name="quorumLater" label={t("rules.quorumLater")} defaultValue={values.quorumLater} errors={errors} />
        <SelectField name="quorumBasis" label={t("rules.quorumBasisLabel")} defaultValue={values.quorumBasis ?? "headcount"} errors={errors} options={opt("quorumBases", ["headcount", "weight"])} />
        <fieldset className="stack">
          <legend>{t("collegeRules.legend")}</legend>
          <p className="hint">{t("collegeRules.intro")}</p>
          <SelectField name="collegeAbstain" label={t("collegeRules.abstainLabel")} defaultValue={values.collegeAbstain ?? "left-out"} errors={errors} options={collegeOpt("abstain", ["left-out", "for", "against"])} />
          <TextField name="collegeBloc" label={t("collegeRules.bloc")} hint={t("collegeRules.blocHint")} defaultValue={values.collegeBloc} errors={errors} />
          <CheckboxField name="collegeBlocStrict" label={t("collegeRules.blocStrict")} hint={t("collegeRules.blocStrictHint")} defaultChecked={values.collegeBlocStrict === "on"} />
          <SelectField name="collegeBlocOtherwise" label={t("collegeRules.otherwiseLabel")} defaultValue={values.collegeBlocOtherwise ?? "neutralise"} errors={errors} options={collegeOpt("otherwise", ["neutralise", "second-round"])} />
          <TextField name="collegeQuorum" label={t("collegeRules.quorum")} hint={t("collegeRules.quorumHint")} defaultValue={values.collegeQuorum} errors={errors} />
        </fieldset>
        <TextField name="proxyCap" label={t("rules.proxyCap")} hint={t("rules.proxyCapHint")} defaultValue={values.proxyCap} errors={errors} />
        <CheckboxField name="proxySameCollege" label={t("collegeRules.proxySameCollege")} hint={t("collegeRules.proxySameCollegeHint")} defaultChecked={values.proxySameCollege === "on"} />
        <TextField name="proxyMaxPerCollege" label={t("collegeRules.proxyMaxPerCollege")} hint={t("collegeRules.proxyMaxPerCollegeHint")} defaultValue={values.proxyMaxPerCollege} errors={errors} />
        <SelectField name="proxyHolders" label={t("collegeRules.proxyHoldersLabel")} defaultValue={values.proxyHolders ?? "members"} errors={errors} options={collegeOpt("proxyHolders", ["members", "spouse", "anyone"])} />
        <CheckboxField name="secret" label={t("rules.secret")} hint={t("rules.secretHint")} defaultChecked={values.secret === "on"} />
        <CheckboxField name="liveResults" label={t("rules.liveResults")} defaultChecked={values.liveResults === "on"} />
        <button type="submit" className="button">
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
