import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AttendanceTable, QuorumBadges } from "~/components/AttendancePanel";
import { ErrorSummary, FileField } from "~/components/Forms";
import { AgendaSection } from "~/components/meeting/AgendaSection";
import { MeetingHistory } from "~/components/meeting/MeetingHistory";
import { ParticipationPanel } from "~/components/meeting/ParticipationPanel";
import { MeetingRoomCheckIn } from "~/components/meeting/RoomCheckIn";
import { RunPanel } from "~/components/meeting/RunPanel";
import { can, type Permission } from "~/domain/roles";
import { confirmationStep, formIntent, handleIntent, needsConfirmation } from "~/lib/actions.server";
import { confirmOf } from "~/components/ConfirmAction";
import { forbidden } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, type Locale } from "~/lib/locale";
import { resolveLocale } from "~/lib/locale.server";
import { parseForm } from "~/schemas/form";
import { listOrgans } from "~/queries/organs.server";
import { Renewals } from "~/components/OrganSections";
import { agendaItemSchema, handsRowSchema, meetingSchema, nextCallSchema, noticeSchema, openMeetingSchema, outsiderHolderSchema, postalSchema } from "~/schemas/meetings";
import { proxySchema } from "~/schemas/voting";
import { deliverQueued } from "~/services/mail.server";
import { closeMeeting, openMeeting, scheduleNextCall } from "~/services/meeting-attendance.server";
import { meetingPage } from "~/services/meeting-page.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { giveMeetingProxy, revokeMeetingProxy } from "~/services/meeting-proxies.server";
import { closeMeetingResolution, openMeetingResolution, setHandCounts } from "~/services/meeting-votes.server";
import { addAgendaItem, memberForUser, moveAgendaItem, removeAgendaItem, sendNotice, updateMeetingDetails, uploadDocument } from "~/services/meetings.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const holderQuery = new URL(args.request.url).searchParams.get("holder")?.trim().slice(0, 80) ?? "";
  const canRun = can(role, "meeting.run");
  const page = await meetingPage(args.context.db, { entity, meetingId: args.params.meetingId ?? "", canRun, userId: session.user.id, holderQuery });
  const organs = canRun ? (await listOrgans(args.context.db, entity.id)).map((o) => ({ id: o.id, name: o.name })) : [];
  return { slug: entity.slug, canRun, canVote: can(role, "vote.cast"), holderQuery, organs, ...page };
}

