// Tables of the PDF writer, drawn directly rather than with pdfkit's table(): an attendance sheet
// has thousands of rows, and pdfkit measures every cell four times through its line wrapper,
// merges styles per cell and strokes a rectangle per cell (about 1 ms a row). Here each cell is
// measured once; a cell that fits on one line (nearly all) is written as a line of a page-wide
// text object, and only a cell that wraps goes through the wrapper. The grid is stroked once a page.
import type { Block } from "./document";
import { columnFractions } from "./document";
import { BODY_SIZE, contentWidth, ensureSpace, FONT, maxY, printable, TABLE_SIZE, writeRuns, type Doc } from "./pdf-base.server";
import { lineWordWidths, lineWriter, type Line } from "./pdf-lines.server";

const CELL_PADDING = { x: 4, y: 3 };
const BORDER = { width: 0.5, color: "#999999" };
const HEADER_FILL = "#e6e6e6";
// A cell whose width comes this close to its column's is left to the line wrapper, which sums
// rounded word widths: the two ways of measuring never disagree on whether it fits.
const FIT_MARGIN = 0.05;

interface Cell {
  text: string;
  bold: boolean;
  /** Width of the text on one line (measured once). */
  width: number;
  /** The text as one line, ready to write; null when it has line breaks. */
  line: Line | null;
}

/**
 * A cell's line box starts at the ascender, and the accent of a capital (É of Élodie) rises above
 * it into the border: the baseline is lowered to the top of the accented capitals (0.93–0.94 em),
 * and the descenders still fit within the line gap.
 */
const baseline = (bold: boolean) => -(bold ? 0.94 : 0.93) * TABLE_SIZE;

/** Cells of rows in one font. */
function measure(doc: Doc, lines: ReturnType<typeof lineWriter>, rows: string[][], columns: number, bold: boolean): Cell[][] {
  doc.fontSize(TABLE_SIZE);
  const font = bold ? FONT.bold : FONT.regular;
  return rows.map((r) =>
    Array.from({ length: columns }, (_, i) => {
      const text = printable(r[i] ?? "");
      const line = text && !text.includes("\n") ? lines.measure(text, font) : null;
      return { text, bold, width: line?.width ?? Infinity, line };
    }),
  );
}

/**
 * Column widths: the model's proportions, except that no column is narrower than its longest
 * word (bold in the header and footer), so that a header never breaks inside a word. When even
 * the longest words do not fit side by side, the proportions stand and pdfkit breaks words.
 */
