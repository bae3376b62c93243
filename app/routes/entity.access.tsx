import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmAction, confirmOf } from "~/components/ConfirmAction";
import { ErrorSummary, SelectField, TextField, scrollRegion } from "~/components/Forms";
import { Pagination } from "~/components/Shell";
import { ROLES } from "~/domain/roles";
import { confirmationStep, needsConfirmation } from "~/lib/actions.server";
import { AppError } from "~/lib/errors";
import { formatDate, type Locale } from "~/lib/locale";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { resolveLocale } from "~/lib/locale.server";
import { ROLE_PAGE_SIZE, listRoles } from "~/queries/entities.server";
import { changeRoleSchema, grantRoleSchema, pageParam, removeRoleSchema } from "~/schemas/entity";
import { formValues, parseForm, type FieldErrors } from "~/schemas/form";
import { changeRole, grantRole, removeRole } from "~/services/entities.server";
import { deliverQueued } from "~/services/mail.server";
import { sendPasswordReset } from "~/services/password-reset.server";
import { sendResetSchema } from "~/schemas/auth";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, session } = await requireEntity(args, "roles.manage");
  const page = pageParam.parse(new URL(args.request.url).searchParams.get("page") ?? undefined);
  const { rows, total } = await listRoles(args.context.db, entity.id, page);
  return { people: rows, total, page, pages: Math.max(1, Math.ceil(total / ROLE_PAGE_SIZE)), selfId: session.user.id };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "roles.manage");
  const formData = await args.request.formData();
  const here = `/o/${entity.slug}/access`;
  const fail = (errors: FieldErrors, status: number) => data({ errors, values: formValues(formData) }, { status });
  const base = { entityId: entity.id, actorId: session.user.id };
  try {
    switch (formData.get("intent")) {
      case "grant": {
        const form = parseForm(grantRoleSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const { email } = await grantRole(args.context.db, { ...base, ...form.data });
        return redirectWithFlash(here, { key: "access.added", params: { email, role: form.data.role } });
      }
      case "change": {
        const form = parseForm(changeRoleSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const { name } = await changeRole(args.context.db, { ...base, ...form.data });
        return redirectWithFlash(here, { key: "access.changed", params: { name } });
      }
      case "remove": {
        const form = parseForm(removeRoleSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        // Irreversible for that person: confirmed first, nothing written until then.
        const step = needsConfirmation(formData);
        if (step) return confirmationStep(step);
        const { name } = await removeRole(args.context.db, { ...base, ...form.data });
        return redirectWithFlash(here, { key: "access.removed", params: { name } });
      }
      case "sendReset": {
        const form = parseForm(sendResetSchema, formData);
        if (!form.ok) return fail(form.errors, 400);
        const origin = new URL(args.request.url).origin;
        const { email } = await sendPasswordReset(args.context.db, { ...base, userId: form.data.userId, origin, locale: resolveLocale(args.request, session.user.locale) });
        await deliverQueued(args.context.db);
        return redirectWithFlash(here, { key: "passwordReset.sentTo", params: { email } });
      }
      default:
        return fail({ _form: { key: "errors.invalid", params: { field: "intent" } } }, 400);
    }
  } catch (e) {
    if (e instanceof AppError) return fail({ _form: { key: e.key, params: e.params } }, e.status);
    throw e;
  }
}

export default function Access() {
  const { people, total, page, pages, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
  const granting = result?.values?.intent === "grant";
  return (
    <div className="page">
      <h1>{t("access.title")}</h1>
      <p>{t("access.intro")}</p>
      {!granting ? <ErrorSummary errors={result?.errors} /> : null}
      <div {...scrollRegion(t("access.caption", { count: total }))}>
        <table className="responsive">
          <caption>{t("access.caption", { count: total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("access.name")}</th>
              <th scope="col">{t("access.email")}</th>
              <th scope="col">{t("access.role")}</th>
              <th scope="col">{t("access.since")}</th>
              <th scope="col">{t("access.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.userId}>
                <th scope="row">
                  {p.name} {p.userId === selfId ? <span className="muted">{t("access.you")}</span> : null}
                </th>
                <td>{p.email}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="change" />
                    <input type="hidden" name="userId" value={p.userId} />
                    <label className="visually-hidden" htmlFor={`role-${p.userId}`}>
                      {t("access.roleOf", { name: p.name })}
                    </label>
                    <select id={`role-${p.userId}`} name="role" defaultValue={p.role}>
                      {roleOptions.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button button-small button-secondary">
                      {t("access.change")}
                    </button>
                  </Form>
                </td>
                <td data-label={t("access.since")}>{formatDate(locale, p.grantedAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="sendReset" />
                    <input type="hidden" name="userId" value={p.userId} />
                    <button type="submit" className="button button-small button-secondary" aria-label={t("passwordReset.sendLabel", { name: p.name })}>
                      {t("passwordReset.send")}
                    </button>
                  </Form>
                  <ConfirmAction intent="remove" fields={{ userId: p.userId }} step={confirmOf(result)} className="inline-form" buttonClassName="button button-small button-danger" ariaLabel={t("access.removeLabel", { name: p.name })} label={t("access.remove")} question={t("confirm.removeAccess.question", { name: p.name })} consequences={t("confirm.removeAccess.consequences")} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pages={pages} />
      <section aria-labelledby="add-title" className="panel">
        <h2 id="add-title">{t("access.addTitle")}</h2>
        <p className="muted">{t("access.addIntro")}</p>
        {granting ? <ErrorSummary errors={result?.errors} /> : null}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="grant" />
          <TextField name="email" type="email" label={t("fields.email")} required defaultValue={granting ? result?.values?.email : undefined} errors={granting ? result?.errors : null} />
          <TextField name="name" label={t("fields.name")} defaultValue={granting ? result?.values?.name : undefined} errors={granting ? result?.errors : null} />
          <SelectField name="role" id="grant-role" label={t("fields.role")} options={roleOptions} defaultValue={granting ? result?.values?.role : "member"} errors={granting ? result?.errors : null} />
          <TextField name="initialPassword" type="password" label={t("access.initialPassword")} hint={t("account.passwordHint")} autoComplete="new-password" errors={granting ? result?.errors : null} />
          <button type="submit" className="button">
            {t("access.add")}
          </button>
        </Form>
      </section>
    </div>
  );
}
