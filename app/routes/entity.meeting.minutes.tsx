import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmAction, confirmOf } from "~/components/ConfirmAction";
import { DocumentView } from "~/components/DocumentView";
import { ErrorSummary, TextAreaField } from "~/components/Forms";
import { can } from "~/domain/roles";
import { needsConfirmation } from "~/lib/actions.server";
import { AppError, appErrorFields, forbidden } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, isLocale, type Locale } from "~/lib/locale";
import { resolveLocale } from "~/lib/locale.server";
import { formValues } from "~/schemas/form";
import { setSummary } from "~/services/meetings.server";
import { minutesPage } from "~/services/minutes-page.server";
import { finalizeMinutes, verifyCopy } from "~/services/minutes.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const asked = new URL(args.request.url).searchParams.get("lang");
  const lang: Locale = isLocale(asked) ? asked : resolveLocale(args.request, session.user.locale);
  const page = await minutesPage(args.context.db, { entity, role, meetingId: args.params.meetingId ?? "", lang });
  return { slug: entity.slug, lang, ...page };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, role, session } = await requireEntity(args, "entity.view");
  const db = args.context.db;
  const meetingId = args.params.meetingId ?? "";
  const here = `/o/${entity.slug}/meetings/${meetingId}/minutes`;
  const formData = await args.request.formData();
  const intent = String(formData.get("intent") ?? "");
  const fail = (errors: Record<string, { key: string; params?: Record<string, string | number> }>, status: number) => data({ intent, errors, values: formValues(formData), verified: null as null | { match: { lang: string; format: string } | null; sha256: string } }, { status });
  try {
    if (intent === "verify") {
      const file = formData.get("file");
      if (!(file instanceof File) || file.size === 0) return fail({ file: { key: "import.noFile" } }, 400);
      const verified = await verifyCopy(db, entity.id, meetingId, new Uint8Array(await file.arrayBuffer()));
      return data({ intent, errors: null, values: {}, verified });
    }
    if (!can(role, "meeting.run")) forbidden();
    if (intent === "summary") {
      const summary = String(formData.get("summary") ?? "").trim().slice(0, 20_000);
      await setSummary(db, { entityId: entity.id, meetingId, itemId: String(formData.get("itemId") ?? ""), summary: summary || null });
      return redirectWithFlash(here, { key: "minutes.summarySaved" });
    }
    if (intent === "finalize") {
      // Irreversible: confirmed first, nothing written until then.
      const step = needsConfirmation(formData);
      if (step) return data({ intent, errors: null, values: {}, verified: null, confirm: step }, { headers: { "Cache-Control": "no-store" } });
      await finalizeMinutes(db, { entity, meetingId, actorId: session.user.id });
      return redirectWithFlash(here, { key: "minutes.finalized" });
    }
    return fail({ _form: { key: "errors.invalid", params: { field: "intent" } } }, 400);
  } catch (e) {
    if (e instanceof AppError) return fail(appErrorFields(e), e.status);
    throw e;
  }
}

const FORMATS = ["pdf", "docx", "md", "attendance-pdf", "attendance-csv", "results-csv"] as const;

