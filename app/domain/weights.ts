/**
 * College weights and the legal checks on them (DESIGN.md §3, LEGAL.md §2.2).
 * Weights are exact fractions of the whole; sums are checked exactly, so three colleges
 * of "33.33" (99.99 %) are refused while three of "1/3" are accepted.
 */
import { isScic, type LegalForm } from "./legal-forms";
import { Rational } from "./rational";

export type WeightViolation =
  | { code: "unparsable"; college: string; text: string }
  | { code: "notPositive"; college: string }
  | { code: "belowMin"; college: string; percent: string; min: string }
  | { code: "aboveMax"; college: string; percent: string; max: string }
  | { code: "sumNot100"; sum: string }
  /** The sum rounds to 100 % but is not 1: the exact fraction says by how much. */
  | { code: "sumNot100Rounded"; sum: string; fraction: string }
  | { code: "tooFewColleges"; count: number; min: number }
  | { code: "tooManyColleges"; count: number; max: number }
  | { code: "notEqual" };

// Art. 19 octies: no college under 10 % nor over 50 %; 10 colleges is the arithmetic limit of the floor.
const SCIC_MIN_WEIGHT = Rational.of(1, 10);
const SCIC_MAX_WEIGHT = Rational.of(1, 2);
const SCIC_MIN_COLLEGES = 3;
const SCIC_MAX_COLLEGES = 10;
// Parity needs someone to be on a par with.
const ALLIANCE_MIN_COLLEGES = 2;
const FREE_MIN_COLLEGES = 1;

/** What an admin types: "33.33", "33,33", "30 %" are percentages; "1/3" is a fraction of the whole. */
export function parseWeight(text: string): Rational | null {
  return Rational.parsePercent(text);
}

/**
 * A weight as text that parseWeight reads back exactly. Always "n/d": Rational#toString gives
 * "1" for the whole, which parseWeight would read as 1 %.
 */
export function formatWeight(r: Rational): string {
  return `${r.num}/${r.den}`;
}

/** A share as a percentage for messages: two decimals half-up, trailing zeros dropped ("5", "12.5", "33.33"). */
export function percentLabel(r: Rational): string {
  // toPercent(2) always has a decimal point, so only fractional zeros are stripped.
  return r.toPercent(2).replace(/0+$/, "").replace(/\.$/, "");
}

/**
 * Every violation, so the form can show them all at once: per college in input order, then
 * the number of colleges, then (alliance) equality, then the sum.
 */
export function validateWeights(
  legalForm: LegalForm,
  colleges: readonly { name: string; weight: string }[],
): { weights: (Rational | null)[]; violations: WeightViolation[] } {
  const scic = isScic(legalForm);
  const weights = colleges.map((c) => parseWeight(c.weight));
  const violations: WeightViolation[] = [];

  colleges.forEach((c, i) => {
    const w = weights[i];
    if (w == null) {
      violations.push({ code: "unparsable", college: c.name, text: c.weight });
    } else if (scic) {
      if (w.lt(SCIC_MIN_WEIGHT)) {
        violations.push({ code: "belowMin", college: c.name, percent: percentLabel(w), min: percentLabel(SCIC_MIN_WEIGHT) });
      } else if (w.gt(SCIC_MAX_WEIGHT)) {
        violations.push({ code: "aboveMax", college: c.name, percent: percentLabel(w), max: percentLabel(SCIC_MAX_WEIGHT) });
      }
    } else if (legalForm !== "alliance" && !w.isPositive()) {
      violations.push({ code: "notPositive", college: c.name });
    }
  });

  const count = colleges.length;
  const min = scic ? SCIC_MIN_COLLEGES : legalForm === "alliance" ? ALLIANCE_MIN_COLLEGES : FREE_MIN_COLLEGES;
  if (count < min) violations.push({ code: "tooFewColleges", count, min });
  if (scic && count > SCIC_MAX_COLLEGES) violations.push({ code: "tooManyColleges", count, max: SCIC_MAX_COLLEGES });

  const parsed = weights.filter((w): w is Rational => w !== null);
  // Compared among the weights we could read: one unreadable weight must not hide a visible inequality.
  if (legalForm === "alliance" && parsed.some((w) => !w.eq(parsed[0]!))) violations.push({ code: "notEqual" });

  // No sum without every term; and with no college at all, "too few" already says it.
  if (count > 0 && parsed.length === count) {
    const sum = Rational.sum(parsed);
    if (!sum.eq(Rational.ONE)) {
      const label = percentLabel(sum);
      // "100 % instead of exactly 100 %" explains nothing: give the exact sum when rounding hides the gap.
      violations.push(label === "100" ? { code: "sumNot100Rounded", sum: label, fraction: formatWeight(sum) } : { code: "sumNot100", sum: label });
    }
  }

  return { weights, violations };
}

/** `count` equal parts that sum to exactly 1 (the alliance preset, or a starting point). */
export function equalWeights(count: number): Rational[] {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  const part = Rational.of(1, count);
  return Array.from({ length: count }, () => part);
}

/**
 * A weight as an admin would type it back: the percentage when it is an exact decimal of
 * at most four places ("30", "12.5"), else the fraction ("1/3").
 */
export function weightInputText(r: Rational): string {
  const percent = r.mul(Rational.of(100));
  const scaled = percent.mul(Rational.of(10_000));
  if (scaled.den !== 1n) return formatWeight(r);
  return percent.toFixed(4).replace(/0+$/, "").replace(/\.$/, "");
}
