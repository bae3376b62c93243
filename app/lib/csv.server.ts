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
    .map((r) => ({ line: r.info.lines, cells: r.record }));
}

/** A CSV that LibreOffice and Excel open with correct accents and columns: BOM, ";", CRLF. */
export function toCsv(rows: (string | number | null)[][], opts: { bom?: boolean } = {}): string {
  const body = stringify(rows.map((r) => r.map((c) => (c == null ? "" : String(c)))), { delimiter: ";", record_delimiter: "\r\n" });
  return (opts.bom === false ? "" : "\uFEFF") + body;
}
