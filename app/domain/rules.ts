/**
 * Voting rules as the statutes state them, their presets by legal form, and their meaning
 * in words. The tally engine receives them through toTallyRule().
 */
import { SECOND_ROUND_BLOC, type BlocOtherwise, type CollegeAbstain, type CollegeOptions } from "./college-rules";
import type { LegalForm } from "./legal-forms";
import type { ProxyCap, ProxyHolders } from "./proxies";
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
  /** Inside a college (app/domain/college-rules.ts): what abstentions count as. */
  collegeAbstain: CollegeAbstain;
  /** Under college-bloc: the share a side needs inside a college for the college to vote as a bloc; null: more than the other side. */
  collegeBloc: Rational | null;
  collegeBlocStrict: boolean;
  collegeBlocOtherwise: BlocOtherwise;
  /** A quorum per college, a fraction of its members (headcount); null: none. */
  collegeQuorum: Rational | null;
  /** A proxy's holder must be in the principal's college. */
  proxySameCollege: boolean;
  /** At most this many proxies per holder from one college; null: no such cap. */
  proxyMaxPerCollege: number | null;
  /** Who may hold a meeting proxy besides a member (app/domain/proxies.ts ProxyHolders). */
  proxyHolders: ProxyHolders;
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
  collegeAbstain: "left-out",
  collegeBloc: null,
  collegeBlocStrict: true,
  collegeBlocOtherwise: "neutralise",
  collegeQuorum: null,
  proxySameCollege: false,
  proxyMaxPerCollege: null,
  proxyHolders: "members",
};

/** Presets by legal form (LEGAL.md §3): a starting point the admin can edit. */
export const PRESETS: Record<PresetId, { forms: readonly LegalForm[]; kind: "ordinary" | "extraordinary"; rule: VotingRule }> = {
  // SA (L225-98): majority of votes cast; quorum 1/5 on first call, none after.
  // A shareholder may be represented by another, or by a spouse or PACS partner (L225-106).
  "scic-sa-ago": { forms: ["scic-sa", "scic-sas"], kind: "ordinary", rule: { ...base, quorumFirst: Rational.of(1, 5), proxyHolders: "spouse" } },
  // SA (L225-96): two thirds of votes cast; quorum 1/4, then 1/5.
  "scic-sa-age": { forms: ["scic-sa", "scic-sas"], kind: "extraordinary", rule: { ...base, threshold: twoThirds, strict: false, quorumFirst: Rational.of(1, 4), quorumLater: Rational.of(1, 5), proxyHolders: "spouse" } },
  // SARL statute change (L223-30): two thirds of the members present or represented; an associate
  // may be represented by another or by their spouse (L223-28).
  "sarl-statutes": { forms: ["scic-sarl"], kind: "extraordinary", rule: { ...base, base: "present", threshold: twoThirds, strict: false, proxyHolders: "spouse" } },
  "association-ago": { forms: ["association", "other"], kind: "ordinary", rule: { ...base, method: "headcount", proxyCap: 2 } },
  "association-age": { forms: ["association", "other"], kind: "extraordinary", rule: { ...base, method: "headcount", threshold: twoThirds, strict: false, quorumFirst: Rational.of(1, 2), proxyCap: 2 } },
  "alliance": { forms: ["alliance"], kind: "ordinary", rule: { ...base } },
};

export function presetsFor(form: LegalForm): PresetId[] {
  return PRESET_IDS.filter((id) => PRESETS[id].forms.includes(form));
}

/** The college options of a rule as the engine takes them (round 2: the second round's bloc); undefined when it has none. */
export function collegeOptions(rule: VotingRule, round: 1 | 2 = 1): CollegeOptions | undefined {
  const bloc = round === 2 ? { ...SECOND_ROUND_BLOC } : rule.collegeBloc ? { threshold: rule.collegeBloc, strict: rule.collegeBlocStrict, otherwise: rule.collegeBlocOtherwise } : null;
  if (rule.collegeAbstain === "left-out" && !bloc && !rule.collegeQuorum) return undefined;
  return { abstain: rule.collegeAbstain, ...(bloc ? { bloc } : {}), ...(rule.collegeQuorum ? { quorum: rule.collegeQuorum } : {}) };
}

