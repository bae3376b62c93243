import { useTranslation } from "react-i18next";
import { channelsLine } from "~/lib/channels";
import { Rational } from "~/domain/rational";
import { percentLabel } from "~/domain/weights";
import { formatDecimalText, formatNumber, formatPercentText, type Locale } from "~/lib/locale";
import type { ParticipationView } from "~/services/participation.server";
import type { FrozenResult } from "~/services/resolutions.server";
import { QuorumLine } from "./DashboardQuorum";
import { useRuleWords } from "./RuleWords";
import { scrollRegion } from "./Forms";

interface TallyCollege {
  id: string;
  for: string;
  against: string;
  abstain: string;
  weight: string;
  effectiveWeight: string;
  counted: boolean;
  /** The statutes' rules inside the college: its quorum, and the side it voted as a bloc. */
  quorum?: { required: string; present: string; reached: boolean };
  bloc?: "for" | "against" | "none";
}

/** A fraction text as "33,33 %" with the exact fraction beside it when rounded. */
export function Share({ value }: { value: string }) {
  const { i18n } = useTranslation();
  const r = Rational.parse(value);
  if (!r) return <>{value}</>;
  const percent = percentLabel(r);
  const exact = Rational.parse(percent)!.div(Rational.of(100)).eq(r);
  return (
    <>
      {formatPercentText(i18n.language as Locale, percent)}
      {exact ? null : <span className="muted small"> ({value})</span>}
    </>
  );
}

/** Per-college bars (for, against, abstain), with the table beside it as the text alternative. */
function Chart({ rows }: { rows: { name: string; for: number; against: number; abstain: number }[] }) {
  const { t } = useTranslation();
  const height = 28;
  const width = 420;
  const label = 150;
  return (
    <svg className="chart" viewBox={`0 0 ${width + label} ${rows.length * (height + 8) + 24}`} role="img" aria-labelledby="chart-title">
      <title id="chart-title">{t("results.chartTitle")}</title>
      {rows.map((r, i) => {
        const total = r.for + r.against + r.abstain || 1;
        const y = i * (height + 8);
        const wFor = (r.for / total) * width;
        const wAgainst = (r.against / total) * width;
        const wAbst = (r.abstain / total) * width;
        return (
          <g key={r.name} transform={`translate(0 ${y})`}>
            <text x={0} y={height / 2 + 5} className="chart-label">
              {r.name.length > 22 ? `${r.name.slice(0, 21)}…` : r.name}
            </text>
            <rect x={label} width={wFor} height={height} className="bar-for">
              <title>{`${r.name} — ${t("choices.for")} : ${r.for}`}</title>
            </rect>
            <rect x={label + wFor} width={wAgainst} height={height} className="bar-against">
              <title>{`${r.name} — ${t("choices.against")} : ${r.against}`}</title>
            </rect>
            <rect x={label + wFor + wAgainst} width={wAbst} height={height} className="bar-abstain">
              <title>{`${r.name} — ${t("choices.abstain")} : ${r.abstain}`}</title>
            </rect>
          </g>
        );
      })}
      <g transform={`translate(${label} ${rows.length * (height + 8) + 8})`} className="chart-legend">
        <rect width={12} height={12} className="bar-for" />
        <text x={16} y={11}>{t("choices.for")}</text>
        <rect x={90} width={12} height={12} className="bar-against" />
        <text x={106} y={11}>{t("choices.against")}</text>
        <rect x={190} width={12} height={12} className="bar-abstain" />
        <text x={206} y={11}>{t("choices.abstain")}</text>
      </g>
    </svg>
  );
}

