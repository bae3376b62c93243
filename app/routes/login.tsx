import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField } from "~/components/Forms";
import { assertSameOrigin, getSession } from "~/lib/guards.server";
import { formatTime, type Locale } from "~/lib/locale";
import { safeRedirect } from "~/lib/redirect";
import { deviceCookie, readDeviceToken, sessionCookie } from "~/lib/session.server";
import { listEntitiesOfUser } from "~/queries/entities.server";
import { countUsers } from "~/queries/users.server";
import { loginSchema } from "~/schemas/auth";
import { parseForm } from "~/schemas/form";
import { login } from "~/services/auth.server";

export const meta: MetaFunction = () => [{ title: "Cogere" }];

// Without this, Remix keeps only the cookies of the action's headers on the page it renders.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return new Headers(retryAfter ? { "Retry-After": retryAfter } : undefined);
};

export async function loader(args: LoaderFunctionArgs) {
  if (await getSession(args)) throw redirect(safeRedirect(new URL(args.request.url).searchParams.get("redirectTo")));
  return { firstRun: (await countUsers(args.context.db)) === 0 };
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const form = parseForm(loginSchema, await request.formData());
  if (!form.ok) return data({ errors: form.errors, values: form.values, retryAt: null }, { status: 400 });
  const { email, password, redirectTo } = form.data;
  const result = await login(context.db, { email, password, clientAddress: context.clientAddress, deviceToken: readDeviceToken(request) });
  const values = { email, redirectTo };
  if (!result.ok && result.reason === "throttled") {
    const seconds = Math.max(1, Math.ceil((result.retryAt.getTime() - Date.now()) / 1000));
    return data({ errors: null, values, retryAt: result.retryAt.toISOString() }, { status: 429, headers: { "Retry-After": String(seconds) } });
  }
  if (!result.ok) {
    return data({ errors: { _form: { key: "login.invalid" } }, values, retryAt: null }, { status: 400 });
  }
  let to = redirectTo;
  if (to === "/") {
    const entities = await listEntitiesOfUser(context.db, result.userId);
    if (entities.length === 1) to = `/o/${entities[0]!.slug}`;
  }
  const cookies = new Headers();
  cookies.append("Set-Cookie", sessionCookie(result.token, result.expiresAt));
  cookies.append("Set-Cookie", deviceCookie(result.deviceToken));
  return redirect(to, { headers: cookies });
}

function Throttled({ retryAt }: { retryAt: string }) {
  const { t, i18n } = useTranslation();
  const minutes = Math.max(1, Math.ceil((new Date(retryAt).getTime() - Date.now()) / 60_000));
  return (
    <div className="alert alert-error" role="alert">
      {t("login.throttled", { time: formatTime(i18n.language as Locale, retryAt), minutes })}
    </div>
  );
}

export default function Login() {
  const { firstRun } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const redirectTo = result?.values?.redirectTo ?? params.get("redirectTo") ?? "/";
  return (
    <div className="page page-narrow">
      <h1>{t("login.title")}</h1>
      <p>{t("login.intro")}</p>
      {result?.retryAt ? <Throttled retryAt={result.retryAt} /> : null}
      <ErrorSummary errors={result?.errors} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField name="email" type="email" label={t("login.email")} autoComplete="username" required defaultValue={result?.values?.email} errors={result?.errors} />
        <TextField name="password" type="password" label={t("login.password")} autoComplete="current-password" required errors={result?.errors} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/password/forgot">{t("passwordReset.forgotLink")}</Link>
      </p>
      {firstRun ? (
        <p>
          <Link to="/setup">{t("login.setupHint")}</Link>
        </p>
      ) : null}
    </div>
  );
}
