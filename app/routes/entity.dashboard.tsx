import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireEntity } from "~/lib/guards.server";
import { isoDateInParis } from "~/lib/dates";
import { WeightText } from "~/components/Numbers";
import { formatNumber, type Locale } from "~/lib/locale";
import { getDashboard } from "~/services/entities.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const dashboard = await getDashboard(args.context.db, entity.id, isoDateInParis());
  return { legalForm: entity.legal_form, role, ...dashboard };
}

export default function Dashboard() {
  const { legalForm, role, colleges, activeMembers } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="page">
      <h1>{t("dashboard.title")}</h1>
      <dl className="stats">
        <div>
          <dt>{t("dashboard.legalForm")}</dt>
          <dd>{t(`legalForms.${legalForm}`, { defaultValue: legalForm })}</dd>
        </div>
        <div>
          <dt>{t("dashboard.members")}</dt>
          <dd>{formatNumber(locale, activeMembers)}</dd>
        </div>
        <div>
          <dt>{t("fields.role")}</dt>
          <dd>{t(`roles.${role}`)}</dd>
        </div>
      </dl>
      <section aria-labelledby="colleges-title">
        <h2 id="colleges-title">{t("dashboard.colleges")}</h2>
        {colleges.length === 0 ? (
          <p>{t("dashboard.noColleges")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("dashboard.collegesCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("dashboard.college")}</th>
                  <th scope="col" className="num">
                    {t("dashboard.weight")}
                  </th>
                  <th scope="col" className="num">
                    {t("dashboard.headcount")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {colleges.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.name}</th>
                    <td className="num">{c.weight ? <WeightText num={c.weight.num} den={c.weight.den} /> : "—"}</td>
                    <td className="num">{formatNumber(locale, c.headcount)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("dashboard.total")}</th>
                  <td className="num" />
                  <td className="num">{formatNumber(locale, colleges.reduce((n, c) => n + c.headcount, 0))}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
