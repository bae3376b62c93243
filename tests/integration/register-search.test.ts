import { beforeEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { isPostgres } from "#db/dialect";
import { createDb, type Db } from "#db/index";
import { createMigrator, migrateToLatest } from "#db/migrate";
import { foldText } from "~/domain/members";
import { categoryWarnings, isCategory } from "~/domain/scic";
import { capitalTotals, countMembers, listMembers, MEMBER_PAGE_SIZE } from "~/queries/members.server";
import { applyImport } from "~/services/import.server";
import type { MemberFilter } from "~/schemas/member";
import { saveMember } from "~/services/members.server";
import { directoryPage, registerPage } from "~/services/register.server";
import { collegesOverview } from "~/services/colleges.server";
import { createTestDb } from "../helpers/db";
import { bulkMembers, DAY, makeScic, memberInput } from "../helpers/register";

let db: Db;
let s: Awaited<ReturnType<typeof makeScic>>;
beforeEach(async () => {
  db = await createTestDb();
  s = await makeScic(db);
});

const all: MemberFilter = { q: "", college: "", category: "", status: "all", page: 1 };

/** Every name a search returns, page after page. */
async function names(q: string, opts: { namesOnly?: boolean; status?: "active" | "exited" | "all" } = {}) {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const { rows, total } = await listMembers(db, s.id, { ...all, q, status: opts.status ?? "all", page }, DAY, { namesOnly: opts.namesOnly });
    out.push(...rows.map((r) => r.name));
    if (page * MEMBER_PAGE_SIZE >= total) {
      expect(out).toHaveLength(total);
      return out;
    }
  }
}

async function add(name: string, extra: Partial<Record<"memberNumber" | "email" | "representative" | "personKind" | "category" | "exitedOn", string>> = {}) {
  return saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name, collegeId: s.colleges["Salariés"]!, category: "salarie", ...extra }), day: DAY });
}

describe("register search", () => {
  const people = [
    { name: "Éloïse Martin", memberNumber: "M-4242", email: "m4242@big.example" },
    { name: "Hélène Duval", email: "helene@x.example" },
    { name: "ELOISE Bernard" },
    { name: "Atelier 50%_Bois", personKind: "legal", representative: "Jean Dupont", category: "entreprise" },
    { name: "Atelier 500 Bois", personKind: "legal", representative: "Zoé Ng", category: "entreprise" },
    { name: 'Café "Le Quai"' },
    { name: "Zoé Ng" },
    { name: "Noël Aïcha", email: "noel@x.example" },
  ];

  beforeEach(async () => {
    for (const { name, ...extra } of people) await add(name, extra);
  });

  it("ignores case and accents, and finds names, numbers, e-mails and representatives", async () => {
    expect(await names("éloïse")).toEqual(["ELOISE Bernard", "Éloïse Martin"]);
    expect(await names("ELOÏSE")).toEqual(await names("eloise"));
    expect(await names("m4242@")).toEqual(["Éloïse Martin"]);
    expect(await names("M-42")).toEqual(["Éloïse Martin"]);
    expect(await names("dupont")).toEqual(["Atelier 50%_Bois"]);
    expect(await names("HELENE@X")).toEqual(["Hélène Duval"]);
  });

  it("takes %, _ and quotes literally, from one character on", async () => {
    expect(await names("50%")).toEqual(["Atelier 50%_Bois"]);
    expect(await names("0%")).toEqual(["Atelier 50%_Bois"]);
    expect(await names("%_b")).toEqual(["Atelier 50%_Bois"]);
    expect(await names("_")).toEqual(["Atelier 50%_Bois"]);
    expect(await names('"le quai"')).toEqual(['Café "Le Quai"']);
    expect(await names('"')).toEqual(['Café "Le Quai"']);
    expect(await names("xyz")).toEqual([]);
  });

  it("finds below three characters (no trigram) what it finds from three on", async () => {
    expect(await names("ng")).toEqual(["Atelier 500 Bois", "Zoé Ng"]);
    expect(await names("é")).toEqual(await names("e"));
    expect(await names("zo")).toEqual(["Atelier 500 Bois", "Zoé Ng"]);
    expect(await names("zoé")).toEqual(["Atelier 500 Bois", "Zoé Ng"]);
  });

  it("finds exactly the members whose folded text contains the folded query, on both searches", async () => {
    const stored = await db.selectFrom("member").select(["name", "sort_name", "search_text"]).where("entity_id", "=", s.id).orderBy("sort_name").orderBy("id").execute();
    const queries = ["a", "é", "ng", "oi", "bois", "atelier 5", "r 50", "elo", "ïse m", "@x.example", "example", "n@x", "jean", "zoé ng", "m-4242", "4242@big.ex", "aïcha", "noël a"];
    for (const q of queries) {
      const f = foldText(q);
      expect(await names(q), q).toEqual(stored.filter((m) => m.search_text.includes(f)).map((m) => m.name));
      expect(await names(q, { namesOnly: true }), q).toEqual(stored.filter((m) => m.sort_name.includes(f)).map((m) => m.name));
    }
  });

  it("searches names only in the directory and holder lists: an e-mail or a representative is not found there", async () => {
    expect(await names("noel@x", { namesOnly: true })).toEqual([]);
    expect(await names("noel@x")).toEqual(["Noël Aïcha"]);
    expect(await names("dupont", { namesOnly: true })).toEqual([]);
    const dir = await directoryPage(db, s.id, { ...all, q: "helene@" }, DAY);
    expect(dir.total).toBe(0);
    expect((await directoryPage(db, s.id, { ...all, q: "hélène" }, DAY)).rows.map((r) => r.name)).toEqual(["Hélène Duval"]);
  });
});

