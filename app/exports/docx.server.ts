// DOCX writer for the document model, with the `docx` package: real Word headings, lists,
// tables (header row repeated on each page) and page fields in the footer.
// Deterministic: docx stamps docProps/core.xml and every zip entry with the current time, so we
// replace core.xml with fixed dates and rewrite the zip timestamps (see fixZipTimestamps).
// docx is imported when a file is rendered, not when the server starts: the writers below
// receive the module (`d`) and use its classes; types come from a type-only import.
import type * as Docx from "docx";
import type { Paragraph, Table, TableRow, TextRun } from "docx";
import type { Block, DocumentModel, Run } from "./document";
import { columnFractions, mergeRuns, pageLabelParts } from "./document";

// A4 in twentieths of a point, 2 cm margins.
const A4_WIDTH = 11906;
const A4_HEIGHT = 16838;
const MARGIN = 1134;
const GREY = "666666";

/** Characters XML 1.0 forbids (control characters, lone surrogates) would make Word refuse the file. */
function xmlSafe(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "");
}

/** A run per line: a newline in the model is a line break inside the paragraph. */
function textRuns(d: typeof Docx, r: Run, extra: { size?: number; color?: string } = {}): TextRun[] {
  return xmlSafe(r.text.replace(/\t/g, " "))
    .split("\n")
    .map(
      (line, i) =>
        new d.TextRun({
          text: line,
          ...(r.bold ? { bold: true } : {}),
          ...(r.italic ? { italics: true } : {}),
          ...(i > 0 ? { break: 1 } : {}),
          ...extra,
        }),
    );
}

const runsOf = (d: typeof Docx, runs: Run[]) => mergeRuns(runs).flatMap((r) => textRuns(d, r));

function table(d: typeof Docx, b: Extract<Block, { type: "table" }>, contentWidth: number): (Paragraph | Table)[] {
  const columns = Math.max(b.header.length, ...b.rows.map((r) => r.length), b.footer?.length ?? 0);
  if (columns === 0) return [];
  const fractions = columnFractions(columns, b.widths);
  const row = (r: string[], kind: "header" | "body" | "footer") =>
    new d.TableRow({
      ...(kind === "header" ? { tableHeader: true } : {}),
      cantSplit: true,
      children: Array.from(
        { length: columns },
        (_, i) =>
          new d.TableCell({
            width: { size: Math.round((fractions[i] ?? 0) * 10000) / 100, type: d.WidthType.PERCENTAGE },
            ...(kind === "header" ? { shading: { type: d.ShadingType.CLEAR, color: "auto", fill: "E6E6E6" } } : {}),
            children: [
              new d.Paragraph({
                alignment: b.align?.[i] === "right" ? d.AlignmentType.RIGHT : d.AlignmentType.LEFT,
                children: textRuns(d, { text: r[i] ?? "", bold: kind !== "body" }),
              }),
            ],
          }),
      ),
    });
  const out: (Paragraph | Table)[] = [];
  if (b.caption) {
    out.push(new d.Paragraph({ keepNext: true, spacing: { before: 120, after: 60 }, children: textRuns(d, { text: b.caption, bold: true }) }));
  }
  out.push(
    new d.Table({
      width: { size: 100, type: d.WidthType.PERCENTAGE },
      // Fixed layout: the columns keep the model's widths instead of following their content.
      layout: d.TableLayoutType.FIXED,
      // The grid in twips too: LibreOffice lays out from it rather than from cell percentages.
      columnWidths: fractions.map((f) => Math.round(f * contentWidth)),
      rows: [row(b.header, "header"), ...b.rows.map((r) => row(r, "body")), ...(b.footer ? [row(b.footer, "footer")] : [])],
    }),
  );
  // Word glues consecutive tables together: a paragraph keeps them apart.
  out.push(new d.Paragraph({ children: [] }));
  return out;
}

function signatures(d: typeof Docx, b: Extract<Block, { type: "signatures" }>, contentWidth: number): (Paragraph | Table)[] {
  if (b.lines.length === 0) return [];
  const cell = (l?: { role: string; name: string }) =>
    new d.TableCell({
      width: { size: 50, type: d.WidthType.PERCENTAGE },
      margins: { top: 120, bottom: 120, left: 120, right: 120 },
      children: l
        ? [
            new d.Paragraph({ children: textRuns(d, { text: l.role, bold: true }) }),
            new d.Paragraph({ children: textRuns(d, { text: l.name }) }),
            // About 60 pt of blank space to sign.
            new d.Paragraph({ spacing: { before: 1200 }, children: [] }),
          ]
        : [new d.Paragraph({ children: [] })],
    });
  const rows: TableRow[] = [];
  for (let i = 0; i < b.lines.length; i += 2) {
    rows.push(new d.TableRow({ cantSplit: true, children: [cell(b.lines[i]), cell(b.lines[i + 1])] }));
  }
  const border = { style: d.BorderStyle.SINGLE, size: 4, color: "999999" };
  return [
    new d.Paragraph({ spacing: { before: 240 }, children: [] }),
    new d.Table({
      width: { size: 100, type: d.WidthType.PERCENTAGE },
      layout: d.TableLayoutType.FIXED,
      columnWidths: [Math.round(contentWidth / 2), Math.round(contentWidth / 2)],
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
      rows,
    }),
  ];
}

