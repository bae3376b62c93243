// The fields of an organ (name, kind, seats, reserved seats per college, term, rule), for its
// creation and its change.
import { useTranslation } from "react-i18next";
import { ORGAN_KINDS } from "~/domain/organs";
import type { FieldErrors } from "~/schemas/form";
import { SelectField, TextField } from "./Forms";

interface Props {
  colleges: { id: string; name: string }[];
  rules: { id: string; name: string }[];
  values: Record<string, string | undefined>;
  errors: FieldErrors | null;
  /** Distinct ids when two forms of one page hold these fields. */
  idPrefix?: string;
}

export function OrganFields({ colleges, rules, values, errors, idPrefix = "" }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <TextField id={`${idPrefix}name`} name="name" label={t("organs.name")} hint={t("organs.nameHint")} required maxLength={120} defaultValue={values.name} errors={errors} />
      <SelectField id={`${idPrefix}kind`} name="kind" label={t("organs.kind")} defaultValue={values.kind ?? "cooperative-board"} options={ORGAN_KINDS.map((k) => ({ value: k, label: t(`organs.kinds.${k}`) }))} errors={errors} />
      <TextField id={`${idPrefix}seats`} name="seats" label={t("organs.seats")} required maxLength={4} defaultValue={values.seats} errors={errors} />
      {colleges.length > 0 ? (
        <fieldset>
          <legend>{t("organs.reservedTitle")}</legend>
          <p className="muted small">{t("organs.reservedHint")}</p>
          <div className="weights-grid">
            {colleges.map((c) => (
              <TextField key={c.id} id={`${idPrefix}seat_${c.id}`} name={`seat_${c.id}`} label={t("organs.reservedFor", { name: c.name })} maxLength={3} defaultValue={values[`seat_${c.id}`]} errors={errors} />
            ))}
          </div>
        </fieldset>
      ) : null}
      <TextField id={`${idPrefix}termMonths`} name="termMonths" label={t("organs.termMonths")} hint={t("organs.termHint")} maxLength={4} defaultValue={values.termMonths} errors={errors} />
      <SelectField id={`${idPrefix}ruleId`} name="ruleId" label={t("organs.rule")} defaultValue={values.ruleId ?? ""} options={[{ value: "", label: t("organs.noRule") }, ...rules.map((r) => ({ value: r.id, label: r.name }))]} errors={errors} />
    </>
  );
}
