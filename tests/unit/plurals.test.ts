import { describe, expect, it } from "vitest";
import { createI18n } from "~/lib/i18n";
import en from "~/locales/en";
import fr from "~/locales/fr";

type Tree = { [key: string]: string | Tree };

/** Every string of a locale, by its dotted key. */
function leaves(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );
}

/** A value for every placeholder of a template, so that no `{{…}}` is left for lack of a parameter. */
function paramsFor(...templates: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const template of templates) {
    for (const m of template.matchAll(/\{\{\s*([a-zA-Z]+)\s*(?:,[^}]*)?\}\}/g)) {
      if (m[1] !== "count") params[m[1]!] = "Élodie Fontaine";
    }
  }
  return params;
}

const frLeaves = leaves(fr as unknown as Tree);
const enLeaves = leaves(en as unknown as Tree);
const pluralBases = [...new Set(frLeaves.filter(([k]) => k.endsWith("_one") || k.endsWith("_other")).map(([k]) => k.replace(/_(one|other)$/, "")))];
const frValue = new Map(frLeaves);
const enValue = new Map(enLeaves);

describe("plurals", () => {
  it("finds the plural keys of the French locale", () => {
    expect(pluralBases.length).toBeGreaterThan(30);
  });

  it("has no “(s)” anywhere, in French or in English", () => {
    const offenders = [...frLeaves, ...enLeaves].filter(([, v]) => /\((s|e|es|x|ies)\)/.test(v)).map(([k, v]) => `${k}: ${v}`);
    expect(offenders).toEqual([]);
  });

  it("never puts a count before a noun in a string without plural forms", () => {
    const offenders = frLeaves
      .filter(([k]) => !/_(one|other|zero|few|many|two)$/.test(k))
      .filter(([, v]) => /\{\{count\}\}\s+\p{L}/u.test(v))
      .map(([k, v]) => `${k}: ${v}`);
    expect(offenders).toEqual([]);
  });

  describe.each([
    ["fr", frValue, { 0: "one", 1: "one", 2: "other" }],
    ["en", enValue, { 0: "other", 1: "one", 2: "other" }],
  ] as const)("in %s", (locale, values, forms) => {
    const t = createI18n(locale).getFixedT(locale);
    it.each(pluralBases)("%s reads well with 0, 1 and 2", (base) => {
      const one = values.get(`${base}_one`);
      const other = values.get(`${base}_other`);
      expect(one, `${base}_one`).toBeTypeOf("string");
      expect(other, `${base}_other`).toBeTypeOf("string");
      const params = paramsFor(one!, other!);
      for (const count of [0, 1, 2] as const) {
        const text = t(base, { ...params, count }) as string;
        expect(text).not.toContain("{{");
        expect(text).not.toContain("(s)");
        expect(text).not.toBe(base);
        const form = forms[count];
        expect(text, `${base} with ${count}`).toBe(t(`${base}_${form}`, { ...params, count }));
      }
    });
  });

  it("says “1 votant” and “2 votants” in the participation lines", () => {
    const t = createI18n("fr").getFixedT("fr");
    expect(t("results.participation", { count: 1, voted: "1", eligible: "40" })).toBe("Participation\u00a0: 1 votant sur 40 inscrits");
    expect(t("results.participation", { count: 2, voted: "2", eligible: "40" })).toBe("Participation\u00a0: 2 votants sur 40 inscrits");
    expect(t("projector.participation", { count: 1, voted: "1", eligible: "40" })).toBe("1 votant sur 40 inscrits");
  });
});
