/** Notice of meeting (convocation): how early it must go out (DESIGN.md §3, LEGAL.md §3). */
import { isScic, type LegalForm } from "./legal-forms";

export const DEFAULT_NOTICE_DAYS = 15;

/** 15 days before a first call, 10 before a later one, for SA/SAS/SARL forms; else the statutes' delay. */
export function noticeDays(legalForm: LegalForm, call: number, entityDays: number | null): number {
  if (isScic(legalForm)) return call > 1 ? 10 : 15;
  return entityDays ?? DEFAULT_NOTICE_DAYS;
}

/** The last calendar day ("YYYY-MM-DD") the notice may be sent for a meeting held on `meetingDay`. */
export function latestNoticeDay(meetingDay: string, days: number): string {
  const [y, m, d] = meetingDay.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d - days));
  return date.toISOString().slice(0, 10);
}

export function noticeIsLate(sentDay: string, meetingDay: string, days: number): boolean {
  return sentDay > latestNoticeDay(meetingDay, days);
}
