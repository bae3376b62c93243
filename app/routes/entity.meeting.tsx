import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AttendanceTable, QuorumBadges } from "~/components/AttendancePanel";
import { ErrorSummary, FileField, SelectField, TextField } from "~/components/Forms";
import { MeetingForm } from "~/components/MeetingForm";
import { can, type Permission } from "~/domain/roles";
import { formIntent, handleIntent } from "~/lib/actions.server";
import { dateToParisLocal } from "~/lib/dates";
import { forbidden } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, type Locale } from "~/lib/locale";
import { resolveLocale } from "~/lib/locale.server";
import { parseForm } from "~/schemas/form";
import { agendaItemSchema, handsRowSchema, meetingSchema, nextCallSchema, noticeSchema, postalSchema } from "~/schemas/meetings";
import { proxySchema } from "~/schemas/voting";
import { deliverQueued } from "~/services/mail.server";
import { meetingPage } from "~/services/meeting-page.server";
import {
  addAgendaItem,
  castPostalVote,
  closeMeeting,
  closeMeetingResolution,
  giveMeetingProxy,
  memberForUser,
  moveAgendaItem,
  openMeeting,
  openMeetingResolution,
  removeAgendaItem,
  revokeMeetingProxy,
  scheduleNextCall,
  sendNotice,
  setHandCounts,
  updateMeetingDetails,
  uploadDocument,
} from "~/services/meetings.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const holderQuery = new URL(args.request.url).searchParams.get("holder")?.trim().slice(0, 80) ?? "";
  const canRun = can(role, "meeting.run");
  const page = await meetingPage(args.context.db, { entity, meetingId: args.params.meetingId ?? "", canRun, userId: session.user.id, holderQuery });
  return { slug: entity.slug, canRun, canVote: can(role, "vote.cast"), holderQuery, ...page };
}

const MEMBER_INTENTS = new Set(["proxy", "revoke", "postal"]);

