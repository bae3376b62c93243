import { foldText, votingWeightText } from "~/domain/members";
import type { Locale } from "~/lib/locale";

/**
 * The columns of the register's CSV, in order. Export uses the French or English header;
 * import accepts either (case, accents, spaces and hyphens do not matter).
 */
export const MEMBER_COLUMNS = [
  { key: "memberNumber", fr: "numero", en: "member_number", required: false },
  { key: "name", fr: "nom", en: "name", required: true },
  { key: "personKind", fr: "type", en: "person_kind", required: false },
  { key: "representative", fr: "representant", en: "representative", required: false },
  { key: "category", fr: "categorie", en: "category", required: true },
  { key: "college", fr: "college", en: "college", required: false },
  { key: "votingWeight", fr: "poids", en: "voting_weight", required: false },
  { key: "email", fr: "email", en: "email", required: false },
  { key: "shares", fr: "parts", en: "shares", required: false },
  { key: "joinedOn", fr: "date_entree", en: "joined_on", required: true },
  { key: "exitedOn", fr: "date_sortie", en: "exited_on", required: false },
] as const;

export type MemberColumn = (typeof MEMBER_COLUMNS)[number]["key"];

function headerKey(text: string): string {
  return foldText(text).replace(/[\s-]+/g, "_");
}

const ALIASES: Record<string, MemberColumn> = { e_mail: "email", courriel: "email", numero_de_membre: "memberNumber", number: "memberNumber" };

/** Which column each header cell is; unknown headers are reported, not guessed. */
export function mapHeader(cells: string[]): { columns: (MemberColumn | null)[]; unknown: string[]; missing: MemberColumn[]; duplicated: MemberColumn[] } {
  const columns = cells.map((c) => {
    const k = headerKey(c);
    return MEMBER_COLUMNS.find((col) => col.fr === k || col.en === k)?.key ?? (Object.hasOwn(ALIASES, k) ? ALIASES[k] : undefined) ?? null;
  });
  const unknown = cells.filter((c, i) => columns[i] == null && c.trim() !== "");
  const missing = MEMBER_COLUMNS.filter((c) => c.required && !columns.includes(c.key)).map((c) => c.key);
  const duplicated = MEMBER_COLUMNS.filter((c) => columns.filter((k) => k === c.key).length > 1).map((c) => c.key);
  return { columns, unknown, missing, duplicated };
}

export function headerRow(locale: Locale): string[] {
  return MEMBER_COLUMNS.map((c) => c[locale]);
}

/** One exported row; decimals use the comma in French, as spreadsheets there expect. */
export function memberCsvRow(
  m: { memberNumber: string | null; name: string; personKind: string; representative: string | null; category: string; collegeName: string | null; votingWeightMicro: number; email: string | null; shares: number; joinedOn: string; exitedOn: string | null },
  locale: Locale,
): (string | number | null)[] {
  const weight = votingWeightText(m.votingWeightMicro);
  const kind = locale === "fr" ? (m.personKind === "legal" ? "morale" : "physique") : m.personKind;
  return [m.memberNumber, m.name, kind, m.representative, m.category, m.collegeName, locale === "fr" ? weight.replace(".", ",") : weight, m.email, m.shares, m.joinedOn, m.exitedOn];
}
