import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/Forms";
import { RuleForm } from "~/components/RuleForm";
import { useRuleWords } from "~/components/RuleWords";
import type { LegalForm } from "~/domain/legal-forms";
import { can } from "~/domain/roles";
import { PRESETS, presetsFor, PRESET_IDS, ruleInWords } from "~/domain/rules";
import { AppError, appErrorFields } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { listRules } from "~/queries/rules.server";
import { formValues, parseForm } from "~/schemas/form";
import { presetSchema, ruleSchema } from "~/schemas/voting";
import { createRule, ruleFromRow } from "~/services/rules.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "entity.view");
  const rows = await listRules(args.context.db, entity.id);
  return {
    slug: entity.slug,
    canManage: can(role, "entity.manage"),
    rules: rows.map((r) => {
      const rule = ruleFromRow(r);
      return { id: r.id, name: r.name, version: r.version, words: ruleInWords(rule), secret: rule.secret, quorum: rule.quorumFirst?.toString() ?? null, proxyCap: rule.proxyCap };
    }),
    presets: presetsFor(entity.legal_form as LegalForm).concat(PRESET_IDS.filter((p) => !presetsFor(entity.legal_form as LegalForm).includes(p))),
    suggested: presetsFor(entity.legal_form as LegalForm),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.manage");
  const formData = await args.request.formData();
  const values = formValues(formData);
  try {
    if (formData.get("intent") === "preset") {
      const form = parseForm(presetSchema, formData);
      if (!form.ok) return data({ intent: "preset", errors: form.errors, values }, { status: 400 });
      await createRule(args.context.db, { entityId: entity.id, actorId: session.user.id, name: form.data.name, preset: form.data.preset });
      return redirectWithFlash(`/o/${entity.slug}/rules`, { key: "rules.created", params: { name: form.data.name } });
    }
    const form = parseForm(ruleSchema, formData);
    if (!form.ok) return data({ intent: "custom", errors: form.errors, values }, { status: 400 });
    const { name, ...rule } = form.data;
    await createRule(args.context.db, { entityId: entity.id, actorId: session.user.id, name, rule });
    return redirectWithFlash(`/o/${entity.slug}/rules`, { key: "rules.created", params: { name } });
  } catch (e) {
    if (e instanceof AppError) return data({ intent: String(formData.get("intent")), errors: appErrorFields(e), values }, { status: e.status });
    throw e;
  }
}

export default function Rules() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const words = useRuleWords();
  return (
    <div className="page">
      <h1>{t("rules.title")}</h1>
      <p>{t("rules.intro")}</p>
      {d.rules.length === 0 ? <p>{t("rules.none")}</p> : null}
      <ul className="cards">
        {d.rules.map((r) => (
          <li key={r.id} className="card">
            <h2>{d.canManage ? <Link to={`/o/${d.slug}/rules/${r.id}`}>{r.name}</Link> : r.name}</h2>
            <p>{words(r.words)}</p>
            <p className="muted small">
              {r.secret ? t("rules.isSecret") : t("rules.isOpen")}
              {r.quorum ? ` · ${t("rules.quorumIs", { fraction: r.quorum })}` : ""}
              {r.proxyCap != null ? ` · ${t("rules.proxyCapIs", { cap: r.proxyCap === "cooperative" ? t("rules.cooperative") : r.proxyCap })}` : ""}
              {` · ${t("rules.version", { version: r.version })}`}
            </p>
          </li>
        ))}
      </ul>
      {d.canManage ? (
        <>
          <section aria-labelledby="preset-title" className="panel">
            <h2 id="preset-title">{t("rules.fromPreset")}</h2>
            {result?.intent === "preset" ? <ErrorSummary errors={result.errors} /> : null}
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="preset" />
              <fieldset>
                <legend>{t("rules.presetLegend")}</legend>
                {d.presets.map((p, i) => (
                  <div className="field-check" key={p}>
                    <input type="radio" id={`preset-${p}`} name="preset" value={p} defaultChecked={i === 0} />
                    <label htmlFor={`preset-${p}`}>
                      {t(`rules.presets.${p}`)} {d.suggested.includes(p) ? <span className="badge">{t("rules.suggested")}</span> : null}
                      <span className="hint">{words(ruleInWords(PRESETS[p].rule))}</span>
                    </label>
                  </div>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor="preset-name">{t("rules.name")}</label>
                <input id="preset-name" name="name" type="text" required maxLength={120} defaultValue={result?.intent === "preset" ? result.values.name : ""} />
              </div>
              <button type="submit" className="button">
                {t("rules.createFromPreset")}
              </button>
            </Form>
          </section>
          <section aria-labelledby="custom-title" className="panel">
            <h2 id="custom-title">{t("rules.custom")}</h2>
            <RuleForm intent="custom" values={result?.intent === "custom" ? result.values : { strict: "on", secret: "on", collegeBlocStrict: "on" }} errors={result?.intent === "custom" ? result.errors : null} submitLabel={t("rules.create")} />
          </section>
        </>
      ) : null}
    </div>
  );
}
