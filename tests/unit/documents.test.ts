import { createRequire } from "node:module";
import path from "node:path";
import { readPdf } from "../helpers/pdf";
import JSZip from "jszip";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import type { DocumentModel } from "~/exports/document";
import { fillPageLabel, pageLabelParts, text } from "~/exports/document";
import { renderDocx } from "~/exports/docx.server";
import { markdownToBlocks } from "~/exports/markdown-blocks";
import { renderMarkdown } from "~/exports/markdown";
import { renderPdf, toWinAnsi } from "~/exports/pdf.server";

const NNBSP = "\u202f";
const PHRASE_TITLE = "Procès-verbal de l’assemblée générale ordinaire";
const PHRASE_RESOLUTION = "Résolution n° 3 rejetée";
const PHRASE_MONEY = "12 000,50 €";
const PHRASE_QUOTES = "« guillemets »";
const HEADER = "Alliance du Val de Loire — AGO du 12 juin 2026";
const NOTE = "Empreinte SHA-256 du contenu : 3f2a9c";

function sample(landscape = false): DocumentModel {
  const rows = Array.from({ length: 60 }, (_, i) => [
    `Membre ${String(i + 1).padStart(2, "0")} Élodie Œuvrard`,
    i % 3 === 0 ? "Associations" : "Salariés et usagers",
    `${i + 1},00`,
  ]);
  return {
    lang: "fr",
    title: `${PHRASE_TITLE} — Alliance du Val de Loire`,
    header: HEADER,
    pageLabel: "page {{page}} / {{total}}",
    footerNote: NOTE,
    landscape,
    blocks: [
      { type: "title", text: `${PHRASE_TITLE} — 12 juin 2026` },
      { type: "heading", level: 1, text: "Ouverture de la séance" },
      {
        type: "paragraph",
        runs: [
          { text: "La séance est ouverte à 18 h. " },
          { text: PHRASE_RESOLUTION, bold: true },
          { text: ", œuvre commune, montant de " },
          { text: PHRASE_MONEY, italic: true },
          { text: `, ${PHRASE_QUOTES}, quorum atteint à 30${NNBSP}%.` },
        ],
      },
      { type: "heading", level: 2, text: "Ordre du jour" },
      { type: "list", items: [text("Approbation des comptes"), [{ text: "Affectation du ", bold: false }, { text: "résultat", bold: true }]] },
      { type: "list", ordered: true, items: [text("Première résolution"), text("Deuxième résolution")] },
      { type: "heading", level: 3, text: "Feuille de présence" },
      {
        type: "table",
        caption: "Membres présents",
        header: ["Nom", "Collège", "Voix"],
        rows,
        align: ["left", "left", "right"],
        widths: [3, 2, 1],
        footer: ["Total", "", "1 830,00"],
      },
      { type: "pageBreak" },
      { type: "paragraph", runs: text("Annexe après saut de page.") },
      {
        type: "signatures",
        lines: [
          { role: "Président de séance", name: "Marie Dupont" },
          { role: "Secrétaire de séance", name: "Jean Lefèvre" },
          { role: "Scrutateur", name: "Aïcha Benali" },
        ],
      },
    ],
  };
}

