import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { hasQuorum, type MeetingKind } from "~/domain/meetings";
import { Rational } from "~/domain/rational";
import { formatDecimalText, formatNumber, type Locale } from "~/lib/locale";
import { scrollRegion } from "./Forms";

interface CollegeRow {
  collegeId: string | null;
  eligible: number;
  eligibleWeight: string;
  present: number;
  presentWeight: string;
  represented: number;
  representedWeight: string;
  postal: number;
  postalWeight: string;
  absent: number;
  absentWeight: string;
}

interface Quorum {
  fraction: string;
  required: string;
  present: string;
  reached: boolean;
}

function figure(locale: Locale, value: string) {
  const r = Rational.parse(value);
  return r ? formatDecimalText(locale, r.toFixed(2).replace(/\.?0+$/, "")) : value;
}

/** Quorum per kind of resolution: "23 / 24 requis". */
export function QuorumBadges({ quorums, kind, ofOrgan = false }: { quorums: Record<string, Quorum>; kind: string; ofOrgan?: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const entries = Object.entries(quorums);
  // A general assembly has a quorum as soon as a resolution whose rule sets one is on its agenda.
  if (entries.length === 0) return <p className="muted">{t(hasQuorum(kind as MeetingKind, ofOrgan) ? "attendance.quorumPending" : "attendance.noQuorum")}</p>;
  return (
    <ul className="quorums" aria-live="polite">
      {entries.map(([kind, q]) => (
        <li key={kind} className={`quorum ${q.reached ? "quorum-reached" : "quorum-missing"}`}>
          <strong>{t(`attendance.quorumFor.${kind}`)}</strong> — {t(q.reached ? "attendance.reached" : "attendance.notReached")} : {t("attendance.quorumFigures", { present: figure(locale, q.present), required: figure(locale, q.required) })}{" "}
          <span className="muted small">({t("attendance.fraction", { fraction: q.fraction })})</span>
        </li>
      ))}
    </ul>
  );
}

/** Per college: present, represented, postal and absent, by head and by weight. */
export function AttendanceTable({ colleges, names, total, counted }: { colleges: CollegeRow[]; names: Record<string, string>; total: { count: number; weight: string }; counted: number }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  // The weight only when it says something the headcount does not (all weights 1: "10", not "10 (10)").
  const differs = (n: number, w: string) => !(Rational.parse(w)?.eq(Rational.of(n)) ?? false);
  const cell = (n: number, w: string) => (
    <>
      {formatNumber(locale, n)}
      {differs(n, w) ? <span className="muted small"> ({figure(locale, w)})</span> : null}
    </>
  );
  const anyWeight = colleges.some((c) => differs(c.eligible, c.eligibleWeight) || differs(c.present, c.presentWeight) || differs(c.represented, c.representedWeight) || differs(c.postal, c.postalWeight) || differs(c.absent, c.absentWeight));
  return (
    <div {...scrollRegion(t("attendance.caption", { counted: formatNumber(locale, counted), total: formatNumber(locale, total.count) }))}>
      <table>
        <caption>{t("attendance.caption", { counted: formatNumber(locale, counted), total: formatNumber(locale, total.count) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("members.college")}</th>
            <th scope="col" className="num">{t("attendance.eligible")}</th>
            <th scope="col" className="num">{t("attendance.present")}</th>
            <th scope="col" className="num">{t("attendance.represented")}</th>
            <th scope="col" className="num">{t("attendance.postal")}</th>
            <th scope="col" className="num">{t("attendance.absent")}</th>
          </tr>
        </thead>
        <tbody>
          {colleges.map((c) => (
            <tr key={c.collegeId ?? "none"}>
              <th scope="row">{c.collegeId ? (names[c.collegeId] ?? c.collegeId) : t("results.noCollege")}</th>
              <td className="num">{cell(c.eligible, c.eligibleWeight)}</td>
              <td className="num">{cell(c.present, c.presentWeight)}</td>
              <td className="num">{cell(c.represented, c.representedWeight)}</td>
              <td className="num">{cell(c.postal, c.postalWeight)}</td>
              <td className="num">{cell(c.absent, c.absentWeight)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {anyWeight ? <p className="muted small">{t("attendance.weightNote")}</p> : null}
    </div>
  );
}

/**
 * Previous and next pages of one list of a page that has several (the attendance desk): each
 * list keeps its page in its own parameter, the others' and the search stay as they are.
 * Plain links, so it works without a script; with one, the page does not jump to the top.
 */
export function ListPages({ param, page, pages, label }: { param: string; page: number; pages: number; label: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    if (p === 1) params.delete(param);
    else params.set(param, String(p));
    const search = params.toString();
    return `${location.pathname}${search ? `?${search}` : ""}`;
  };
  return (
    <nav aria-label={`${t("pagination.label")} — ${label}`} className="pagination">
      {page > 1 ? (
        <Link to={href(page - 1)} preventScrollReset>
          {t("pagination.previous")}
        </Link>
      ) : (
        <span />
      )}
      <span>{t("pagination.status", { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} preventScrollReset>
          {t("pagination.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
