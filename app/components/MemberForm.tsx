import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PERSON_KINDS } from "~/domain/members";
import { CATEGORIES } from "~/domain/scic";
import type { FieldErrors } from "~/schemas/form";
import { ErrorSummary, SelectField, TextField } from "./Forms";

export type MemberFormValues = Partial<Record<"memberNumber" | "name" | "personKind" | "representative" | "category" | "collegeId" | "email" | "votingWeight" | "shares" | "joinedOn" | "exitedOn", string>>;

/** The member form, for a new member and for changes; every field keeps what was typed. */
export function MemberForm({ values, errors, colleges, submitLabel }: { values: MemberFormValues; errors?: FieldErrors | null; colleges: { id: string; name: string }[]; submitLabel: string }) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="save" />
        <TextField name="name" label={t("fields.name")} required maxLength={200} defaultValue={values.name} errors={errors} />
        <SelectField name="personKind" label={t("fields.personKind")} defaultValue={values.personKind ?? "natural"} errors={errors} options={PERSON_KINDS.map((k) => ({ value: k, label: t(`personKinds.${k}`) }))} />
        <TextField name="representative" label={t("fields.representative")} hint={t("members.representativeHint")} maxLength={200} defaultValue={values.representative} errors={errors} />
        <SelectField name="category" label={t("fields.category")} defaultValue={values.category ?? "beneficiaire"} errors={errors} options={CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))} />
        <SelectField name="collegeId" label={t("fields.collegeId")} defaultValue={values.collegeId ?? ""} errors={errors} options={[{ value: "", label: t("members.noCollege") }, ...colleges.map((c) => ({ value: c.id, label: c.name }))]} />
        <TextField name="memberNumber" label={t("fields.memberNumber")} maxLength={40} defaultValue={values.memberNumber} errors={errors} />
        <TextField name="email" type="email" label={t("fields.email")} maxLength={254} defaultValue={values.email} errors={errors} />
        <TextField name="votingWeight" label={t("fields.votingWeight")} hint={t("members.votingWeightHint")} defaultValue={values.votingWeight ?? "1"} errors={errors} />
        <TextField name="shares" label={t("fields.shares")} hint={t("members.sharesHint")} defaultValue={values.shares ?? "0"} errors={errors} />
        <TextField name="joinedOn" type="date" label={t("fields.joinedOn")} required defaultValue={values.joinedOn} errors={errors} />
        <TextField name="exitedOn" type="date" label={t("fields.exitedOn")} hint={t("members.exitedOnHint")} defaultValue={values.exitedOn} errors={errors} />
        <button type="submit" className="button">
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
