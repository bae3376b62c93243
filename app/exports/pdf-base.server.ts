// What the PDF writers share: the standard fonts, text made printable with them, page geometry
// and wrapped runs. Type-only use of pdfkit: the library itself is loaded by renderPdf, on demand.
import type { Run } from "./document";
import { mergeRuns } from "./document";

export const MARGIN = 56;
export const BODY_SIZE = 10.5;
export const TABLE_SIZE = 9;
export const GREY = "#555555";

export const FONT = {
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

// Text already printable as it is (the common case: names, figures): checked by one regex
// instead of a loop over characters.
const PLAIN = /^[\n\x20-\x7e\xa0-\xff]*$/;

/**
 * Makes a string printable with a WinAnsi standard font: NFC first (a decomposed "é" would
 * otherwise lose its accent), then known substitutes, and "?" for anything else outside
 * Windows-1252 — pdfkit would silently print a wrong glyph instead.
 */
export function toWinAnsi(s: string): string {
  const nfc = s.normalize("NFC");
  if (PLAIN.test(nfc)) return nfc;
  let out = "";
  for (const ch of nfc) {
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
/** Whether keepTogether has anything to do: a space before a digit or a sign, or after « or °. */
const MAY_BREAK_BADLY = / [\d:;!?»%€]|[«°] /;

/**
 * French typography the line breaker must respect: no line end inside an amount ("1 860 €"),
 * after « or n°, or before », :, ;, !, ?, % and €. Applied to text already made WinAnsi.
 */
export function keepTogether(s: string): string {
  if (!MAY_BREAK_BADLY.test(s)) return s;
  return s
    .replace(/(\d) (?=\d{3}(?!\d))/g, `$1${NBSP}`)
    .replace(/ (?=[:;!?»%€])/g, NBSP)
    .replace(/([«°]) /g, `$1${NBSP}`);
}

/** Text as the PDF writer prints it. */
export const printable = (s: string) => keepTogether(toWinAnsi(s));

export function fontOf(r: { bold?: boolean; italic?: boolean }): string {
  if (r.bold && r.italic) return FONT.boldItalic;
  if (r.bold) return FONT.bold;
  if (r.italic) return FONT.italic;
  return FONT.regular;
}

export type Doc = PDFKit.PDFDocument;

export const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
export const maxY = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when less than `height` is left, so that a block is not cut at its start. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > maxY(doc)) doc.addPage();
}

/** Writes runs as one wrapped paragraph at (x, current y), styles switching via `continued`. */
export function writeRuns(doc: Doc, runs: Run[], x: number, width: number, size = BODY_SIZE): void {
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
