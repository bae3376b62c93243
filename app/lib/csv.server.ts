import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

export interface CsvRecord {
  /** Line of the file where the record ends (1 is the header; a quoted field may span lines). */
  line: number;
  cells: string[];
}

/**
 * Text of an uploaded file: UTF-8 (with or without BOM), else Windows-1252, which is what
 * Excel writes by default on a French Windows.
 */
export function decodeUpload(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/**
 * Text a spreadsheet would run as a formula when it opens the file: a cell that starts with
 * =, +, -, @, a tab or a carriage return (OWASP "CSV injection"), or their full-width forms.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A plain number ("-12", "-5200,50", "-0.5"): left as is, so that spreadsheets read it as one. */
const PLAIN_NUMBER = /^-?\d+(?:[.,]\d+)?$/;

/** One cell as written: formula-like text gets a leading "'" (shown as text, never run). */
export function csvCell(value: string | number | null): string {
  if (value == null) return "";
  const text = String(value);
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Undoes csvCell on a file we wrote, so that the register's export imports back as it was. */
function uncell(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** Records of a CSV separated by ";" (French spreadsheets) or ","; the first is the header. */
export function parseCsv(text: string): CsvRecord[] {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const records = parse(text, {
    bom: true,
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return records
    .filter((r) => r.record.some((c) => c !== ""))
    .map((r) => ({ line: r.info.lines, cells: r.record.map(uncell) }));
}

/**
 * A CSV that LibreOffice and Excel open with correct accents and columns: BOM, ";", CRLF. The
 * one writer of every CSV export: no cell can become a formula (see csvCell).
 */
export function toCsv(rows: (string | number | null)[][], opts: { bom?: boolean } = {}): string {
  const body = stringify(rows.map((r) => r.map(csvCell)), { delimiter: ";", record_delimiter: "\r\n" });
  return (opts.bom === false ? "" : "\uFEFF") + body;
}