function block(d: typeof Docx, b: Block, ctx: { contentWidth: number; lists: number }): (Paragraph | Table)[] {
  switch (b.type) {
    case "title":
      return [new d.Paragraph({ heading: d.HeadingLevel.TITLE, children: textRuns(d, { text: b.text }) })];
    case "heading": {
      const level = { 1: d.HeadingLevel.HEADING_1, 2: d.HeadingLevel.HEADING_2, 3: d.HeadingLevel.HEADING_3 }[b.level];
      return [new d.Paragraph({ heading: level, keepNext: true, children: textRuns(d, { text: b.text }) })];
    }
    case "paragraph":
      return [new d.Paragraph({ spacing: { after: 120 }, children: runsOf(d, b.runs) })];
    case "list": {
      // Each ordered list is its own numbering instance, so that it restarts at 1.
      const instance = ++ctx.lists;
      return b.items.map(
        (item, i) =>
          new d.Paragraph({
            numbering: { reference: b.ordered ? "ordered" : "bullets", level: 0, instance },
            spacing: { after: i === b.items.length - 1 ? 120 : 40 },
            children: runsOf(d, item),
          }),
      );
    }
    case "table":
      return table(d, b, ctx.contentWidth);
    case "signatures":
      return signatures(d, b, ctx.contentWidth);
    case "pageBreak":
      return [new d.Paragraph({ children: [new d.PageBreak()] })];
  }
}

function escapeXml(s: string): string {
  return xmlSafe(s).replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);
}

/** docProps/core.xml as docx writes it, but with fixed dates instead of the current time. */
function coreXml(model: DocumentModel): string {
  const date = "1970-01-01T00:00:00Z";
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
    `xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${escapeXml(model.title)}</dc:title><dc:creator>Cogere</dc:creator>` +
    `<cp:lastModifiedBy>Cogere</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dc:language>${model.lang === "fr" ? "fr-FR" : "en-GB"}</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified>` +
    `</cp:coreProperties>`
  );
}

/**
 * Sets the DOS date and time of every zip entry (local headers and central directory) to
 * 1980-01-01 00:00, the zip epoch. Only these fields change: the CRCs cover the data alone.
 */
function fixZipTimestamps(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("docx: end of central directory not found");
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  const DOS_TIME = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1;
  for (let i = 0; i < entries; i++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error("docx: bad central directory entry");
    out.writeUInt16LE(DOS_TIME, p + 12);
    out.writeUInt16LE(DOS_DATE, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error("docx: bad local file header");
    out.writeUInt16LE(DOS_TIME, local + 10);
    out.writeUInt16LE(DOS_DATE, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

export async function renderDocx(model: DocumentModel): Promise<Buffer> {
  const d = await import("docx");
  const language = model.lang === "fr" ? "fr-FR" : "en-GB";
  const pageWidth = model.landscape ? A4_HEIGHT : A4_WIDTH;
  const ctx = { contentWidth: pageWidth - 2 * MARGIN, lists: 0 };
  const children = model.blocks.flatMap((b) => block(d, b, ctx));

  const label = pageLabelParts(model.pageLabel).map((p) =>
    typeof p === "string" ? xmlSafe(p) : p.field === "page" ? d.PageNumber.CURRENT : d.PageNumber.TOTAL_PAGES,
  );
  const footer: Paragraph[] = [];
  if (model.footerNote) {
    footer.push(new d.Paragraph({ children: textRuns(d, { text: model.footerNote }, { size: 15, color: GREY }) }));
  }
  footer.push(new d.Paragraph({ alignment: d.AlignmentType.RIGHT, children: [new d.TextRun({ children: label, size: 16, color: GREY })] }));

  const indent = { left: 540, hanging: 300 };
  const document = new d.Document({
    title: model.title,
    creator: "Cogere",
    styles: { default: { document: { run: { language: { value: language }, size: 21 } } } },
    numbering: {
      config: [
        {
          reference: "bullets",
          levels: [{ level: 0, format: d.LevelFormat.BULLET, text: "\u2022", alignment: d.AlignmentType.LEFT, style: { paragraph: { indent } } }],
        },
        {
          reference: "ordered",
          levels: [{ level: 0, format: d.LevelFormat.DECIMAL, text: "%1.", alignment: d.AlignmentType.LEFT, style: { paragraph: { indent } } }],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            // docx swaps width and height itself for landscape.
            size: {
              width: A4_WIDTH,
              height: A4_HEIGHT,
              orientation: model.landscape ? d.PageOrientation.LANDSCAPE : d.PageOrientation.PORTRAIT,
            },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 567, footer: 567 },
          },
        },
        headers: {
          default: new d.Header({ children: [new d.Paragraph({ children: textRuns(d, { text: model.header }, { size: 16, color: GREY }) })] }),
        },
        footers: { default: new d.Footer({ children: footer }) },
        children,
      },
    ],
  });
  const buffer = await d.Packer.toBuffer(document, false, [{ path: "docProps/core.xml", data: coreXml(model) }]);
  return fixZipTimestamps(buffer);
}
