import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/Forms";
import { AppError, appErrorFields } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { findMeeting } from "~/queries/meetings.server";
import { formValues, parseForm } from "~/schemas/form";
import { electionReservedFrom, electionSetupSchema } from "~/schemas/seat-elections";
import { resolutionSchema } from "~/schemas/voting";
import { addAgendaItem } from "~/services/meetings.server";
import { electionFormDefaults } from "~/services/organs-page.server";
import { createElection } from "~/services/seat-elections.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "meeting.run");
  const url = new URL(args.request.url);
  const meetingId = url.searchParams.get("meeting");
  const meeting = meetingId ? ((await findMeeting(args.context.db, entity.id, meetingId)) ?? null) : null;
  const defaults = await electionFormDefaults(args.context.db, entity.id, { organId: url.searchParams.get("organ"), meeting });
  return { meetingId: meeting?.id ?? null, ...defaults };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "meeting.run");
  const formData = await args.request.formData();
  formData.set("kind", "ordinary");
  const values = formValues(formData);
  const resolution = parseForm(resolutionSchema, formData);
  const setup = parseForm(electionSetupSchema, formData);
  const reserved = electionReservedFrom(formData);
  if (!resolution.ok || !setup.ok || !reserved.ok) {
    const errors = { ...(resolution.ok ? {} : resolution.errors), ...(setup.ok ? {} : setup.errors), ...(reserved.ok ? {} : { [reserved.field]: { key: "errors.wholeNumber", params: { field: "seats" } } }) };
    return data({ errors, values }, { status: 400 });
  }
  const meetingId = new URL(args.request.url).searchParams.get("meeting");
  try {
    // Drafted for an assembly: the seats are checked against the organ on the assembly's day.
    const { id } = await createElection(args.context.db, { entityId: entity.id, actorId: session.user.id, resolution: { ...resolution.data, electorate: undefined }, setup: { ...setup.data, reserved: reserved.data }, meetingId });
    if (meetingId) {
      await addAgendaItem(args.context.db, { entityId: entity.id, actorId: session.user.id, meetingId, title: resolution.data.title, description: null, resolutionId: id });
      return redirectWithFlash(`/o/${entity.slug}/meetings/${meetingId}`, { key: "elections.created" });
    }
    return redirectWithFlash(`/o/${entity.slug}/resolutions/${id}`, { key: "elections.created" });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values }, { status: e.status });
    throw e;
  }
}

export default function NewElection() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const values = result?.values ?? d.values;
  const errors = result?.errors ?? null;
  if (d.organs.length === 0) {
    return (
      <div className="page page-narrow">
        <h1>{t("elections.new")}</h1>
        <p className="alert alert-info">{t("elections.needOrgan")}</p>
      </div>
    );
  }
  return (
    <div className="page page-narrow">
      <h1>{t("elections.new")}</h1>
      <p>{t("elections.intro")}</p>
      <ErrorSummary errors={errors} />
      <Form method="post" className="stack" noValidate>
        <SelectField name="organId" label={t("elections.organ")} defaultValue={values.organId} errors={errors} options={d.organs.map((o) => ({ value: o.id, label: o.name }))} />
        <TextField name="number" label={t("resolutions.number")} hint={t("resolutions.numberHint")} required maxLength={20} defaultValue={values.number} errors={errors} />
        <TextField name="title" label={t("resolutions.titleField")} required maxLength={200} defaultValue={values.title ?? (values.organName ? t("elections.defaultTitle", { organ: values.organName }) : "")} errors={errors} />
        <TextAreaField name="body" label={t("elections.body")} hint={t("resolutions.markdownHint")} rows={5} maxLength={50_000} defaultValue={values.body ?? t("elections.defaultBody")} errors={errors} />
        <TextField name="seats" label={t("elections.seats")} required maxLength={3} defaultValue={values.seats} errors={errors} />
        {d.colleges.length > 0 ? (
          <fieldset>
            <legend>{t("organs.reservedTitle")}</legend>
            <p className="muted small">{t("organs.reservedHint")}</p>
            <div className="weights-grid">
              {d.colleges.map((c) => (
                <TextField key={c.id} name={`seat_${c.id}`} label={t("organs.reservedFor", { name: c.name })} maxLength={3} defaultValue={values[`seat_${c.id}`]} errors={errors} />
              ))}
            </div>
          </fieldset>
        ) : null}
        <SelectField name="method" label={t("elections.method")} defaultValue={values.method} errors={errors} options={["plurinominal", "approval"].map((m) => ({ value: m, label: t(`elections.methods.${m}`) }))} />
        <SelectField name="rounds" label={t("fields.rounds")} defaultValue={values.rounds} errors={errors} options={["1", "2"].map((n) => ({ value: n, label: t(`elections.roundsOption.${n}`) }))} />
        <CheckboxField name="absoluteMajority" label={t("elections.absoluteMajority")} defaultChecked={values.absoluteMajority === "on"} hint={t("elections.absoluteMajorityHint")} />
        <SelectField name="tieBreak" label={t("fields.tieBreak")} defaultValue={values.tieBreak} errors={errors} options={["age", "seniority", "lot"].map((x) => ({ value: x, label: t(`elections.tieBreaks.${x}`) }))} />
        <SelectField name="ruleId" label={t("elections.rule")} defaultValue={values.ruleId} errors={errors} options={d.rules.map((r) => ({ value: r.id, label: r.name }))} />
        <TextField name="candidacyDeadline" type="datetime-local" label={t("fields.candidacyDeadline")} hint={t("elections.deadlineHint")} defaultValue={values.candidacyDeadline} errors={errors} />
        <button type="submit" className="button">
          {t("elections.create")}
        </button>
      </Form>
    </div>
  );
}
