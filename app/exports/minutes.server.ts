import { createHash } from "node:crypto";
import type { MinutesModel } from "~/domain/minutes";
import { toCsv } from "~/lib/csv.server";
import { getFixedT } from "~/lib/i18n";
import type { Locale } from "~/lib/locale";
import { renderDocx } from "./docx.server";
import { renderMarkdown } from "./markdown";
import { attendanceDocument, attendanceRows, minutesDocument, resultRows } from "./minutes";
import { renderPdf } from "./pdf.server";

export type MinutesFormat = "pdf" | "docx" | "md" | "attendance-pdf" | "attendance-csv" | "results-csv";

export interface RenderedFile {
  format: MinutesFormat;
  bytes: Uint8Array;
  /** SHA-256 of the content (the Markdown text), printed in the document's footer. */
  contentSha256: string;
}

export const MEDIA_TYPES: Record<MinutesFormat, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  md: "text/markdown; charset=utf-8",
  "attendance-pdf": "application/pdf",
  "attendance-csv": "text/csv; charset=utf-8",
  "results-csv": "text/csv; charset=utf-8",
};

export const EXTENSIONS: Record<MinutesFormat, string> = { pdf: "pdf", docx: "docx", md: "md", "attendance-pdf": "pdf", "attendance-csv": "csv", "results-csv": "csv" };

const sha256 = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");
const utf8 = (s: string) => new TextEncoder().encode(s);

/** The name a file of the minutes is downloaded under. */
export function minutesFileName(slug: string, format: MinutesFormat, lang: Locale, final: boolean): string {
  const what = format.startsWith("attendance") ? "feuille-de-presence" : format === "results-csv" ? "resultats" : "proces-verbal";
  return `${slug}-${what}${final ? "" : "-projet"}-${lang}.${EXTENSIONS[format]}`;
}

/** The shell command that prints the digest of a downloaded Markdown file (all of it but its last line). */
export function digestCommand(fileName: string): string {
  return `head -n -1 ${fileName} | sha256sum`;
}

/**
 * The files of the minutes in one language, each rendered only when asked for; what several
 * files share (the documents, the digests) is built once. The digest is the SHA-256 of the
 * Markdown file without its last line (the content, then a blank line); that last line states
 * the digest, so `head -n -1 file.md | sha256sum` prints it. The PDF and DOCX print it in their
 * footer. pdfkit and docx are loaded by their writers on first use, never at server start.
 */
function minutesRenderer(model: MinutesModel, lang: Locale, opts: { final: boolean }) {
  const t = getFixedT(lang);
  const once = <T>(f: () => T) => {
    let v: { value: T } | null = null;
    return () => (v ??= { value: f() }).value;
  };
  const minutes = once(() => {
    const doc = minutesDocument(model, lang, t, { draft: !opts.final });
    // The content ends with one newline; the blank line after it keeps the note a paragraph of its own.
    const hashed = `${renderMarkdown(doc)}\n`;
    const digest = sha256(hashed);
    return { doc, hashed, digest, note: opts.final ? t("minutes.digestFooter", { digest }) : t("minutes.draftFooter") };
  });
  const sheet = once(() => {
    const doc = attendanceDocument(model, lang, t);
    const digest = sha256(renderMarkdown(doc));
    return { doc, digest, note: opts.final ? t("minutes.digestFooter", { digest }) : t("minutes.draftFooter") };
  });
  return async (format: MinutesFormat): Promise<RenderedFile> => {
    switch (format) {
      case "md": {
        const m = minutes();
        return { format, bytes: utf8(`${m.hashed}${m.note}\n`), contentSha256: m.digest };
      }
      case "pdf": {
        const m = minutes();
        return { format, bytes: new Uint8Array(await renderPdf({ ...m.doc, footerNote: m.note })), contentSha256: m.digest };
      }
      case "docx": {
        const m = minutes();
        return { format, bytes: new Uint8Array(await renderDocx({ ...m.doc, footerNote: m.note })), contentSha256: m.digest };
      }
      case "attendance-pdf": {
        const s = sheet();
        return { format, bytes: new Uint8Array(await renderPdf({ ...s.doc, footerNote: s.note })), contentSha256: s.digest };
      }
      case "attendance-csv":
      case "results-csv": {
        const csv = toCsv(format === "attendance-csv" ? attendanceRows(model, t) : resultRows(model, t));
        return { format, bytes: utf8(csv), contentSha256: sha256(csv) };
      }
    }
  };
}

export const MINUTES_FORMATS: readonly MinutesFormat[] = ["md", "pdf", "docx", "attendance-pdf", "attendance-csv", "results-csv"];

/** Every file of the minutes in one language. */
export async function renderMinutesFiles(model: MinutesModel, lang: Locale, opts: { final: boolean; finalizedAt?: string }): Promise<RenderedFile[]> {
  const render = minutesRenderer(model, lang, opts);
  const files: RenderedFile[] = [];
  for (const format of MINUTES_FORMATS) files.push(await render(format));
  return files;
}

/** One file of a draft, rendered now: only that one. */
export function renderDraftFile(model: MinutesModel, lang: Locale, format: MinutesFormat): Promise<RenderedFile> {
  return minutesRenderer(model, lang, { final: false })(format);
}
