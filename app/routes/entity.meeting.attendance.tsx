import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AttendanceTable, ListPages, QuorumBadges } from "~/components/AttendancePanel";
import { BulkCheckIn } from "~/components/meeting/BulkCheckIn";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/Forms";
import { formIntent, handleIntent } from "~/lib/actions.server";
import { dateToParisLocal } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, type Locale } from "~/lib/locale";
import { parseForm } from "~/schemas/form";
import { checkInSchema, memberRefSchema, officersSchema, outsiderCheckInSchema, outsiderHolderSchema, paperPostalSchema, paperProxySchema } from "~/schemas/meetings";
import { checkInManyInput } from "~/schemas/attendance";
import { pageParam } from "~/schemas/entity";
import { attendanceDesk, checkIn, checkInMany, checkOut } from "~/services/meeting-attendance.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { giveMeetingProxy, markOutsiderHolder } from "~/services/meeting-proxies.server";
import { OutsiderCheckIn, OutsiderFields } from "~/components/meeting/OutsiderProxy";
import { setMinutesFields } from "~/services/meetings.server";

/** The desk's view: the search and the page of each list, all carried in the URL (no script needed). */
const LIST_PARAMS = ["q", "page", "present", "proxies", "postal"] as const;

function deskView(url: URL) {
  const get = (name: string) => pageParam.parse(url.searchParams.get(name) ?? undefined);
  return { q: url.searchParams.get("q")?.trim().slice(0, 80) ?? "", pages: { roster: get("page"), present: get("present"), proxies: get("proxies"), postal: get("postal") } };
}

