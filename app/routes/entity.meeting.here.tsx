import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/Forms";
import { RoomCheckIn } from "~/components/meeting/RoomCheckIn";
import { formIntent, handleIntent } from "~/lib/actions.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { parseForm } from "~/schemas/form";
import { roomCodeSchema } from "~/schemas/attendance";
import { roomCheckInPage, selfCheckIn } from "~/services/meeting-room.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Cogere` : "Cogere" }];

/** "Je suis dans la salle": the page a member reaches from the room's QR code or link (the code is typed, or given in ?code=). */
export async function loader(args: LoaderFunctionArgs) {
  const { entity, session } = await requireEntity(args, "vote.cast");
  const code = new URL(args.request.url).searchParams.get("code")?.slice(0, 20) ?? "";
  const page = await roomCheckInPage(args.context.db, { entity, meetingId: args.params.meetingId ?? "", userId: session.user.id });
  return { slug: entity.slug, code, ...page };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "vote.cast");
  const formData = await args.request.formData();
  const meetingId = args.params.meetingId ?? "";
  return handleIntent(formData, async (fail) => {
    const intent = formIntent(formData);
    if (intent !== "self-check-in") return undefined;
    const form = parseForm(roomCodeSchema, formData);
    if (!form.ok) return fail(form.errors, 400);
    await selfCheckIn(args.context.db, { entity, meetingId, userId: session.user.id, code: form.data.code });
    return redirectWithFlash(`/o/${entity.slug}/meetings/${meetingId}`, { key: "attendance.selfCheckedIn" });
  });
}

export default function RoomCheckInPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = result?.errors ?? null;
  return (
    <div className="page">
      <p className="muted">
        <Link to={`/o/${d.slug}/meetings/${d.meetingId}`}>{d.title}</Link>
      </p>
      <h1>{t("attendance.selfTitle")}</h1>
      {d.checkedIn ? <p className="alert alert-success">{t(`attendance.youAre.${d.checkedIn}`)}</p> : null}
      {!d.member ? <p className="alert alert-info">{t("voting.notAMember")}</p> : !d.open ? <p className="alert alert-info">{t("attendance.roomClosed")}</p> : null}
      <ErrorSummary errors={errors} />
      {d.member && d.open && d.checkedIn !== "present" ? <RoomCheckIn action={`/o/${d.slug}/meetings/${d.meetingId}/here`} code={result?.values?.code ?? d.code} errors={errors} /> : null}
    </div>
  );
}