describe("search follows every write", () => {
  it("finds edited, exited and imported members by their new text only", async () => {
    const { id } = await add("Paulette Lenoir", { email: "paulette@old.example" });
    expect(await names("lenoir")).toEqual(["Paulette Lenoir"]);
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, memberId: id, member: memberInput({ name: "Paulette Dubois", email: "paulette@new.example", collegeId: s.colleges["Salariés"]!, category: "salarie" }), day: DAY });
    expect(await names("lenoir")).toEqual([]);
    expect(await names("old.example")).toEqual([]);
    expect(await names("dubois")).toEqual(["Paulette Dubois"]);
    expect(await names("new.example")).toEqual(["Paulette Dubois"]);

    await saveMember(db, { entity: s.entity, actorId: s.admin.id, memberId: id, member: memberInput({ name: "Paulette Dubois", email: "paulette@new.example", collegeId: s.colleges["Salariés"]!, category: "salarie", exitedOn: "2026-01-10" }), day: DAY });
    expect(await names("dubois", { status: "active" })).toEqual([]);
    expect(await names("dubois", { status: "exited" })).toEqual(["Paulette Dubois"]);

    const csv = ["numero;nom;type;representant;categorie;college;poids;email;parts;date_entree;date_sortie", "I-1;Irène Importée;physique;;salarie;Salariés;1;irene@imp.example;1;2024-01-01;", "I-2;Ivan Importé;physique;;salarie;Salariés;1;;1;2024-01-01;"].join("\n");
    await applyImport(db, { entity: s.entity, actorId: s.admin.id, text: csv, day: DAY });
    expect(await names("import", { status: "active" })).toEqual(["Irène Importée", "Ivan Importé"]);
    // Re-importing with a new name updates the row in place.
    await applyImport(db, { entity: s.entity, actorId: s.admin.id, text: csv.replace("Ivan Importé", "Ivan Renommé"), day: DAY });
    expect(await names("ivan")).toEqual(["Ivan Renommé"]);
    expect(await names("importé")).toEqual(["Irène Importée"]);
  });

  it("follows plain SQL too: updates, college moves and deletions", async () => {
    const { id } = await add("Gaston Lagaffe");
    await db.updateTable("member").set({ name: "Gaston L.", sort_name: "gaston l.", search_text: "gaston l. spirou" }).where("id", "=", id).execute();
    expect(await names("lagaffe")).toEqual([]);
    expect(await names("spirou")).toEqual(["Gaston L."]);
    await db.updateTable("member").set({ college_id: s.colleges["Associations"]! }).where("id", "=", id).execute();
    const inCollege = await listMembers(db, s.id, { ...all, q: "spirou", college: s.colleges["Associations"]! }, DAY);
    expect(inCollege.rows.map((r) => r.name)).toEqual(["Gaston L."]);
    await db.deleteFrom("member").where("id", "=", id).execute();
    expect(await names("spirou")).toEqual([]);
    // SQLite's search is a table of its own, which must not keep the deleted member; PostgreSQL's is
    // an index on member itself (migration 015), which has no such row to forget.
    if (!isPostgres(db)) expect(Number((await sql<{ n: number }>`select count(*) as n from member_search`.execute(db)).rows[0]!.n)).toBe(0);
  });

  it("indexes the members already there when the migration runs, and undoes cleanly", async () => {
    const fresh = createDb(":memory:");
    const migrator = createMigrator(fresh);
    const order = (await migrator.getMigrations()).map((m) => m.name);
    const before = order[order.indexOf("2026-11-30-015-register-speed") - 1]!;
    await migrator.migrateTo(before);
    const t = await makeScic(fresh, "Avant");
    await bulkMembers(fresh, t.id, [memberInput({ name: "Ancienne Adhérente", collegeId: t.colleges["Salariés"]! }), memberInput({ name: "Ancien Adhérent", collegeId: t.colleges["Salariés"]! })]);
    await migrateToLatest(fresh);
    const found = await listMembers(fresh, t.id, { ...all, q: "adhérente" }, DAY);
    expect(found.rows.map((r) => r.name)).toEqual(["Ancienne Adhérente"]);
    const page = await registerPage(fresh, t.entity, { ...all, status: "active" }, DAY);
    expect(page.total).toBe(2);
    await migrator.migrateTo(before);
    await migrateToLatest(fresh);
    expect((await listMembers(fresh, t.id, { ...all, q: "ancien a" }, DAY)).total).toBe(1);
    await fresh.destroy();
  });
});

