import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField } from "~/components/Forms";
import { AppError } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireUser } from "~/lib/guards.server";
import { LOCALES } from "~/lib/locale";
import { resolveLocale } from "~/lib/locale.server";
import { passwordChangeSchema } from "~/schemas/auth";
import { parseForm } from "~/schemas/form";
import { changePassword } from "~/services/account.server";

export async function loader(args: LoaderFunctionArgs) {
  const session = await requireUser(args);
  return {
    name: session.user.name,
    email: session.user.email,
    locale: resolveLocale(args.request, session.user.locale),
  };
}

export async function action(args: ActionFunctionArgs) {
  const session = await requireUser(args);
  const form = parseForm(passwordChangeSchema, await args.request.formData());
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  try {
    await changePassword(args.context.db, { userId: session.user.id, sessionId: session.sessionId, ...form.data });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: { currentPassword: { key: e.key } } }, { status: e.status });
    throw e;
  }
  return redirectWithFlash("/account", { key: "account.passwordChanged" });
}

export default function Account() {
  const { name, email, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <h1>{t("account.title")}</h1>
      <section aria-labelledby="profile-title" className="panel">
        <h2 id="profile-title">{t("account.profile")}</h2>
        <dl className="facts">
          <dt>{t("fields.name")}</dt>
          <dd>{name}</dd>
          <dt>{t("fields.email")}</dt>
          <dd>{email}</dd>
        </dl>
      </section>
      <section aria-labelledby="language-title" className="panel">
        <h2 id="language-title">{t("account.languageTitle")}</h2>
        <Form method="post" action="/language" className="stack">
          <input type="hidden" name="redirectTo" value="/account" />
          <SelectField
            name="lang"
            label={t("language.label")}
            defaultValue={locale}
            options={LOCALES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
          />
          <button type="submit" className="button button-secondary">
            {t("account.save")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="password-title" className="panel">
        <h2 id="password-title">{t("account.passwordTitle")}</h2>
        <ErrorSummary errors={result?.errors} />
        <Form method="post" className="stack" noValidate>
          <TextField name="currentPassword" type="password" label={t("account.currentPassword")} autoComplete="current-password" required errors={result?.errors} />
          <TextField name="newPassword" type="password" label={t("account.newPassword")} hint={t("account.passwordHint")} autoComplete="new-password" required errors={result?.errors} />
          <TextField name="confirmPassword" type="password" label={t("account.confirmPassword")} autoComplete="new-password" required errors={result?.errors} />
          <button type="submit" className="button">
            {t("account.save")}
          </button>
        </Form>
      </section>
    </div>
  );
}