export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "meeting.run");
  const { q, pages } = deskView(new URL(args.request.url));
  const desk = await attendanceDesk(args.context.db, { entity, meetingId: args.params.meetingId ?? "", query: q, pages });
  return { slug: entity.slug, q, now: dateToParisLocal(new Date()), ...desk };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "meeting.run");
  const db = args.context.db;
  const formData = await args.request.formData();
  const intent = formIntent(formData);
  const meetingId = args.params.meetingId ?? "";
  // Back to the same view: the same search and pages.
  const from = new URL(args.request.url).searchParams;
  const view = new URLSearchParams(LIST_PARAMS.flatMap((name) => (from.get(name) ? [[name, from.get(name)!]] : [])));
  const here = `/o/${entity.slug}/meetings/${meetingId}/attendance${view.size ? `?${view}` : ""}`;
  return handleIntent(formData, async (fail) => {
    switch (intent) {
      case "check-in": {
        const form = parseForm(checkInSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        await checkIn(db, { entity, meetingId, memberId: form.data.memberId, mode: form.data.mode, actorId: session.user.id });
        return redirectWithFlash(here, { key: "attendance.checkedIn" });
      }
      case "check-in-many": {
        // A row's own button checks in that member alone, as present.
        const one = formData.get("one");
        if (typeof one === "string" && one !== "") {
          await checkIn(db, { entity, meetingId, memberId: one, mode: "present", actorId: session.user.id });
          return redirectWithFlash(here, { key: "attendance.checkedIn" });
        }
        const form = checkInManyInput(formData);
        if (!form.ok) return fail(form.errors, 400);
        const { count } = await checkInMany(db, { entity, meetingId, entries: form.entries, actorId: session.user.id });
        return redirectWithFlash(here, { key: "attendance.checkedInMany", params: { count } });
      }
      case "check-out": {
        const form = parseForm(memberRefSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        await checkOut(db, { entityId: entity.id, meetingId, memberId: form.data.memberId });
        return redirectWithFlash(here, { key: "attendance.checkedOut" });
      }
      case "paper-proxy": {
        const form = parseForm(paperProxySchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const { holderId } = form.data;
        // A holder outside the members: their name and relation, typed below the list.
        const outsider = holderId === "outsider" ? parseForm(outsiderHolderSchema, formData) : null;
        if (outsider && !outsider.ok) return fail(outsider.errors, 400);
        const person = outsider?.ok ? { name: outsider.data.holderName, relation: outsider.data.holderRelation } : null;
        await giveMeetingProxy(db, { entity, meetingId, principalId: form.data.principalId, holderId: holderId === "chair" || person ? null : holderId, outsider: person, source: "paper" });
        return redirectWithFlash(here, { key: "attendance.proxyRecorded" });
      }
      case "outsider-holder": {
        const form = parseForm(outsiderCheckInSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const present = form.data.present === "1";
        const { holderName, principalName } = await markOutsiderHolder(db, { entityId: entity.id, meetingId, proxyId: form.data.proxyId, present, actorId: session.user.id });
        return redirectWithFlash(here, { key: present ? "proxyHolders.checkedInFlash" : "proxyHolders.checkedOutFlash", params: { name: holderName ?? "", principal: principalName } });
      }
      case "paper-postal": {
        const form = parseForm(paperPostalSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const { tracker } = await castPostalVote(db, { entity, meetingId, memberId: form.data.memberId, resolutionId: form.data.resolutionId, choice: form.data.choice, source: "paper", receivedAt: form.data.receivedAt });
        return redirectWithFlash(here, { key: tracker ? "postal.recordedPaperSecret" : "postal.recorded" });
      }
      case "officers": {
        const form = parseForm(officersSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        await setMinutesFields(db, { entityId: entity.id, actorId: session.user.id, meetingId, ...form.data });
        return redirectWithFlash(here, { key: "attendance.officersSaved" });
      }
    }
  });
}

export default function AttendancePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const names = Object.fromEntries(d.colleges.map((c) => [c.id, c.name]));
  const errorsFor = (...intents: string[]) => (result && intents.includes(result.intent) ? result.errors : null);
  // A paper proxy's holder: one of the members checked in on this page of the list, or one found by the search.
  const presentHere = new Set(d.attendance.present.map((p) => p.memberId));
  const members = d.attendance.present.map((p) => ({ id: p.memberId, name: p.name }));
  return (
    <div className="page">
      <p className="muted">
        <Link to={`/o/${d.slug}/meetings/${d.meeting.id}`}>{d.meeting.title}</Link>
      </p>
      <h1>{t("attendance.title")}</h1>
      <section aria-labelledby="panel-title" className="panel">
        <h2 id="panel-title">{t("attendance.quorumTitle")}</h2>
        <QuorumBadges quorums={d.attendance.quorums} kind={d.meeting.kind} ofOrgan={d.meeting.organId != null} />
        <AttendanceTable colleges={d.attendance.colleges} names={names} total={d.attendance.total} counted={d.attendance.counted} />
      </section>

      <section aria-labelledby="checkin-title" className="panel">
        <h2 id="checkin-title">{t("attendance.checkInTitle")}</h2>
        <ErrorSummary errors={errorsFor("check-in", "check-out")} />
        <BulkCheckIn
          q={d.q}
          roster={d.roster}
          // Every match is reachable through the pages: nothing is cut.
          limit={d.roster.matching}
          present={new Map(d.roster.present.map((p) => [p.memberId, p.mode]))}
          represented={new Map(d.roster.represented.map((p) => [p.principalId, p.holderName]))}
          postal={new Set(d.roster.postal)}
          closed={d.meeting.status === "closed"}
          errors={errorsFor("check-in-many")}
          values={result?.intent === "check-in-many" ? result.values : null}
        />
        <ListPages param="page" page={d.roster.page} pages={d.roster.pages} label={t("attendance.checkInTitle")} />
        <h3>{t("attendance.presentList", { count: d.lists.present.total })}</h3>
        {d.q ? (
          <p className="muted small" aria-live="polite">
            {t("attendance.rosterMatching", { count: d.lists.present.matching, total: d.lists.present.total })}
          </p>
        ) : null}
        <ul className="holder-list">
          {d.attendance.present.map((p) => (
            <li key={p.memberId}>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="check-out" />
                <input type="hidden" name="memberId" value={p.memberId} />
                <span>
                  {p.name} <span className="muted small">{t(`attendance.modes.${p.mode}`)} · {formatDate(locale, p.checkedInAt, { timeStyle: "short" })}</span>
                </span>
                <button className="button button-small button-secondary" aria-label={t("attendance.checkOutLabel", { name: p.name })}>
                  {t("attendance.checkOut")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <ListPages param="present" page={d.lists.present.page} pages={d.lists.present.pages} label={t("attendance.presentList", { count: d.lists.present.total })} />
      </section>

      <section aria-labelledby="proxies-title" className="panel">
        <h2 id="proxies-title">{t("attendance.proxiesTitle", { count: d.lists.proxies.total })}</h2>
        {d.attendance.proxyCap != null ? <p className="muted small">{t("proxies.capNote", { cap: d.attendance.proxyCap })}</p> : null}
        <ul>
          {d.attendance.proxies.map((p) => (
            <li key={p.id}>
              {t("attendance.proxyLine", { principal: p.principalName, holder: p.holderName ?? t("attendance.chair") })} <span className="muted small">({t(`attendance.proxySource.${p.source}`)})</span>{" "}
              <OutsiderCheckIn proxy={p} closed={d.meeting.status === "closed"} />{" "}
              <span className={`status status-${p.status === "valid" ? "adopted" : p.status === "void" ? "rejected" : "draft"}`}>{t(`attendance.proxyStatus.${p.status}`)}</span>
            </li>
          ))}
        </ul>
        <ListPages param="proxies" page={d.lists.proxies.page} pages={d.lists.proxies.pages} label={t("attendance.proxiesTitle", { count: d.lists.proxies.total })} />
        {d.meeting.status !== "closed" ? (
          <details open={errorsFor("paper-proxy") != null}>
            <summary>{t("attendance.paperProxy")}</summary>
            <ErrorSummary errors={errorsFor("paper-proxy")} />
            <p className="muted small">{t("attendance.paperProxyHint")}</p>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="paper-proxy" />
              <SelectField name="principalId" label={t("attendance.principal")} options={d.found.map((f) => ({ value: f.id, label: f.name }))} errors={errorsFor("paper-proxy")} />
              <SelectField
                name="holderId"
                label={t("attendance.holder")}
                options={[
                  { value: "chair", label: t("attendance.chair") },
                  ...(d.attendance.proxyHolders !== "members" ? [{ value: "outsider", label: t("proxyHolders.outsiderOption") }] : []),
                  ...[...members, ...d.found.filter((f) => !presentHere.has(f.id))].map((f) => ({ value: f.id, label: f.name })),
                ]}
                errors={errorsFor("paper-proxy")}
              />
              {d.attendance.proxyHolders !== "members" ? <OutsiderFields holders={d.attendance.proxyHolders} errors={errorsFor("paper-proxy")} values={result?.intent === "paper-proxy" ? result.values : null} /> : null}
              <button className="button button-secondary">{t("attendance.recordProxy")}</button>
            </Form>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="postal-title" className="panel">
        <h2 id="postal-title">{t("attendance.postalTitle", { count: d.lists.postal.total })}</h2>
        <ul>
          {d.attendance.postal.map((p) => (
            <li key={p.memberId}>
              {p.name} <span className="muted small">{formatDate(locale, p.receivedAt, { dateStyle: "medium", timeStyle: "short" })}</span> {p.late ? <span className="status status-rejected">{t("postal.late")}</span> : null}
            </li>
          ))}
        </ul>
        <ListPages param="postal" page={d.lists.postal.page} pages={d.lists.postal.pages} label={t("attendance.postalTitle", { count: d.lists.postal.total })} />
        {d.meeting.status !== "open" && d.meeting.status !== "closed" && d.resolutions.length > 0 ? (
          <details open={errorsFor("paper-postal") != null}>
            <summary>{t("attendance.paperPostal")}</summary>
            <ErrorSummary errors={errorsFor("paper-postal")} />
            <p className="muted small">{t("attendance.paperProxyHint")}</p>
            {d.resolutions.some((r) => r.secret) ? <p className="muted small">{t("secrecy.paperPostalEncrypted")}</p> : null}
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="paper-postal" />
              <SelectField id="postal-member" name="memberId" label={t("attendance.postalMember")} options={d.found.map((f) => ({ value: f.id, label: f.name }))} errors={errorsFor("paper-postal")} />
              <SelectField id="postal-resolution" name="resolutionId" label={t("resolutions.title")} options={d.resolutions.map((r) => ({ value: r.id, label: `${r.number} — ${r.title}` }))} errors={errorsFor("paper-postal")} />
              <SelectField id="postal-choice" name="choice" label={t("fields.choice")} options={(["for", "against", "abstain"] as const).map((c) => ({ value: c, label: t(`choices.${c}`) }))} errors={errorsFor("paper-postal")} />
              <TextField name="receivedAt" type="datetime-local" label={t("postal.receivedAt")} defaultValue={d.now} errors={errorsFor("paper-postal")} />
              <button className="button button-secondary">{t("postal.record")}</button>
            </Form>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="officers-title" className="panel">
        <h2 id="officers-title">{t("attendance.officersTitle")}</h2>
        <ErrorSummary errors={errorsFor("officers")} />
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="officers" />
          <TextField name="president" label={t("attendance.president")} maxLength={200} defaultValue={d.meeting.president ?? ""} errors={errorsFor("officers")} />
          <TextField name="secretary" label={t("attendance.secretary")} maxLength={200} defaultValue={d.meeting.secretary ?? ""} errors={errorsFor("officers")} />
          <TextField name="scrutineers" label={t("attendance.scrutineers")} hint={t("attendance.scrutineersHint")} maxLength={400} defaultValue={d.meeting.scrutineers ?? ""} errors={errorsFor("officers")} />
          <TextAreaField name="incidents" label={t("attendance.incidents")} hint={t("resolutions.markdownHint")} rows={5} defaultValue={d.meeting.incidents ?? ""} errors={errorsFor("officers")} />
          <button className="button button-secondary">{t("meetings.save")}</button>
        </Form>
      </section>
    </div>
  );
}
