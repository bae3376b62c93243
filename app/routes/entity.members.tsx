import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmAction, confirmOf } from "~/components/ConfirmAction";
import { ErrorSummary, scrollRegion } from "~/components/Forms";
import { Pagination } from "~/components/Shell";
import { votingWeightText } from "~/domain/members";
import { can } from "~/domain/roles";
import { CATEGORIES } from "~/domain/scic";
import { isoDateInParis } from "~/lib/dates";
import { confirmationStep, needsConfirmation } from "~/lib/actions.server";
import { AppError, appErrorFields } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, formatDecimalText, formatMoney, formatNumber, formatPercentText, type Locale } from "~/lib/locale";
import { resolveLocale } from "~/lib/locale.server";
import { listColleges } from "~/queries/colleges.server";
import { memberFilterSchema } from "~/schemas/member";
import { directoryPage, registerPage } from "~/services/register.server";
import { inviteAll } from "~/services/invitations.server";
import { deliverQueued } from "~/services/mail.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const url = new URL(args.request.url);
  const filter = memberFilterSchema.parse(Object.fromEntries(url.searchParams));
  const day = isoDateInParis();
  const colleges = (await listColleges(args.context.db, entity.id)).map((c) => ({ id: c.id, name: c.name }));
  const base = { slug: entity.slug, filter, colleges, canManage: can(role, "entity.manage") };
  if (!can(role, "register.read")) return { ...base, full: null, directory: await directoryPage(args.context.db, entity.id, filter, day) };
  const page = await registerPage(args.context.db, entity, filter, day);
  return {
    ...base,
    directory: null,
    full: {
      ...page,
      today: day,
      colleges: page.colleges.map((c) => ({ id: c.id, name: c.name, headcount: c.headcount, totalWeight: votingWeightText(c.weightMicro) })),
      capital: page.capital
        ? { percent: page.capital.percent, ok: page.capital.ok, collectivites: Number(page.capital.collectivitesShares), total: Number(page.capital.totalShares), collectivitesCents: page.capital.collectivitesCents == null ? null : Number(page.capital.collectivitesCents), totalCents: page.capital.totalCents == null ? null : Number(page.capital.totalCents) }
        : null,
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.manage");
  const formData = await args.request.formData();
  if (formData.get("intent") !== "inviteAll") return data({ errors: { _form: { key: "errors.invalid", params: { field: "intent" } } } }, { status: 400 });
  // Many e-mails at once: confirmed first, nothing sent until then.
  const step = needsConfirmation(formData);
  if (step) return confirmationStep(step);
  try {
    const count = await inviteAll(args.context.db, {
      entity: { id: entity.id, name: entity.name },
      actorId: session.user.id,
      origin: new URL(args.request.url).origin,
      locale: resolveLocale(args.request, session.user.locale),
      day: isoDateInParis(),
    });
    await deliverQueued(args.context.db);
    return redirectWithFlash(`/o/${entity.slug}/members`, { key: "invitations.sentAll", params: { count } });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e) }, { status: e.status });
    throw e;
  }
}

function Filters({ filter, colleges, full }: { filter: { q: string; college: string; category: string; status: string }; colleges: { id: string; name: string }[]; full: boolean }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="filters" role="search" aria-label={t("members.filters")}>
      <div className="field">
        <label htmlFor="q">{full ? t("members.search") : t("members.searchName")}</label>
        <input id="q" name="q" type="search" defaultValue={filter.q} maxLength={100} />
      </div>
      <div className="field">
        <label htmlFor="college">{t("members.college")}</label>
        <select id="college" name="college" defaultValue={filter.college}>
          <option value="">{t("members.allColleges")}</option>
          {colleges.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      {full ? (
        <>
          <div className="field">
            <label htmlFor="category">{t("members.category")}</label>
            <select id="category" name="category" defaultValue={filter.category}>
              <option value="">{t("members.allCategories")}</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`categories.${c}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="status">{t("members.status")}</label>
            <select id="status" name="status" defaultValue={filter.status}>
              {(["active", "exited", "all"] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`members.statuses.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </>
      ) : null}
      <button type="submit" className="button button-secondary">
        {t("members.filter")}
      </button>
    </Form>
  );
}