const MEMBER_INTENTS = new Set(["proxy", "proxy-outsider", "revoke", "postal"]);

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
  // Closing the session or a vote is confirmed first: until then nothing is written.
  const step = intent === "close-meeting" || intent === "close-resolution" ? needsConfirmation(formData) : null;
  if (step) return confirmationStep(step);
  const meetingId = args.params.meetingId ?? "";
  const here = `/o/${entity.slug}/meetings/${meetingId}`;
  const actorId = session.user.id;
  const base = { entityId: entity.id, meetingId, actorId };
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
        await uploadDocument(db, { ...base, name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
        return done("documents.uploaded", { name: file.name });
      }
      case "notice": {
        const form = parseForm(noticeSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const sent = await sendNotice(db, { entity, meetingId, actorId: session.user.id, mode: form.data.mode, origin: new URL(args.request.url).origin, locale: resolveLocale(args.request, session.user.locale) });
        await deliverQueued(db);
        return done(sent.late ? "notice.sentLate" : "notice.sent", { count: sent.count });
      }
      case "open-meeting": {
        const form = parseForm(openMeetingSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        await openMeeting(db, { entity, meetingId, actorId, confirmDate: form.data.confirmDate });
        return done("meetings.opened");
      }
      case "close-meeting":
        await closeMeeting(db, { entity, meetingId, actorId: session.user.id });
        return done("meetings.closedDone");
      case "next-call": {
        const form = parseForm(nextCallSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const { id } = await scheduleNextCall(db, { entity, meetingId, actorId: session.user.id, startsAt: form.data.startsAt });
        return redirectWithFlash(`/o/${entity.slug}/meetings/${id}`, { key: "meetings.nextCallCreated" });
      }
      case "open-resolution": {
        const { setAside } = await openMeetingResolution(db, { entity, meetingId, resolutionId: String(formData.get("resolutionId")), actorId: session.user.id });
        return setAside > 0 ? done("postal.openedSetAside", { count: setAside }) : done("resolutions.opened");
      }
      case "close-resolution": {
        const { outcome } = await closeMeetingResolution(db, { entity, meetingId, resolutionId: String(formData.get("resolutionId")), actorId: session.user.id });
        // Trustee mode: the count waits for the trustees' decryption shares.
        return done(outcome ? `resolutions.closed.${outcome}` : "secret.countingStarted");
      }
      case "hands": {
        const counts = [];
        for (const id of formData.getAll("collegeId").map(String)) {
          const row = handsRowSchema.safeParse({ for: formData.get(`for_${id}`), against: formData.get(`against_${id}`), abstain: formData.get(`abstain_${id}`) });
          if (!row.success) return fail({ _form: { key: "errors.wholeNumber", params: { field: "hands" } } }, 400);
          counts.push({ collegeId: id, ...row.data });
        }
        const { paper } = await setHandCounts(db, { entity, meetingId, resolutionId: String(formData.get("resolutionId")), counts });
        return done(paper ? "hands.paper.saved" : "hands.saved");
      }
      case "proxy": {
        const form = parseForm(proxySchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const member = await memberForUser(db, entity.id, session.user.id);
        const blank = form.data.holderMemberId === "blank";
        const { holderName } = await giveMeetingProxy(db, { entity, meetingId, principalId: member.id, holderId: blank ? null : form.data.holderMemberId, source: "online" });
        return blank ? done("proxies.givenBlank") : done("proxies.given", { name: holderName ?? "" });
      }
      case "proxy-outsider": {
        const form = parseForm(outsiderHolderSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const member = await memberForUser(db, entity.id, session.user.id);
        const { holderName } = await giveMeetingProxy(db, { entity, meetingId, principalId: member.id, holderId: null, outsider: { name: form.data.holderName, relation: form.data.holderRelation }, source: "online" });
        return done("proxies.given", { name: holderName ?? "" });
      }
      case "revoke": {
        const member = await memberForUser(db, entity.id, session.user.id);
        await revokeMeetingProxy(db, { entityId: entity.id, meetingId, principalId: member.id });
        return done("proxies.revoked");
      }
      case "postal": {
        const form = parseForm(postalSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const member = await memberForUser(db, entity.id, session.user.id);
        const { tracker } = await castPostalVote(db, { entity, meetingId, memberId: member.id, resolutionId: form.data.resolutionId, choice: form.data.choice, source: "online" });
        // The tracker stays on the page (never in the flash cookie): see meetingPage's `me.trackers`.
        return done(tracker ? "postal.recordedSecret" : "postal.recorded");
      }
    }
  });
}

export default function Meeting() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() ?? null;
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
      {mtg.openedAt ? <p>{t("meetings.openedAt", { date: when(mtg.openedAt) })}</p> : null}
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
      {d.me && d.canVote ? <MeetingRoomCheckIn slug={d.slug} meeting={mtg} checkedIn={d.me.checkedIn} /> : null}
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
          <QuorumBadges quorums={d.attendance.quorums} kind={d.meeting.kind} ofOrgan={d.meeting.organId != null} />
          {d.canRun ? <AttendanceTable colleges={d.attendance.colleges} names={names} total={d.attendance.total} counted={d.attendance.counted} /> : null}
        </section>
      ) : null}

      {d.canRun ? <Renewals slug={d.slug} meetingId={mtg.id} renewals={d.renewals} /> : null}
      <AgendaSection
        slug={d.slug}
        meeting={mtg}
        agenda={d.agenda}
        canRun={d.canRun}
        hands={d.hands}
        secrecy={d.secrecy}
        draftResolutions={d.draftResolutions}
        errors={errorsFor("agenda-add", "agenda-up", "agenda-down", "agenda-remove", "open-resolution", "close-resolution", "hands")}
        addErrors={errorsFor("agenda-add")}
        confirmStep={confirmOf(result)}
      />

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
        <ParticipationPanel
          me={d.me}
          before={before}
          postalOpen={d.postalOpen}
          postalDeadline={mtg.postalDeadline}
          proxyCap={d.attendance?.proxyCap ?? null}
          holderQuery={d.holderQuery}
          resolutions={d.resolutions.filter((r) => r.status === "draft")}
          secrecy={d.secrecy}
          errors={errorsFor("proxy", "revoke", "postal")}
          outsiderForm={result?.intent === "proxy-outsider" ? { errors: result.errors ?? null, values: result.values ?? null } : undefined}
          proxyErrors={errorsFor("proxy")}
          postalErrors={errorsFor("postal")}
          when={when}
        />
      ) : null}

      {d.canRun ? <RunPanel meeting={mtg} organs={d.organs} notice={d.notice} quorumMissing={d.attendance != null && Object.values(d.attendance.quorums).some((q) => !q.reached)} result={result} confirmStep={confirmOf(result)} when={when} /> : null}

      <MeetingHistory events={d.history} />
    </div>
  );
}
