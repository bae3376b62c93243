import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "#db/seed";
import * as importRoute from "~/routes/entity.members.import";
import { decodeUpload } from "~/lib/csv.server";
import { listHistory } from "~/queries/audit.server";
import { applyImport, previewImport } from "~/services/import.server";
import { dataOf, makeArgs, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { DAY, makeScic } from "../helpers/register";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const HEADER = "numero;nom;type;representant;categorie;college;poids;email;parts;date_entree;date_sortie";

async function memberCount(entityId: string) {
  const row = await db.selectFrom("member").select((eb) => eb.fn.countAll<number>().as("n")).where("entity_id", "=", entityId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("CSV import", () => {
  it("a file with a bad row writes nothing and reports every problem with its line and column", async () => {
    const s = await makeScic(db);
    const csv = [
      HEADER,
      "A-1;Alice Martin;physique;;salarie;Salariés;1;alice@x.example;2;2024-01-01;",
      "A-2;Coop Bois;morale;;entreprise;Entreprises;1;bois@x.example;10;2024-01-01;",
      "A-3;Bruno;physique;;pirate;Nulle part;zéro;pas-un-email;-3;2024-13-01;",
      "A-1;Alice bis;physique;;salarie;Salariés;1;;0;2024-01-01;",
    ].join("\n");
    const plan = await previewImport(db, s.entity, csv, DAY);
    expect(plan.problems.map((p) => [p.line, p.column, p.key])).toEqual([
      [3, "representant", "errors.representativeRequired"],
      [4, "college", "import.unknownCollege"],
      [4, "categorie", "errors.invalidChoice"],
      [4, "email", "errors.email"],
      [4, "poids", "errors.votingWeight"],
      [4, "parts", "errors.shares"],
      [4, "date_entree", "errors.date"],
      [5, "numero", "import.duplicateNumber"],
    ]);
    await expect(applyImport(db, { entity: s.entity, actorId: s.admin.id, text: csv, day: DAY })).rejects.toMatchObject({ key: "import.invalidNow" });
    expect(await memberCount(s.id)).toBe(0);
  });

  it("reports unknown and missing columns on line 1", async () => {
    const s = await makeScic(db);
    const plan = await previewImport(db, s.entity, "nom;age\nAlice;33\n", DAY);
    expect(plan.problems).toEqual([
      { line: 1, column: "age", key: "import.unknownColumn", params: { column: "age" } },
      { line: 1, column: null, key: "import.missingColumn", params: { column: "categorie" } },
      { line: 1, column: null, key: "import.missingColumn", params: { column: "date_entree" } },
    ]);
  });

  it("re-importing the same file updates instead of duplicating, matching on number then e-mail", async () => {
    const s = await makeScic(db);
    const first = [HEADER, "A-1;Alice Martin;physique;;salarie;Salariés;1;alice@x.example;2;2024-01-01;", ";Sans Numéro;physique;;beneficiaire;Salariés;1;sans@x.example;1;01/02/2024;"].join("\r\n");
    expect(await applyImport(db, { entity: s.entity, actorId: s.admin.id, text: first, day: DAY })).toEqual({ creates: 2, updates: 0, unchanged: 0 });
    expect(await applyImport(db, { entity: s.entity, actorId: s.admin.id, text: first, day: DAY })).toEqual({ creates: 0, updates: 0, unchanged: 2 });
    // English headers, comma separator, changed values: updates, matched by number and by e-mail.
    const second = [
      "member_number,name,person_kind,representative,category,college,voting_weight,email,shares,joined_on,exited_on",
      "A-1,Alice Martin-Durand,natural,,salarie,Salariés,2,alice@x.example,5,2024-01-01,",
      ",Sans Numéro,natural,,beneficiaire,Salariés,1,sans@x.example,1,2024-02-01,2025-12-31",
    ].join("\n");
    expect(await previewImport(db, s.entity, second, DAY)).toMatchObject({ rows: 2, creates: 0, updates: 2, unchanged: 0, problems: [] });
    await applyImport(db, { entity: s.entity, actorId: s.admin.id, text: second, day: DAY });
    expect(await memberCount(s.id)).toBe(2);
    const alice = await db.selectFrom("member").selectAll().where("member_number", "=", "A-1").executeTakeFirstOrThrow();
    expect(alice).toMatchObject({ name: "Alice Martin-Durand", voting_weight_micro: 2_000_000, shares: 5 });
    const history = await listHistory(db, s.id, { type: "member", id: alice.id });
    expect(history[0]).toMatchObject({ action: "member.imported", detail: { before: { name: "Alice Martin", shares: 2, voting_weight_micro: "1" }, after: { name: "Alice Martin-Durand", shares: 5, voting_weight_micro: "2" }, line: 2 } });
  });

  it("refuses an import that gives local authorities more than half the capital", async () => {
    const s = await makeScic(db);
    const csv = [HEADER, "1;Asso;morale;R;association;Associations;1;;1000;2024-01-01;", "2;Commune;morale;Maire;collectivite;Collectivités;1;;1010;2024-01-01;"].join("\n");
    const plan = await previewImport(db, s.entity, csv, DAY);
    expect(plan.problems).toEqual([{ line: 1, column: null, key: "errors.capitalCap", params: { collectivites: 101000, total: 201000, percent: 50.25 } }]);
  });

  it("imports 10 000 rows in one go", async () => {
    const s = await makeScic(db);
    const lines = [HEADER];
    for (let i = 0; i < 10_000; i++) lines.push(`N${i};Membre ${i};physique;;beneficiaire;Salariés;1;m${i}@x.example;1;2024-01-01;`);
    const csv = lines.join("\n");
    expect(await applyImport(db, { entity: s.entity, actorId: s.admin.id, text: csv, day: DAY })).toEqual({ creates: 10_000, updates: 0, unchanged: 0 });
    expect(await memberCount(s.id)).toBe(10_000);
    expect(await applyImport(db, { entity: s.entity, actorId: s.admin.id, text: csv.replaceAll(";1;2024", ";2;2024"), day: DAY })).toEqual({ creates: 0, updates: 10_000, unchanged: 0 });
  }, 30_000);

  it("reads a Windows-1252 file as Excel writes it", () => {
    const bytes = new Uint8Array([0x6e, 0x6f, 0x6d, 0x0a, 0xc9, 0x6c, 0x6f, 0x64, 0x69, 0x65]); // "nom\nÉlodie" in Windows-1252
    expect(decodeUpload(bytes)).toBe("nom\nÉlodie");
  });

  it("the sample file shipped with Cogere imports cleanly into the demo entity, through upload, preview and confirm", async () => {
    await seedDemo(db);
    const token = await signIn(db, DEMO_ACCOUNTS[0].email, DEMO_ACCOUNTS[0].password);
    const entity = await db.selectFrom("entity").selectAll().executeTakeFirstOrThrow();
    const before = await memberCount(entity.id);
    const form = new FormData();
    form.set("intent", "upload");
    form.set("file", new File([readFileSync("public/exemple-membres.csv")], "exemple-membres.csv", { type: "text/csv" }));
    const args = makeArgs(db, { path: `/o/${DEMO_SLUG}/members/import`, method: "POST", token, params: { slug: DEMO_SLUG } });
    const upload = new Request(args.request.url, { method: "POST", headers: { Origin: "http://localhost:3000", Cookie: args.request.headers.get("Cookie")! }, body: form });
    const preview = await importRoute.action({ ...args, request: upload });
    expect(statusOf(preview)).toBe(200);
    expect(dataOf(preview).plan).toMatchObject({ rows: 10, creates: 10, updates: 0, problems: [] });
    expect(await memberCount(entity.id)).toBe(before);
    const confirm = makeArgs(db, { path: `/o/${DEMO_SLUG}/members/import`, token, params: { slug: DEMO_SLUG }, form: { intent: "confirm", jobId: dataOf(preview).jobId } });
    const done = (await importRoute.action(confirm)) as Response;
    expect(done.status).toBe(302);
    expect(await memberCount(entity.id)).toBe(before + 10);
    const weighted = await db.selectFrom("member").select("voting_weight_micro").where("member_number", "=", "AVL-0110").executeTakeFirstOrThrow();
    expect(weighted.voting_weight_micro).toBe(1_500_000);
  });
});
