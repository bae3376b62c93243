import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MeetingForm } from "~/components/MeetingForm";
import { Pagination } from "~/components/Shell";
import { can } from "~/domain/roles";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, type Locale } from "~/lib/locale";
import { listMeetings, MEETING_PAGE_SIZE } from "~/queries/meetings.server";
import { listOrgans } from "~/queries/organs.server";
import { AppError, appErrorFields } from "~/lib/errors";
import { pageParam } from "~/schemas/entity";
import { formValues, parseForm } from "~/schemas/form";
import { meetingSchema } from "~/schemas/meetings";
import { createMeeting } from "~/services/meetings.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const page = pageParam.parse(new URL(args.request.url).searchParams.get("page") ?? undefined);
  const canRun = can(role, "meeting.run");
  const { rows, total } = await listMeetings(args.context.db, entity.id, page);
  const organs = canRun ? (await listOrgans(args.context.db, entity.id)).map((o) => ({ id: o.id, name: o.name })) : [];
  return { slug: entity.slug, canRun, organs, rows: canRun ? rows : rows.filter((r) => r.status !== "draft"), page, pages: Math.max(1, Math.ceil(total / MEETING_PAGE_SIZE)) };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "meeting.run");
  const formData = await args.request.formData();
  const form = parseForm(meetingSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    const { id } = await createMeeting(args.context.db, { entity, actorId: session.user.id, meeting: form.data });
    return redirectWithFlash(`/o/${entity.slug}/meetings/${id}`, { key: "meetings.created" });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values: formValues(formData) }, { status: e.status });
    throw e;
  }
}

export default function Meetings() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="page">
      <h1>{t("meetings.title")}</h1>
      {d.rows.length === 0 ? <p>{t("meetings.none")}</p> : null}
      <ul className="cards">
        {d.rows.map((r) => (
          <li key={r.id} className="card">
            <h2>
              <Link to={`/o/${d.slug}/meetings/${r.id}`}>{r.title}</Link>
            </h2>
            <p>
              {t(`meetings.kinds.${r.kind}`)} · {formatDate(locale, r.startsAt, { dateStyle: "long", timeStyle: "short" })}
              {r.call > 1 ? ` · ${t("meetings.call", { call: r.call })}` : ""}
            </p>
            <p>
              <span className={`status status-${r.status}`}>{t(`meetings.statuses.${r.status}`)}</span>
            </p>
          </li>
        ))}
      </ul>
      <Pagination page={d.page} pages={d.pages} />
      {d.canRun ? (
        <section aria-labelledby="new-meeting" className="panel">
          <h2 id="new-meeting">{t("meetings.new")}</h2>
          <MeetingForm intent="create" organs={d.organs} values={result?.values ?? {}} errors={result?.errors} submitLabel={t("meetings.create")} />
        </section>
      ) : null}
    </div>
  );
}
