// PDF writer for the document model, with pdfkit and the 14 standard fonts (Helvetica): the text
// stays real, searchable and copyable, and no font file has to ship with the app.
// Deterministic: fixed dates in the info dictionary make the file ID (an MD5 of the info) fixed
// too, and nothing else in pdfkit's output depends on time or chance for standard fonts.
// pdfkit is imported when a PDF is rendered, not when the server starts (most never render one).
import type { Block, DocumentModel } from "./document";
import { fillPageLabel } from "./document";
import { BODY_SIZE, contentWidth, ensureSpace, FONT, GREY, MARGIN, printable, toWinAnsi, writeRuns, type Doc } from "./pdf-base.server";
import { table } from "./pdf-table.server";

export { keepTogether, toWinAnsi } from "./pdf-base.server";

const FIXED_DATE = new Date(0);

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
  const header = printable(model.header);
  const note = model.footerNote ? printable(model.footerNote) : null;
  const labelWidth = 90;
  // The same texts on every page: when one fits on a line (the usual case) it is written as that
  // line, without running the line wrapper on each of hundreds of pages.
  const oneLine = (text: string, size: number, width: number) => !/\s$|\n/.test(text) && doc.font(FONT.regular).fontSize(size).widthOfString(text) < width - 0.05;
  const headerFits = oneLine(header, 8, contentWidth(doc));
  const noteFits = note != null && oneLine(note, 7.5, contentWidth(doc) - labelWidth - 10);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { left } = doc.page.margins;
    const width = contentWidth(doc);
    // Writing below the bottom margin would make pdfkit add a page: lift the margin meanwhile.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(8).fillColor(GREY);
    doc.text(header, left, MARGIN / 2, headerFits ? { lineBreak: false } : { width, height: 10, ellipsis: true });
    const label = toWinAnsi(fillPageLabel(model.pageLabel, i - range.start + 1, total));
    const footerY = doc.page.height - MARGIN + 16;
    const labelFits = doc.widthOfString(label) < labelWidth - 0.05;
    if (labelFits) doc.text(label, left + width - doc.widthOfString(label), footerY, { lineBreak: false });
    else doc.text(label, left + width - labelWidth, footerY, { width: labelWidth, align: "right", lineBreak: false });
    if (note != null) {
      doc.fontSize(7.5).text(note, left, footerY, noteFits ? { lineBreak: false } : { width: width - labelWidth - 10, height: 24 });
    }
    doc.page.margins.bottom = bottom;
  }
}

export async function renderPdf(model: DocumentModel): Promise<Buffer> {
  const { default: PDFDocument } = await import("pdfkit");
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
