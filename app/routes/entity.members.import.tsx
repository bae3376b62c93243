import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, useMessage, scrollRegion } from "~/components/Forms";
import { decodeUpload } from "~/lib/csv.server";
import { isoDateInParis } from "~/lib/dates";
import { AppError, appErrorFields, notFound } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { formatNumber, type Locale } from "~/lib/locale";
import { MEMBER_COLUMNS } from "~/schemas/member-csv";
import { applyImport, findImport, previewImport, storeImport, type ImportPlan } from "~/services/import.server";

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "entity.manage");
  return { slug: entity.slug, columns: MEMBER_COLUMNS.map((c) => ({ fr: c.fr, en: c.en, required: c.required })) };
}

type Result = { errors: Record<string, { key: string; params?: Record<string, string | number> }> | null; plan: ImportPlan | null; jobId: string | null; filename: string | null };

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.manage");
  const db = args.context.db;
  const fail = (errors: Result["errors"], status: number) => data<Result>({ errors, plan: null, jobId: null, filename: null }, { status });
  if (Number(args.request.headers.get("Content-Length") ?? 0) > MAX_IMPORT_BYTES + 64 * 1024) return fail({ file: { key: "import.tooBig", params: { max: 5 } } }, 413);
  const formData = await args.request.formData();
  const day = isoDateInParis();

  if (formData.get("intent") === "confirm") {
    const job = await findImport(db, entity.id, String(formData.get("jobId") ?? ""));
    if (!job) notFound();
    try {
      const done = await applyImport(db, { entity, actorId: session.user.id, text: job.content, day, jobId: job.id });
      return redirectWithFlash(`/o/${entity.slug}/members`, { key: "import.done", params: done });
    } catch (e) {
      if (e instanceof AppError) {
        const plan = await previewImport(db, entity, job.content, day);
        return data<Result>({ errors: appErrorFields(e), plan, jobId: null, filename: job.filename }, { status: e.status });
      }
      throw e;
    }
  }

  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return fail({ file: { key: "import.noFile" } }, 400);
  if (file.size > MAX_IMPORT_BYTES) return fail({ file: { key: "import.tooBig", params: { max: 5 } } }, 413);
  const text = decodeUpload(new Uint8Array(await file.arrayBuffer()));
  const plan = await previewImport(db, entity, text, day);
  const jobId = plan.problems.length === 0 ? await storeImport(db, { entityId: entity.id, actorId: session.user.id, filename: file.name, text }) : null;
  return data<Result>({ errors: null, plan, jobId, filename: file.name }, { status: plan.problems.length === 0 ? 200 : 422 });
}

function Preview({ plan, jobId, filename }: { plan: ImportPlan; jobId: string | null; filename: string | null }) {
  const { t, i18n } = useTranslation();
  const message = useMessage();
  const locale = i18n.language as Locale;
  const navigation = useNavigation();
  return (
    <section aria-labelledby="preview-title" className="panel">
      <h2 id="preview-title">{t("import.previewTitle", { file: filename ?? "" })}</h2>
      {plan.problems.length > 0 ? (
        <div className="alert alert-error" role="alert" tabIndex={-1}>
          <p>{t("import.problemsTitle", { count: plan.problems.length })}</p>
          <div {...scrollRegion(t("import.problemsTitle", { count: plan.problems.length }))}>
            <table className="problems">
              <thead>
                <tr>
                  <th scope="col">{t("import.line")}</th>
                  <th scope="col">{t("import.column")}</th>
                  <th scope="col">{t("import.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {plan.problems.map((p, i) => (
                  <tr key={i}>
                    <td>{p.line}</td>
                    <td>{p.column ?? "—"}</td>
                    <td>{message(p)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>{t("import.nothingWritten")}</p>
        </div>
      ) : (
        <>
          <ul>
            <li>{t("import.rows", { count: plan.rows, n: formatNumber(locale, plan.rows) })}</li>
            <li>{t("import.creates", { count: plan.creates, n: formatNumber(locale, plan.creates) })}</li>
            <li>{t("import.updates", { count: plan.updates, n: formatNumber(locale, plan.updates) })}</li>
            <li>{t("import.unchanged", { count: plan.unchanged, n: formatNumber(locale, plan.unchanged) })}</li>
          </ul>
          {jobId ? (
            <Form method="post">
              <input type="hidden" name="intent" value="confirm" />
              <input type="hidden" name="jobId" value={jobId} />
              <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                {t("import.confirm")}
              </button>
            </Form>
          ) : null}
        </>
      )}
    </section>
  );
}

export default function Import() {
  const { columns } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const message = useMessage();
  const lang = i18n.language === "en" ? "en" : "fr";
  return (
    <div className="page">
      <h1>{t("import.title")}</h1>
      <p>{t("import.intro")}</p>
      <p>
        <a href="/exemple-membres.csv" download>
          {t("import.sample")}
        </a>
      </p>
      <details>
        <summary>{t("import.columnsTitle")}</summary>
        <ul>
          {columns.map((c) => (
            <li key={c.fr}>
              <code>{c[lang]}</code> {c.required ? <strong>({t("import.required")})</strong> : null} — {t(`import.columns.${c.en}`)}
            </li>
          ))}
        </ul>
      </details>
      {result?.errors && !result.errors.file ? <ErrorSummary errors={result.errors} /> : null}
      {result?.plan ? <Preview plan={result.plan} jobId={result.jobId} filename={result.filename} /> : null}
      <Form method="post" encType="multipart/form-data" className="stack panel">
        <input type="hidden" name="intent" value="upload" />
        <div className={`field${result?.errors?.file ? " field-invalid" : ""}`}>
          <label htmlFor="file">{t("import.file")}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-describedby={result?.errors?.file ? "file-error" : undefined} />
          {result?.errors?.file ? (
            <p className="field-error" id="file-error">
              {message(result.errors.file)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button-secondary">
          {t("import.preview")}
        </button>
      </Form>
    </div>
  );
}
