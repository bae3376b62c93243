// Each page's <title>: « Résolution n° 3 — Comptes · Alliance du Val de Loire · Cogere ».
// Rendered by the root Layout from useMatches() (a route's `meta` sees only the routes above it,
// never the page below): route id → translation key, or a name from the page's loader data.
import { i18nFor } from "./i18n-react";
import { DEFAULT_LOCALE, isLocale } from "./locale";

type Match = { id: string; data?: unknown };
type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a page is called: a translation key, or a name read from its loader's data. */
type Translate = (key: string, params?: Record<string, unknown>) => string;
type PageTitle = { key?: string; name?: (d: Data, t: Translate) => string | undefined; context?: (d: Data, t: Translate) => string | undefined };

const meetingContext = (d: Data) => d.meeting?.title;
const budgetContext = (d: Data) => d.budget?.name;

export const PAGE_TITLES: Record<string, PageTitle> = {
  "routes/setup": { key: "setup.title" },
  "routes/account": { key: "account.title" },
  "routes/invitation": { key: "invitations.pageTitle" },
  "routes/entities.new": { key: "entityNew.title" },
  "routes/not-found": { key: "errors.notFoundTitle" },
  "routes/entity.dashboard": { key: "dashboard.title" },
  "routes/entity.me": { key: "me.title" },
  "routes/entity.members": { key: "nav.register" },
  "routes/entity.members.new": { key: "members.newTitle" },
  "routes/entity.members.import": { key: "import.title" },
  "routes/entity.member": { name: (d) => d.name },
  "routes/entity.colleges": { key: "colleges.title" },
  "routes/entity.college": { name: (d) => d.college?.name },
  "routes/entity.organs": { key: "organs.title" },
  "routes/entity.organ": { name: (d) => d.organ?.name },
  "routes/entity.elections.new": { key: "elections.new" },
  "routes/entity.rules": { key: "rules.title" },
  "routes/entity.rule": { name: (d) => d.values?.name },
  "routes/entity.resolutions": { key: "resolutions.title" },
  "routes/entity.resolutions.new": { key: "resolutions.new" },
  "routes/entity.resolution": { name: (d, t) => resolutionName(d.resolution, t) },
  "routes/entity.resolution.edit": { key: "resolutions.edit", context: (d, t) => resolutionName(d.values, t) },
  "routes/entity.resolution.trustee": { key: "trustees.title", context: (d, t) => resolutionName(d.resolution, t) },
  "routes/entity.meetings": { key: "meetings.title" },
  "routes/entity.meeting": { name: meetingContext },
  "routes/entity.meeting.attendance": { key: "attendance.title", context: meetingContext },
  "routes/entity.meeting.minutes": { key: "minutes.title", context: meetingContext },
  "routes/entity.budgets": { key: "budgetUi.title" },
  "routes/entity.budget": { name: budgetContext },
  "routes/entity.budget.expenses": { key: "expensesUi.title", context: budgetContext },
  "routes/entity.budget.contributions": { key: "contributionsUi.title", context: budgetContext },
  "routes/entity.budget.allocation": { key: "allocationUi.title", context: budgetContext },
  "routes/entity.settings": { key: "settings.title" },
  "routes/entity.access": { key: "access.title" },
  "routes/entity.outbox": { key: "outbox.title" },
  "routes/entity.journal": { key: "journal.title" },
};

function resolutionName(r: Data | undefined, t: Translate): string | undefined {
  return r?.title ? `${t("resolutions.numbered", { number: r.number })} — ${r.title}` : undefined;
}

/** Pages whose route module's own `meta` gives their title. */
const SELF_TITLED = new Set(["routes/home", "routes/login", "routes/password.forgot", "routes/password.reset", "routes/entity.meeting.projector", "routes/entity.meeting.here"]);

export function ownsTitle(matches: readonly Match[]): boolean {
  return SELF_TITLED.has(matches[matches.length - 1]?.id ?? "");
}

/** The title of the deepest matched page, then the entity, then the app. */
export function pageTitle(matches: readonly Match[]): string {
  const root = matches.find((m) => m.id === "root")?.data as Data | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  const fixed = i18nFor(locale).getFixedT(locale);
  const t: Translate = (key, params) => String(fixed(key, params ?? {}));
  const entity = (matches.find((m) => m.id === "routes/entity")?.data as Data | undefined)?.entity?.name as string | undefined;
  const parts: string[] = [];
  const leaf = [...matches].reverse().find((m) => PAGE_TITLES[m.id]);
  if (leaf) {
    const spec = PAGE_TITLES[leaf.id]!;
    const data = (leaf.data ?? {}) as Data;
    const page = spec.name?.(data, t) ?? (spec.key ? t(spec.key) : undefined);
    const context = spec.context?.(data, t);
    if (page) parts.push(context ? `${page} — ${context}` : page);
  }
  if (entity) parts.push(entity);
  parts.push("Cogere");
  return parts.join(" · ");
}
