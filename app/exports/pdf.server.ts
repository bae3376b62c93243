// PDF writer for the document model, with pdfkit and the 14 standard fonts (Helvetica): the text
// stays real, searchable and copyable, and no font file has to ship with the app.
// Deterministic: fixed dates in the info dictionary make the file ID (an MD5 of the info) fixed
// too, and nothing else in pdfkit's output depends on time or chance for standard fonts.
import PDFDocument from "pdfkit";
import type { Block, DocumentModel, Run } from "./document";
import { columnFractions, fillPageLabel, mergeRuns } from "./document";

const MARGIN = 56;
const BODY_SIZE = 10.5;
const TABLE_SIZE = 9;
const GREY = "#555555";
const FIXED_DATE = new Date(0);

const FONT = {
  regular: "Helvetica",
  bold: "Helvetica-Bold",
  italic: "Helvetica-Oblique",
  boldItalic: "Helvetica-BoldOblique",
} as const;

// Characters of Windows-1252 above Latin-1's printable range (0x80–0x9F): the standard fonts
// are WinAnsi-encoded, so these are printable even though their code points are far away.
const CP1252_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

const REPLACEMENTS: Record<string, string> = {
  "\u202f": "\u00a0", // narrow no-break space (French "30 %", « … »): keep it unbreakable
  "\u2009": "\u00a0",
  "\u2007": "\u00a0",
  "\u2002": " ",
  "\u2003": " ",
  "\t": " ",
  "\u2010": "-",
  "\u2011": "-",
  "\u2212": "-",
  "\u2192": "->",
  "\u2190": "<-",
  "\u2265": ">=",
  "\u2264": "<=",
  "\u2260": "!=",
  "\u200b": "",
  "\u2060": "",
  "\ufeff": "",
};

/**
 * Makes a string printable with a WinAnsi standard font: NFC first (a decomposed "é" would
 * otherwise lose its accent), then known substitutes, and "?" for anything else outside
 * Windows-1252 — pdfkit would silently print a wrong glyph instead.
 */
export function toWinAnsi(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFC")) {
    const rep = REPLACEMENTS[ch];
    if (rep !== undefined) {
      out += rep;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    if (ch === "\n" || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || CP1252_EXTRA.has(ch)) out += ch;
    else if (cp < 0x20 || cp === 0x7f) continue; // other control characters print nothing
    else out += "?";
  }
  return out;
}

const NBSP = "\u00a0";

/**
 * French typography the line breaker must respect: no line end inside an amount ("1 860 €"),
 * after « or n°, or before », :, ;, !, ?, % and €. Applied to text already made WinAnsi.
 */
export function keepTogether(s: string): string {
  return s
    .replace(/(\d) (?=\d{3}(?!\d))/g, `$1${NBSP}`)
    .replace(/ (?=[:;!?»%€])/g, NBSP)
    .replace(/([«°]) /g, `$1${NBSP}`);
}

/** Text as the PDF writer prints it. */
const printable = (s: string) => keepTogether(toWinAnsi(s));

function fontOf(r: { bold?: boolean; italic?: boolean }): string {
  if (r.bold && r.italic) return FONT.boldItalic;
  if (r.bold) return FONT.bold;
  if (r.italic) return FONT.italic;
  return FONT.regular;
}

type Doc = PDFKit.PDFDocument;

const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const maxY = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when less than `height` is left, so that a block is not cut at its start. */
function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > maxY(doc)) doc.addPage();
}

/** Writes runs as one wrapped paragraph at (x, current y), styles switching via `continued`. */
function writeRuns(doc: Doc, runs: Run[], x: number, width: number, size = BODY_SIZE): void {
  const merged = mergeRuns(runs.map((r) => ({ ...r, text: toWinAnsi(r.text) }))).map((r) => ({ ...r, text: keepTogether(r.text) }));
  if (merged.length === 0) return;
  doc.fillColor("black").fontSize(size);
  merged.forEach((r, i) => {
    doc.font(fontOf(r));
    const options = { width, continued: i < merged.length - 1, lineGap: 1.5 };
    if (i === 0) doc.text(r.text, x, doc.y, options);
    else doc.text(r.text, options);
  });
}

