// The attendance table shows a weight beside a headcount only when it differs ("10", not "10 (10)"),
// and the quorum line says why there is none yet.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { AttendanceTable, QuorumBadges } from "~/components/AttendancePanel";
import { createI18n } from "~/lib/i18n";

const row = (eligible: number, eligibleWeight: string, present: number, presentWeight: string) => ({
  collegeId: "c1", eligible, eligibleWeight, present, presentWeight, represented: 0, representedWeight: "0", postal: 0, postalWeight: "0", absent: eligible - present, absentWeight: String(eligible - present),
});
const render = (colleges: ReturnType<typeof row>[]) =>
  renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n("fr") }, createElement(AttendanceTable, { colleges, names: { c1: "Associations" }, total: { count: 10, weight: "10" }, counted: 4 })));

describe("the attendance table", () => {
  it("shows only the headcount when every weight is 1", () => {
    const html = render([row(10, "10", 4, "4")]);
    expect(html).toContain('<td class="num">10</td><td class="num">4</td>');
    expect(html).not.toContain("(10)");
    expect(html).not.toContain("Entre parenthèses");
  });

  it("shows the weight beside the headcount when they differ", () => {
    const html = render([row(10, "12", 4, "4")]);
    expect(html).toContain('<td class="num">10<span class="muted small"> (12)</span></td><td class="num">4</td>');
    expect(html).toContain("Entre parenthèses");
  });
});

describe("the quorum badges without any quorum", () => {
  const badges = (kind: string) => renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n("fr") }, createElement(QuorumBadges, { quorums: {}, kind })));

  it("says on a general assembly with no resolution yet that the quorum will be computed later", () => {
    expect(badges("ago")).toContain("Le quorum sera calculé dès que des résolutions soumises à un quorum seront inscrites à l’ordre du jour.");
    expect(badges("ago")).not.toContain("Pas de quorum");
  });

  it("says there is no quorum at a board meeting", () => {
    expect(badges("board")).toContain("Pas de quorum pour cette assemblée.");
  });
});
