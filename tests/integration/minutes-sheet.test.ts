// The attendance sheet of a large meeting and the files of a draft: every member once, in order,
// the header row on every page; lines written in batches print exactly what pdfkit's text()
// prints; and a draft file is the very file the whole set would contain.
import { beforeAll, describe, expect, it } from "vitest";
import PDFDocument from "pdfkit";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Db } from "#db/index";
import type { MinutesModel } from "~/domain/minutes";
import { attendanceDocument } from "~/exports/minutes";
import { MINUTES_FORMATS, renderDraftFile, renderMinutesFiles } from "~/exports/minutes.server";
import { lineWordWidths, lineWriter } from "~/exports/pdf-lines.server";
import { renderPdf } from "~/exports/pdf.server";
import { getFixedT } from "~/lib/i18n";
import { checkInMany } from "~/services/meeting-attendance.server";
import { giveMeetingProxy } from "~/services/meeting-proxies.server";
import { buildMinutesModel } from "~/services/minutes.server";
import { createTestDb } from "../helpers/db";
import { meetingSetup } from "../helpers/meetings";
import { readPdf } from "../helpers/pdf";
import { bulkMembers, memberInput } from "../helpers/register";

let db: Db;
let model: MinutesModel;

const LONG = "Association pour le maintien d’une agriculture paysanne du Val de Loire et des Mauges";

/** 12 + 300 members, some with names too long for their column; half checked in, a few represented. */
beforeAll(async () => {
  db = await createTestDb();
  const s = await meetingSetup(db, { quorum: "1/5" });
  const colleges = Object.values(s.colleges);
  const added = await bulkMembers(
    db,
    s.id,
    Array.from({ length: 300 }, (_, i) =>
      memberInput({ name: i % 25 === 0 ? `${LONG} ${i}` : `${["Élodie", "Œdipe", "Zoë", "Søren"][i % 4]} Lefèvre-Ørsted ${i}`, memberNumber: `AVL-${1000 + i}`, collegeId: colleges[i % 4]! }),
    ),
  );
  await checkInMany(db, { entity: s.entity, meetingId: s.meetingId, entries: added.slice(0, 150).map((m, i) => ({ memberId: m.id, mode: i % 3 ? "present" : "remote" })), actorId: s.admin.id });
  for (const m of added.slice(150, 160)) await giveMeetingProxy(db, { entity: s.entity, meetingId: s.meetingId, principalId: m.id, holderId: added[0]!.id, source: "paper" });
  model = await buildMinutesModel(db, s.entity as never, s.meetingId);
}, 120_000);

/** The text of a PDF without its spaces and line ends: a name wrapped over two lines still reads whole. */
const squeezed = (s: string) => s.replace(/\s+/g, "");

describe("the attendance sheet of a large meeting", () => {
  it("lists every member once, in the sheet's order, with the header row on every page and each college's totals", async () => {
    const { texts } = await readPdf(await renderPdf(attendanceDocument(model, "fr", getFixedT("fr"))));
    expect(texts.length).toBeGreaterThan(8);
    const header = squeezed("Nom Numéro de membre Statut Mandataire Poids propre Signature");
    texts.forEach((t, i) => {
      if (i === texts.length - 1 && !/AVL-|Associations|Entreprises|Salariés|Collectivités/.test(t)) return;
      expect(squeezed(t).indexOf(header), `page ${i + 1}`).toBeGreaterThanOrEqual(0);
    });
    const all = squeezed(texts.join(" "));
    let cursor = 0;
    for (const m of model.members) {
      const at = all.indexOf(squeezed(m.name), cursor);
      expect(at, m.name).toBeGreaterThanOrEqual(cursor);
      cursor = at;
    }
    for (const m of model.members.filter((x) => x.number)) expect(all.split(m.number!)).toHaveLength(2);
    expect(all).toContain(squeezed(`${LONG} 0`));
    expect(all.match(/Total:\d+/g)).toHaveLength(4);
    expect(all.match(/Représenté/g)).toHaveLength(10);
    expect(all).toContain("Certifiéesincèreetvéritable");
  });
});

const fontData = path.join(path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")), "standard_fonts/");

/** Each piece of text pdf.js finds, with where it is drawn. */
async function placedText(bytes: Buffer) {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl: fontData }).promise;
  const items = (await (await pdf.getPage(1)).getTextContent()).items.flatMap((it) => ("str" in it && it.str ? [{ str: it.str, x: it.transform[4].toFixed(3), y: it.transform[5].toFixed(3), width: it.width.toFixed(3), size: it.transform[0], font: it.fontName.replace(/^g_d\d+_/, "") }] : []));
  await pdf.destroy();
  return items;
}

function pdfOf(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: "A4", font: "Helvetica" });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    draw(doc);
    doc.end();
  });
}

describe("lines written in batches", () => {
  const samples = ["Élodie Lefèvre-Ørsted", "AVO WAVE Tâche «\u00a0oui\u00a0»", "1\u00a0253", "Représenté", "Œuvre commune 30\u00a0%", "Yvonne T. Avé"];

  it("measure each line and each word as pdfkit does", async () => {
    await pdfOf((doc) => {
      const lines = lineWriter(doc);
      doc.fontSize(9);
      for (const font of ["Helvetica", "Helvetica-Bold"]) {
        for (const text of samples) {
          const line = lines.measure(text, font);
          doc.font(font);
          expect(line.glyphs, text).not.toBeNull();
          expect(line.width).toBeCloseTo(doc.widthOfString(text), 9);
          lineWordWidths(line).forEach((w, i) => expect(w, `${text} word ${i}`).toBeCloseTo(doc.widthOfString(text.split(" ")[i]!), 9));
        }
      }
    });
  });

  it("print the same glyphs at the same places as pdfkit's text()", async () => {
    const place = (i: number) => ({ x: 60 + (i % 2) * 250, y: 80 + i * 20 });
    const batched = await pdfOf((doc) => {
      const lines = lineWriter(doc);
      doc.fontSize(9);
      samples.forEach((text, i) => lines.write(lines.measure(text, i % 2 ? "Helvetica-Bold" : "Helvetica"), place(i).x, place(i).y, 0.93 * 9));
      lines.end();
      doc.font("Helvetica").text("after", 60, 400);
    });
    const plain = await pdfOf((doc) => {
      doc.fontSize(9);
      samples.forEach((text, i) => doc.font(i % 2 ? "Helvetica-Bold" : "Helvetica").text(text, place(i).x, place(i).y, { lineBreak: false, baseline: -0.93 * 9 }));
      doc.font("Helvetica").text("after", 60, 400);
    });
    const [a, b] = [await placedText(batched), await placedText(plain)];
    expect(a.map((x) => x.str).join("|")).toContain("Élodie");
    expect(a).toEqual(b);
  });
});

describe("a draft's files", () => {
  it("are, one by one, the files the whole set would contain", async () => {
    for (const lang of ["fr", "en"] as const) {
      const all = await renderMinutesFiles(model, lang, { final: false });
      expect(all.map((f) => f.format)).toEqual([...MINUTES_FORMATS]);
      for (const file of all) {
        const one = await renderDraftFile(model, lang, file.format);
        expect(one.contentSha256, `${lang} ${file.format}`).toBe(file.contentSha256);
        expect(Buffer.from(one.bytes).equals(Buffer.from(file.bytes)), `${lang} ${file.format}`).toBe(true);
      }
    }
  });
});
