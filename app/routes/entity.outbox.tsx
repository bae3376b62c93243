import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/Forms";
import { Pagination } from "~/components/Shell";
import { can } from "~/domain/roles";
import { formIntent, handleIntent } from "~/lib/actions.server";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, type Locale } from "~/lib/locale";
import { OUTBOX_PAGE_SIZE } from "~/queries/outbox.server";
import { pageParam } from "~/schemas/entity";
import { outboxPage, revealLink, type BodyPart } from "~/services/outbox.server";

/**
 * Every message the entity queued for the administrator; the notices and their own messages for
 * whoever runs meetings. Personal links stay masked (see services/outbox.server.ts).
 */
export async function loader(args: LoaderFunctionArgs) {
  const { entity, session, role } = await requireEntity(args, "meeting.run");
  const admin = can(role, "entity.manage");
  const page = pageParam.parse(new URL(args.request.url).searchParams.get("page") ?? undefined);
  const { smtp, rows, total } = await outboxPage(args.context.db, entity.id, page, admin ? null : session.user.id);
  return { smtp, rows, total, page, pages: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)), admin };
}

/** "Show the link": a POST, journaled, that answers the message whole (no GET shows a link). */
export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.manage");
  const formData = await args.request.formData();
  return handleIntent(formData, async () => {
    if (formIntent(formData) !== "reveal") return undefined;
    const revealed = await revealLink(args.context.db, { entityId: entity.id, actorId: session.user.id, messageId: String(formData.get("messageId") ?? "") });
    return data({ intent: "reveal", revealed, errors: null, values: {} as Record<string, string> });
  });
}

/** Links in a plain-text message, made clickable. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return <>{parts.map((p, i) => (i % 2 === 1 ? <a key={i} href={p}>{p}</a> : p))}</>;
}

function MaskedBody({ parts }: { parts: BodyPart[] }) {
  const { t } = useTranslation();
  return <>{parts.map((p, i) => ("masked" in p ? <em key={i}>{t("outbox.masked")}</em> : <Linkified key={i} text={p.text} />))}</>;
}

export default function Outbox() {
  const { smtp, rows, total, page, pages, admin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const revealed = result && "revealed" in result ? result.revealed : null;
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="page">
      <h1>{t("outbox.title")}</h1>
      <p className="muted">{t("outbox.count", { count: total })}</p>
      <div className="alert alert-info" role="note">
        <p>{t(smtp ? "outbox.smtpIntro" : "outbox.carryIntro")}</p>
        {admin ? null : <p>{t("passwordReset.outboxScope")}</p>}
      </div>
      {result && "errors" in result && result.errors ? <ErrorSummary errors={result.errors} /> : null}
      <ul className="outbox">
        {rows.map((m) => (
          <li key={m.id} className="panel">
            <details open={revealed?.id === m.id}>
              <summary>
                <strong>{m.subject}</strong> — {m.recipient}{" "}
                <span className="muted small">{formatDate(locale, m.createdAt, { dateStyle: "medium", timeStyle: "short" })}</span>
              </summary>
              <p className="muted small">{t(`outbox.transport.${m.status}`, { error: m.error ?? "" })}</p>
              <pre className="mail-body">{revealed?.id === m.id ? <Linkified text={revealed.body} /> : <MaskedBody parts={m.parts} />}</pre>
              {m.attachments.map((name) => (
                <p key={name} className="muted small">
                  {t("notifications.calendar.attachment", { name })}
                </p>
              ))}
              {admin && m.hasLink && !smtp && revealed?.id !== m.id ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="reveal" />
                  <input type="hidden" name="messageId" value={m.id} />
                  <p className="muted small">{t("outbox.revealHelp")}</p>
                  <button type="submit" className="button button-small button-secondary" aria-label={t("outbox.revealLabel", { recipient: m.recipient })}>
                    {t("outbox.reveal")}
                  </button>
                </Form>
              ) : null}
            </details>
          </li>
        ))}
      </ul>
      <Pagination page={page} pages={pages} />
    </div>
  );
}
