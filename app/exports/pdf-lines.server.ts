// Single lines of text written many at a time (the cells of a long table): each line is encoded
// once (its glyphs, kerning and width), and a page's lines go into one text object with one font
// switch per change of font, where pdfkit's text() would measure each line three times and wrap
// it in its own graphics state and text object. The glyphs, kerning and positions written are
// those pdfkit's text() writes.
// This uses pdfkit internals (the current font's encoder, the page's font resources; pdfkit is
// pinned to an exact version). Where they are missing the writer falls back to text(), which
// prints the same.
import type { Doc } from "./pdf-base.server";

interface Position {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}

interface Font {
  id: string;
  encode(text: string): [string[], Position[]];
  ref(): unknown;
}

interface Internals {
  _font?: Font;
  _fontSize: number;
  page: { height: number; fonts?: Record<string, unknown> };
  addContent(s: string): unknown;
}

/** A line of text measured in one font, ready to write. */
export interface Line {
  text: string;
  font: string;
  width: number;
  glyphs: { hex: string[]; positions: Position[]; font: Font; size: number } | null;
}

/** Numbers as pdfkit writes them in content streams. */
const num = (n: number) => String(Math.round(n * 1e6) / 1e6);

/** The TJ operand pdfkit writes: glyph codes, split wherever kerning moves the next glyph. */
function showText(hex: string[], positions: Position[]): string {
  const parts: string[] = [];
  let last = 0;
  const segment = (end: number) => {
    if (last >= end) return;
    const p = positions[end - 1]!;
    parts.push(`<${hex.slice(last, end).join("")}> ${num(-(p.xAdvance - p.advanceWidth))}`);
    last = end;
  };
  for (let i = 0; i < positions.length; i++) if (positions[i]!.xAdvance - positions[i]!.advanceWidth !== 0) segment(i + 1);
  segment(positions.length);
  return `[${parts.join(" ")}] TJ`;
}

/**
 * The width of each word of a measured line (words split at spaces), from its glyphs: what
 * widthOfString gives for the word alone (the kerning of its last glyph with the space after it
 * left out).
 */
export function lineWordWidths(line: Line): number[] {
  if (!line.glyphs) return [line.width];
  const { positions } = line.glyphs;
  const scale = line.glyphs.size / 1000;
  const widths: number[] = [];
  let w = 0;
  for (let i = 0; i <= line.text.length; i++) {
    if (i === line.text.length || line.text[i] === " ") {
      widths.push(w * scale);
      w = 0;
      continue;
    }
    const p = positions[i]!;
    w += i + 1 === line.text.length || line.text[i + 1] === " " ? p.advanceWidth : p.xAdvance;
  }
  return widths;
}

export function lineWriter(doc: Doc) {
  const internals = doc as unknown as Internals;
  const usable = () => typeof internals.addContent === "function" && typeof internals._font?.encode === "function" && typeof internals._font.ref === "function" && internals.page.fonts != null;
  let open = false;
  let current: Font | null = null;
  let size = 0;

  /** Closes the text object; call before drawing anything else or changing page. */
  const end = () => {
    if (!open) return;
    internals.addContent("ET");
    doc.restore();
    open = false;
  };

  // A table repeats a few texts on every row (statuses, weights): each is encoded once.
  const seen = new Map<string, Line>();

  /** Measures `text` in `font` at the document's font size (the font becomes current). */
  const measure = (text: string, font: string): Line => {
    doc.font(font);
    const key = `${font}\u0000${internals._fontSize}\u0000${text}`;
    const known = seen.get(key);
    if (known) return known;
    const line = encode(text, font);
    seen.set(key, line);
    return line;
  };

  const encode = (text: string, font: string): Line => {
    const f = internals._font;
    if (!usable() || !f) return { text, font, width: doc.widthOfString(text), glyphs: null };
    const [hex, positions] = f.encode(text);
    // Glyph offsets never occur with the standard fonts; text() handles them if they did.
    if (positions.some((p) => p.xOffset || p.yOffset)) return { text, font, width: doc.widthOfString(text), glyphs: null };
    let advance = 0;
    for (const p of positions) advance += p.xAdvance;
    return { text, font, width: (advance * internals._fontSize) / 1000, glyphs: { hex, positions, font: f, size: internals._fontSize } };
  };

  /** Writes a measured line with its top at (x, y) and its baseline `drop` below. */
  const write = (line: Line, x: number, y: number, drop: number) => {
    if (!line.glyphs) {
      end();
      doc.font(line.font).text(line.text, x, y, { lineBreak: false, baseline: -drop });
      return;
    }
    const { hex, positions, font } = line.glyphs;
    if (!open) {
      // Text space with the y axis up again (pdfkit flips the page's), as text() does per line.
      doc.save();
      doc.transform(1, 0, 0, -1, 0, internals.page.height);
      internals.addContent("BT");
      open = true;
      current = null;
    }
    if (current !== font || size !== internals._fontSize) {
      internals.page.fonts![font.id] ??= font.ref();
      internals.addContent(`/${font.id} ${num(internals._fontSize)} Tf`);
      current = font;
      size = internals._fontSize;
    }
    internals.addContent(`1 0 0 1 ${num(x)} ${num(internals.page.height - y - drop)} Tm`);
    internals.addContent(showText(hex, positions));
  };

  return { measure, write, end };
}