export default function Minutes() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const base = `/o/${d.slug}/meetings/${d.meeting.id}/minutes`;
  return (
    <div className="page">
      <p className="muted">
        <Link to={`/o/${d.slug}/meetings/${d.meeting.id}`}>{d.meeting.title}</Link>
      </p>
      <h1>{t("minutes.title")}</h1>
      <ErrorSummary errors={result?.intent !== "verify" ? result?.errors : null} />
      {d.final ? (
        <section className="panel" aria-labelledby="final-title">
          <h2 id="final-title">{t("minutesPage.finalTitle", { date: formatDate(locale, d.final.finalizedAt, { dateStyle: "long", timeStyle: "short" }) })}</h2>
          <dl className="facts digests">
            {Object.entries(d.final.digests).sort(([a], [b]) => Number(b === "fr") - Number(a === "fr")).map(([lang, digest]) => (
              <div key={lang} className="contents">
                <dt>{t("minutesPage.digest", { lang: t(`language.inText.${lang}`) })}</dt>
                <dd>
                  <code>{digest}</code>
                </dd>
              </div>
            ))}
          </dl>
          <p className="muted small">{t("minutesPage.digestHelp")}</p>
          <ul className="muted small">
            {Object.entries(d.final.checks).sort(([a], [b]) => Number(b === "fr") - Number(a === "fr")).map(([lang, command]) => (
              <li key={lang}>
                <code>{command}</code> ({t(`language.inText.${lang}`)})
              </li>
            ))}
          </ul>
          <p className="muted small">{t("minutesPage.verifyHelp")}</p>
        </section>
      ) : (
        <p className="alert alert-info">{d.meeting.status === "closed" ? t("minutesPage.draftNotice") : t("minutesPage.meetingNotClosed")}</p>
      )}

      <section className="panel" aria-labelledby="downloads-title">
        <h2 id="downloads-title">{t("minutesPage.downloads")}</h2>
        {(["fr", "en"] as const).map((lang) => (
          <p key={lang} className="toolbar">
            <strong>{t(`language.heading.${lang}`)} :</strong>
            {FORMATS.map((f) => (
              <a key={f} className="button button-small button-secondary" href={`${base}/${lang}/${f}`} download>
                {t(`minutesPage.formats.${f}`)}
              </a>
            ))}
          </p>
        ))}
      </section>

      {d.canRun && !d.final && d.meeting.status === "closed" ? (
        <section className="panel" aria-labelledby="summaries-title">
          <h2 id="summaries-title">{t("minutesPage.summaries")}</h2>
          {d.agenda.map((a, i) => (
            <Form method="post" key={a.id} className="stack">
              <input type="hidden" name="intent" value="summary" />
              <input type="hidden" name="itemId" value={a.id} />
              <TextAreaField name="summary" label={t("minutes.item", { n: i + 1, title: a.title })} hint={t("resolutions.markdownHint")} rows={4} defaultValue={a.summary ?? ""} />
              <button className="button button-small button-secondary">{t("minutesPage.saveSummary", { n: i + 1 })}</button>
            </Form>
          ))}
          <p>
            <Link to={`/o/${d.slug}/meetings/${d.meeting.id}/attendance`}>{t("minutesPage.editOfficers")}</Link>
          </p>
          <p className="muted">{t("minutesPage.finalizeHelp")}</p>
          <ConfirmAction intent="finalize" step={confirmOf(result)} label={t("minutesPage.finalize")} danger={false} question={t("confirm.finalize.question")} consequences={t("confirm.finalize.consequences")} />
        </section>
      ) : null}

      <section aria-labelledby="preview-title">
        <h2 id="preview-title">
          {d.final ? t("minutesPage.text") : t("minutesPage.preview")}{" "}
          <Link className="small" to={`?lang=${d.lang === "fr" ? "en" : "fr"}`}>
            {t("minutesPage.otherLanguage", { lang: t(`language.inText.${d.lang === "fr" ? "en" : "fr"}`) })}
          </Link>
        </h2>
        <DocumentView doc={d.doc} />
      </section>

      {d.final ? (
        <section className="panel" aria-labelledby="verify-title">
          <h2 id="verify-title">{t("minutesPage.verifyTitle")}</h2>
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="hidden" name="intent" value="verify" />
            <div className="field">
              <label htmlFor="verify-file">{t("minutesPage.verifyFile")}</label>
              <input id="verify-file" name="file" type="file" />
            </div>
            <button className="button button-secondary">{t("minutesPage.verify")}</button>
          </Form>
          {result?.intent === "verify" && result.verified ? (
            <p role="status" className={result.verified.match ? "alert alert-success" : "alert alert-error"}>
              {result.verified.match ? t("minutesPage.verified", { format: t(`minutesPage.formats.${result.verified.match.format}`), lang: t(`language.inText.${result.verified.match.lang}`) }) : t("minutesPage.notVerified", { sha256: result.verified.sha256 })}
            </p>
          ) : null}
          <ErrorSummary errors={result?.intent === "verify" ? result.errors : null} />
        </section>
      ) : null}
    </div>
  );
}