describe("register totals", () => {
  /** What the page says, beside the same figures counted afresh from the member table. */
  async function pageAndTruth(day = DAY, filter: Partial<MemberFilter> = {}) {
    const f: MemberFilter = { ...all, status: "active", ...filter };
    const page = await registerPage(db, s.entity, f, day);
    const overview = await collegesOverview(db, s.id, day);
    const capital = await capitalTotals(db, s.id, day);
    const categories = await db
      .selectFrom("member")
      .select("category")
      .distinct()
      .where("entity_id", "=", s.id)
      .where("joined_on", "<=", day)
      .where((eb) => eb.or([eb("exited_on", "is", null), eb("exited_on", ">", day)]))
      .execute();
    return {
      page: { total: page.total, colleges: page.colleges.map((c) => [c.name, c.headcount, c.weightMicro]), capital: [page.capital?.collectivitesShares, page.capital?.totalShares], warnings: page.warnings.map((w) => w.code) },
      truth: {
        total: await countMembers(db, s.id, f, day),
        colleges: overview.colleges.map((c) => [c.name, c.headcount, c.weightMicro]),
        capital: [capital.collectivites, capital.total],
        warnings: categoryWarnings(categories.map((c) => c.category).filter(isCategory)).map((w) => w.code),
      },
    };
  }

  it("stay exact after every kind of write, on every filter, and change with the day", async () => {
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Asso", collegeId: s.colleges["Associations"]!, category: "association", shares: "30", votingWeight: "2" }), day: DAY });
    const first = await pageAndTruth();
    expect(first.page).toEqual(first.truth);
    expect(first.page.total).toBe(1);
    expect(first.page.capital).toEqual([0n, 30n]);

    // The same day, after writes through the service, an import and plain SQL.
    const commune = await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Commune", collegeId: s.colleges["Collectivités"]!, category: "collectivite", shares: "10" }), day: DAY });
    await add("Salariée", { exitedOn: "2026-01-20" });
    let now = await pageAndTruth();
    expect(now.page).toEqual(now.truth);
    expect(now.page.total).toBe(3);
    expect(now.page.capital).toEqual([10n, 40n]);
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, memberId: commune.id, member: memberInput({ name: "Commune", collegeId: s.colleges["Collectivités"]!, category: "collectivite", shares: "20" }), day: DAY });
    now = await pageAndTruth();
    expect(now.page.capital).toEqual([20n, 50n]);
    const csv = ["numero;nom;type;representant;categorie;college;poids;email;parts;date_entree;date_sortie", "E-1;Entreprise;morale;Dir;entreprise;Entreprises;1;;5;2024-01-01;"].join("\n");
    await applyImport(db, { entity: s.entity, actorId: s.admin.id, text: csv, day: DAY });
    now = await pageAndTruth();
    expect(now.page).toEqual(now.truth);
    expect(now.page.total).toBe(4);
    await db.updateTable("member").set({ exited_on: "2026-01-01" }).where("id", "=", commune.id).execute();
    now = await pageAndTruth();
    expect(now.page).toEqual(now.truth);
    expect(now.page.capital).toEqual([0n, 35n]);
    await db.updateTable("member").set({ voting_weight_micro: 3_000_000 }).where("name", "=", "Asso").execute();
    now = await pageAndTruth();
    expect(now.page).toEqual(now.truth);
    expect(now.page.colleges.find((c) => c[0] === "Associations")).toEqual(["Associations", 1, 3_000_000]);

    for (const filter of [{ status: "all" as const }, { status: "exited" as const }, { college: s.colleges["Salariés"]! }, { category: "entreprise" as const, status: "all" as const }]) {
      const f = await pageAndTruth(DAY, filter);
      expect(f.page.total, JSON.stringify(filter)).toBe(f.truth.total);
    }
    // Another day, another count: the employee has left by the 20th.
    const later = await pageAndTruth("2026-01-25");
    expect(later.page).toEqual(later.truth);
    expect(later.page.total).toBe(2);
  });

  it("counts the directory from the totals without a search, and by the search with one", async () => {
    await add("Zélie Active");
    await add("Zacharie Parti", { exitedOn: "2025-12-31" });
    expect((await directoryPage(db, s.id, { ...all }, DAY)).total).toBe(1);
    expect((await directoryPage(db, s.id, { ...all, q: "za" }, DAY)).total).toBe(0);
    expect((await directoryPage(db, s.id, { ...all, q: "zélie" }, DAY)).rows.map((r) => r.name)).toEqual(["Zélie Active"]);
  });
});

describe("pagination", () => {
  it("is stable through equal names: pages never overlap and together give the whole list in order", async () => {
    await bulkMembers(
      db,
      s.id,
      Array.from({ length: 130 }, (_, i) => memberInput({ name: ["Dupont", "Dupond", "Durand"][i % 3]!, memberNumber: `P${i}`, collegeId: s.colleges["Salariés"]! })),
    );
    const ordered = await db.selectFrom("member").select("id").where("entity_id", "=", s.id).orderBy("sort_name").orderBy("id").execute();
    for (const q of ["", "du", "dupon"]) {
      const seen: string[] = [];
      for (let page = 1; page <= 3; page++) {
        const result = await registerPage(db, s.entity, { ...all, q, page }, DAY);
        seen.push(...result.rows.map((r) => r.id));
        expect(result.pages).toBe(Math.ceil(result.total / MEMBER_PAGE_SIZE));
      }
      const expected = q === "dupon" ? ordered.filter((_, i) => i < 87).map((r) => r.id) : ordered.map((r) => r.id);
      expect(new Set(seen).size, q).toBe(seen.length);
      expect(seen, q).toEqual(expected);
    }
  });
});
