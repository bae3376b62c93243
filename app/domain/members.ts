import { Rational } from "./rational";

export const PERSON_KINDS = ["natural", "legal"] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

/** Voting weights are kept in millionths so that the database can sum them exactly. */
export const WEIGHT_SCALE = 1_000_000n;

/** Lower-case, accent-free text, so that "helene" finds "Hélène". */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

export function memberSearchText(m: { name: string; memberNumber?: string | null; email?: string | null; representative?: string | null }): string {
  return foldText([m.name, m.representative, m.memberNumber, m.email].filter(Boolean).join(" "));
}

/**
 * A member's own voting weight from what was typed ("1", "2,5", "1/2"): a positive number
 * with at most six decimals, as integer millionths; null when it is not one.
 */
export function parseVotingWeight(text: string): number | null {
  const r = Rational.parse(text);
  if (!r || !r.isPositive()) return null;
  const scaled = r.mul(Rational.of(WEIGHT_SCALE));
  if (scaled.den !== 1n || scaled.num > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(scaled.num);
}

export function votingWeight(micro: number | bigint): Rational {
  return Rational.fromScaled(BigInt(micro), WEIGHT_SCALE);
}

/** "2.5" for 2 500 000 millionths: the shortest exact decimal. */
export function votingWeightText(micro: number | bigint): string {
  const m = BigInt(micro);
  const whole = m / WEIGHT_SCALE;
  const frac = (m % WEIGHT_SCALE).toString().padStart(6, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : `${whole}`;
}