/** Participation per college while a vote is open (choices may stay hidden until it closes), and its quorum. */
export function Participation({ result, registerHref }: { result: ParticipationView; registerHref?: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <>
      {result.quorum ? <QuorumLine quorum={result.quorum} registerHref={registerHref} /> : null}
      <div {...scrollRegion(t("results.participation", { count: result.voted, voted: formatNumber(locale, result.voted), eligible: formatNumber(locale, result.eligible) }))}>
        <table>
          <caption>{t("results.participation", { count: result.voted, voted: formatNumber(locale, result.voted), eligible: formatNumber(locale, result.eligible) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("members.college")}</th>
              <th scope="col" className="num">{t("results.eligible")}</th>
              <th scope="col" className="num">{t("results.voted")}</th>
            </tr>
          </thead>
          <tbody>
            {result.colleges.map((c) => (
              <tr key={c.id ?? "none"}>
                <th scope="row">{c.name ?? t("results.noCollege")}</th>
                <td className="num">{formatNumber(locale, c.eligible)}</td>
                <td className="num">{formatNumber(locale, c.voted)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A college's weighted totals as numbers, for the bars (a secret vote has no count per choice). */
function weightedTotals(c: TallyCollege | undefined) {
  const n = (v: string | undefined) => Rational.parse(v ?? "0")?.toNumber() ?? 0;
  return { for: n(c?.for), against: n(c?.against), abstain: n(c?.abstain) };
}

const NAMED_THRESHOLDS: Record<string, string> = { "1/2": "half", "2/3": "twoThirds", "3/4": "threeQuarters" };

/** The threshold in words and what the vote got against it: "Seuil : plus de la moitié des suffrages exprimés — obtenu 51,17 %, il fallait plus de 50 %." */
function ThresholdLine({ rule, share }: { rule: FrozenResult["rule"]; share: string | null }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const threshold = Rational.parse(rule.threshold);
  if (!threshold) return null;
  const percent = (r: Rational) => formatPercentText(locale, percentLabel(r));
  const strictness = rule.strict ? "strict" : "atLeast";
  const words = t(`results.thresholdWords.${strictness}.${NAMED_THRESHOLDS[threshold.toString()] ?? "other"}`, { percent: percent(threshold) });
  const base = t(`results.baseWords.${rule.base === "present" ? "present" : "cast"}`);
  const got = share ? Rational.parse(share) : null;
  if (!got) return <p className="threshold">{t("results.thresholdNoVotes", { threshold: words, base })}</p>;
  return <p className="threshold">{t("results.thresholdLine", { threshold: words, base, got: percent(got), needed: t(`results.needed.${strictness}`, { percent: percent(threshold) }) })}</p>;
}

export function Results({ result, final }: { result: FrozenResult; final: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const words = useRuleWords();
  const tally = result.tally as { adopted: boolean; reason: string; for: string; against: string; base: string; share: string | null; percent: string | null; quorum?: { required: string; present: string; reached: boolean }; colleges: TallyCollege[]; warnings: string[]; headcountFallback?: boolean };
  const byId = new Map(tally.colleges.map((c) => [c.id, c]));
  const weightText = (v: string) => formatDecimalText(locale, Rational.parse(v)?.toFixed(2).replace(/\.?0+$/, "") ?? v);
  const smallSecret = result.rule.secret && result.colleges.some((c) => c.id && c.voted > 0 && c.voted < 3);
  const rows = result.colleges.filter((c) => c.id);
  // Shares of the stated base: for, against and what went to neither side (abstentions counted in the base, neutralised weight).
  const baseValue = Rational.parse(tally.base);
  const base = baseValue?.isPositive() ? baseValue : null;
  const neither = base ? base.sub(Rational.parse(tally.for)!).sub(Rational.parse(tally.against)!) : null;
  return (
    <section aria-labelledby="results-title" className="results">
      <h2 id="results-title">{final ? t("results.final") : t("results.live")}</h2>
      <p className={`outcome ${tally.adopted ? "outcome-adopted" : "outcome-rejected"}`} role="status">
        <strong>{final ? (tally.adopted ? t("results.adopted") : t("results.rejected")) : tally.adopted ? t("results.wouldAdopt") : t("results.wouldReject")}</strong> — {t(`results.reasons.${tally.reason}`)}
      </p>
      <p>{t("results.rule", { words: words(result.rule.words), name: result.rule.name })}</p>
      <ThresholdLine rule={result.rule} share={tally.share} />
      {tally.quorum ? (
        <p>
          {t(tally.quorum.reached ? "results.quorumReached" : "results.quorumNotReached", {
            present: formatDecimalText(locale, Rational.parse(tally.quorum.present)!.toFixed(2).replace(/\.?0+$/, "")),
            required: formatDecimalText(locale, Rational.parse(tally.quorum.required)!.toFixed(2).replace(/\.?0+$/, "")),
          })}
        </p>
      ) : null}
      {base ? (
        <>
          <p>
            <strong>{t("results.sharesTitle", { base: t(`results.baseWords.${result.rule.base === "present" ? "present" : "cast"}`) })}</strong>
          </p>
          <dl className="stats">
            <div>
              <dt>{t("choices.for")}</dt>
              <dd>
                <Share value={Rational.parse(tally.for)!.div(base).toString()} />
              </dd>
            </div>
            <div>
              <dt>{t("choices.against")}</dt>
              <dd>
                <Share value={Rational.parse(tally.against)!.div(base).toString()} />
              </dd>
            </div>
            {neither?.isPositive() ? (
              <div>
                <dt>{t("results.neither")}</dt>
                <dd>
                  <Share value={neither.div(base).toString()} />
                </dd>
              </div>
            ) : null}
          </dl>
        </>
      ) : null}
      <details className="muted small">
        <summary>{t("results.details")}</summary>
        <p>{t("results.exact", { for: tally.for, against: tally.against, base: tally.base, share: tally.share ?? "—" })}</p>
        {rows.length > 0 ? (
          <ul>
            {rows.map((c) => {
              const tc = byId.get(c.id!);
              return tc ? (
                <li key={c.id}>
                  {c.name}, {t("results.effectiveWeight").toLowerCase()}
                  {locale === "fr" ? "\u00a0: " : ": "}
                  {tc.counted ? <Share value={tc.effectiveWeight} /> : t("results.neutralised")}
                </li>
              ) : null;
            })}
          </ul>
        ) : (
          <p>{t("results.headcountTotals", { for: tally.for, against: tally.against, base: tally.base })}</p>
        )}
      </details>
      {tally.headcountFallback ? <p className="alert alert-info">{t("results.fallback")}</p> : null}
      {tally.warnings.length > 0 ? (
        <div className="alert alert-error" role="alert">
          <p>{t("results.warningsTitle")}</p>
          <ul>
            {tally.warnings.map((w) => {
              // The engine's warnings name colleges by id (DESIGN.md §5); show their names.
              const m = /^college (\S+) effective weight (\S+) exceeds 1\/2$/.exec(w);
              const college = m ? result.colleges.find((c) => c.id === m[1]) : undefined;
              return <li key={w}>{m ? t("results.warningEffective", { name: college?.name ?? m[1], fraction: m[2] }) : w}</li>;
            })}
          </ul>
        </div>
      ) : null}
      {smallSecret ? <p className="alert alert-info">{t("results.smallCollegeSecret")}</p> : null}
      {rows.length > 0 ? (
        <>
          <div {...scrollRegion(t("results.perCollege"))}>
            <table className="results-table">
              <caption>{t("results.perCollege")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("members.college")}</th>
                  <th scope="col" className="num">{t("results.eligible")}</th>
                  <th scope="col" className="num">{t("results.voted")}</th>
                  <th scope="col" className="num">{t("choices.for")}</th>
                  <th scope="col" className="num">{t("choices.against")}</th>
                  <th scope="col" className="num">{t("choices.abstain")}</th>
                  <th scope="col" className="num">{t("dashboard.weight")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => {
                  const tc = byId.get(c.id!);
                  return (
                    <tr key={c.id}>
                      <th scope="row">{c.name}</th>
                      <td className="num">{formatNumber(locale, c.eligible)}</td>
                      <td className="num">{formatNumber(locale, c.voted)}</td>
                      <td className="num">{tc ? weightText(tc.for) : "—"}</td>
                      <td className="num">{tc ? weightText(tc.against) : "—"}</td>
                      <td className="num">{tc ? weightText(tc.abstain) : "—"}</td>
                      <td className="num">{c.weight ? <Share value={c.weight} /> : "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {rows.some((c) => c.ballots === null) ? <p className="muted small">{t("secret.weightedTotals")}</p> : null}
          <CollegeRuleNotes rows={rows.map((c) => ({ name: c.name ?? "", tally: byId.get(c.id!) }))} />
          {/* A secret vote's box gives weighted totals per college, not ballots per choice: the bars show those. */}
          <Chart rows={rows.map((c) => (c.ballots ? { name: c.name ?? "", ...c.ballots } : { name: c.name ?? "", ...weightedTotals(byId.get(c.id!)) }))} />
        </>
      ) : null}
      {result.boxHash ? <p className="muted small">{t("secret.boxHash", { hash: result.boxHash })}</p> : null}
      {channelsLine(t, result.channels) ? <p className="muted small">{channelsLine(t, result.channels)}</p> : null}
    </section>
  );
}

/** Per college, what the statutes' rules inside it decided: the side it voted as a bloc, a quorum not reached. */
function CollegeRuleNotes({ rows }: { rows: { name: string; tally: TallyCollege | undefined }[] }) {
  const { t, i18n } = useTranslation();
  const notes = rows.filter((r) => r.tally?.bloc || (r.tally?.quorum && !r.tally.quorum.reached));
  if (notes.length === 0) return null;
  return (
    <ul className="college-notes">
      {notes.map((r) => (
        <li key={r.name}>
          {r.name}
          {i18n.language === "fr" ? "\u00a0: " : ": "}
          {r.tally!.quorum && !r.tally!.quorum.reached ? t("collegeRules.collegeQuorumNotReached", { present: r.tally!.quorum.present, required: r.tally!.quorum.required }) : t(`collegeRules.blocVote.${r.tally!.bloc}`)}
        </li>
      ))}
    </ul>
  );
}
