import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/Shell";
import { can, PUBLIC_RESOLUTION_STATUSES } from "~/domain/roles";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, type Locale } from "~/lib/locale";
import { listResolutions, RESOLUTION_PAGE_SIZE } from "~/queries/resolutions.server";
import { openCalls } from "~/queries/seat-elections.server";
import { pageParam } from "~/schemas/entity";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const page = pageParam.parse(new URL(args.request.url).searchParams.get("page") ?? undefined);
  const canRun = can(role, "meeting.run");
  const { rows, total } = await listResolutions(args.context.db, entity.id, page, canRun ? undefined : [...PUBLIC_RESOLUTION_STATUSES]);
  const calls = await openCalls(args.context.db, entity.id, new Date().toISOString());
  return { slug: entity.slug, canRun, calls, rows, page, pages: Math.max(1, Math.ceil(total / RESOLUTION_PAGE_SIZE)) };
}

export default function Resolutions() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="page">
      <h1>{t("resolutions.title")}</h1>
      {d.canRun ? (
        <p className="toolbar">
          <Link to={`/o/${d.slug}/resolutions/new`} className="button">
            {t("resolutions.new")}
          </Link>
          <Link to={`/o/${d.slug}/elections/new`} className="button button-secondary">
            {t("elections.new")}
          </Link>
          <Link to={`/o/${d.slug}/rules`} className="button button-secondary">
            {t("nav.rules")}
          </Link>
        </p>
      ) : null}
      {d.calls.length > 0 ? (
        <section aria-labelledby="calls-title" className="panel">
          <h2 id="calls-title">{t("elections.callsTitle")}</h2>
          <ul>
            {d.calls.map((c) => (
              <li key={c.id}>
                <Link to={`/o/${d.slug}/resolutions/${c.id}`}>{t("resolutions.numbered", { number: c.number })} — {c.title}</Link>{" "}
                <span className="muted">{t("elections.deadlineLine", { date: formatDate(locale, c.deadline!, { dateStyle: "long", timeStyle: "short" }) })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.rows.length === 0 ? <p>{t("resolutions.none")}</p> : null}
      <ul className="cards">
        {d.rows.map((r) => (
          <li key={r.id} className="card">
            <h2>
              <Link to={`/o/${d.slug}/resolutions/${r.id}`}>
                {t("resolutions.numbered", { number: r.number })} — {r.title}
              </Link>
            </h2>
            <p>
              <span className={`status status-${r.status}`}>{t(`resolutions.statuses.${r.status}`)}</span>
              {r.outcome ? <span className={`status status-${r.outcome}`}> {t(`results.${r.outcome}`)}</span> : null}
            </p>
            <p className="muted small">
              {r.ruleName}
              {r.closesAt && r.status !== "closed" && r.status !== "counting" ? ` · ${t("resolutions.closesOn", { date: formatDate(locale, r.closesAt, { dateStyle: "medium", timeStyle: "short" }) })}` : ""}
            </p>
          </li>
        ))}
      </ul>
      <Pagination page={d.page} pages={d.pages} />
    </div>
  );
}
