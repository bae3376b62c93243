// Neutral document model rendered to Markdown, PDF and DOCX (app/exports/*.ts).
// Pure types and tiny helpers: no I/O, so domain code and tests can build models freely.

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type Block =
  | { type: "title"; text: string }
  | { type: "heading"; level: 1 | 2 | 3; text: string }
  | { type: "paragraph"; runs: Run[] }
  | { type: "list"; ordered?: boolean; items: Run[][] }
  | {
      type: "table";
      caption?: string;
      header: string[];
      rows: string[][];
      /** Per column, default left. */
      align?: ("left" | "right")[];
      /** Relative weights per column, default equal. */
      widths?: number[];
      /** Totals row, printed bold. */
      footer?: string[];
    }
  | { type: "signatures"; lines: { role: string; name: string }[] }
  | { type: "pageBreak" };

export interface DocumentModel {
  lang: "fr" | "en";
  /** Document title, for metadata. */
  title: string;
  /** Running header on every page (PDF, DOCX). */
  header: string;
  /** Template with {{page}} and {{total}}, e.g. "page {{page}} / {{total}}". */
  pageLabel: string;
  /** Printed in every page footer (PDF, DOCX), e.g. a content fingerprint or "PROJET". */
  footerNote?: string | null;
  landscape?: boolean;
  blocks: Block[];
}

/** One plain run. */
export function text(s: string): Run[] {
  return [{ text: s }];
}

export type PageLabelPart = string | { field: "page" | "total" };

/** Splits a page-label template into literal text and fields, for writers with real page fields (DOCX). */
export function pageLabelParts(template: string): PageLabelPart[] {
  const parts: PageLabelPart[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{\{(page|total)\}\}/g)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    parts.push({ field: m[1] as "page" | "total" });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/** Fills a page-label template with known numbers (PDF). */
export function fillPageLabel(template: string, page: number, total: number): string {
  return pageLabelParts(template)
    .map((p) => (typeof p === "string" ? p : String(p.field === "page" ? page : total)))
    .join("");
}

/** Column weights normalised to fractions summing to 1 (missing or invalid weights count as 1). */
export function columnFractions(columns: number, widths?: number[]): number[] {
  const w = Array.from({ length: columns }, (_, i) => {
    const v = widths?.[i];
    return v !== undefined && Number.isFinite(v) && v > 0 ? v : 1;
  });
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / sum);
}

/** Merges adjacent runs with the same style and drops empty ones, so writers emit fewer markers. */
export function mergeRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    if (r.text === "") continue;
    const prev = out[out.length - 1];
    if (prev && !!prev.bold === !!r.bold && !!prev.italic === !!r.italic) {
      prev.text += r.text;
    } else {
      out.push({ text: r.text, ...(r.bold ? { bold: true } : {}), ...(r.italic ? { italic: true } : {}) });
    }
  }
  return out;
}
