import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResolutionForm, ruleFor } from "~/components/ResolutionForm";
import { PRESETS, type PresetId } from "~/domain/rules";
import type { Db } from "~/lib/db.server";
import { findMeeting } from "~/queries/meetings.server";
import { AppError, appErrorFields } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { listRules } from "~/queries/rules.server";
import { formValues, parseForm } from "~/schemas/form";
import { collegeIdsOf, electorateFrom } from "~/schemas/electorate";
import { resolutionSchema } from "~/schemas/voting";
import { electorateOptions } from "~/services/electorate.server";
import { findOrgan } from "~/queries/organs.server";
import { addAgendaItem } from "~/services/meetings.server";
import { createResolution } from "~/services/resolutions.server";

/** The rules to choose from, each with the nature of its preset and whether that preset is for the entity's legal form. */
async function ruleChoices(db: Db, entity: { id: string; legal_form: string }) {
  return (await listRules(db, entity.id)).map((r) => {
    const preset = r.preset && r.preset in PRESETS ? PRESETS[r.preset as PresetId] : null;
    return { id: r.id, name: r.name, kind: preset?.kind ?? null, fits: preset ? (preset.forms as readonly string[]).includes(entity.legal_form) : false };
  });
}

export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "meeting.run");
  const rules = await ruleChoices(args.context.db, entity);
  const meetingId = new URL(args.request.url).searchParams.get("meeting");
  // Drafted for an extraordinary assembly: an extraordinary resolution, with its rule.
  const meeting = meetingId ? await findMeeting(args.context.db, entity.id, meetingId) : undefined;
  // Drafted for an organ's meeting: its members vote, under the organ's rule.
  const organ = meeting?.organ_id ? await findOrgan(args.context.db, entity.id, meeting.organ_id) : undefined;
  const electorate = { ...(await electorateOptions(args.context.db, entity.id)), values: organ ? { electorate: "organ", electorateOrganId: organ.id } : { electorate: "all" } };
  return { slug: entity.slug, rules, meetingId, electorate, ruleId: organ?.rule_id ?? undefined, kind: meeting?.kind === "age" ? "extraordinary" : "ordinary" };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "meeting.run");
  const formData = await args.request.formData();
  // No rule picked: the one that matches the nature chosen.
  if (!formData.get("ruleId")) formData.set("ruleId", ruleFor(await ruleChoices(args.context.db, entity), String(formData.get("kind") ?? ""))?.id ?? "");
  const form = parseForm(resolutionSchema, formData);
  const electorate = electorateFrom(formData);
  if (!form.ok || !electorate.ok) return data({ errors: { ...(form.ok ? {} : form.errors), ...(electorate.ok ? {} : electorate.errors) }, values: formValues(formData), collegeIds: collegeIdsOf(formData) }, { status: 400 });
  try {
    const { id } = await createResolution(args.context.db, { entityId: entity.id, actorId: session.user.id, resolution: { ...form.data, electorate: electorate.data } });
    // Drafted from a meeting: it goes on that meeting's agenda.
    const meetingId = new URL(args.request.url).searchParams.get("meeting");
    if (meetingId) {
      await addAgendaItem(args.context.db, { entityId: entity.id, actorId: session.user.id, meetingId, title: form.data.title, description: null, resolutionId: id });
      return redirectWithFlash(`/o/${entity.slug}/meetings/${meetingId}`, { key: "resolutions.created" });
    }
    return redirectWithFlash(`/o/${entity.slug}/resolutions/${id}`, { key: "resolutions.created" });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values: formValues(formData), collegeIds: collegeIdsOf(formData) }, { status: e.status });
    throw e;
  }
}

export default function NewResolution() {
  const { slug, rules, kind, ruleId, electorate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <h1>{t("resolutions.new")}</h1>
      {rules.length === 0 ? (
        <p className="alert alert-info">
          {t("resolutions.needRule")} <Link to={`/o/${slug}/rules`}>{t("nav.rules")}</Link>
        </p>
      ) : (
        <ResolutionForm
          values={result?.values ?? { kind, ruleId }}
          errors={result?.errors}
          rules={rules}
          byKind
          submitLabel={t("resolutions.create")}
          electorate={{ ...electorate, values: result ? { ...result.values, collegeIds: result.collegeIds } : electorate.values }}
        />
      )}
    </div>
  );
}
