import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "~/components/Forms";
import { History } from "~/components/History";
import { MemberForm, type MemberFormValues } from "~/components/MemberForm";
import { votingWeightText } from "~/domain/members";
import { can } from "~/domain/roles";
import { isoDateInParis } from "~/lib/dates";
import { AppError, appErrorFields, notFound } from "~/lib/errors";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireEntity } from "~/lib/guards.server";
import { resolveLocale } from "~/lib/locale.server";
import { listHistory } from "~/queries/audit.server";
import { listColleges } from "~/queries/colleges.server";
import { findMember } from "~/queries/members.server";
import { formValues, parseForm } from "~/schemas/form";
import { memberSchema } from "~/schemas/member";
import { inviteMember } from "~/services/invitations.server";
import { saveMember } from "~/services/members.server";
import { deliverQueued } from "~/services/mail.server";

export async function loader(args: LoaderFunctionArgs) {
  const { entity, role } = await requireEntity(args, "register.read");
  const member = await findMember(args.context.db, entity.id, args.params.memberId ?? "");
  if (!member) notFound();
  const [colleges, history] = await Promise.all([
    listColleges(args.context.db, entity.id),
    listHistory(args.context.db, entity.id, { type: "member", id: member.id }),
  ]);
  const values: MemberFormValues = {
    memberNumber: member.member_number ?? "",
    name: member.name,
    personKind: member.person_kind,
    representative: member.representative ?? "",
    category: member.category,
    collegeId: member.college_id ?? "",
    email: member.email ?? "",
    votingWeight: votingWeightText(member.voting_weight_micro),
    shares: String(member.shares),
    joinedOn: member.joined_on,
    exitedOn: member.exited_on ?? "",
  };
  return {
    name: member.name,
    hasAccount: member.user_id != null,
    hasEmail: member.email != null,
    values,
    colleges: colleges.map((c) => ({ id: c.id, name: c.name })),
    history,
    canManage: can(role, "entity.manage"),
  };
}

export async function action(args: ActionFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.manage");
  const memberId = args.params.memberId ?? "";
  const formData = await args.request.formData();
  const here = `/o/${entity.slug}/members/${memberId}`;
  try {
    if (formData.get("intent") === "invite") {
      await inviteMember(args.context.db, {
        entity: { id: entity.id, name: entity.name },
        actorId: session.user.id,
        memberId,
        origin: new URL(args.request.url).origin,
        locale: resolveLocale(args.request, session.user.locale),
        day: isoDateInParis(),
      });
      await deliverQueued(args.context.db);
      return redirectWithFlash(here, { key: "invitations.sent" });
    }
    const form = parseForm(memberSchema, formData);
    if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
    await saveMember(args.context.db, { entity, actorId: session.user.id, memberId, member: form.data, day: isoDateInParis() });
    return redirectWithFlash(here, { key: "members.saved" });
  } catch (e) {
    if (e instanceof AppError) return data({ errors: appErrorFields(e), values: formValues(formData) }, { status: e.status });
    throw e;
  }
}

export default function Member() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const editing = result?.values && result.values.intent === "save";
  return (
    <div className="page page-narrow">
      <p className="muted">
        <Link to=".." relative="path">{t("members.title")}</Link>
      </p>
      <h1>{d.name}</h1>
      {d.canManage ? (
        <>
          {!d.hasAccount && d.hasEmail ? (
            <Form method="post" className="panel">
              <input type="hidden" name="intent" value="invite" />
              <p>{t("invitations.explain")}</p>
              {!editing ? <ErrorSummary errors={result?.errors} /> : null}
              <button type="submit" className="button button-secondary">
                {t("invitations.invite")}
              </button>
            </Form>
          ) : d.hasAccount ? (
            <p className="muted">{t("members.hasAccount")}</p>
          ) : null}
          <MemberForm values={editing ? result.values : d.values} errors={editing ? result?.errors : null} colleges={d.colleges} submitLabel={t("members.save")} />
        </>
      ) : (
        <MemberFacts values={d.values} colleges={d.colleges} />
      )}
      <section aria-labelledby="member-history">
        <h2 id="member-history">{t("history.title")}</h2>
        <History events={d.history} />
      </section>
    </div>
  );
}

function MemberFacts({ values, colleges }: { values: MemberFormValues; colleges: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t("fields.memberNumber"), values.memberNumber || "—"],
    [t("fields.personKind"), t(`personKinds.${values.personKind}`)],
    [t("fields.representative"), values.representative || "—"],
    [t("fields.category"), t(`categories.${values.category}`)],
    [t("fields.collegeId"), colleges.find((c) => c.id === values.collegeId)?.name ?? "—"],
    [t("fields.email"), values.email || "—"],
    [t("fields.votingWeight"), values.votingWeight ?? "1"],
    [t("fields.shares"), values.shares ?? "0"],
    [t("fields.joinedOn"), values.joinedOn ?? ""],
    [t("fields.exitedOn"), values.exitedOn || "—"],
  ];
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
