import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField } from "~/components/Forms";
import { AppError, appErrorFields } from "~/lib/errors";
import { assertSameOrigin } from "~/lib/guards.server";
import { sessionCookie } from "~/lib/session.server";
import { parseForm } from "~/schemas/form";
import { invitationSchema } from "~/schemas/auth";
import { login } from "~/services/auth.server";
import { acceptInvitation, invitationState } from "~/services/invitations.server";

/** Shows the invitation; only the POST uses it. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const state = await invitationState(context.db, params.token ?? "");
  return state.status === "valid"
    ? { status: state.status, entityName: state.entityName, memberName: state.memberName, email: state.email, accountExists: state.accountExists }
    : { status: state.status };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = parseForm(invitationSchema, await request.formData());
  if (!form.ok) return data({ errors: form.errors }, { status: 400 });
  try {
    const accepted = await acceptInvitation(context.db, { token: params.token ?? "", password: form.data.password });
    const session = await login(context.db, { email: accepted.email, password: form.data.password, clientAddress: context.clientAddress });
    if (!session.ok) return redirect("/login");
    return redirect(`/o/${accepted.entitySlug}/me`, { headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt) } });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e) }, { status: e.status });
    throw e;
  }
}

export default function Invitation() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  if (d.status !== "valid") {
    return (
      <div className="page page-narrow">
        <h1>{t("invitations.pageTitle")}</h1>
        <p className="alert alert-error">{t(`invitations.${d.status}`)}</p>
        <p>
          <Link to="/login">{t("login.title")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page page-narrow">
      <h1>{t("invitations.pageTitle")}</h1>
      <p>{t("invitations.welcome", { name: d.memberName, entity: d.entityName })}</p>
      <p>{d.accountExists ? t("invitations.existingAccount", { email: d.email }) : t("invitations.choosePassword", { email: d.email })}</p>
      <ErrorSummary errors={result?.errors} />
      <Form method="post" className="stack" noValidate>
        <TextField name="password" type="password" label={t(d.accountExists ? "login.password" : "account.newPassword")} hint={d.accountExists ? undefined : t("account.passwordHint")} autoComplete={d.accountExists ? "current-password" : "new-password"} required errors={result?.errors} />
        <button type="submit" className="button">
          {t("invitations.accept")}
        </button>
      </Form>
    </div>
  );
}
