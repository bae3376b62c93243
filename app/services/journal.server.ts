// The entity journal: who did what and when. Everyone in the entity reads its governance
// events; administrators read everything (domain/journal.ts says which is which). An event is
// shown as a sentence naming its subject, by whom and when: never the rest of its detail.
import { governanceActions, journalKind, journalParams, journalSubject, journalText, type JournalKind, type ParamFormat } from "~/domain/journal";
import { PUBLIC_RESOLUTION_STATUSES } from "~/domain/roles";
import type { Db } from "~/lib/db.server";
import { getFixedT } from "~/lib/i18n";
import { formatMoney, type Locale } from "~/lib/locale";
import { JOURNAL_PAGE_SIZE, journalSubjectLabels, listJournal, type JournalFilter } from "~/queries/audit.server";

/** Meetings members do not see yet (the meetings page hides drafts). */
const HIDDEN_MEETING_STATUSES = ["draft"];

export interface JournalQuery {
  entityId: string;
  /** Administrators read every event; the others, governance only. */
  readsAll: boolean;
  /** A kind to keep (administrators only), or every event. */
  kind: JournalKind | null;
  page: number;
  locale: Locale;
}

function filterFor(q: JournalQuery): JournalFilter {
  const governance = governanceActions();
  if (!q.readsAll) return { actions: governance.always, whilePublic: { actions: governance.whilePublic, resolutionStatuses: PUBLIC_RESOLUTION_STATUSES, hiddenMeetingStatuses: HIDDEN_MEETING_STATUSES } };
  const all = [...governance.always, ...governance.whilePublic];
  if (q.kind === "governance") return { actions: all };
  if (q.kind === "admin") return { notActions: all };
  return {};
}

export async function journalPage(db: Db, q: JournalQuery) {
  const { rows, total } = await listJournal(db, q.entityId, filterFor(q), q.page);
  const subjects = rows.map((r) => journalSubject(r));
  const labels = await journalSubjectLabels(db, q.entityId, subjects.filter((s) => s != null));
  const t = getFixedT(q.locale);
  const quote = (text: string) => (q.locale === "fr" ? `«\u00a0${text}\u00a0»` : `“${text}”`);
  const show: Record<ParamFormat, (value: string | number) => string> = {
    money: (v) => (typeof v === "number" ? formatMoney(q.locale, v) : "—"),
    role: (v) => t(`roles.${v}`, { defaultValue: String(v) }),
    outcome: (v) => t(`results.${v}`, { defaultValue: String(v) }),
    text: (v) => String(v),
  };
  const events = rows.map((r, i) => {
    const s = subjects[i];
    const label = s ? labels.get(`${s.type}:${s.id}`) : undefined;
    const values: Record<string, string> = {};
    if (label) values.subject = label.number ? `${label.number} ${quote(label.label)}` : label.label;
    for (const [name, p] of Object.entries(journalParams(r))) values[name] = show[p.format](p.value);
    return { id: r.id, at: r.createdAt, actor: r.actorName, kind: journalKind(r.action), text: journalText(r.action, q.locale, values) };
  });
  return { events, total, pages: Math.max(1, Math.ceil(total / JOURNAL_PAGE_SIZE)) };
}
