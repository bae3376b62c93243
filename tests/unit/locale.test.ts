import { describe, expect, it } from "vitest";
import { de, formatDate, formatMoney, localeFromAcceptLanguage } from "~/lib/locale";
import { getFixedT } from "~/lib/i18n";
import { resolveLocale } from "~/lib/locale.server";

describe("language negotiation", () => {
  it.each([
    [null, null],
    ["", null],
    ["fr-FR,fr;q=0.9,en;q=0.8", "fr"],
    ["en-US,en;q=0.9", "en"],
    ["de-DE,de;q=0.9,en;q=0.5,fr;q=0.4", "en"],
    ["de-DE,it;q=0.5", null],
    ["fr;q=0.2,en;q=0.8", "en"],
    ["en;q=0,fr", "fr"],
    ["*", null],
  ])("Accept-Language %j gives %j", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });

  const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });
  it.each([
    { account: "en", cookie: "fr", accept: "fr", expected: "en", why: "the account's choice wins" },
    { account: null, cookie: "en", accept: "fr", expected: "en", why: "then the visitor's choice" },
    { account: null, cookie: null, accept: "en-GB", expected: "en", why: "then the browser's language" },
    { account: null, cookie: null, accept: "es", expected: "fr", why: "French by default" },
    { account: "xx", cookie: "yy", accept: null, expected: "fr", why: "unknown values are ignored" },
  ])("$why", ({ account, cookie, accept, expected }) => {
    const headers: Record<string, string> = {};
    if (cookie) headers.Cookie = `cogere_lang=${cookie}`;
    if (accept) headers["Accept-Language"] = accept;
    expect(resolveLocale(request(headers), account)).toBe(expected);
  });
});

describe("money formatting", () => {
  it.each([
    ["fr", 123456n, "1 234,56 €"],
    ["en", 123456n, "€1,234.56"],
    ["fr", -5n, "-0,05 €"],
    ["fr", 900719925474099312n, "9 007 199 254 740 993,12 €"],
  ] as const)("%s %s cents -> %s", (locale, cents, expected) => {
    // Intl uses narrow no-break spaces in French; compare with plain spaces.
    expect(formatMoney(locale, cents).replace(/[\u202f\u00a0]/g, " ")).toBe(expected);
  });
});

describe("French dates and elision", () => {
  it.each([
    ["2026-01-01T12:00:00Z", undefined, "1er janvier 2026"],
    ["2026-01-11T12:00:00Z", undefined, "11 janvier 2026"],
    ["2026-12-21T12:00:00Z", undefined, "21 décembre 2026"],
    ["2026-10-01T12:00:00Z", { dateStyle: "full" } as const, "jeudi 1er octobre 2026"],
    ["2026-01-01T12:00:00Z", { dateStyle: "short" } as const, "01/01/2026"],
  ])("%s is written %j", (value, options, expected) => {
    expect(formatDate("fr", value, options)).toBe(expected);
  });

  it("keeps English dates as they are", () => {
    expect(formatDate("en", "2026-01-01T12:00:00Z")).toBe("1 January 2026");
  });

  it.each([
    ["Claire Moreau", "de Claire Moreau"],
    ["Élodie Fontaine", "d’Élodie Fontaine"],
    ["Anne", "d’Anne"],
    ["Hélène", "d’Hélène"],
    ["Yves", "d’Yves"],
    ["Yannick", "de Yannick"],
    ["Œuvre commune", "de Œuvre commune"],
    ["", "de "],
  ])("« de » before %j", (name, expected) => {
    expect(de(name)).toBe(expected);
  });

  it("elides through the i18next formatter in French, not in English", () => {
    expect(getFixedT("fr")("voting.changed", { name: "Élodie Fontaine" })).toBe("Vote d’Élodie Fontaine modifié.");
    expect(getFixedT("fr")("voting.changed", { name: "Claire Moreau" })).toBe("Vote de Claire Moreau modifié.");
    expect(getFixedT("en")("voting.changed", { name: "Élodie Fontaine" })).toBe("Vote of Élodie Fontaine changed.");
  });
});
