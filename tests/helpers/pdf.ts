import { createRequire } from "node:module";
import path from "node:path";
import JSZip from "jszip";

// pdf.js reads the metrics of the standard fonts from its own files (else it warns on every page).
const standardFontDataUrl = path.join(path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")), "standard_fonts/");

/** The text of each page (what a reader can search and copy: line ends and no-break spaces as spaces) and its size. */
export async function readPdf(bytes: Uint8Array): Promise<{ texts: string[]; sizes: { width: number; height: number }[] }> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
  const texts: string[] = [];
  const sizes: { width: number; height: number }[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const viewport = page.getViewport({ scale: 1 });
    sizes.push({ width: viewport.width, height: viewport.height });
    const content = await page.getTextContent();
    const raw = content.items.map((it) => ("str" in it ? it.str + (it.hasEOL ? "\n" : "") : "")).join("");
    texts.push(raw.replace(/\u00a0/g, " ").replace(/\s+/g, " "));
  }
  await pdf.destroy();
  return { texts, sizes };
}

export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  return (await readPdf(bytes)).texts;
}

/** The text of a DOCX's body (word/document.xml without its tags), and its raw XML files. */
export async function docxParts(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (name: string) => (await zip.file(name)?.async("string")) ?? "";
  const documentXml = await read("word/document.xml");
  const names = Object.keys(zip.files);
  const footers = await Promise.all(names.filter((n) => /^word\/footer\d*\.xml$/.test(n)).map(read));
  const headers = await Promise.all(names.filter((n) => /^word\/header\d*\.xml$/.test(n)).map(read));
  const text = documentXml
    .replace(/<w:tab\/>/g, " ")
    .replace(/<\/w:p>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  return { documentXml, text, footers, headers };
}
