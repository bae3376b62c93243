import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField } from "~/components/Forms";
import { AppError, notFound } from "~/lib/errors";
import { flashHeader } from "~/lib/flash.server";
import { assertSameOrigin } from "~/lib/guards.server";
import { resolveLocale } from "~/lib/locale.server";
import { sessionCookie } from "~/lib/session.server";
import { countUsers } from "~/queries/users.server";
import { setupSchema } from "~/schemas/auth";
import { parseForm } from "~/schemas/form";
import { createAccount, login } from "~/services/auth.server";

/** Only while the instance has no account at all: the first one administers the platform. */
export async function loader({ context }: LoaderFunctionArgs) {
  if ((await countUsers(context.db)) > 0) notFound();
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  if ((await countUsers(context.db)) > 0) notFound();
  const form = parseForm(setupSchema, await request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    await createAccount(context.db, { ...form.data, locale: resolveLocale(request) });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: { _form: { key: e.key, params: e.params } }, values: { name: form.data.name, email: form.data.email } }, { status: e.status });
    throw e;
  }
  const session = await login(context.db, { email: form.data.email, password: form.data.password, clientAddress: context.clientAddress });
  if (!session.ok) throw new Error("The account just created could not sign in");
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(session.token, session.expiresAt));
  headers.append("Set-Cookie", await flashHeader({ key: "setup.done", kind: "success" }));
  return redirect("/", { headers });
}

export default function Setup() {
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <h1>{t("setup.title")}</h1>
      <p>{t("setup.intro")}</p>
      <ErrorSummary errors={result?.errors} />
      <Form method="post" className="stack" noValidate>
        <TextField name="name" label={t("setup.name")} required autoComplete="name" defaultValue={result?.values?.name} errors={result?.errors} />
        <TextField name="email" type="email" label={t("login.email")} required autoComplete="username" defaultValue={result?.values?.email} errors={result?.errors} />
        <TextField name="password" type="password" label={t("login.password")} hint={t("account.passwordHint")} required autoComplete="new-password" errors={result?.errors} />
        <button type="submit" className="button">
          {t("setup.submit")}
        </button>
      </Form>
    </div>
  );
}
