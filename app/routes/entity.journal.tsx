import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/Shell";
import { JOURNAL_KINDS } from "~/domain/journal";
import { can } from "~/domain/roles";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, type Locale } from "~/lib/locale";
import { resolveLocale } from "~/lib/locale.server";
import { pageParam } from "~/schemas/entity";
import { journalKindParam } from "~/schemas/journal";
import { journalPage } from "~/services/journal.server";
import { scrollRegion } from "~/components/Forms";

/** Who did what and when: governance for everyone in the entity, everything for its administrators. */
export async function loader(args: LoaderFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const params = new URL(args.request.url).searchParams;
  const page = pageParam.parse(params.get("page") ?? undefined);
  const readsAll = can(role, "entity.manage");
  const kind = readsAll ? journalKindParam.parse(params.get("kind")) : "governance";
  const locale = resolveLocale(args.request, session.user.locale);
  const { events, total, pages } = await journalPage(args.context.db, { entityId: entity.id, readsAll, kind, page, locale });
  return { readsAll, kind, events, total, page, pages };
}

export default function Journal() {
  const { readsAll, kind, events, total, page, pages } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="page">
      <h1>{t("journal.title")}</h1>
      <p className="muted">{t(readsAll ? "journal.introAdmin" : "journal.intro")}</p>
      {readsAll ? (
        <Form method="get" className="inline-form">
          <label htmlFor="journal-kind">{t("journal.kindFilter")}</label>
          <select id="journal-kind" name="kind" defaultValue={kind ?? ""}>
            <option value="">{t("journal.kinds.all")}</option>
            {JOURNAL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`journal.kinds.${k}`)}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-small button-secondary">
            {t("journal.filter")}
          </button>
        </Form>
      ) : null}
      {events.length === 0 ? (
        <p>{t("journal.none")}</p>
      ) : (
        <div {...scrollRegion(t("journal.caption", { count: total }))}>
          <table className="responsive">
            <caption>{t("journal.caption", { count: total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("journal.when")}</th>
                <th scope="col">{t("journal.who")}</th>
                <th scope="col">{t("journal.what")}</th>
                {readsAll ? <th scope="col">{t("journal.kind")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td data-label={t("journal.when")}>{formatDate(locale, e.at, { dateStyle: "medium", timeStyle: "short" })}</td>
                  <td data-label={t("journal.who")}>{e.actor ?? <span className="muted">{t("journal.noActor")}</span>}</td>
                  <th scope="row">{e.text}</th>
                  {readsAll ? <td data-label={t("journal.kind")}>{t(`journal.kinds.${e.kind}`)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pages={pages} />
    </div>
  );
}
