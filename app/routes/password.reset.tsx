import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField } from "~/components/Forms";
import { AppError, appErrorFields } from "~/lib/errors";
import { assertSameOrigin } from "~/lib/guards.server";
import { resources } from "~/lib/i18n";
import { DEFAULT_LOCALE, isLocale } from "~/lib/locale";
import { resetPasswordSchema } from "~/schemas/auth";
import { parseForm } from "~/schemas/form";
import { passwordResetState, resetPassword } from "~/services/password-reset.server";

/** Its own title, in the page's language (the root's data says which). */
export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  return [{ title: `${resources[isLocale(locale) ? locale : DEFAULT_LOCALE].translation.passwordReset.resetTitle} · Cogere` }];
};

/** Shows whether the link still works; only the POST uses it. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const state = await passwordResetState(context.db, params.token ?? "");
  return state.status === "valid" ? { status: state.status, email: state.email } : { status: state.status };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = parseForm(resetPasswordSchema, await request.formData());
  if (!form.ok) return data({ done: false, errors: form.errors }, { status: 400 });
  try {
    await resetPassword(context.db, { token: params.token ?? "", password: form.data.newPassword });
    return data({ done: true, errors: null });
  } catch (e) {
    if (e instanceof AppError) return data({ done: false, errors: appErrorFields(e) }, { status: e.status });
    throw e;
  }
}

export default function ResetPassword() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  if (result?.done) {
    return (
      <div className="page page-narrow">
        <h1>{t("passwordReset.resetTitle")}</h1>
        <p className="alert alert-success" role="status">
          {t("passwordReset.done")}
        </p>
        <p>
          <Link to="/login" className="button">
            {t("passwordReset.signIn")}
          </Link>
        </p>
      </div>
    );
  }
  if (d.status !== "valid") {
    return (
      <div className="page page-narrow">
        <h1>{t("passwordReset.resetTitle")}</h1>
        <p className="alert alert-error" role="alert">
          {t(`passwordReset.${d.status}`)}
        </p>
        <p>
          <Link to="/password/forgot">{t("passwordReset.askAgain")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page page-narrow">
      <h1>{t("passwordReset.resetTitle")}</h1>
      <p>{t("passwordReset.resetIntro", { email: d.email })}</p>
      <ErrorSummary errors={result?.errors} />
      <Form method="post" className="stack" noValidate>
        <input type="email" name="username" autoComplete="username" value={d.email} readOnly hidden />
        <TextField name="newPassword" type="password" label={t("account.newPassword")} hint={t("account.passwordHint")} autoComplete="new-password" required errors={result?.errors} />
        <TextField name="confirmPassword" type="password" label={t("account.confirmPassword")} autoComplete="new-password" required errors={result?.errors} />
        <button type="submit" className="button">
          {t("passwordReset.resetSubmit")}
        </button>
      </Form>
    </div>
  );
}
