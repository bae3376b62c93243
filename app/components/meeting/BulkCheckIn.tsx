import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/schemas/form";
import { ErrorSummary } from "../Forms";

export interface RosterRow {
  id: string;
  name: string;
  number: string | null;
  collegeId: string | null;
  collegeName: string | null;
}

interface Props {
  q: string;
  roster: { total: number; matching: number; rows: RosterRow[] };
  limit: number;
  /** Members checked in, with their mode. */
  present: Map<string, string>;
  /** Principals of a proxy in force: the holder's name (null: the chair). */
  represented: Map<string, string | null>;
  postal: Set<string>;
  closed: boolean;
  errors: FieldErrors | null;
  /** The fields sent when the submit was refused, to keep the ticks. */
  values: Record<string, string> | null;
}

/**
 * The desk's check-in list: every expected member, by college, with a tick and a mode each;
 * one submit checks in all the ticked ones. The filter is a plain GET form.
 */
export function BulkCheckIn({ q, roster, limit, present, represented, postal, closed, errors, values }: Props) {
  const { t } = useTranslation();
  const groups: { name: string | null; rows: RosterRow[] }[] = [];
  for (const row of roster.rows) {
    const last = groups[groups.length - 1];
    if (last && last.name === row.collegeName) last.rows.push(row);
    else groups.push({ name: row.collegeName, rows: [row] });
  }
  const status = (id: string) => {
    if (present.has(id)) return <strong>{t(`attendance.modes.${present.get(id)}`)}</strong>;
    if (represented.has(id)) return <span>{t("attendance.representedBy", { name: represented.get(id) ?? t("attendance.chair") })}</span>;
    if (postal.has(id)) return <span>{t("attendance.byPost")}</span>;
    return <span className="muted">{t("attendance.notCheckedIn")}</span>;
  };
  return (
    <div className="bulk-checkin">
      <Form method="get" className="inline-form" role="search">
        <label htmlFor="q">{t("attendance.search")}</label>
        <input id="q" name="q" type="search" defaultValue={q} maxLength={80} />
        <button className="button button-secondary button-small">{t("proxies.search")}</button>
        {q ? <a href="?">{t("attendance.showAll")}</a> : null}
      </Form>
      <p className="muted small" aria-live="polite">
        {q ? t("attendance.rosterMatching", { count: roster.matching, total: roster.total }) : t("attendance.rosterAll", { count: roster.total })}
        {roster.matching > limit ? ` ${t("attendance.rosterCut", { count: limit })}` : ""}
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" className="stack" id="memberId" tabIndex={-1}>
        <input type="hidden" name="intent" value="check-in-many" />
        {groups.map((g) => (
          <fieldset key={g.name ?? "none"} className="bulk-group">
            <legend>{g.name ?? t("results.noCollege")}</legend>
            <ul className="bulk-list">
              {g.rows.map((r) => {
                const done = present.has(r.id);
                return (
                  <li key={r.id} className={done ? "bulk-done" : undefined}>
                    {done || closed ? (
                      <span className="bulk-name">{r.name}</span>
                    ) : (
                      <label className="bulk-name">
                        <input type="checkbox" name={`tick_${r.id}`} value="1" defaultChecked={values?.[`tick_${r.id}`] === "1"} /> {r.name}
                      </label>
                    )}
                    {r.number ? <span className="muted small">{r.number}</span> : null}
                    <span className="bulk-status">{status(r.id)}</span>
                    {done || closed ? null : (
                      <span className="toolbar">
                        <select name={`mode_${r.id}`} aria-label={t("attendance.modeOf", { name: r.name })} defaultValue={values?.[`mode_${r.id}`] ?? "present"}>
                          <option value="present">{t("attendance.modes.present")}</option>
                          <option value="remote">{t("attendance.modes.remote")}</option>
                        </select>
                        <button className="button button-small button-secondary" name="one" value={r.id} aria-label={t("attendance.markPresent", { name: r.name })}>
                          {t("attendance.modes.present")}
                        </button>
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
          </fieldset>
        ))}
        {closed ? null : <button className="button">{t("attendance.checkInTicked")}</button>}
      </Form>
    </div>
  );
}
