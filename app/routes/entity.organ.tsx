import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField, scrollRegion } from "~/components/Forms";
import { MemberSearch } from "~/components/MemberSearch";
import { OrganFields } from "~/components/OrganForm";
import { APPOINTMENTS, END_REASONS, MANDATE_ROLES } from "~/domain/organs";
import { can } from "~/domain/roles";
import { isoDateInParis } from "~/lib/dates";
import { AppError, appErrorFields, forbidden } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, formatNumber, type Locale } from "~/lib/locale";
import { formValues, parseForm } from "~/schemas/form";
import { endMandateSchema, mandateSchema, organSchema, reservedSeatsFrom } from "~/schemas/organs";
import { appoint, changeOrgan, endMandate } from "~/services/organs.server";
import { organPage } from "~/services/organs-page.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const canRecord = can(role, "meeting.run");
  const memberQuery = canRecord ? (new URL(args.request.url).searchParams.get("member")?.trim().slice(0, 80) ?? "") : "";
  const day = isoDateInParis();
  const canManage = can(role, "entity.manage");
  const page = await organPage(args.context.db, { entityId: entity.id, organId: args.params.organId ?? "", day, memberQuery, canManage });
  return { slug: entity.slug, today: day, canManage, canRecord, memberQuery, ...page };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session, role } = await requireEntity(args, "meeting.run");
  const formData = await args.request.formData();
  const intent = String(formData.get("intent") ?? "");
  const values = formValues(formData);
  const organId = args.params.organId ?? "";
  const db = args.context.db;
  const here = `/o/${entity.slug}/organs/${organId}`;
  try {
    if (intent === "update") {
      if (!can(role, "entity.manage")) forbidden();
      const form = parseForm(organSchema, formData);
      if (!form.ok) return data({ intent, errors: form.errors, values }, { status: 400 });
      await changeOrgan(db, { entityId: entity.id, actorId: session.user.id, organId, organ: { ...form.data, reserved: reservedSeatsFrom(formData) } });
      return redirectWithFlash(here, { key: "organs.saved" });
    }
    if (intent === "appoint") {
      const form = parseForm(mandateSchema, formData);
      if (!form.ok) return data({ intent, errors: form.errors, values }, { status: 400 });
      await appoint(db, { entityId: entity.id, actorId: session.user.id, organId, mandate: form.data });
      return redirectWithFlash(here, { key: "organs.appointed" });
    }
    if (intent === "end") {
      const form = parseForm(endMandateSchema, formData);
      if (!form.ok) return data({ intent, errors: form.errors, values }, { status: 400 });
      await endMandate(db, { entityId: entity.id, actorId: session.user.id, organId, mandateId: form.data.mandateId, endedOn: form.data.endedOn, reason: form.data.reason });
      return redirectWithFlash(here, { key: "organs.ended" });
    }
  } catch (e) {
    if (e instanceof AppError) return data({ intent, errors: appErrorFields(e), values }, { status: e.status });
    throw e;
  }
  return data({ intent, errors: { _form: { key: "errors.invalid", params: { field: "intent" } } }, values }, { status: 400 });
}

