import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/Shell";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, type Locale } from "~/lib/locale";
import { listOutbox, OUTBOX_PAGE_SIZE } from "~/queries/outbox.server";
import { pageParam } from "~/schemas/entity";

/** Every message the entity sent, readable here when no SMTP server is configured. */
export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "entity.manage");
  const page = pageParam.parse(new URL(args.request.url).searchParams.get("page") ?? undefined);
  const { rows, total } = await listOutbox(args.context.db, entity.id, page);
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)) };
}

/** Links in a plain-text message, made clickable. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return <>{parts.map((p, i) => (i % 2 === 1 ? <a key={i} href={p}>{p}</a> : p))}</>;
}

export default function Outbox() {
  const { rows, total, page, pages } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="page">
      <h1>{t("outbox.title")}</h1>
      <p className="muted">{t("outbox.intro", { count: total })}</p>
      <ul className="outbox">
        {rows.map((m) => (
          <li key={m.id} className="panel">
            <details>
              <summary>
                <strong>{m.subject}</strong> — {m.recipient}{" "}
                <span className="muted small">{formatDate(locale, m.created_at, { dateStyle: "medium", timeStyle: "short" })}</span>
              </summary>
              <p className="muted small">{t(`outbox.transport.${m.sent_at ? "sent" : m.error ? "failed" : m.transport}`, { error: m.error ?? "" })}</p>
              <pre className="mail-body">
                <Linkified text={m.body} />
              </pre>
            </details>
          </li>
        ))}
      </ul>
      <Pagination page={page} pages={pages} />
    </div>
  );
}
