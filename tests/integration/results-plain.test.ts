// The results read plainly: the threshold and what was needed in words, for / against / neither
// shares of the stated base, weights as on the dashboard, the tally jargon behind "Détails du calcul".
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { Results } from "~/components/Results";
import { Rational } from "~/domain/rational";
import { PRESETS, ruleInWords, type VotingRule } from "~/domain/rules";
import { createI18n } from "~/lib/i18n";
import type { FrozenResult } from "~/services/resolutions.server";

function frozen(rule: VotingRule, tally: { for: string; against: string; base: string }): FrozenResult {
  const share = Rational.parse(tally.for)!.div(Rational.parse(tally.base)!);
  return {
    rule: { name: "Test", version: 1, words: ruleInWords(rule), method: rule.method, base: rule.base, threshold: rule.threshold.toString(), strict: rule.strict, emptyCollege: rule.emptyCollege, secret: false, quorum: null },
    tally: {
      adopted: rule.strict ? share.gt(rule.threshold) : share.gte(rule.threshold),
      reason: "threshold-met",
      ...tally,
      share: share.toString(),
      percent: share.toPercent(2),
      colleges: [{ id: "c1", for: tally.for, against: tally.against, abstain: "0", weight: "3/10", effectiveWeight: "3/10", counted: true }],
      warnings: [],
    },
    colleges: [{ id: "c1", name: "Associations", weight: "3/10", eligible: 4, eligibleWeight: "3/10", voted: 3, ballots: { for: 2, against: 1, abstain: 0 } }],
    eligible: 4,
    eligibleWeight: "3/10",
    voted: 3,
    channels: {},
    closedAt: "2026-11-30T10:00:00.000Z",
  };
}

const render = (result: FrozenResult, locale: "fr" | "en" = "fr") =>
  renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(locale) }, createElement(Results, { result, final: true })));
const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("results read plainly", () => {
  const majority = PRESETS["scic-sa-ago"].rule;

  it("states the threshold and what was needed in words", () => {
    const html = text(render(frozen(majority, { for: "5117/10000", against: "4883/10000", base: "1" })));
    expect(html).toContain("Seuil\u00a0: plus de la moitié des suffrages exprimés — obtenu 51,17\u202f%, il fallait plus de 50\u202f%.");
    const en = text(render(frozen(majority, { for: "5117/10000", against: "4883/10000", base: "1" }), "en"));
    expect(en).toContain("Threshold: more than half of the votes cast — got 51.17%, more than 50% was needed.");
  });

  it("gives for, against and neither as shares of the stated base that add up", () => {
    const rule: VotingRule = { ...majority, base: "present", threshold: Rational.of(2, 3), strict: false };
    const html = text(render(frozen(rule, { for: "1", against: "2/5", base: "2" })));
    expect(html).toContain("Seuil\u00a0: au moins les deux tiers des voix des membres présents ou représentés — obtenu 50\u202f%, il fallait au moins 66,67\u202f%.");
    expect(html).toContain("Répartition des voix des membres présents ou représentés");
    expect(html).toContain("Pour50\u202f%");
    expect(html).toContain("Contre20\u202f%");
    expect(html).toContain("Ni pour ni contre30\u202f%");
  });

  it("shows weights as the dashboard does and hides the exact values behind Détails du calcul", () => {
    const html = render(frozen(majority, { for: "1/5", against: "1/10", base: "3/10" }));
    expect(html).toContain('<td class="num">30\u202f%</td>');
    expect(html).not.toContain("30,00");
    const details = /<details[^>]*><summary>Détails du calcul<\/summary>([\s\S]*)<\/details>/.exec(html);
    expect(details?.[1]).toContain("Valeurs exactes : pour 1/5, contre 1/10, base 3/10, part 2/3.");
    expect(details?.[1]).toMatch(/poids effectif\u00a0: 30\u202f%/i);
    expect(html.replace(details![0], "")).not.toMatch(/Valeurs exactes|poids effectif|base 3\/10/i);
  });
});
