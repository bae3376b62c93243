import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { WeightText } from "~/components/Numbers";
import { votingWeightText } from "~/domain/members";
import { isActiveMember } from "~/domain/scic";
import { isoDateInParis } from "~/lib/dates";
import { requireEntity } from "~/lib/guards.server";
import { formatDate, formatDecimalText, formatNumber, type Locale } from "~/lib/locale";
import { findMemberOfUser } from "~/queries/members.server";
import { weightsInForce } from "~/services/colleges.server";

/** The signed-in person's own membership: college, weight, shares, join date. */
export async function loader(args: LoaderFunctionArgs) {
  const { entity, session } = await requireEntity(args, "entity.view");
  const day = isoDateInParis();
  const m = await findMemberOfUser(args.context.db, entity.id, session.user.id);
  if (!m) return { member: null };
  const weights = await weightsInForce(args.context.db, entity.id, day);
  const collegeWeight = m.college_id ? weights.get(m.college_id) : undefined;
  return {
    member: {
      name: m.name,
      number: m.member_number,
      college: m.college_name,
      collegeWeight: collegeWeight ? { num: Number(collegeWeight.num), den: Number(collegeWeight.den) } : null,
      votingWeight: votingWeightText(m.voting_weight_micro),
      shares: m.shares,
      category: m.category,
      joinedOn: m.joined_on,
      exitedOn: m.exited_on,
      active: isActiveMember({ joinedOn: m.joined_on, exitedOn: m.exited_on }, day),
    },
  };
}

export default function Me() {
  const { member } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <div className="page page-narrow">
      <h1>{t("me.title")}</h1>
      {!member ? (
        <p>{t("me.none")}</p>
      ) : (
        <dl className="facts">
          <dt>{t("fields.name")}</dt>
          <dd>{member.name}</dd>
          <dt>{t("fields.memberNumber")}</dt>
          <dd>{member.number ?? "—"}</dd>
          <dt>{t("fields.collegeId")}</dt>
          <dd>
            {member.college ?? "—"}
            {member.collegeWeight ? (
              <>
                {" "}
                ({t("me.collegeWeight")} <WeightText num={member.collegeWeight.num} den={member.collegeWeight.den} />)
              </>
            ) : null}
          </dd>
          <dt>{t("fields.category")}</dt>
          <dd>{t(`categories.${member.category}`)}</dd>
          <dt>{t("fields.votingWeight")}</dt>
          <dd>{formatDecimalText(locale, member.votingWeight)}</dd>
          <dt>{t("fields.shares")}</dt>
          <dd>{formatNumber(locale, member.shares)}</dd>
          <dt>{t("fields.joinedOn")}</dt>
          <dd>{formatDate(locale, member.joinedOn)}</dd>
          <dt>{t("members.status")}</dt>
          <dd>{member.active ? t("members.statuses.active") : t("members.exitedOn", { date: member.exitedOn ? formatDate(locale, member.exitedOn) : "" })}</dd>
        </dl>
      )}
    </div>
  );
}
