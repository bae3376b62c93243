// npm run bench: the register's own queries on 100 000 members and a 10 000-row import,
// each beside a bare baseline doing the same work with raw SQL, in the same run.
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { createDb } from "#db/index";
import { migrateToLatest } from "#db/migrate";
import { listMembers } from "~/queries/members.server";
import { collegesOverview } from "~/services/colleges.server";
import { applyImport } from "~/services/import.server";
import { bulkMembers, DAY, makeScic, memberInput } from "../helpers/register";

async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

function row(name: string, ours: number, bare: number) {
  console.log(`${name.padEnd(46)} ${ours.toFixed(2).padStart(9)} ms ${bare.toFixed(2).padStart(9)} ms ${(ours / bare).toFixed(2).padStart(7)}×`);
}

const db = createDb(":memory:");
await migrateToLatest(db);
const scic = await makeScic(db, "Bench");
const colleges = Object.values(scic.colleges);
const t0 = performance.now();
await bulkMembers(
  db,
  scic.id,
  Array.from({ length: 100_000 }, (_, i) => memberInput({ name: `Membre ${String(i).padStart(6, "0")}`, memberNumber: `N${i}`, email: `m${i}@bench.example`, collegeId: colleges[i % 4]!, exitedOn: i % 10 === 9 ? "2025-01-01" : "" })),
);
console.log(`seeded 100 000 members in ${(performance.now() - t0).toFixed(0)} ms\n`);
console.log(`${"case".padEnd(46)} ${"Cogere".padStart(12)} ${"baseline".padStart(12)} ${"ratio".padStart(8)}`);

const filter = { q: "", college: "", category: "" as const, status: "active" as const, page: 1000 };
row(
  "register page 1000, active, with total",
  await time(20, () => listMembers(db, scic.id, filter, DAY)),
  await time(20, () =>
    Promise.all([
      sql`select id, name from member where entity_id = ${scic.id} and joined_on <= ${DAY} and (exited_on is null or exited_on > ${DAY}) order by sort_name, id limit 50 offset 49950`.execute(db),
      sql`select count(*) from member where entity_id = ${scic.id} and joined_on <= ${DAY} and (exited_on is null or exited_on > ${DAY})`.execute(db),
    ]),
  ),
);
row(
  "register search \"m4242@\" (all statuses)",
  await time(20, () => listMembers(db, scic.id, { ...filter, q: "m4242@", status: "all", page: 1 }, DAY)),
  await time(20, () => sql`select id from member where entity_id = ${scic.id} and search_text like ${"%m4242@%"} limit 50`.execute(db)),
);
row(
  "college headcounts and weights",
  await time(20, () => collegesOverview(db, scic.id, DAY)),
  await time(20, () => sql`select college_id, count(*), sum(voting_weight_micro) from member where entity_id = ${scic.id} group by college_id`.execute(db)),
);

const importDb = createDb(":memory:");
await migrateToLatest(importDb);
const target = await makeScic(importDb, "Import");
const header = "numero;nom;type;representant;categorie;college;poids;email;parts;date_entree;date_sortie";
let round = 0;
const csv = () => [header, ...Array.from({ length: 10_000 }, (_, i) => `R${round}-${i};Membre ${i};physique;;beneficiaire;Salariés;1;r${round}-${i}@x.example;1;2024-01-01;`)].join("\n");
row(
  "import 10 000 new rows (validate + write)",
  await time(3, async () => {
    round++;
    await applyImport(importDb, { entity: target.entity, actorId: target.admin.id, text: csv(), day: DAY });
  }),
  await time(3, async () => {
    round++;
    const rows = Array.from({ length: 10_000 }, (_, i) => memberInput({ name: `Membre ${i}`, memberNumber: `B${round}-${i}`, collegeId: target.colleges["Salariés"]! }));
    await bulkMembers(importDb, target.id, rows);
  }),
);
console.log("\nbaseline: the same rows or aggregates with hand-written SQL and no validation, history or audit.");
await db.destroy();
await importDb.destroy();
