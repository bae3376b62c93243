import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MemberForm } from "~/components/MemberForm";
import { isoDateInParis } from "~/lib/dates";
import { AppError, appErrorFields } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { listColleges } from "~/queries/colleges.server";
import { formValues, parseForm } from "~/schemas/form";
import { memberSchema } from "~/schemas/member";
import { saveMember } from "~/services/members.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "entity.manage");
  const colleges = (await listColleges(args.context.db, entity.id)).map((c) => ({ id: c.id, name: c.name }));
  return { colleges, today: isoDateInParis() };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.manage");
  const formData = await args.request.formData();
  const form = parseForm(memberSchema, formData);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  try {
    const { id } = await saveMember(args.context.db, { entity, actorId: session.user.id, member: form.data, day: isoDateInParis() });
    return redirectWithFlash(`/o/${entity.slug}/members/${id}`, { key: "members.created", params: { name: form.data.name } });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values: formValues(formData) }, { status: e.status });
    throw e;
  }
}

export default function NewMember() {
  const { colleges, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page page-narrow">
      <h1>{t("members.newTitle")}</h1>
      <MemberForm values={result?.values ?? { joinedOn: today }} errors={result?.errors} colleges={colleges} submitLabel={t("members.create")} />
    </div>
  );
}
