import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formIntent, handleIntent } from "~/lib/actions.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { WeightText } from "~/components/Numbers";
import { BudgetToDo, FollowUp, MemberMeetings, MemberVotes, News } from "~/components/DashboardSections";
import { formatNumber, type Locale } from "~/lib/locale";
import { dashboardOf, markDashboardRead } from "~/services/dashboard.server";
import { scrollRegion } from "~/components/Forms";
import { ExpiringMandates } from "~/components/OrganSections";

/** The to-do list of the signed-in person in this entity, by role. Reading it writes nothing. */
export async function loader(args: LoaderFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const view = await dashboardOf(args.context.db, { entity, role, userId: session.user.id });
  return { slug: entity.slug, role, ...view };
}

/** "Marquer comme lu": the one write of the dashboard, a POST. */
export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.view");
  const formData = await args.request.formData();
  return handleIntent(formData, async () => {
    const intent = formIntent(formData);
    if (intent !== "read") return undefined;
    await markDashboardRead(args.context.db, { entityId: entity.id, userId: session.user.id });
    return redirectWithFlash(`/o/${entity.slug}`, { key: "dashboard.markedRead" });
  });
}

function Summary({ summary, role }: { summary: ReturnType<typeof useLoaderData<typeof loader>>["summary"]; role: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { colleges } = summary;
  return (
    <section aria-labelledby="summary-title" className="dashboard-section">
      <h2 id="summary-title">{t("dashboard.summary")}</h2>
      <dl className="stats">
        <div>
          <dt>{t("dashboard.legalForm")}</dt>
          <dd>{t(`legalForms.${summary.legalForm}`, { defaultValue: summary.legalForm })}</dd>
        </div>
        <div>
          <dt>{t("dashboard.members")}</dt>
          <dd>{formatNumber(locale, summary.activeMembers)}</dd>
        </div>
        <div>
          <dt>{t("fields.role")}</dt>
          <dd>{t(`roles.${role}`)}</dd>
        </div>
      </dl>
      <h3 id="colleges-title">{t("dashboard.colleges")}</h3>
      {colleges.length === 0 ? (
        <p>{t("dashboard.noColleges")}</p>
      ) : (
        <div {...scrollRegion(t("dashboard.collegesCaption"))}>
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
  );
}

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page dashboard">
      <h1>{t("dashboard.title")}</h1>
      <p className="dashboard-count" role="status">
        {d.todo === 0 ? t("dashboard.nothingToDo") : t("dashboard.todoCount", { count: d.todo })}
      </p>
      {d.member ? (
        <>
          <MemberVotes slug={d.slug} member={d.member} />
          <MemberMeetings slug={d.slug} meetings={d.member.meetings} />
        </>
      ) : null}
      {d.secretary ? <FollowUp slug={d.slug} secretary={d.secretary} /> : null}
      {d.mandates ? <ExpiringMandates slug={d.slug} mandates={d.mandates} /> : null}
      {d.approver ? <BudgetToDo slug={d.slug} approver={d.approver} /> : null}
      <News slug={d.slug} reading={d.reading} seenAt={d.seenAt} />
      <Summary summary={d.summary} role={d.role} />
    </div>
  );
}