export default function Organ() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const running = d.mandates.filter((m) => m.state !== "ended");
  const past = d.mandates.filter((m) => m.state === "ended");
  const upcoming = running.filter((m) => m.state === "upcoming").length;
  const errorsOf = (intent: string) => (result?.intent === intent ? result.errors : null);
  const valuesOf = (intent: string) => (result?.intent === intent ? result.values : {});
  const organValues = result?.intent === "update" ? result.values : { name: d.organ.name, kind: d.organ.kind, seats: String(d.organ.seats), termMonths: d.organ.termMonths == null ? "" : String(d.organ.termMonths), ruleId: d.organ.ruleId ?? "", ...Object.fromEntries(d.reserved.map((r) => [`seat_${r.collegeId}`, String(r.seats)])) };
  return (
    <div className="page">
      <p>
        <Link to={`/o/${d.slug}/organs`}>{t("organs.back")}</Link>
      </p>
      <h1>{d.organ.name}</h1>
      <p>
        {t(`organs.kinds.${d.organ.kind}`)} — {t("organs.seatsOf", { count: running.filter((m) => m.state !== "upcoming").length, seats: formatNumber(locale, d.organ.seats) })}
        {upcoming > 0 ? ` (${t("organs.upcoming", { count: upcoming })})` : null}
        {d.organ.termMonths != null ? ` — ${t("organs.termOf", { count: d.organ.termMonths })}` : null}
      </p>
      {d.reserved.length > 0 ? (
        <ul className="inline-list">
          {d.reserved.map((r) => (
            <li key={r.collegeId}>{t("organs.reservedLine", { name: r.collegeName, count: r.seats })}</li>
          ))}
        </ul>
      ) : null}

      <h2>{t("organs.sittingTitle")}</h2>
      {running.length === 0 ? <p>{t("organs.noneSitting")}</p> : <Mandates rows={running} canRecord={d.canRecord} today={d.today} errors={errorsOf("end")} />}

      {d.canRecord ? (
        <section aria-labelledby="appoint-title" className="panel">
          <h2 id="appoint-title">{t("organs.appointTitle")}</h2>
          <MemberSearch id="member-search" param="member" query={d.memberQuery} found={d.matches.length} />
          {d.matches.length > 0 ? (
            <>
              <ErrorSummary errors={errorsOf("appoint")} />
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="intent" value="appoint" />
                <SelectField name="memberId" label={t("organs.member")} defaultValue={valuesOf("appoint").memberId} options={d.matches.map((m) => ({ value: m.id, label: m.collegeName ? `${m.name} (${m.collegeName})` : m.name }))} errors={errorsOf("appoint")} />
                <SelectField name="role" label={t("organs.role")} defaultValue={valuesOf("appoint").role ?? "member"} options={MANDATE_ROLES.map((r) => ({ value: r, label: t(`organs.roles.${r}`) }))} errors={errorsOf("appoint")} />
                <SelectField name="appointedBy" label={t("organs.appointedBy")} defaultValue={valuesOf("appoint").appointedBy ?? "co-optation"} options={APPOINTMENTS.map((a) => ({ value: a, label: t(`organs.appointments.${a}`) }))} errors={errorsOf("appoint")} />
                <TextField name="resolutionNumber" label={t("organs.resolutionNumber")} hint={t("organs.resolutionNumberHint")} maxLength={20} defaultValue={valuesOf("appoint").resolutionNumber} errors={errorsOf("appoint")} />
                <TextField name="startsOn" type="date" label={t("organs.startsOn")} required defaultValue={valuesOf("appoint").startsOn ?? d.today} errors={errorsOf("appoint")} />
                <TextField name="endsOn" type="date" label={t("organs.endsOn")} hint={t("organs.endsOnHint")} defaultValue={valuesOf("appoint").endsOn} errors={errorsOf("appoint")} />
                <button type="submit" className="button">
                  {t("organs.appoint")}
                </button>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}

      {past.length > 0 ? (
        <section aria-labelledby="past-title">
          <h2 id="past-title">{t("organs.pastTitle")}</h2>
          <Mandates rows={past} canRecord={false} today={d.today} errors={null} />
        </section>
      ) : null}

      {d.canManage ? (
        <section aria-labelledby="edit-organ-title" className="panel">
          <h2 id="edit-organ-title">{t("organs.editTitle")}</h2>
          <ErrorSummary errors={errorsOf("update")} />
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="update" />
            <OrganFields colleges={d.colleges} rules={d.rules} values={organValues} errors={errorsOf("update")} idPrefix="edit-" />
            <button type="submit" className="button button-secondary">
              {t("organs.save")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

type MandateRow = ReturnType<typeof useLoaderData<typeof loader>>["mandates"][number];

function Mandates({ rows, canRecord, today, errors }: { rows: MandateRow[]; canRecord: boolean; today: string; errors: Record<string, { key: string }> | null }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const date = (d: string | null) => (d ? formatDate(locale, d) : "—");
  return (
    <div {...scrollRegion(t("organs.mandatesCaption"))}>
      <table>
        <caption className="visually-hidden">{t("organs.mandatesCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("organs.member")}</th>
            <th scope="col">{t("organs.role")}</th>
            <th scope="col">{t("organs.since")}</th>
            <th scope="col">{t("organs.until")}</th>
            <th scope="col">{t("organs.appointedBy")}</th>
            {canRecord ? <th scope="col">{t("organs.endTitle")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                {m.memberName}
                {m.collegeName ? <div className="muted small">{m.collegeName}</div> : null}
              </th>
              <td>{t(`organs.roles.${m.role}`)}</td>
              <td>{date(m.startsOn)}</td>
              <td>
                {m.endedOn ? `${date(m.endedOn)} (${t(`organs.endReasons.${m.endReason ?? "other"}`)})` : date(m.endsOn)}
                {m.state === "expired" ? <div className="badge">{t("organs.expired")}</div> : m.state === "expiring" ? <div className="badge">{t("organs.expiring")}</div> : m.state === "upcoming" ? <div className="badge">{t("organs.startsLater")}</div> : null}
              </td>
              <td>{m.appointedBy === "election" && m.resolutionNumber ? t("organs.electedBy", { number: m.resolutionNumber }) : t(`organs.appointments.${m.appointedBy}`)}</td>
              {canRecord ? (
                <td>
                  <Form method="post" className="stack-small">
                    <input type="hidden" name="intent" value="end" />
                    <input type="hidden" name="mandateId" value={m.id} />
                    <label htmlFor={`ended-${m.id}`}>{t("organs.endedOn")}</label>
                    <input id={`ended-${m.id}`} name="endedOn" type="date" defaultValue={today} />
                    <label htmlFor={`reason-${m.id}`}>{t("organs.endReason")}</label>
                    <select id={`reason-${m.id}`} name="reason" defaultValue="term">
                      {END_REASONS.map((r) => (
                        <option key={r} value={r}>
                          {t(`organs.endReasons.${r}`)}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button button-small button-secondary">
                      {t("organs.end", { name: m.memberName })}
                    </button>
                  </Form>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {errors ? <ErrorSummary errors={errors} /> : null}
    </div>
  );
}
