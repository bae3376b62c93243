/**
 * SCIC membership rules (loi n° 47-1775 art. 19 septies; LEGAL.md §2.1): the categories of
 * associates, the 50 % cap on local authorities' capital, and who is a member on a date.
 */
import { Rational } from "./rational";

export const CATEGORIES = [
  "association",
  "entreprise",
  "collectivite",
  "salarie",
  "beneficiaire",
  "benevole",
  "producteur",
  "autre",
] as const;
export type Category = (typeof CATEGORIES)[number];

export function isCategory(v: unknown): v is Category {
  return typeof v === "string" && (CATEGORIES as readonly string[]).includes(v);
}

export type CategoryWarning =
  | { code: "fewerThanThreeCategories"; count: number }
  | { code: "noBeneficiaries" }
  | { code: "noEmployeesOrProducers" };

/**
 * Warnings, not errors: a SCIC being set up may lack a category for a while, and the law
 * does not stop it from voting meanwhile. `present` = categories of the active associates.
 */
export function categoryWarnings(present: Iterable<Category>): CategoryWarning[] {
  const seen = new Set(present);
  const warnings: CategoryWarning[] = [];
  if (seen.size < 3) warnings.push({ code: "fewerThanThreeCategories", count: seen.size });
  if (!seen.has("beneficiaire")) warnings.push({ code: "noBeneficiaries" });
  // Producers stand in for employees only when there are no employees (art. 19 septies).
  if (!seen.has("salarie") && !seen.has("producteur")) warnings.push({ code: "noEmployeesOrProducers" });
  return warnings;
}

export interface CapitalCheck {
  ok: boolean;
  collectivitesShares: bigint;
  totalShares: bigint;
  share: Rational;
  /** share as a percentage, 2 decimals half-up, e.g. "50.25" */
  percent: string;
  collectivitesCents: bigint | null;
  totalCents: bigint | null;
}

// "jusqu'à 50 % du capital": exactly half is allowed.
const COLLECTIVITES_CAP = Rational.of(1, 2);

/**
 * Local authorities together may hold at most 50 % of the capital. Shares all have the same
 * nominal value, so the ratio of shares is the ratio of capital; cents are for display.
 */
export function checkCapitalCap(input: {
  collectivitesShares: bigint;
  totalShares: bigint;
  nominalCents: bigint | null;
}): CapitalCheck {
  const { collectivitesShares, totalShares, nominalCents } = input;
  // These come from the register; impossible figures are a bug upstream, not a cap question.
  if (collectivitesShares < 0n || totalShares < 0n || collectivitesShares > totalShares) {
    throw new RangeError(`invalid share counts: ${collectivitesShares} of ${totalShares}`);
  }
  if (nominalCents !== null && nominalCents < 0n) throw new RangeError(`invalid nominal value: ${nominalCents}`);
  const share = totalShares === 0n ? Rational.ZERO : Rational.of(collectivitesShares, totalShares);
  return {
    ok: share.lte(COLLECTIVITES_CAP),
    collectivitesShares,
    totalShares,
    share,
    percent: share.toPercent(2),
    collectivitesCents: nominalCents === null ? null : collectivitesShares * nominalCents,
    totalCents: nominalCents === null ? null : totalShares * nominalCents,
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function assertIsoDate(value: string, what: string): void {
  // Comparing as text is only chronological for zero-padded YYYY-MM-DD.
  if (!ISO_DATE.test(value)) throw new RangeError(`${what} must be YYYY-MM-DD, got "${value}"`);
}

/** Member on `onDate` (all "YYYY-MM-DD"): from the day joined, up to but not including the exit date. */
export function isActiveMember(m: { joinedOn: string; exitedOn: string | null }, onDate: string): boolean {
  assertIsoDate(m.joinedOn, "joinedOn");
  assertIsoDate(onDate, "onDate");
  if (m.exitedOn !== null) assertIsoDate(m.exitedOn, "exitedOn");
  return m.joinedOn <= onDate && (m.exitedOn === null || m.exitedOn > onDate);
}
