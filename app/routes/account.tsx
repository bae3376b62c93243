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
import { KIND_KEYS, NOTIFICATION_MODES } from "~/domain/notifications";
import { formIntent } from "~/lib/actions.server";
import { preferencesSchema } from "~/schemas/notifications";
import { hasCalendarFeed, notificationPreferences, resetCalendarFeed, saveNotificationPreferences } from "~/services/notifications-calendar.server";

export async function loader(args: LoaderFunctionArgs) {
  const session = await requireUser(args);
  return {
    name: session.user.name,
    email: session.user.email,
    locale: resolveLocale(args.request, session.user.locale),
    preferences: await notificationPreferences(args.context.db, session.user.id),
    calendar: await hasCalendarFeed(args.context.db, session.user.id),
  };
}

export async function action(args: ActionFunctionArgs) {
  const session = await requireUser(args);
  const formData = await args.request.formData();
  const intent = formIntent(formData);
  if (intent === "notifications") {
    const prefs = preferencesSchema.safeParse(Object.fromEntries(formData));
    if (!prefs.success) return data({ errors: { _form: { key: "errors.invalid", params: { field: "notifications" } } } }, { status: 400 });
    await saveNotificationPreferences(args.context.db, session.user.id, prefs.data);
    return redirectWithFlash("/account", { key: "notifications.saved" });
  }
  if (intent === "calendar") return { calendarUrl: await resetCalendarFeed(args.context.db, session.user.id) };
  const form = parseForm(passwordChangeSchema, formData);
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
  const { name, email, locale, preferences, calendar } = useLoaderData<typeof loader>();
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
      <NotificationsSection preferences={preferences} calendar={calendar} calendarUrl={result && "calendarUrl" in result ? result.calendarUrl : null} />
      <section aria-labelledby="password-title" className="panel">
        <h2 id="password-title">{t("account.passwordTitle")}</h2>
        <ErrorSummary errors={result && "errors" in result ? result.errors : undefined} />
        <Form method="post" className="stack" noValidate>
          <TextField name="currentPassword" type="password" label={t("account.currentPassword")} autoComplete="current-password" required errors={result && "errors" in result ? result.errors : undefined} />
          <TextField name="newPassword" type="password" label={t("account.newPassword")} hint={t("account.passwordHint")} autoComplete="new-password" required errors={result && "errors" in result ? result.errors : undefined} />
          <TextField name="confirmPassword" type="password" label={t("account.confirmPassword")} autoComplete="new-password" required errors={result && "errors" in result ? result.errors : undefined} />
          <button type="submit" className="button">
            {t("account.save")}
          </button>
        </Form>
      </section>
    </div>
  );
}

/** Each kind's choice (immediately, daily digest, never; legal notices always), and the private calendar address. */
function NotificationsSection({ preferences, calendar, calendarUrl }: { preferences: { kind: keyof typeof KIND_KEYS; legal: boolean; mode: string }[]; calendar: boolean; calendarUrl: string | null }) {
  const { t } = useTranslation();
  return (
    <>
      <section aria-labelledby="notifications-title" className="panel">
        <h2 id="notifications-title">{t("notifications.title")}</h2>
        <p className="muted">{t("notifications.intro")}</p>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="notifications" />
          {preferences.map((p) =>
            p.legal ? (
              <p key={p.kind}>
                <strong>{t(`notifications.kinds.${KIND_KEYS[p.kind]}`)}</strong> — {t("notifications.legal")}
              </p>
            ) : (
              <SelectField key={p.kind} name={p.kind} label={t(`notifications.kinds.${KIND_KEYS[p.kind]}`)} defaultValue={p.mode} options={NOTIFICATION_MODES.map((m) => ({ value: m, label: t(`notifications.modes.${m}`) }))} />
            ),
          )}
          <button type="submit" className="button button-secondary">
            {t("account.save")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="calendar-title" className="panel">
        <h2 id="calendar-title">{t("notifications.calendar.title")}</h2>
        <p className="muted">{t("notifications.calendar.intro")}</p>
        {calendarUrl ? (
          <p role="status">
            {t("notifications.calendar.created")} <code className="break-all">{calendarUrl}</code>
          </p>
        ) : (
          <p>{t(calendar ? "notifications.calendar.active" : "notifications.calendar.none")}</p>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="calendar" />
          <button type="submit" className="button button-secondary">
            {t(calendar ? "notifications.calendar.reset" : "notifications.calendar.create")}
          </button>
        </Form>
      </section>
    </>
  );
}
