import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MEETING_KINDS } from "~/domain/meetings";
import type { FieldErrors } from "~/schemas/form";
import { ErrorSummary, SelectField, TextField } from "./Forms";

export type MeetingFormValues = Partial<Record<"kind" | "organId" | "title" | "startsAt" | "place" | "remoteLink" | "postalDeadline", string>>;

export function MeetingForm({ values, errors, submitLabel, intent, organs = [] }: { values: MeetingFormValues; errors?: FieldErrors | null; submitLabel: string; intent: string; organs?: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value={intent} />
        <SelectField name="kind" label={t("meetings.kind")} defaultValue={values.kind ?? "ago"} errors={errors} options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meetings.kinds.${k}`) }))} />
        {organs.length > 0 ? (
          <SelectField name="organId" label={t("organs.meetingOrgan")} defaultValue={values.organId ?? ""} errors={errors} options={[{ value: "", label: t("organs.meetingOrganNone") }, ...organs.map((o) => ({ value: o.id, label: o.name }))]} />
        ) : null}
        <TextField name="title" label={t("meetings.titleField")} required maxLength={200} defaultValue={values.title} errors={errors} />
        <TextField name="startsAt" type="datetime-local" label={t("meetings.startsAt")} required defaultValue={values.startsAt} errors={errors} />
        <TextField name="place" label={t("meetings.place")} maxLength={300} defaultValue={values.place} errors={errors} />
        <TextField name="remoteLink" type="url" label={t("meetings.remoteLink")} maxLength={500} defaultValue={values.remoteLink} errors={errors} />
        <TextField name="postalDeadline" type="datetime-local" label={t("meetings.postalDeadline")} hint={t("meetings.postalDeadlineHint")} defaultValue={values.postalDeadline} errors={errors} />
        <button type="submit" className="button">
          {submitLabel}
        </button>
      </Form>
    </>
  );
}
