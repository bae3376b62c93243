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
 * Every file of the minutes in one language. The digest is the SHA-256 of the Markdown file
 * without its last line (the content, then a blank line); that last line states the digest,
 * so `head -n -1 file.md | sha256sum` prints it. The PDF and DOCX print it in their footer.
 */
export async function renderMinutesFiles(model: MinutesModel, lang: Locale, opts: { final: boolean; finalizedAt?: string }): Promise<RenderedFile[]> {
  const t = getFixedT(lang);
  const minutes = minutesDocument(model, lang, t, { draft: !opts.final });
  // The content ends with one newline; the blank line after it keeps the note a paragraph of its own.
  const hashed = `${renderMarkdown(minutes)}\n`;
  const digest = sha256(hashed);
  const note = opts.final ? t("minutes.digestFooter", { digest }) : t("minutes.draftFooter");
  const md = `${hashed}${note}\n`;
  const sheet = attendanceDocument(model, lang, t);
  const sheetContent = renderMarkdown(sheet);
  const sheetDigest = sha256(sheetContent);
  const sheetNote = opts.final ? t("minutes.digestFooter", { digest: sheetDigest }) : t("minutes.draftFooter");
  const attendanceCsv = toCsv(attendanceRows(model, t));
  const resultsCsv = toCsv(resultRows(model, t));
  return [
    { format: "md", bytes: utf8(md), contentSha256: digest },
    { format: "pdf", bytes: new Uint8Array(await renderPdf({ ...minutes, footerNote: note })), contentSha256: digest },
    { format: "docx", bytes: new Uint8Array(await renderDocx({ ...minutes, footerNote: note })), contentSha256: digest },
    { format: "attendance-pdf", bytes: new Uint8Array(await renderPdf({ ...sheet, footerNote: sheetNote })), contentSha256: sheetDigest },
    { format: "attendance-csv", bytes: utf8(attendanceCsv), contentSha256: sha256(attendanceCsv) },
    { format: "results-csv", bytes: utf8(resultsCsv), contentSha256: sha256(resultsCsv) },
  ];
}

/** One file of a draft, rendered now. */
export async function renderDraftFile(model: MinutesModel, lang: Locale, format: MinutesFormat): Promise<RenderedFile> {
  const files = await renderMinutesFiles(model, lang, { final: false });
  return files.find((f) => f.format === format)!;
}