function heading(doc: Doc, text: string, size: number, before: number): void {
  doc.moveDown(before);
  doc.font(FONT.bold).fontSize(size);
  const h = doc.heightOfString(printable(text), { width: contentWidth(doc) });
  // Keep a heading with at least two lines of what follows.
  ensureSpace(doc, h + 2.5 * BODY_SIZE * 1.3);
  doc.fillColor("black").text(printable(text), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
}

function list(doc: Doc, b: Extract<Block, { type: "list" }>): void {
  const left = doc.page.margins.left;
  const indent = b.ordered ? 22 : 16;
  b.items.forEach((item, i) => {
    doc.font(FONT.regular).fontSize(BODY_SIZE);
    // The marker and the first line of its item must land on the same page.
    ensureSpace(doc, doc.currentLineHeight(true) + 2);
    const y = doc.y;
    doc.fillColor("black").text(b.ordered ? `${i + 1}.` : "\u2022", left + 4, y, { width: indent - 4, lineBreak: false });
    doc.y = y;
    // An empty item still takes its line, else the next marker would overprint this one.
    const runs = item.some((r) => r.text !== "") ? item : [{ text: "\u00a0" }];
    writeRuns(doc, runs, left + 4 + indent, contentWidth(doc) - 4 - indent);
    doc.moveDown(0.2);
  });
  doc.x = left;
}

const CELL_PADDING = { x: 4, y: 3 };

/**
 * Column widths: the model's proportions, except that no column is narrower than its longest
 * word (bold in the header and footer), so that a header never breaks inside a word. When even
 * the longest words do not fit side by side, the proportions stand and pdfkit breaks words.
 */
function columnWidths(doc: Doc, cells: { text: string; bold: boolean }[][], fractions: number[], width: number): number[] {
  const minimum = fractions.map((_, i) => {
    let longest = 0;
    for (const row of cells) {
      const cell = row[i];
      if (!cell) continue;
      doc.font(cell.bold ? FONT.bold : FONT.regular).fontSize(TABLE_SIZE);
      for (const word of cell.text.split(/[ \n]+/)) longest = Math.max(longest, doc.widthOfString(word));
    }
    return longest + 2 * CELL_PADDING.x + 1;
  });
  if (minimum.reduce((a, b) => a + b, 0) > width) return fractions.map((f) => f * width);
  // Columns held at their minimum leave the rest of the width to the others, in proportion.
  const fixed = new Set<number>();
  for (;;) {
    const free = width - [...fixed].reduce((a, i) => a + minimum[i]!, 0);
    const share = fractions.reduce((a, f, i) => (fixed.has(i) ? a : a + f), 0);
    const widths = fractions.map((f, i) => (fixed.has(i) ? minimum[i]! : (f / share) * free));
    const short = widths.findIndex((w, i) => !fixed.has(i) && w < minimum[i]!);
    if (short < 0) return widths;
    fixed.add(short);
  }
}

function table(doc: Doc, b: Extract<Block, { type: "table" }>): void {
  const left = doc.page.margins.left;
  const columns = Math.max(b.header.length, ...b.rows.map((r) => r.length), b.footer?.length ?? 0);
  if (columns === 0) return;
  const width = contentWidth(doc);
  const cells = (r: string[], bold: boolean) => Array.from({ length: columns }, (_, i) => ({ text: printable(r[i] ?? ""), bold }));
  const header = cells(b.header, true);
  const body = [...b.rows.map((r) => cells(r, false)), ...(b.footer ? [cells(b.footer, true)] : [])];
  const widths = columnWidths(doc, [header, ...body], columnFractions(columns, b.widths), width);
  // pdfkit clips cell text to its line boxes, which start at the ascender: the accent of a
  // capital (É of Élodie) rises above it and would be cut off. Lowering the baseline to the
  // top of the accented capitals (0.93–0.94 em) fits them, and the descenders still fit
  // within the line gap below.
  const textOptions = (bold: boolean) => ({ baseline: -(bold ? 0.94 : 0.93) * TABLE_SIZE });
  /** A row's height as pdfkit's table measures it (text bounds, measured twice as it does, plus padding). */
  const heightOf = (row: { text: string; bold: boolean }[]) => {
    const { x, y } = doc; // boundsOfString leaves the cursor where it measured
    const h = Math.max(
      ...row.map((c, i) => {
        if (!c.text) return 0;
        doc.font(c.bold ? FONT.bold : FONT.regular).fontSize(TABLE_SIZE);
        const options = { align: b.align?.[i] === "right" ? "right" : "left", ellipsis: true, width: widths[i]! - 2 * CELL_PADDING.x, height: doc.page.height, ...textOptions(c.bold) } as const;
        const first = doc.boundsOfString(c.text, 0, 0, options);
        return doc.boundsOfString(c.text, 0, 0, { ...options, width: first.width, height: first.height }).height;
      }),
    );
    doc.x = x;
    doc.y = y;
    return h + 2 * CELL_PADDING.y;
  };
  const draw = (rows: { text: string; bold: boolean }[][]) => {
    doc.fillColor("black").font(FONT.regular).fontSize(TABLE_SIZE);
    doc.x = left;
    doc.table({
      position: { x: left, y: doc.y },
      maxWidth: width,
      columnStyles: (i: number) => ({ width: widths[i] ?? 0, align: { x: b.align?.[i] === "right" ? "right" : "left", y: "top" } }),
      defaultStyle: { border: 0.5, borderColor: "#999999", padding: [CELL_PADDING.y, CELL_PADDING.x] },
      data: rows.map((row, r) =>
        row.map((c) => ({ text: c.text, ...(c.bold ? { font: { src: FONT.bold } } : {}), ...(r === 0 ? { backgroundColor: "#e6e6e6" } : {}), textOptions: textOptions(c.bold) })),
      ),
    });
  };
  const headerHeight = heightOf(header);
  // Caption, header row and a first row together, or on the next page.
  ensureSpace(doc, (b.caption ? 2 : 0) * BODY_SIZE * 1.4 + headerHeight + (body[0] ? heightOf(body[0]) : 0) + 2);
  if (b.caption) {
    writeRuns(doc, [{ text: b.caption, bold: true }], left, width);
    doc.moveDown(0.3);
  }
  // One pdfkit table per page, each opening with the header row.
  let page: { text: string; bold: boolean }[][] = [header];
  let y = doc.y + headerHeight;
  for (const row of body) {
    const h = heightOf(row);
    if (y + h + 1 >= maxY(doc) && page.length > 1) {
      draw(page);
      doc.addPage();
      page = [header];
      y = doc.y + headerHeight;
    }
    page.push(row);
    y += h;
  }
  draw(page);
  doc.x = left;
  doc.moveDown(0.6);
}

function signatures(doc: Doc, b: Extract<Block, { type: "signatures" }>): void {
  const left = doc.page.margins.left;
  const gap = 16;
  const pad = 8;
  const space = 60; // blank space to sign
  const boxWidth = (contentWidth(doc) - gap) / 2;
  const inner = boxWidth - 2 * pad;
  doc.moveDown(0.8);
  for (let i = 0; i < b.lines.length; i += 2) {
    const pair = b.lines.slice(i, i + 2);
    const heights = pair.map((l) => {
      doc.font(FONT.bold).fontSize(BODY_SIZE);
      const hr = doc.heightOfString(printable(l.role), { width: inner });
      doc.font(FONT.regular);
      const hn = doc.heightOfString(printable(l.name), { width: inner });
      return pad + hr + 2 + hn + space + pad;
    });
    const h = Math.max(...heights);
    ensureSpace(doc, h);
    const y = doc.y;
    pair.forEach((l, j) => {
      const x = left + j * (boxWidth + gap);
      doc.save().lineWidth(0.5).strokeColor("#999999").rect(x, y, boxWidth, h).stroke().restore();
      doc.fillColor("black").font(FONT.bold).fontSize(BODY_SIZE);
      doc.text(printable(l.role), x + pad, y + pad, { width: inner });
      doc.font(FONT.regular).text(printable(l.name), x + pad, doc.y + 2, { width: inner });
    });
    doc.x = left;
    doc.y = y + h + gap;
  }
}

function block(doc: Doc, b: Block): void {
  const left = doc.page.margins.left;
  switch (b.type) {
    case "title":
      doc.font(FONT.bold).fontSize(17);
      doc.fillColor("black").text(printable(b.text), left, doc.y, { width: contentWidth(doc) });
      doc.moveDown(0.6);
      break;
    case "heading":
      heading(doc, b.text, b.level === 1 ? 14 : b.level === 2 ? 12.5 : 11.5, b.level === 1 ? 0.6 : 0.4);
      break;
    case "paragraph":
      writeRuns(doc, b.runs, left, contentWidth(doc));
      doc.moveDown(0.5);
      break;
    case "list":
      list(doc, b);
      doc.moveDown(0.3);
      break;
    case "table":
      table(doc, b);
      break;
    case "signatures":
      signatures(doc, b);
      break;
    case "pageBreak":
      doc.addPage();
      break;
  }
}

/** Running header and footer, written once the page count is known. */
function headersAndFooters(doc: Doc, model: DocumentModel): void {
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { left } = doc.page.margins;
    const width = contentWidth(doc);
    // Writing below the bottom margin would make pdfkit add a page: lift the margin meanwhile.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(8).fillColor(GREY);
    doc.text(printable(model.header), left, MARGIN / 2, { width, height: 10, ellipsis: true });
    const label = toWinAnsi(fillPageLabel(model.pageLabel, i - range.start + 1, total));
    const footerY = doc.page.height - MARGIN + 16;
    const labelWidth = 90;
    doc.text(label, left + width - labelWidth, footerY, { width: labelWidth, align: "right", lineBreak: false });
    if (model.footerNote) {
      doc.fontSize(7.5).text(printable(model.footerNote), left, footerY, { width: width - labelWidth - 10, height: 24 });
    }
    doc.page.margins.bottom = bottom;
  }
}

export function renderPdf(model: DocumentModel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      layout: model.landscape ? "landscape" : "portrait",
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      bufferPages: true,
      lang: model.lang === "fr" ? "fr-FR" : "en-GB",
      displayTitle: true,
      font: FONT.regular,
      info: {
        Title: model.title,
        Producer: "Cogere",
        Creator: "Cogere",
        CreationDate: FIXED_DATE,
        ModDate: FIXED_DATE,
      },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    try {
      for (const b of model.blocks) block(doc, b);
      headersAndFooters(doc, model);
      doc.end();
    } catch (e) {
      reject(e);
    }
  });
}