/**
 * The rule as the engine takes it, for a first or later call, and for the first round or the
 * second (a vote whose first round ended in "second-round", reopened: inside each college more
 * than one half, otherwise the college is neutralised).
 */
export function toTallyRule(rule: VotingRule, call: "first" | "later" = "first", round: 1 | 2 = 1): TallyRule {
  const quorum = call === "first" ? rule.quorumFirst : rule.quorumLater;
  const college = collegeOptions(rule, round);
  const proxyStatute = {
    ...(rule.proxySameCollege ? { sameCollege: true } : {}),
    ...(rule.proxyMaxPerCollege != null ? { maxPerCollege: rule.proxyMaxPerCollege } : {}),
  };
  return {
    method: rule.method,
    base: rule.base,
    threshold: rule.threshold,
    strict: rule.strict,
    emptyCollege: rule.emptyCollege,
    headcountBelowColleges: rule.headcountBelow,
    ...(quorum ? { quorum: { fraction: quorum, basis: rule.quorumBasis } } : {}),
    ...(rule.proxyCap != null || Object.keys(proxyStatute).length > 0
      ? { proxy: { ...(rule.proxyCap != null ? { maxPerHolder: rule.proxyCap } : {}), ...proxyStatute } }
      : {}),
    ...(college ? { college } : {}),
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
export function ruleInWords(
  rule: Pick<VotingRule, "threshold" | "strict" | "base" | "method"> &
    Partial<Pick<VotingRule, "collegeAbstain" | "collegeBloc" | "collegeBlocStrict" | "collegeBlocOtherwise" | "collegeQuorum" | "proxySameCollege" | "proxyMaxPerCollege" | "proxyHolders">>,
): WordPart[] {
  const t = rule.threshold;
  let threshold: WordPart;
  if (t.eq(half) && rule.strict) threshold = { key: "ruleWords.majority" };
  else if (t.eq(twoThirds) && !rule.strict) threshold = { key: "ruleWords.twoThirds" };
  else if (t.eq(Rational.of(3, 4)) && !rule.strict) threshold = { key: "ruleWords.threeQuarters" };
  else threshold = { key: rule.strict ? "ruleWords.moreThan" : "ruleWords.atLeast", params: { fraction: t.toString(), percent: t.toPercent(2) } };
  return [threshold, { key: `ruleWords.base.${rule.base}` }, { key: `ruleWords.method.${rule.method}` }, ...collegeWords(rule)];
}

/** ", les abstentions comptant pour" + ", un collège votant en bloc à plus de 60 %, sinon second tour"…: the college and proxy options in words. */
function collegeWords(rule: Partial<VotingRule>): WordPart[] {
  const out: WordPart[] = [];
  if (rule.method !== "headcount") {
    if (rule.collegeAbstain === "for" || rule.collegeAbstain === "against") out.push({ key: `collegeRules.words.abstain.${rule.collegeAbstain}` });
    if (rule.method === "college-bloc" && rule.collegeBloc) {
      const params = { fraction: rule.collegeBloc.toString(), percent: rule.collegeBloc.toPercent(2) };
      out.push({ key: rule.collegeBlocStrict === false ? "collegeRules.words.blocAtLeast" : "collegeRules.words.blocMoreThan", params });
      out.push({ key: `collegeRules.words.otherwise.${rule.collegeBlocOtherwise ?? "neutralise"}` });
    }
    if (rule.collegeQuorum) out.push({ key: "collegeRules.words.quorum", params: { fraction: rule.collegeQuorum.toString(), percent: rule.collegeQuorum.toPercent(2) } });
  }
  if (rule.proxySameCollege) out.push({ key: "collegeRules.words.proxySameCollege" });
  if (rule.proxyMaxPerCollege != null) out.push({ key: "collegeRules.words.proxyMaxPerCollege", params: { max: rule.proxyMaxPerCollege } });
  if (rule.proxyHolders === "spouse" || rule.proxyHolders === "anyone") out.push({ key: `collegeRules.words.proxyHolders.${rule.proxyHolders}` });
  return out;
}

/** Whether an open vote's choices may be shown before its close: only an open (non-secret) ballot whose rule says so; a secret box is counted once, at the close. */
export function showsLiveResults(rule: Pick<VotingRule, "liveResults" | "secret">): boolean {
  return rule.liveResults && !rule.secret;
}