const pdfPages = (buf: Buffer) => readPdf(buf);
// pdf.js reads the metrics of the standard fonts from its own files to extract text.
const standardFontDataUrl = path.join(path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")), "standard_fonts/");
const open = (buf: Buffer) => getDocument({ data: new Uint8Array(buf), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;

describe("document model helpers", () => {
  it("fills and splits page labels", () => {
    expect(fillPageLabel("page {{page}} / {{total}}", 2, 5)).toBe("page 2 / 5");
    expect(pageLabelParts("p. {{page}}/{{total}}")).toEqual(["p. ", { field: "page" }, "/", { field: "total" }]);
  });

  it("keeps Windows-1252 characters and replaces the others for the standard PDF fonts", () => {
    expect(toWinAnsi("éèêàçœŒ€«»’–—…")).toBe("éèêàçœŒ€«»’–—…");
    expect(toWinAnsi(`30${NNBSP}% a\u2009b → ≥ ≤ 漢`)).toBe("30\u00a0% a\u00a0b -> >= <= ?");
    // A decomposed accent (e + U+0301) is composed rather than lost.
    expect(toWinAnsi("re\u0301solution")).toBe("résolution");
  });
});

describe("PDF", () => {
  it("renders searchable text, running header and numbered footers on every page", async () => {
    const buf = await renderPdf(sample());
    expect(buf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const { texts, sizes } = await pdfPages(buf);
    const n = texts.length;
    expect(n).toBeGreaterThanOrEqual(3); // 60 rows span pages, plus the explicit page break
    const all = texts.join(" ");
    for (const phrase of [PHRASE_TITLE, PHRASE_RESOLUTION, PHRASE_MONEY, PHRASE_QUOTES, "œuvre commune", "30 %"]) {
      expect(all).toContain(phrase);
    }
    for (const cell of ["Membre 01 Élodie Œuvrard", "Membre 60 Élodie Œuvrard", "Salariés et usagers", "60,00", "1 830,00"]) {
      expect(all).toContain(cell);
    }
    expect(all).toContain("Président de séance");
    expect(all).toContain("Marie Dupont");
    expect(all).toContain("Approbation des comptes");
    texts.forEach((t, i) => {
      expect(t).toContain(HEADER);
      expect(t).toContain(`page ${i + 1} / ${n}`);
      expect(t).toContain(NOTE);
    });
    // The explicit page break puts the annex on the last page, after the table.
    expect(texts[n - 1]).toContain("Annexe après saut de page.");
    expect(sizes[0]!.height).toBeGreaterThan(sizes[0]!.width);
  });

  it("is landscape when asked", async () => {
    const { sizes } = await pdfPages(await renderPdf(sample(true)));
    for (const s of sizes) expect(s.width).toBeGreaterThan(s.height);
  });

  it("is deterministic: same model, same bytes", async () => {
    const a = await renderPdf(sample());
    const b = await renderPdf(sample());
    expect(a.equals(b)).toBe(true);
  });

  it("writes the title and language in the metadata", async () => {
    const buf = await renderPdf(sample());
    const pdf = await open(buf);
    const meta = await pdf.getMetadata();
    const info = meta.info as Record<string, unknown>;
    expect(info.Title).toBe(`${PHRASE_TITLE} — Alliance du Val de Loire`);
    expect(info.Producer).toBe("Cogere");
    expect(info.Language).toBe("fr-FR");
    await pdf.destroy();
  });
});

describe("PDF layout", () => {
  /** Each page's lines as pdf.js reads them (a line ends where the text moves down). */
  async function lines(buf: Buffer): Promise<string[][]> {
    const pdf = await open(buf);
    const pages: string[][] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const items = (await (await pdf.getPage(i)).getTextContent()).items;
      pages.push(items.map((it) => ("str" in it ? it.str + (it.hasEOL ? "\n" : "") : "")).join("").replace(/\u00a0/g, " ").split("\n"));
    }
    await pdf.destroy();
    return pages;
  }
  const model = (blocks: DocumentModel["blocks"]): DocumentModel => ({ lang: "fr", title: "t", header: HEADER, pageLabel: "page {{page}} / {{total}}", blocks });

  it("never breaks a table header inside a word", async () => {
    const attendance = ["Collège", "Inscrits", "Présents", "À distance", "Représentés", "Par correspondance", "Absents"];
    const results = ["Collège", "Inscrits", "Votants", "Pour", "Contre", "Abstention", "Poids", "Poids effectif"];
    const { texts } = await pdfPages(
      await renderPdf(
        model([
          { type: "table", header: attendance, rows: [["Salariés et usagers", "14 (14)", "9 (9)", "1 (1)", "2 (2)", "1 (1)", "1 (1)"]], align: ["left", "right", "right", "right", "right", "right", "right"], widths: [3, 2, 2, 2, 2, 2, 2] },
          { type: "table", header: results, rows: [["Salariés et usagers", "14", "9", "7", "1", "1", "3/10 (30 %)", "307/600 (51,17 %)"]], align: ["left", "right", "right", "right", "right", "right", "right", "right"], widths: [3, 1, 1, 1, 1, 1, 2, 2] },
        ]),
      ),
    );
    const words = texts.join(" ").split(" ");
    for (const word of [...attendance, ...results].flatMap((h) => h.split(" "))) expect(words, word).toContain(word);
  });

  it("keeps amounts, « guillemets », n° and the French colon together across line ends", async () => {
    const text = Array.from({ length: 60 }, (_, i) => `${"x".repeat(1 + (i % 9))} pour 1 860 € selon la règle « AGO » n° 3 : adoptée`).join(" ");
    const pages = await lines(await renderPdf(model([{ type: "paragraph", runs: [{ text }] }, { type: "table", header: ["Objet"], rows: [[text.slice(0, 900)]], widths: [1] }])));
    const joined = pages.map((p) => p.join("\n")).join("\n");
    expect(joined.split("\n").length).toBeGreaterThan(30);
    expect(joined).not.toMatch(/«\s*\n|\n\s*»|\n\s*€|\d\s*\n\s*\d{3}\b|\n\s*:|n°\s*\n/);
    expect(joined.replace(/\n/g, " ")).toContain("pour 1 860 € selon la règle « AGO » n° 3 : adoptée");
  });

  it("repeats the header row of a table on every page it spans", async () => {
    const pages = (await pdfPages(await renderPdf(sample()))).texts;
    const withRows = pages.filter((p) => /Membre \d\d/.test(p));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    for (const page of withRows) expect(page.indexOf("Nom Collège Voix")).toBeLessThan(page.search(/Membre \d\d/));
    for (const page of withRows) expect(page.indexOf("Nom Collège Voix")).toBeGreaterThanOrEqual(0);
  });
});

describe("DOCX", () => {
  async function unzip(buf: Buffer) {
    const zip = await JSZip.loadAsync(buf);
    const read = (name: string) => zip.file(name)!.async("string");
    const names = Object.keys(zip.files);
    return { zip, read, names };
  }

  it("renders real headings, tables, header and page fields", async () => {
    const buf = await renderDocx(sample());
    expect(buf.subarray(0, 2).toString("latin1")).toBe("PK");
    const { read, names } = await unzip(buf);
    const xml = await read("word/document.xml");
    expect(xml).toContain("<w:tbl>");
    expect(xml).toContain('w:pStyle w:val="Title"');
    expect(xml).toContain('w:pStyle w:val="Heading1"');
    expect(xml).toContain('w:pStyle w:val="Heading2"');
    expect(xml).toContain('w:pStyle w:val="Heading3"');
    expect(xml).toContain("<w:tblHeader/>");
    expect(xml).toContain('<w:jc w:val="right"/>');
    expect(xml).toContain('<w:br w:type="page"/>');
    expect(xml).toContain("<w:numPr>");
    for (const phrase of [PHRASE_TITLE, PHRASE_RESOLUTION, PHRASE_MONEY, PHRASE_QUOTES, `30${NNBSP}%`, "Membre 60 Élodie Œuvrard", "1 830,00", "Marie Dupont"]) {
      expect(xml).toContain(phrase);
    }
    const footers = await Promise.all(names.filter((n) => /^word\/footer\d*\.xml$/.test(n)).map(read));
    expect(footers.join("")).toMatch(/PAGE/);
    expect(footers.join("")).toMatch(/NUMPAGES/);
    expect(footers.join("")).toContain(NOTE);
    const headers = await Promise.all(names.filter((n) => /^word\/header\d*\.xml$/.test(n)).map(read));
    expect(headers.join("")).toContain(HEADER);
    const styles = await read("word/styles.xml");
    expect(styles).toContain('w:lang w:val="fr-FR"');
    const core = await read("docProps/core.xml");
    expect(core).toContain("<dc:title>Procès-verbal de l’assemblée générale ordinaire — Alliance du Val de Loire</dc:title>");
  });

  it("is landscape when asked", async () => {
    const { read } = await unzip(await renderDocx(sample(true)));
    const xml = await read("word/document.xml");
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
  });

  it("is deterministic: same model, same bytes", async () => {
    const a = await renderDocx(sample());
    await new Promise((r) => setTimeout(r, 2100)); // zip timestamps have a 2-second resolution
    const b = await renderDocx(sample());
    expect(a.equals(b)).toBe(true);
  });
});

describe("Markdown", () => {
  it("renders a small model exactly", () => {
    const doc: DocumentModel = {
      lang: "fr",
      title: "PV",
      header: "ignored in Markdown",
      pageLabel: "page {{page}} / {{total}}",
      footerNote: "ignored too",
      blocks: [
        { type: "title", text: "Procès-verbal" },
        { type: "heading", level: 1, text: "Ouverture" },
        { type: "paragraph", runs: [{ text: "La résolution " }, { text: "n° 3", bold: true }, { text: " est " }, { text: "rejetée", italic: true }, { text: "." }] },
        { type: "list", items: [text("Comptes"), text("Budget")] },
        { type: "list", ordered: true, items: [text("Un"), text("Deux")] },
        { type: "pageBreak" },
        { type: "table", caption: "Votes", header: ["Collège", "Voix"], rows: [["Salariés", "12"], ["Entreprises", "8"]], align: ["left", "right"], footer: ["Total", "20"] },
        { type: "signatures", lines: [{ role: "Président de séance", name: "Marie Dupont" }] },
      ],
    };
    expect(renderMarkdown(doc)).toBe(
      [
        "# Procès-verbal",
        "",
        "## Ouverture",
        "",
        "La résolution **n° 3** est *rejetée*.",
        "",
        "- Comptes",
        "- Budget",
        "",
        "1. Un",
        "2. Deux",
        "",
        "**Votes**",
        "",
        "| Collège | Voix |",
        "| --- | ---: |",
        "| Salariés | 12 |",
        "| Entreprises | 8 |",
        "| **Total** | **20** |",
        "",
        "Président de séance : Marie Dupont",
        "",
        "Signature : ____________________",
        "",
      ].join("\n"),
    );
    expect(renderMarkdown({ ...doc, lang: "en", blocks: [{ type: "signatures", lines: [{ role: "Chair", name: "Marie Dupont" }] }] })).toBe(
      "Chair: Marie Dupont\n\nSignature: ____________________\n",
    );
  });

  it("escapes user text so that it cannot inject structure", () => {
    const md = renderMarkdown({
      lang: "fr",
      title: "t",
      header: "h",
      pageLabel: "",
      blocks: [
        { type: "paragraph", runs: text("# pas un titre, *pas d'italique*, a | b, <script>") },
        { type: "paragraph", runs: text("- pas une liste\n1. pas une liste numérotée") },
        { type: "table", header: ["a|b", "c"], rows: [["*x*", "#1"]] },
        { type: "heading", level: 2, text: "Titre [lien](x)" },
      ],
    });
    expect(md).toBe(
      [
        "\\# pas un titre, \\*pas d'italique\\*, a \\| b, \\<script\\>",
        "",
        "\\- pas une liste\\",
        "1\\. pas une liste numérotée",
        "",
        "| a\\|b | c |",
        "| --- | --- |",
        "| \\*x\\* | \\#1 |",
        "",
        "### Titre \\[lien\\](x)",
        "",
      ].join("\n"),
    );
  });

  it("is deterministic and ends with exactly one newline", () => {
    const a = renderMarkdown(sample());
    expect(a).toBe(renderMarkdown(sample()));
    expect(a.endsWith("\n")).toBe(true);
    expect(a.endsWith("\n\n")).toBe(false);
    expect(a).not.toContain(HEADER);
    expect(a).not.toContain(NOTE);
  });
});

describe("markdownToBlocks", () => {
  it("returns nothing for empty input", () => {
    expect(markdownToBlocks("")).toEqual([]);
    expect(markdownToBlocks("  \n\n ")).toEqual([]);
  });

  it("converts paragraphs with bold and italic runs, headings and lists", () => {
    const blocks = markdownToBlocks(
      "# Débat\n\nLe **budget** est *adopté* à l’unanimité.\n\n- premier\n  - imbriqué\n- second\n\n1. un\n2. deux\n\n### Incident",
    );
    expect(blocks).toEqual([
      { type: "heading", level: 3, text: "Débat" },
      {
        type: "paragraph",
        runs: [{ text: "Le " }, { text: "budget", bold: true }, { text: " est " }, { text: "adopté", italic: true }, { text: " à l’unanimité." }],
      },
      { type: "list", ordered: false, items: [text("premier"), text("imbriqué"), text("second")] },
      { type: "list", ordered: true, items: [text("un"), text("deux")] },
      { type: "heading", level: 3, text: "Incident" },
    ]);
  });

  it("keeps raw HTML as literal text and prints link addresses", () => {
    expect(markdownToBlocks("Attention <script>alert(1)</script> voir [les statuts](https://example.org/statuts).")).toEqual([
      { type: "paragraph", runs: text("Attention <script>alert(1)</script> voir les statuts (https://example.org/statuts).") },
    ]);
    expect(markdownToBlocks("<div onclick=\"x()\">bloc</div>")).toEqual([{ type: "paragraph", runs: text('<div onclick="x()">bloc</div>') }]);
  });

  it("turns fenced code and blockquotes into plain paragraphs, and tables into tables", () => {
    expect(markdownToBlocks("> cité **ici**\n\n```\nligne 1\nligne 2\n```\n\n| a | b |\n|---|--:|\n| 1 |  |")).toEqual([
      { type: "paragraph", runs: [{ text: "cité " }, { text: "ici", bold: true }] },
      { type: "paragraph", runs: text("ligne 1\nligne 2") },
      { type: "table", header: ["a", "b"], rows: [["1", ""]], align: ["left", "right"] },
    ]);
  });

  it("round-trips through the Markdown writer without losing escaped characters", () => {
    const blocks = markdownToBlocks("Montant : 5 * 3 \\# pas un titre");
    expect(blocks).toEqual([{ type: "paragraph", runs: text("Montant : 5 * 3 # pas un titre") }]);
    const md = renderMarkdown({ lang: "fr", title: "t", header: "h", pageLabel: "", blocks });
    expect(markdownToBlocks(md)).toEqual(blocks);
  });
});
