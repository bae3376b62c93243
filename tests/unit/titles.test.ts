import { describe, expect, it } from "vitest";
import routes from "~/routes";
import { ownsTitle, PAGE_TITLES, pageTitle } from "~/lib/titles";

const root = (locale: string) => ({ id: "root", data: { locale } });
const entity = { id: "routes/entity", data: { entity: { name: "Alliance du Val de Loire" } } };

describe("page titles", () => {
  it("names a resolution, its entity and the app", () => {
    const matches = [root("fr"), entity, { id: "routes/entity.resolution", data: { resolution: { number: 3, title: "Comptes" } } }];
    expect(pageTitle(matches)).toBe("Résolution n° 3 — Comptes · Alliance du Val de Loire · Cogere");
  });

  it("gives a list page its own title, in the reader's language", () => {
    expect(pageTitle([root("fr"), entity, { id: "routes/entity.meetings", data: {} }])).toMatch(/^Assemblées · Alliance du Val de Loire · Cogere$/);
    expect(pageTitle([root("en"), entity, { id: "routes/entity.journal", data: {} }])).not.toBe(pageTitle([root("fr"), entity, { id: "routes/entity.journal", data: {} }]));
  });

  it("adds the meeting to its attendance sheet", () => {
    const matches = [root("fr"), entity, { id: "routes/entity.meeting.attendance", data: { meeting: { title: "AGO 2026" } } }];
    expect(pageTitle(matches)).toMatch(/ — AGO 2026 · Alliance du Val de Loire · Cogere$/);
  });

  it("falls back to the entity when the page has no data (an error)", () => {
    expect(pageTitle([root("fr"), entity, { id: "routes/entity.member" }])).toBe("Alliance du Val de Loire · Cogere");
  });

  it("leaves their own title to the pages whose meta gives one", () => {
    expect(ownsTitle([root("fr"), { id: "routes/login" }])).toBe(true);
    expect(ownsTitle([root("fr"), entity, { id: "routes/entity.dashboard" }])).toBe(false);
  });

  it("covers every page route that shows HTML", () => {
    const files: string[] = [];
    const walk = (list: readonly { file: string; children?: unknown }[]) => {
      for (const r of list) {
        files.push(r.file.replace(/^routes\//, "routes/").replace(/\.tsx$/, ""));
        if (Array.isArray(r.children)) walk(r.children as { file: string }[]);
      }
    };
    walk(routes as unknown as { file: string; children?: unknown }[]);
    const pages = files.filter((f) => !/\.(export|tally|box|ballots|receipt|room|document|file)$|calendar|language|logout|projector|public\.|^routes\/entity$/.test(f));
    expect(pages.filter((f) => !PAGE_TITLES[f] && !["routes/home", "routes/login", "routes/password.forgot", "routes/password.reset", "routes/entity.meeting.here"].includes(f))).toEqual([]);
  });
});
