/**
 * Voting rules as the statutes state them, their presets by legal form, and their meaning
 * in words. The tally engine receives them through toTallyRule().
 */
import type { LegalForm } from "./legal-forms";
import type { ProxyCap } from "./proxies";
import { Rational } from "./rational";
import type { Base, EmptyCollegeRule, Method, TallyRule } from "./tally";

export interface VotingRule {
  method: Method;
  base: Base;
  threshold: Rational;
  strict: boolean;
  emptyCollege: EmptyCollegeRule;
  headcountBelow: number;
  /** Quorum on first call and on later calls; null: none. */
  quorumFirst: Rational | null;
  quorumLater: Rational | null;
  quorumBasis: "headcount" | "weight";
  proxyCap: ProxyCap | null;
  secret: boolean;
  liveResults: boolean;
}

export const PRESET_IDS = ["scic-sa-ago", "scic-sa-age", "sarl-statutes", "association-ago", "association-age", "alliance"] as const;
export type PresetId = (typeof PRESET_IDS)[number];

const half = Rational.of(1, 2);
const twoThirds = Rational.of(2, 3);
const base: VotingRule = {
  method: "proportional",
  base: "cast",
  threshold: half,
  strict: true,
  emptyCollege: "neutralise",
  headcountBelow: 0,
  quorumFirst: null,
  quorumLater: null,
  quorumBasis: "headcount",
  proxyCap: null,
  secret: true,
  liveResults: false,
};

/** Presets by legal form (LEGAL.md §3): a starting point the admin can edit. */
export const PRESETS: Record<PresetId, { forms: readonly LegalForm[]; kind: "ordinary" | "extraordinary"; rule: VotingRule }> = {
  // SA (L225-98): majority of votes cast; quorum 1/5 on first call, none after.
  "scic-sa-ago": { forms: ["scic-sa", "scic-sas"], kind: "ordinary", rule: { ...base, quorumFirst: Rational.of(1, 5) } },
  // SA (L225-96): two thirds of votes cast; quorum 1/4, then 1/5.
  "scic-sa-age": { forms: ["scic-sa", "scic-sas"], kind: "extraordinary", rule: { ...base, threshold: twoThirds, strict: false, quorumFirst: Rational.of(1, 4), quorumLater: Rational.of(1, 5) } },
  // SARL statute change (L223-30): two thirds of the members present or represented.
  "sarl-statutes": { forms: ["scic-sarl"], kind: "extraordinary", rule: { ...base, base: "present", threshold: twoThirds, strict: false } },
  "association-ago": { forms: ["association", "other"], kind: "ordinary", rule: { ...base, method: "headcount", proxyCap: 2 } },
  "association-age": { forms: ["association", "other"], kind: "extraordinary", rule: { ...base, method: "headcount", threshold: twoThirds, strict: false, quorumFirst: Rational.of(1, 2), proxyCap: 2 } },
  "alliance": { forms: ["alliance"], kind: "ordinary", rule: { ...base } },
};

export function presetsFor(form: LegalForm): PresetId[] {
  return PRESET_IDS.filter((id) => PRESETS[id].forms.includes(form));
}

/** The rule as the engine takes it, for a first or later call. */
export function toTallyRule(rule: VotingRule, call: "first" | "later" = "first"): TallyRule {
  const quorum = call === "first" ? rule.quorumFirst : rule.quorumLater;
  return {
    method: rule.method,
    base: rule.base,
    threshold: rule.threshold,
    strict: rule.strict,
    emptyCollege: rule.emptyCollege,
    headcountBelowColleges: rule.headcountBelow,
    ...(quorum ? { quorum: { fraction: quorum, basis: rule.quorumBasis } } : {}),
    ...(rule.proxyCap != null ? { proxy: { maxPerHolder: rule.proxyCap } } : {}),
  };
}

/** A message: a translation key of app/locales "ruleWords" and its parameters. */
export interface WordPart {
  key: string;
  params?: Record<string, string | number>;
}

/**
 * The rule in plain words, as parts to translate and join:
 * "à la majorité des deux tiers" + "des suffrages exprimés" + "collèges pondérés à la proportionnelle".
 */
export function ruleInWords(rule: Pick<VotingRule, "threshold" | "strict" | "base" | "method">): WordPart[] {
  const t = rule.threshold;
  let threshold: WordPart;
  if (t.eq(half) && rule.strict) threshold = { key: "ruleWords.majority" };
  else if (t.eq(twoThirds) && !rule.strict) threshold = { key: "ruleWords.twoThirds" };
  else if (t.eq(Rational.of(3, 4)) && !rule.strict) threshold = { key: "ruleWords.threeQuarters" };
  else threshold = { key: rule.strict ? "ruleWords.moreThan" : "ruleWords.atLeast", params: { fraction: t.toString(), percent: t.toPercent(2) } };
  return [threshold, { key: `ruleWords.base.${rule.base}` }, { key: `ruleWords.method.${rule.method}` }];
}

/** Whether an open vote's choices may be shown before its close: only an open (non-secret) ballot whose rule says so; a secret box is counted once, at the close. */
export function showsLiveResults(rule: Pick<VotingRule, "liveResults" | "secret">): boolean {
  return rule.liveResults && !rule.secret;
}
