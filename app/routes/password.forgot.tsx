import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField } from "~/components/Forms";
import { assertSameOrigin } from "~/lib/guards.server";
import { resources } from "~/lib/i18n";
import { DEFAULT_LOCALE, isLocale } from "~/lib/locale";
import { resolveLocale } from "~/lib/locale.server";
import { forgotPasswordSchema } from "~/schemas/auth";
import { parseForm } from "~/schemas/form";
import { deliverQueued } from "~/services/mail.server";
import { requestPasswordReset } from "~/services/password-reset.server";

/** Its own title, in the page's language (the root's data says which). */
export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  return [{ title: `${resources[isLocale(locale) ? locale : DEFAULT_LOCALE].translation.passwordReset.forgotTitle} · Cogere` }];
};

/** Always the same answer, whether or not the address has an account (see the service). */
export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = parseForm(forgotPasswordSchema, await request.formData());
  if (!form.ok) return data({ sent: false, errors: form.errors, values: form.values }, { status: 400 });
  await requestPasswordReset(context.db, { email: form.data.email, clientAddress: context.clientAddress, origin: new URL(request.url).origin, locale: resolveLocale(request, null) });
  // Sent after answering: waiting for the SMTP server would tell by the time that the address exists.
  void deliverQueued(context.db).catch(() => undefined);
  return data({ sent: true, errors: null, values: { email: form.data.email } as Record<string, string> });
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <h1>{t("passwordReset.forgotTitle")}</h1>
      {result?.sent ? (
        <>
          <p className="alert alert-success" role="status">
            {t("passwordReset.sent")}
          </p>
          <p>{t("passwordReset.sentHelp")}</p>
        </>
      ) : (
        <>
          <p>{t("passwordReset.forgotIntro")}</p>
          <ErrorSummary errors={result?.errors} />
          <Form method="post" className="stack" noValidate>
            <TextField name="email" type="email" label={t("login.email")} autoComplete="username" required defaultValue={result?.values?.email} errors={result?.errors} />
            <button type="submit" className="button">
              {t("passwordReset.forgotSubmit")}
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">{t("passwordReset.backToLogin")}</Link>
      </p>
    </div>
  );
}