export async function action(args: ActionFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const db = args.context.db;
  const isMultipart = (args.request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  if (isMultipart && Number(args.request.headers.get("Content-Length") ?? 0) > 11 * 1024 * 1024) {
    return data({ intent: "document", errors: { file: { key: "documents.size", params: { max: 10 } } }, values: {} as Record<string, string> }, { status: 413 });
  }
  const formData = await args.request.formData();
  const intent = formIntent(formData);
  const needed: Permission = MEMBER_INTENTS.has(intent) ? "vote.cast" : "meeting.run";
  if (!can(role, needed)) forbidden();
  const meetingId = args.params.meetingId ?? "";
  const here = `/o/${entity.slug}/meetings/${meetingId}`;
  const base = { entityId: entity.id, meetingId };
  const done = (key: string, params?: Record<string, string | number>) => redirectWithFlash(here, { key, params });
  return handleIntent(formData, async (fail) => {
    switch (intent) {
      case "details": {
        const form = parseForm(meetingSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        await updateMeetingDetails(db, { ...base, meeting: form.data });
        return done("meetings.saved");
      }
      case "agenda-add": {
        const form = parseForm(agendaItemSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        await addAgendaItem(db, { ...base, ...form.data });
        return done("meetings.itemAdded");
      }
      case "agenda-up":
      case "agenda-down":
        await moveAgendaItem(db, { ...base, itemId: String(formData.get("itemId")), direction: intent === "agenda-up" ? "up" : "down" });
        return done("meetings.itemMoved");
      case "agenda-remove":
        await removeAgendaItem(db, { ...base, itemId: String(formData.get("itemId")) });
        return done("meetings.itemRemoved");
      case "document": {
        const file = formData.get("file");
        if (!(file instanceof File) || file.size === 0) return fail({ file: { key: "import.noFile" } }, 400);
        await uploadDocument(db, { ...base, actorId: session.user.id, name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
        return done("documents.uploaded", { name: file.name });
      }
      case "notice": {
        const form = parseForm(noticeSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const sent = await sendNotice(db, { entity, meetingId, actorId: session.user.id, mode: form.data.mode, origin: new URL(args.request.url).origin, locale: resolveLocale(args.request, session.user.locale) });
        await deliverQueued(db);
        return done(sent.late ? "notice.sentLate" : "notice.sent", { count: sent.count });
      }
      case "open-meeting":
        await openMeeting(db, { entity, meetingId, actorId: session.user.id });
        return done("meetings.opened");
      case "close-meeting":
        await closeMeeting(db, { entity, meetingId, actorId: session.user.id });
        return done("meetings.closedDone");
      case "next-call": {
        const form = parseForm(nextCallSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const { id } = await scheduleNextCall(db, { entity, meetingId, actorId: session.user.id, startsAt: form.data.startsAt });
        return redirectWithFlash(`/o/${entity.slug}/meetings/${id}`, { key: "meetings.nextCallCreated" });
      }
      case "open-resolution":
        await openMeetingResolution(db, { entity, meetingId, resolutionId: String(formData.get("resolutionId")), actorId: session.user.id });
        return done("resolutions.opened");
      case "close-resolution": {
        const { outcome } = await closeMeetingResolution(db, { entity, meetingId, resolutionId: String(formData.get("resolutionId")), actorId: session.user.id });
        return done(`resolutions.closed.${outcome}`);
      }
      case "hands": {
        const counts = [];
        for (const id of formData.getAll("collegeId").map(String)) {
          const row = handsRowSchema.safeParse({ for: formData.get(`for_${id}`), against: formData.get(`against_${id}`), abstain: formData.get(`abstain_${id}`) });
          if (!row.success) return fail({ _form: { key: "errors.wholeNumber", params: { field: "hands" } } }, 400);
          counts.push({ collegeId: id, ...row.data });
        }
        await setHandCounts(db, { ...base, resolutionId: String(formData.get("resolutionId")), counts });
        return done("hands.saved");
      }
      case "proxy": {
        const form = parseForm(proxySchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const member = await memberForUser(db, entity.id, session.user.id);
        const blank = form.data.holderMemberId === "blank";
        const { holderName } = await giveMeetingProxy(db, { entity, meetingId, principalId: member.id, holderId: blank ? null : form.data.holderMemberId, source: "online" });
        return blank ? done("proxies.givenBlank") : done("proxies.given", { name: holderName ?? "" });
      }
      case "revoke": {
        const member = await memberForUser(db, entity.id, session.user.id);
        await revokeMeetingProxy(db, { ...base, principalId: member.id });
        return done("proxies.revoked");
      }
      case "postal": {
        const form = parseForm(postalSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const member = await memberForUser(db, entity.id, session.user.id);
        await castPostalVote(db, { entity, meetingId, memberId: member.id, resolutionId: form.data.resolutionId, choice: form.data.choice, source: "online" });
        return done("postal.recorded");
      }
    }
  });
}

export default function Meeting() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const mtg = d.meeting;
  const names = Object.fromEntries(d.colleges.map((c) => [c.id, c.name]));
  const errorsFor = (...intents: string[]) => (result && intents.includes(result.intent) ? result.errors : null);
  const when = (v: string | null) => (v ? formatDate(locale, v, { dateStyle: "full", timeStyle: "short" }) : "");
  const before = mtg.status === "draft" || mtg.status === "convened";
  return (
    <div className="page">
      <p className="muted">
        <Link to={`/o/${d.slug}/meetings`}>{t("meetings.title")}</Link>
      </p>
      <h1>{mtg.title}</h1>
      <p>
        <span className={`status status-${mtg.status}`}>{t(`meetings.statuses.${mtg.status}`)}</span> · {t(`meetings.kinds.${mtg.kind}`)} · {when(mtg.startsAt)}
        {mtg.call > 1 ? ` · ${t("meetings.call", { call: mtg.call })}` : ""}
      </p>
      {mtg.place ? <p>{t("meetings.placeIs", { place: mtg.place })}</p> : null}
      {mtg.remoteLink ? (
        <p>
          {t("meetings.remoteIs")} <a href={mtg.remoteLink}>{mtg.remoteLink}</a>
        </p>
      ) : null}
      {mtg.nextCall ? (
        <p className="alert alert-info">
          {t("meetings.quorumFailedNext")} <Link to={`/o/${d.slug}/meetings/${mtg.nextCall}`}>{t("meetings.seeNextCall")}</Link>
        </p>
      ) : null}
      {d.canRun ? (
        <p className="toolbar">
          <Link className="button button-secondary" to="attendance">
            {t("attendance.title")}
          </Link>
          <Link className="button button-secondary" to="projector">
            {t("projector.open")}
          </Link>
          {mtg.status === "closed" ? (
            <Link className="button" to="minutes">
              {t("minutes.title")}
            </Link>
          ) : null}
        </p>
      ) : mtg.status === "closed" ? (
        <p>
          <Link to="minutes">{t("minutes.title")}</Link>
        </p>
      ) : null}

      {d.attendance && (mtg.status === "open" || d.canRun) ? (
        <section aria-labelledby="quorum-title" className="panel">
          <h2 id="quorum-title">{t("attendance.quorumTitle")}</h2>
          <QuorumBadges quorums={d.attendance.quorums} />
          {d.canRun ? <AttendanceTable colleges={d.attendance.colleges} names={names} total={d.attendance.total} counted={d.attendance.counted} /> : null}
        </section>
      ) : null}

      <section aria-labelledby="agenda-title" className="panel">
        <h2 id="agenda-title">{t("meetings.agenda")}</h2>
        <ErrorSummary errors={errorsFor("agenda-add", "agenda-up", "agenda-down", "agenda-remove", "open-resolution", "close-resolution", "hands")} />
        {d.agenda.length === 0 ? <p>{t("meetings.noAgenda")}</p> : null}
        <ol className="agenda">
          {d.agenda.map((item, i) => (
            <li key={item.id}>
              <p>
                <strong>{item.title}</strong>
                {item.description ? <span className="muted"> — {item.description}</span> : null}
              </p>
              {item.resolutionId ? (
                <p>
                  <Link to={`/o/${d.slug}/resolutions/${item.resolutionId}`}>
                    {t("resolutions.numbered", { number: item.resolutionNumber ?? "" })} — {item.resolutionTitle}
                  </Link>{" "}
                  <span className={`status status-${item.resolutionStatus}`}>{t(`resolutions.statuses.${item.resolutionStatus}`)}</span>
                  {item.resolutionOutcome ? <span className={`status status-${item.resolutionOutcome}`}> {t(`results.${item.resolutionOutcome}`)}</span> : null}
                </p>
              ) : null}
              {d.canRun ? (
                <div className="toolbar">
                  {(mtg.status === "open" || (mtg.kind === "written" && mtg.status === "convened")) && item.resolutionId && item.resolutionStatus === "draft" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="open-resolution" />
                      <input type="hidden" name="resolutionId" value={item.resolutionId} />
                      <button className="button button-small">{t("meetings.openVote")}</button>
                    </Form>
                  ) : null}
                  {item.resolutionId && item.resolutionStatus === "open" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="close-resolution" />
                      <input type="hidden" name="resolutionId" value={item.resolutionId} />
                      <button className="button button-small button-danger">{t("meetings.closeVote")}</button>
                    </Form>
                  ) : null}
                  {before ? (
                    <>
                      <Form method="post">
                        <input type="hidden" name="intent" value="agenda-up" />
                        <input type="hidden" name="itemId" value={item.id} />
                        <button className="button button-small button-secondary" disabled={i === 0} aria-label={t("meetings.moveUp", { title: item.title })}>
                          ↑
                        </button>
                      </Form>
                      <Form method="post">
                        <input type="hidden" name="intent" value="agenda-down" />
                        <input type="hidden" name="itemId" value={item.id} />
                        <button className="button button-small button-secondary" disabled={i === d.agenda.length - 1} aria-label={t("meetings.moveDown", { title: item.title })}>
                          ↓
                        </button>
                      </Form>
                      <Form method="post">
                        <input type="hidden" name="intent" value="agenda-remove" />
                        <input type="hidden" name="itemId" value={item.id} />
                        <button className="button button-small button-danger" aria-label={t("meetings.removeItem", { title: item.title })}>
                          {t("meetings.remove")}
                        </button>
                      </Form>
                    </>
                  ) : null}
                </div>
              ) : null}
              {d.canRun && item.resolutionId && item.resolutionStatus === "open" ? <HandsForm resolutionId={item.resolutionId} colleges={d.colleges} counts={d.hands[item.resolutionId] ?? []} /> : null}
            </li>
          ))}
        </ol>
        {d.canRun && before ? (
          <details>
            <summary>{t("meetings.addItem")}</summary>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="agenda-add" />
              <TextField name="title" label={t("meetings.itemTitle")} required maxLength={200} errors={errorsFor("agenda-add")} />
              <TextField name="description" label={t("meetings.itemDescription")} maxLength={2000} errors={errorsFor("agenda-add")} />
              <SelectField name="resolutionId" label={t("meetings.itemResolution")} options={[{ value: "", label: t("meetings.noResolution") }, ...d.draftResolutions.map((r) => ({ value: r.id, label: `${r.number} — ${r.title}` }))]} errors={errorsFor("agenda-add")} />
              <button className="button button-secondary">{t("meetings.addItemSubmit")}</button>
            </Form>
            <p>
              <Link to={`/o/${d.slug}/resolutions/new?meeting=${mtg.id}`}>{t("meetings.newResolution")}</Link>
            </p>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="documents-title" className="panel">
        <h2 id="documents-title">{t("documents.title")}</h2>
        {d.documents.length === 0 ? <p>{t("documents.none")}</p> : null}
        <ul>
          {d.documents.map((doc) => (
            <li key={doc.id}>
              <a href={`/o/${d.slug}/meetings/${mtg.id}/documents/${doc.id}`}>{doc.name}</a> <span className="muted small">({Math.ceil(doc.size / 1024)} Ko)</span>
            </li>
          ))}
        </ul>
        {d.canRun ? (
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="hidden" name="intent" value="document" />
            <FileField name="file" label={t("documents.file")} hint={t("documents.hint")} accept=".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt" errors={errorsFor("document")} />
            <ErrorSummary errors={errorsFor("document")} />
            <button className="button button-secondary">{t("documents.upload")}</button>
          </Form>
        ) : null}
      </section>

      {d.me && d.canVote && mtg.status !== "closed" ? (
        <section aria-labelledby="before-title" className="panel">
          <h2 id="before-title">{t("meetings.yourParticipation")}</h2>
          <ErrorSummary errors={errorsFor("proxy", "revoke", "postal")} />
          {d.me.checkedIn ? <p className="alert alert-success">{t(`attendance.youAre.${d.me.checkedIn}`)}</p> : null}
          {d.me.proxy ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="revoke" />
              <p>{d.me.proxy.blank ? t("proxies.youGaveBlank") : t("proxies.youGave", { name: d.me.proxy.holderName ?? "" })}</p>
              {before ? <button className="button button-secondary button-small">{t("proxies.revoke")}</button> : null}
            </Form>
          ) : null}
          {!d.me.proxy && !d.me.checkedIn && Object.keys(d.me.postal).length === 0 && before ? (
            <details open={d.holderQuery !== "" || errorsFor("proxy") != null}>
              <summary>{t("proxies.giveTitle")}</summary>
              {d.attendance?.proxyCap != null ? <p className="muted small">{t("proxies.capNote", { cap: d.attendance.proxyCap })}</p> : null}
              <Form method="get" className="inline-form" role="search">
                <label htmlFor="holder">{t("proxies.searchHolder")}</label>
                <input id="holder" name="holder" type="search" defaultValue={d.holderQuery} maxLength={80} />
                <button className="button button-secondary button-small">{t("proxies.search")}</button>
              </Form>
              <ul className="holder-list">
                {d.me.holders.map((h) => (
                  <li key={h.id}>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="proxy" />
                      <input type="hidden" name="holderMemberId" value={h.id} />
                      <span>
                        {h.name} <span className="muted small">{h.collegeName ?? ""}</span>
                      </span>
                      <button className="button button-small">{t("proxies.giveTo", { name: h.name })}</button>
                    </Form>
                  </li>
                ))}
              </ul>
              {d.holderQuery && d.me.holders.length === 0 ? <p>{t("proxies.noMatch")}</p> : null}
              <Form method="post">
                <input type="hidden" name="intent" value="proxy" />
                <input type="hidden" name="holderMemberId" value="blank" />
                <button className="button button-secondary button-small">{t("proxies.giveBlankChair")}</button>
              </Form>
            </details>
          ) : null}
          {!d.me.proxy && !d.me.checkedIn && d.resolutions.length > 0 && d.postalOpen ? (
            <details open={errorsFor("postal") != null}>
              <summary>{t("postal.title")}</summary>
              {mtg.postalDeadline ? <p className="muted small">{t("postal.deadline", { date: when(mtg.postalDeadline) })}</p> : null}
              {d.resolutions.map((r) => (
                <Form method="post" key={r.id} className="vote-form">
                  <input type="hidden" name="intent" value="postal" />
                  <input type="hidden" name="resolutionId" value={r.id} />
                  <fieldset>
                    <legend>
                      {t("resolutions.numbered", { number: r.number })} — {r.title}
                    </legend>
                    <div className="choices">
                      {(["for", "against", "abstain"] as const).map((c) => (
                        <label key={c} className={`choice choice-${c}`}>
                          <input type="radio" name="choice" value={c} defaultChecked={d.me!.postal[r.id] === c} required />
                          <span>{t(`choices.${c}`)}</span>
                        </label>
                      ))}
                    </div>
                  </fieldset>
                  <button className="button button-small">{d.me!.postal[r.id] ? t("postal.change") : t("postal.submit")}</button>
                </Form>
              ))}
            </details>
          ) : null}
        </section>
      ) : null}

      {d.canRun ? (
        <section aria-labelledby="run-title" className="panel">
          <h2 id="run-title">{t("meetings.runTitle")}</h2>
          <ErrorSummary errors={errorsFor("notice", "open-meeting", "close-meeting", "next-call", "details")} />
          <p className={d.notice.late && !mtg.noticeSentAt ? "alert alert-error" : ""}>
            {t("notice.rule", { days: d.notice.days, date: formatDate(locale, d.notice.latest) })}
            {d.notice.late && !mtg.noticeSentAt ? ` ${t("notice.alreadyLate")}` : ""}
          </p>
          {mtg.noticeSentAt ? <p className={d.notice.late ? "alert alert-error" : "muted"}>{t(d.notice.late ? "notice.wasLate" : "notice.wasSent", { date: when(mtg.noticeSentAt), mode: t(`notice.modes.${mtg.noticeMode}`) })}</p> : null}
          {before ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="notice" />
              <label htmlFor="mode">{t("notice.mode")}</label>
              <select id="mode" name="mode" defaultValue="email">
                {["email", "post", "hand"].map((mode) => (
                  <option key={mode} value={mode}>
                    {t(`notice.modes.${mode}`)}
                  </option>
                ))}
              </select>
              <button className="button">{mtg.noticeSentAt ? t("notice.resend") : t("notice.send")}</button>
            </Form>
          ) : null}
          {before && mtg.kind !== "written" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="open-meeting" />
              <button className="button">{t("meetings.open")}</button>
            </Form>
          ) : null}
          {mtg.status === "open" || (mtg.kind === "written" && mtg.status === "convened") ? (
            <Form method="post">
              <input type="hidden" name="intent" value="close-meeting" />
              <button className="button button-danger">{t("meetings.close")}</button>
            </Form>
          ) : null}
          {(mtg.status === "open" || mtg.status === "convened") && d.attendance && Object.values(d.attendance.quorums).some((q) => !q.reached) ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="next-call" />
              <TextField name="startsAt" type="datetime-local" label={t("meetings.nextCallDate")} errors={errorsFor("next-call")} />
              <button className="button button-secondary">{t("meetings.nextCall")}</button>
            </Form>
          ) : null}
          {before ? (
            <details>
              <summary>{t("meetings.editDetails")}</summary>
              <MeetingForm
                intent="details"
                values={
                  result?.intent === "details"
                    ? result.values
                    : { kind: mtg.kind, title: mtg.title, startsAt: dateToParisLocal(new Date(mtg.startsAt)), place: mtg.place ?? "", remoteLink: mtg.remoteLink ?? "", postalDeadline: mtg.postalDeadline ? dateToParisLocal(new Date(mtg.postalDeadline)) : "" }
                }
                errors={errorsFor("details")}
                submitLabel={t("meetings.save")}
              />
            </details>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function HandsForm({ resolutionId, colleges, counts }: { resolutionId: string; colleges: { id: string; name: string }[]; counts: { collegeId: string; for: number; against: number; abstain: number }[] }) {
  const { t } = useTranslation();
  const of = (id: string) => counts.find((c) => c.collegeId === id);
  return (
    <details className="hands">
      <summary>{t("hands.title")}</summary>
      <Form method="post">
        <input type="hidden" name="intent" value="hands" />
        <input type="hidden" name="resolutionId" value={resolutionId} />
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("hands.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("members.college")}</th>
                <th scope="col">{t("choices.for")}</th>
                <th scope="col">{t("choices.against")}</th>
                <th scope="col">{t("choices.abstain")}</th>
              </tr>
            </thead>
            <tbody>
              {colleges.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.name}
                    <input type="hidden" name="collegeId" value={c.id} />
                  </th>
                  {(["for", "against", "abstain"] as const).map((k) => (
                    <td key={k}>
                      <input className="count" type="number" min={0} step={1} name={`${k}_${c.id}`} defaultValue={of(c.id)?.[k] ?? 0} aria-label={t("hands.countFor", { college: c.name, choice: t(`choices.${k}`) })} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">{t("hands.hint")}</p>
        <button className="button button-small">{t("hands.save")}</button>
      </Form>
    </details>
  );
}