export default function Members() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const money = (cents: number | null) => (cents == null ? "" : formatMoney(locale, cents));
  return (
    <div className="page">
      <h1>{d.full ? t("members.title") : t("members.directoryTitle")}</h1>
      <ErrorSummary errors={result?.errors} />
      {d.full ? (
        <>
          <div className="toolbar">
            {d.canManage ? (
              <Link to={`/o/${d.slug}/members/new`} className="button">
                {t("members.add")}
              </Link>
            ) : null}
            {d.canManage ? (
              <Link to={`/o/${d.slug}/members/import`} className="button button-secondary">
                {t("members.import")}
              </Link>
            ) : null}
            <a href={`/o/${d.slug}/members/export`} className="button button-secondary" download>
              {t("members.export")}
            </a>
            {d.canManage ? (
              <ConfirmAction intent="inviteAll" step={confirmOf(result)} className="inline-form" danger={false} buttonClassName="button button-secondary" label={t("invitations.inviteAll")} question={t("confirm.inviteAll.question")} consequences={t("confirm.inviteAll.consequences")} />
            ) : null}
          </div>
          {d.full.warnings.length > 0 ? (
            <div className="alert alert-info" role="status">
              <p>{t("scic.warningsTitle")}</p>
              <ul>
                {d.full.warnings.map((w) => (
                  <li key={w.code}>{t(`scic.${w.code}`, w)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {d.full.capital ? (
            <p className={d.full.capital.ok ? "muted" : "alert alert-error"}>
              {d.full.capital.totalCents != null
                ? t("scic.capitalShareEuros", { collectivites: money(d.full.capital.collectivitesCents), total: money(d.full.capital.totalCents), percent: formatPercentText(locale, d.full.capital.percent) })
                : t("scic.capitalShareShares", { collectivites: formatNumber(locale, d.full.capital.collectivites), total: formatNumber(locale, d.full.capital.total), percent: formatPercentText(locale, d.full.capital.percent) })}
            </p>
          ) : null}
          <div {...scrollRegion(t("members.collegesCaption"))}>
            <table>
              <caption>{t("members.collegesCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("members.college")}</th>
                  <th scope="col" className="num">{t("dashboard.headcount")}</th>
                  <th scope="col" className="num">{t("colleges.totalWeight")}</th>
                </tr>
              </thead>
              <tbody>
                {d.full.colleges.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.name}</th>
                    <td className="num">{formatNumber(locale, c.headcount)}</td>
                    <td className="num">{formatDecimalText(locale, c.totalWeight)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <Filters filter={d.filter} colleges={d.colleges} full={d.full != null} />

      {d.full ? (
        <div {...scrollRegion(t("members.count", { count: d.full.total }))}>
          <table className="responsive register">
            <caption>{t("members.count", { count: d.full.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("fields.memberNumber")}</th>
                <th scope="col">{t("fields.name")}</th>
                <th scope="col">{t("members.college")}</th>
                <th scope="col">{t("members.category")}</th>
                <th scope="col" className="num">{t("fields.votingWeight")}</th>
                <th scope="col" className="num">{t("fields.shares")}</th>
                <th scope="col">{t("fields.email")}</th>
                <th scope="col">{t("members.status")}</th>
              </tr>
            </thead>
            <tbody>
              {d.full.rows.map((m) => (
                <tr key={m.id}>
                  <td data-label={t("fields.memberNumber")}>{m.memberNumber ?? "—"}</td>
                  <th scope="row">
                    <Link to={`/o/${d.slug}/members/${m.id}`}>{m.name}</Link>
                    {m.representative ? <div className="muted small">{t("members.representedBy", { name: m.representative })}</div> : null}
                  </th>
                  <td data-label={t("members.college")}>{m.collegeName ?? "—"}</td>
                  <td data-label={t("members.category")}>{t(`categories.${m.category}`, { defaultValue: m.category })}</td>
                  <td className="num" data-label={t("fields.votingWeight")}>{formatDecimalText(locale, votingWeightText(m.votingWeightMicro))}</td>
                  <td className="num" data-label={t("fields.shares")}>{formatNumber(locale, m.shares)}</td>
                  <td data-label={t("fields.email")}>{m.email ?? "—"}</td>
                  <td data-label={t("members.status")}>
                    {m.exitedOn && m.exitedOn <= d.full!.today ? t("members.exitedOn", { date: formatDate(locale, m.exitedOn) }) : t("members.statuses.active")}
                    <div className="muted small">{m.userId ? t("members.hasAccount") : m.invitedUntil ? t("members.invited") : t("members.noAccount")}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : d.directory ? (
        <div {...scrollRegion(t("members.count", { count: d.directory.total }))}>
          <table>
            <caption>{t("members.count", { count: d.directory.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("fields.name")}</th>
                <th scope="col">{t("members.college")}</th>
              </tr>
            </thead>
            <tbody>
              {d.directory.rows.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.name}</th>
                  <td>{m.collegeName ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pagination page={d.filter.page} pages={d.full?.pages ?? d.directory?.pages ?? 1} />
    </div>
  );
}
