// An election in the minutes: the seats, a table of the candidates with their weighted votes
// (exact fraction and percentage) and who is elected, the ties and how they were broken.
import type { TFunction } from "i18next";
import type { MinutesElection } from "~/domain/minutes";
import type { Locale } from "~/lib/locale";
import { text, type Block } from "./document";

export function electionBlocks(c: { t: TFunction; lang: Locale }, e: MinutesElection, figure: (lang: Locale, value: string | null) => string): Block[] {
  const t = c.t;
  const p = (s: string): Block => ({ type: "paragraph", runs: text(s) });
  const approval = e.method === "approval";
  const blocks: Block[] = [
    p(`${t("elections.setupTitle", { organ: e.organ })} — ${t("elections.seatsLine", { count: e.seats })} — ${t(`elections.methods.${e.method}`)}`),
    {
      type: "table",
      caption: t("elections.resultsCaption"),
      header: [t("elections.candidate"), t("members.college"), approval ? t("choices.for") : t("elections.votesShare"), ...(approval ? [t("choices.against")] : []), t("elections.outcome")],
      rows: e.candidates.map((x) => [x.name, x.college ?? "—", figure(c.lang, x.share ?? x.for), ...(approval ? [x.against ?? "0"] : []), x.elected ? t("elections.elected") : t("elections.notElected")]),
      align: approval ? ["left", "left", "right", "right", "left"] : ["left", "left", "right", "left"],
      widths: approval ? [3, 2, 2, 1, 2] : [3, 2, 2, 2],
    },
  ];
  for (const tie of e.ties) {
    blocks.push(p(t("elections.tieBroken", { names: tie.names.join(", "), by: tie.by.map((b) => t(`elections.tieBreaks.${b}`)).join(", "), order: tie.order.join(", ") }) + (tie.seed ? ` ${t("elections.seed", { seed: tie.seed })}` : "")));
  }
  blocks.push({ type: "paragraph", runs: [{ text: e.elected.length === 0 ? t("elections.noneElected") : t("elections.electedLine", { count: e.elected.length, names: e.elected.join(", ") }), bold: true }] });
  if (e.secondRound) blocks.push(p(t("elections.secondRoundNeeded", { count: e.seatsLeft })));
  return blocks;
}
