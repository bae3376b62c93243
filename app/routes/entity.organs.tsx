import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, scrollRegion } from "~/components/Forms";
import { OrganFields } from "~/components/OrganForm";
import { can } from "~/domain/roles";
import { isoDateInParis } from "~/lib/dates";
import { AppError, appErrorFields } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatNumber, type Locale } from "~/lib/locale";
import { formValues, parseForm } from "~/schemas/form";
import { organSchema, reservedSeatsFrom } from "~/schemas/organs";
import { createOrgan } from "~/services/organs.server";
import { organsOverview } from "~/services/organs-page.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const overview = await organsOverview(args.context.db, entity.id, isoDateInParis());
  const canManage = can(role, "entity.manage");
  // Rules and colleges only feed the creation form.
  return { slug: entity.slug, canManage, organs: overview.organs, colleges: canManage ? overview.colleges : [], rules: canManage ? overview.rules : [] };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.manage");
  const formData = await args.request.formData();
  const values = formValues(formData);
  const form = parseForm(organSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
  try {
    const { id } = await createOrgan(args.context.db, { entityId: entity.id, actorId: session.user.id, organ: { ...form.data, reserved: reservedSeatsFrom(formData) } });
    return redirectWithFlash(`/o/${entity.slug}/organs/${id}`, { key: "organs.created", params: { name: form.data.name } });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values }, { status: e.status });
    throw e;
  }
}

export default function Organs() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="page">
      <h1>{t("organs.title")}</h1>
      <p>{t("organs.intro")}</p>
      {d.organs.length === 0 ? (
        <p>{t("organs.none")}</p>
      ) : (
        <div {...scrollRegion(t("organs.caption"))}>
          <table>
            <caption className="visually-hidden">{t("organs.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("organs.name")}</th>
                <th scope="col">{t("organs.kind")}</th>
                <th scope="col" className="num">{t("organs.seatsTaken")}</th>
              </tr>
            </thead>
            <tbody>
              {d.organs.map((o) => (
                <tr key={o.id}>
                  <th scope="row">
                    <Link to={`/o/${d.slug}/organs/${o.id}`}>{o.name}</Link>
                  </th>
                  <td>{t(`organs.kinds.${o.kind}`)}</td>
                  <td className="num">
                    {t("organs.seatsOf", { count: o.sitting, seats: formatNumber(locale, o.seats) })}
                    {o.upcoming > 0 ? <div className="muted small">{t("organs.upcoming", { count: o.upcoming })}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.canManage ? (
        <section aria-labelledby="new-organ-title" className="panel">
          <h2 id="new-organ-title">{t("organs.newTitle")}</h2>
          <ErrorSummary errors={result?.errors} />
          <Form method="post" className="stack" noValidate>
            <OrganFields colleges={d.colleges} rules={d.rules} values={result?.values ?? {}} errors={result?.errors ?? null} />
            <button type="submit" className="button">
              {t("organs.create")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
