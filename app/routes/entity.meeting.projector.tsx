import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { showsLiveResults } from "~/domain/rules";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Rational } from "~/domain/rational";
import { requireEntity } from "~/lib/guards.server";
import { formatDecimalText, formatNumber, formatPercentText, type Locale } from "~/lib/locale";
import { notFound } from "~/lib/errors";
import { findMeeting, meetingResolutions } from "~/queries/meetings.server";
import { findRule } from "~/queries/rules.server";
import { participationOf } from "~/services/participation.server";
import { resultOf } from "~/services/resolutions.server";
import { ruleFromRow } from "~/services/rules.server";

// The room's screen reloads itself: no script needed.
export const meta: MetaFunction = () => [{ title: "Cogere" }, { httpEquiv: "refresh", content: "5" }];

/** Big type for the room: participation while a vote is open, the result once it closes. */
export async function loader(args: LoaderFunctionArgs) {
  const { entity } = await requireEntity(args, "meeting.run");
  const meeting = await findMeeting(args.context.db, entity.id, args.params.meetingId ?? "");
  if (!meeting) notFound();
  const resolutions = await meetingResolutions(args.context.db, meeting.id);
  const current = resolutions.find((r) => r.status === "open") ?? [...resolutions].filter((r) => r.status === "closed").sort((a, b) => (b.closed_at ?? "").localeCompare(a.closed_at ?? ""))[0];
  if (!current) return { title: meeting.title, current: null };
  const ruleRow = await findRule(args.context.db, entity.id, current.rule_id);
  const rule = ruleFromRow(ruleRow!);
  // While the vote is open and its rule hides results, the screen gets participation only.
  const showResult = current.status === "closed" || showsLiveResults(rule);
  const result = showResult ? await resultOf(args.context.db, current, rule, { name: ruleRow!.name, version: ruleRow!.version }) : await participationOf(args.context.db, current);
  const tally = ("tally" in result ? result.tally : {}) as { adopted?: boolean; reason?: string; share?: string | null };
  return {
    title: meeting.title,
    current: {
      number: current.number,
      title: current.title,
      status: current.status,
      voted: result.voted,
      eligible: result.eligible,
      showResult,
      adopted: tally.adopted ?? null,
      reason: tally.reason ?? null,
      share: tally.share ?? null,
      colleges: result.colleges.filter((c) => c.id).map((c) => ({ name: c.name, voted: c.voted, eligible: c.eligible })),
    },
  };
}

export default function Projector() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const c = d.current;
  return (
    <div className="projector">
      <p className="projector-meeting">{d.title}</p>
      {!c ? (
        <p className="projector-big">{t("projector.waiting")}</p>
      ) : (
        <>
          <h1>
            {t("resolutions.numbered", { number: c.number })} — {c.title}
          </h1>
          <p className="projector-status">{t(`resolutions.statuses.${c.status}`)}</p>
          {c.showResult && c.adopted != null ? (
            <>
              <p className={`projector-big ${c.adopted ? "outcome-adopted" : "outcome-rejected"}`} role="status">
                {c.status === "closed" ? (c.adopted ? t("results.adopted") : t("results.rejected")) : c.adopted ? t("results.wouldAdopt") : t("results.wouldReject")}
              </p>
              {c.share ? <p className="projector-medium">{t("projector.share", { percent: formatPercentText(locale, Rational.parse(c.share)!.toPercent(2)) })}</p> : null}
              <p className="projector-small">{t(`results.reasons.${c.reason}`)}</p>
            </>
          ) : null}
          <p className="projector-medium" aria-live="polite">
            {t("projector.participation", { voted: formatNumber(locale, c.voted), eligible: formatNumber(locale, c.eligible) })}
          </p>
          <ul className="projector-colleges">
            {c.colleges.map((x) => (
              <li key={x.name}>
                <span>{x.name}</span> <strong>{formatDecimalText(locale, String(x.voted))}</strong> / {formatNumber(locale, x.eligible)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
