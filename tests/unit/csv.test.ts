// The one CSV writer: no cell a spreadsheet would run as a formula, numbers still numbers.
import { describe, expect, it } from "vitest";
import { csvCell, parseCsv, toCsv } from "~/lib/csv.server";

describe("csvCell", () => {
  it.each<{ cell: string | number | null; written: string; why: string }>([
    { cell: '=HYPERLINK("http://x")', written: `'=HYPERLINK("http://x")`, why: "a formula" },
    { cell: "=1+1", written: "'=1+1", why: "arithmetic" },
    { cell: "+33 6 12 34 56 78", written: "'+33 6 12 34 56 78", why: "a phone number read as a formula" },
    { cell: "-foo", written: "'-foo", why: "text after a minus" },
    { cell: "-2+3+cmd|' /C calc'!A0", written: "'-2+3+cmd|' /C calc'!A0", why: "the DDE classic" },
    { cell: "@SUM(A1:A9)", written: "'@SUM(A1:A9)", why: "an @ function" },
    { cell: "\t=1+1", written: "'\t=1+1", why: "a tab before a formula" },
    { cell: "\r=1+1", written: "'\r=1+1", why: "a carriage return before a formula" },
    { cell: "＝1+1", written: "'＝1+1", why: "a full-width equals sign" },
    { cell: "-5200,50", written: "-5200,50", why: "a French negative amount stays a number" },
    { cell: "-5200.50", written: "-5200.50", why: "an English negative amount stays a number" },
    { cell: "-12", written: "-12", why: "a negative integer stays a number" },
    { cell: -12, written: "-12", why: "a number" },
    { cell: "-12,5,3", written: "'-12,5,3", why: "not one number" },
    { cell: "-", written: "'-", why: "a lone minus" },
    { cell: "1200,50", written: "1200,50", why: "a positive amount" },
    { cell: "Élodie = présidente", written: "Élodie = présidente", why: "an equals sign inside the text" },
    { cell: " =1+1", written: " =1+1", why: "a leading space: text already" },
    { cell: "'quoted", written: "'quoted", why: "an apostrophe already" },
    { cell: null, written: "", why: "nothing" },
  ])("$why: $cell", ({ cell, written }) => {
    expect(csvCell(cell)).toBe(written);
  });
});

describe("toCsv and parseCsv", () => {
  it("writes neutralised cells, quoted where CSV needs it, and reads them back as typed", () => {
    const rows = [
      ["nom", "montant", "notes"],
      ['=HYPERLINK("http://x";"clic")', "-5200,50", "+33 6"],
      ["Dupont; Fils", "-12", "@cmd"],
    ];
    const text = toCsv(rows);
    expect(text.split("\r\n")).toEqual(["\uFEFFnom;montant;notes", `"'=HYPERLINK(""http://x"";""clic"")";-5200,50;'+33 6`, `"Dupont; Fils";-12;'@cmd`, ""]);
    expect(parseCsv(text).map((r) => r.cells)).toEqual(rows);
  });

  it("keeps an apostrophe that protects nothing", () => {
    expect(parseCsv("nom\r\n'Hara\r\n'\r\n").map((r) => r.cells)).toEqual([["nom"], ["'Hara"], ["'"]]);
  });
});