function columnWidths(doc: Doc, rows: Cell[][], fractions: number[], width: number): number[] {
  const longest = fractions.map(() => 0);
  for (const bold of [true, false]) {
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(TABLE_SIZE);
    for (const row of rows) {
      row.forEach((cell, i) => {
        // A word is never wider than its whole cell: such cells cannot raise the column's minimum.
        if (cell.bold !== bold || !cell.text || cell.width <= longest[i]!) return;
        const words = cell.line ? lineWordWidths(cell.line) : cell.text.split(/[ \n]+/).map((w) => doc.widthOfString(w));
        for (const w of words) longest[i] = Math.max(longest[i]!, w);
      });
    }
  }
  const minimum = longest.map((w) => w + 2 * CELL_PADDING.x + 1);
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

export function table(doc: Doc, b: Extract<Block, { type: "table" }>): void {
  const left = doc.page.margins.left;
  const columns = Math.max(b.header.length, ...b.rows.map((r) => r.length), b.footer?.length ?? 0);
  if (columns === 0) return;
  const width = contentWidth(doc);
  const lines = lineWriter(doc);
  const [header] = measure(doc, lines, [b.header], columns, true) as [Cell[]];
  const body = measure(doc, lines, b.rows, columns, false);
  if (b.footer) body.push(measure(doc, lines, [b.footer], columns, true)[0]!);
  const widths = columnWidths(doc, [header, ...body], columnFractions(columns, b.widths), width);
  const inner = widths.map((w) => w - 2 * CELL_PADDING.x);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, w) => a + w, 0));
  const right = (i: number) => b.align?.[i] === "right";
  const lineHeight = { regular: 0, bold: 0 };
  doc.font(FONT.bold).fontSize(TABLE_SIZE);
  lineHeight.bold = doc.currentLineHeight(true);
  doc.font(FONT.regular);
  lineHeight.regular = doc.currentLineHeight(true);
  const fits = (c: Cell, i: number) => c.width <= inner[i]! - FIT_MARGIN;

  /** A row's height as the line wrapper lays it out, plus padding; the wrapper only runs for a cell that wraps. */
  const heightOf = (row: Cell[]) => {
    let h = 0;
    row.forEach((c, i) => {
      if (!c.text) return;
      if (fits(c, i)) {
        h = Math.max(h, c.bold ? lineHeight.bold : lineHeight.regular);
        return;
      }
      doc.font(c.bold ? FONT.bold : FONT.regular);
      h = Math.max(h, doc.heightOfString(c.text, { width: inner[i]!, align: right(i) ? "right" : "left", lineGap: 0 }));
    });
    return h + 2 * CELL_PADDING.y;
  };

  /** One page's part of the table: header background, text row by row, then the whole grid in one stroke. */
  const draw = (rows: { cells: Cell[]; height: number }[]) => {
    const top = doc.y;
    const total = rows.reduce((a, r) => a + r.height, 0);
    doc.save().fillColor(HEADER_FILL).rect(left, top, width, rows[0]!.height).fill().restore();
    doc.fillColor("black").fontSize(TABLE_SIZE);
    let y = top;
    for (const { cells, height } of rows) {
      cells.forEach((c, i) => {
        if (!c.text) return;
        const x = xs[i]! + CELL_PADDING.x;
        const ty = y + CELL_PADDING.y;
        if (c.line && fits(c, i)) {
          lines.write(c.line, right(i) ? x + inner[i]! - c.width : x, ty, -baseline(c.bold));
        } else {
          lines.end();
          // The wrapper stops at the cell's bottom instead of adding a page (with "…" if cut).
          doc.font(c.bold ? FONT.bold : FONT.regular);
          doc.text(c.text, x, ty, { width: inner[i]!, height: height - CELL_PADDING.y, ellipsis: true, align: right(i) ? "right" : "left", lineGap: 0, baseline: baseline(c.bold) });
        }
      });
      y += height;
    }
    lines.end();
    doc.save().lineWidth(BORDER.width).strokeColor(BORDER.color);
    y = top;
    for (const { height } of rows) {
      doc.moveTo(left, y).lineTo(left + width, y);
      y += height;
    }
    doc.moveTo(left, y).lineTo(left + width, y);
    for (const x of [...xs, left + width]) doc.moveTo(x, top).lineTo(x, top + total);
    doc.stroke().restore();
    doc.x = left;
    doc.y = top + total;
  };

  const headerHeight = heightOf(header);
  // A row taller than a page (a very long text) is cut to the page, as pdfkit's tables do.
  const tallest = maxY(doc) - doc.page.margins.top - headerHeight - 2;
  const rowHeight = (row: Cell[]) => Math.min(heightOf(row), tallest);
  const first = body[0] ? rowHeight(body[0]) : 0;
  // Caption, header row and a first row together, or on the next page.
  ensureSpace(doc, (b.caption ? 2 : 0) * BODY_SIZE * 1.4 + headerHeight + first + 2);
  if (b.caption) {
    writeRuns(doc, [{ text: b.caption, bold: true }], left, width);
    doc.moveDown(0.3);
  }
  doc.font(FONT.regular).fontSize(TABLE_SIZE);
  // One part per page, each opening with the header row.
  let page = [{ cells: header, height: headerHeight }];
  let y = doc.y + headerHeight;
  body.forEach((row, r) => {
    const h = r === 0 ? first : rowHeight(row);
    if (y + h + 1 >= maxY(doc) && page.length > 1) {
      draw(page);
      doc.addPage();
      page = [{ cells: header, height: headerHeight }];
      y = doc.y + headerHeight;
    }
    page.push({ cells: row, height: h });
    y += h;
  });
  draw(page);
  doc.x = left;
  doc.moveDown(0.6);
}
