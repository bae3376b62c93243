// Moving an instance (issue 14): a SQLite instance with real data (the demo, final minutes, a
// closed vote, a closed secret vote and an open one, a revised rule, a budget rule, a 64-bit
// integer) copied into an empty PostgreSQL schema by db/copy.ts: every table's rows and checksum
// the same on both sides, the app's own checks passing on the copy; a target that is not empty or a
// source not migrated to the latest migration refused with nothing written; a copy that does not
// verify rolled back; uploaded files an older instance kept in a folder moved into the copy's
// database; and `npm run db:copy` itself, compiled, as the README gives it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql, type Kysely, type Selectable } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupDatabase } from "#db/backup";
import { copyDatabase, CopyRefused, type CopyReport } from "#db/copy";
import { createDb, type Db } from "#db/index";
import { createMigrator, migrateToLatest } from "#db/migrate";
import type { Database } from "#db/schema";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "#db/seed";
import { Rational } from "~/domain/rational";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { readUpload } from "~/lib/storage.server";
import { replaceHandCounts } from "~/queries/meetings.server";
import { submitExpense } from "~/services/budget-expenses.server";
import { addLine, createBudget, type BudgetEntity } from "~/services/budget.server";
import { ballotBoxFile } from "~/services/election-box.server";
import { closeMeeting, openMeeting } from "~/services/meeting-attendance.server";
import { createMeeting, sendNotice, uploadDocument } from "~/services/meetings.server";
import { finalizeMinutes } from "~/services/minutes.server";
import { closeResolution } from "~/services/resolutions.server";
import { reviseRule } from "~/services/rules.server";
import { castVote } from "~/services/voting.server";
import { ORIGIN } from "../helpers/app";
import { postgresSchema, TEST_POSTGRES_URL, type PostgresSchema } from "../helpers/postgres";
import { run } from "../helpers/spawn";
import { root, SLOW } from "../helpers/tally-fixtures";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let tmp: string;
let source: string;
let files: { stored: string; inFolder: string[]; bytes: Map<string, Buffer> }; // the source's uploads: one in stored_file, two in a folder
const schemas: PostgresSchema[] = [];
/** Beyond 2^53: only an exact copy of 64-bit integers keeps it. */
const BIG = 9_007_199_254_740_993n;

async function freshSchema(): Promise<PostgresSchema> {
  const pg = await postgresSchema();
  schemas.push(pg);
  return pg;
}

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);
/** Writes a file where the app wrote uploads in a folder: <folder>/<key>. */
function writeFile(folder: string, key: string, bytes: Buffer): void {
  mkdirSync(path.dirname(path.join(folder, key)), { recursive: true });
  writeFileSync(path.join(folder, key), bytes);
}

// Two meeting documents and a receipt uploaded, the second document and the receipt then moved out
// of stored_file into `folder`, as an instance older than stored_file kept them.
async function addUploads(db: Db, entity: BudgetEntity, actorId: string, meetingId: string, folder: string): Promise<typeof files> {
  const now = new Date("2027-02-01T10:00:00Z");
  const bytes = new Map<string, Buffer>();
  for (const name of ["ordre-du-jour.pdf", "comptes.pdf"]) {
    const { id } = await uploadDocument(db, { entityId: entity.id, meetingId, actorId, name, bytes: pdf(name), now });
    bytes.set((await db.selectFrom("meeting_document").select("storage_key").where("id", "=", id).executeTakeFirstOrThrow()).storage_key, pdf(name));
  }
  const { id: budgetId } = await createBudget(db, { entityId: entity.id, actorId, name: "Budget 2027", fiscalStart: "2027-01-01", fiscalEnd: "2027-12-31", now });
  const { id: lineId } = await addLine(db, { entityId: entity.id, actorId, budgetId, line: { kind: "charge", category: "Divers", label: "Local", plannedCents: 100_000, memberId: null, collegeId: null, notes: null }, now });
  await db.updateTable("budget").set({ status: "adopted", adopted_at: now.toISOString() }).where("id", "=", budgetId).execute();
  const receipt = { name: "facture.pdf", bytes: pdf("facture") };
  const { id } = await submitExpense(db, { entity, budgetId, userId: actorId, lineId, payee: "Imprimerie", spentOn: "2027-02-01", amountCents: 1_234, description: "Affiches", resolutionId: null, receipt, now });
  bytes.set((await db.selectFrom("expense").select("receipt_key").where("id", "=", id).executeTakeFirstOrThrow()).receipt_key!, receipt.bytes);
  const [stored, ...inFolder] = [...bytes.keys()] as [string, string, string];
  for (const key of inFolder) writeFile(folder, key, bytes.get(key)!);
  await db.deleteFrom("stored_file").where("key", "in", inFolder).execute();
  return { stored, inFolder, bytes };
}

/** The instance to move, written through the app's services into a SQLite file, and its uploads folder beside it. */
async function buildSource(file: string): Promise<void> {
  const db = createDb(file);
  try {
    await migrateToLatest(db);
    await seedDemo(db);
    // Final minutes of a closed meeting of the demo (PDF, DOCX, Markdown with its digest, CSV).
    const entity: Selectable<Database["entity"]> = await db.selectFrom("entity").selectAll().where("slug", "=", DEMO_SLUG).executeTakeFirstOrThrow();
    const actorId = (await db.selectFrom("user").select("id").where("email", "=", DEMO_ACCOUNTS[1].email).executeTakeFirstOrThrow()).id;
    const startsAt = new Date("2027-03-20T17:00:00Z");
    const { id: meetingId } = await createMeeting(db, {
      entity,
      actorId,
      meeting: { kind: "ago", title: "AGO 2027", startsAt, place: "Tours", remoteLink: null, postalDeadline: null },
      now: new Date("2027-01-04T09:00:00Z"),
    });
    await sendNotice(db, { entity, meetingId, actorId, mode: "email", origin: ORIGIN, locale: "fr", now: new Date("2027-03-01T09:00:00Z") });
    await openMeeting(db, { entity, meetingId, actorId, now: startsAt });
    await closeMeeting(db, { entity, meetingId, actorId, now: new Date("2027-03-20T19:00:00Z") });
    await finalizeMinutes(db, { entity, meetingId, actorId, now: new Date("2027-03-21T09:00:00Z") });
    files = await addUploads(db, entity as BudgetEntity, actorId, meetingId, path.join(path.dirname(file), "uploads"));
    // The demo's budget decided by its first rule: entity and voting_rule point to each other.
    const rule = await db.selectFrom("voting_rule").select("id").where("entity_id", "=", entity.id).orderBy("created_at").executeTakeFirstOrThrow();
    await db.updateTable("entity").set({ budget_rule_id: rule.id }).where("id", "=", entity.id).execute();

    // A closed open-ballot vote, its rule revised afterwards (a new version superseding the one the result names).
    const s = await makeVotingScic(db, 2);
    const openBallot: VotingRule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false };
    const vote = (college: string, i: number, resolutionId: string, choice: "for" | "against" | "abstain") =>
      castVote(db, { entityId: s.id, userId: s.people[college]![i]!.userId, resolutionId, choice });
    const plain = await makeOpenResolution(db, s, { rule: openBallot, number: "1" });
    await vote("Associations", 0, plain.id, "for");
    await vote("Entreprises", 1, plain.id, "against");
    await vote("Salariés", 0, plain.id, "for");
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: plain.id });
    await reviseRule(db, { entityId: s.id, actorId: s.admin.id, ruleId: plain.ruleId, name: "AGO révisée", rule: { ...openBallot, threshold: Rational.of(2, 3) } });

    // A secret vote counted by the server, with paper ballots counted in the room, and one still open.
    const secretRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: true };
    const secret = await makeOpenResolution(db, s, { rule: secretRule, number: "2" });
    await vote("Associations", 1, secret.id, "against");
    await vote("Entreprises", 0, secret.id, "for");
    await vote("Salariés", 1, secret.id, "abstain");
    await replaceHandCounts(db, secret.id, [{ collegeId: s.colleges["Entreprises"]!, for: 2, against: 0, abstain: 1 }]);
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: secret.id });
    const open = await makeOpenResolution(db, s, { rule: secretRule, number: "3" });
    await vote("Associations", 0, open.id, "for");

    await db
      .insertInto("login_throttle")
      .values({ key: "copy-test", failures: BIG as unknown as number, window_started_at: "2027-01-01T00:00:00.000Z", locked_until: null })
      .execute();
  } finally {
    await db.destroy();
  }
}

// Always from SQLite to PostgreSQL: vitest.config.ts runs this file in the sqlite project only.
describe("db:copy", () => {
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), "cogere-copy-"));
    source = path.join(tmp, "cogere.db");
    await buildSource(source);
  }, 4 * SLOW);

  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    for (const pg of schemas.splice(0)) await pg.drop();
  });

  /** Row counts of every table of the target's schema, and its migrations. */
  async function contents(db: Kysely<Database>): Promise<Record<string, number>> {
    const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
    const out: Record<string, number> = {};
    for (const { name } of rows) out[name] = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(db)).rows[0]!.n);
    return out;
  }

  /** The user triggers of the target's schema that are not enabled. */
  async function disabledTriggers(db: Kysely<Database>): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
    select t.tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where not t.tgisinternal and n.nspname = current_schema() and t.tgenabled <> 'O'`.execute(db);
    return rows.map((r) => r.name);
  }

  describe("db:copy, SQLite to an empty PostgreSQL database", () => {
    let pg: PostgresSchema;
    let report: CopyReport;

    beforeAll(async () => {
      pg = await freshSchema();
      report = await copyDatabase({ from: source, to: pg.db, threads: 0 });
    }, 4 * SLOW);

    it("copies every table with the same rows and checksum on both sides, and commits", async () => {
      expect(report.failures).toEqual([]);
      expect(report.ok).toBe(true);
      const tables = report.tables.map((t) => t.table);
      for (const t of ["user", "entity", "member", "resolution", "ballot", "participation", "turnout", "register_stamp", "election", "encrypted_ballot", "minutes", "minutes_file", "audit_event"])
        expect(tables).toContain(t);
      for (const t of report.tables) {
        expect(t.ok, t.table).toBe(true);
        expect(t.targetRows, t.table).toBe(t.sourceRows);
        expect(t.targetChecksum, t.table).toBe(t.sourceChecksum);
      }
      // What the copy may not hold: the migrator's own tables (the target has its own) and SQLite's search tables.
      expect(tables).not.toContain("kysely_migration");
      expect(tables).not.toContain("member_search");
      expect(report.skipped.map((s) => s.table)).toEqual(expect.arrayContaining(["kysely_migration", "kysely_migration_lock", "member_search", "member_fts"]));
      // Committed: read again through another connection of the pool (stored_file: with the 2 files copied from the folder).
      const counts = await contents(pg.db);
      for (const t of report.tables) expect(counts[t.table], t.table).toBe(t.sourceRows + (t.table === "stored_file" ? 2 : 0));
      expect(counts.member).toBeGreaterThanOrEqual(48);
      expect(counts.minutes_file).toBeGreaterThan(0);
      expect(counts.ballot).toBe(3);
      expect(counts.encrypted_ballot).toBe(4);
      expect(await disabledTriggers(pg.db)).toEqual([]);
    });

    it("keeps every value exactly as stored: 64-bit integers, blobs, and what triggers keep (turnout, register stamps)", async () => {
      const big = await sql<{ failures: string }>`select failures::text as failures from login_throttle where key = 'copy-test'`.execute(pg.db);
      expect(big.rows[0]!.failures).toBe(BIG.toString());
      const src = createDb(source);
      try {
        const stamps = (db: Db) => db.selectFrom("register_stamp").selectAll().orderBy("entity_id").execute();
        expect(await stamps(pg.db)).toEqual(await stamps(src));
        const turnout = (db: Db) => db.selectFrom("turnout").selectAll().orderBy("resolution_id").orderBy("college_key").execute();
        expect((await turnout(pg.db)).length).toBeGreaterThan(0);
        expect(await turnout(pg.db)).toEqual(await turnout(src));
        const files = (db: Db) => db.selectFrom("minutes_file").select(["lang", "format", "bytes", "sha256"]).orderBy("lang").orderBy("format").execute();
        const [copied, original] = [await files(pg.db), await files(src)];
        expect(copied.map((f) => [f.lang, f.format, Buffer.from(f.bytes).toString("base64"), f.sha256])).toEqual(
          original.map((f) => [f.lang, f.format, Buffer.from(f.bytes).toString("base64"), f.sha256]),
        );
        // The rows filled in after the others (foreign keys in a cycle, or into their own table).
        const links = (db: Db) => db.selectFrom("voting_rule").select(["id", "supersedes_id"]).where("supersedes_id", "is not", null).orderBy("id").execute();
        expect((await links(pg.db)).length).toBe(1);
        expect(await links(pg.db)).toEqual(await links(src));
        const budget = (db: Db) => db.selectFrom("entity").select(["id", "budget_rule_id"]).where("budget_rule_id", "is not", null).execute();
        expect((await budget(pg.db)).length).toBe(1);
        expect(await budget(pg.db)).toEqual(await budget(src));
        // The ballot boxes as members download them: the same file from either database.
        const elections = await src.selectFrom("election").select(["resolution_id", "entity_id"]).execute();
        expect(elections).toHaveLength(2);
        for (const e of elections) expect(await ballotBoxFile(pg.db, e.entity_id, e.resolution_id)).toEqual(await ballotBoxFile(src, e.entity_id, e.resolution_id));
      } finally {
        await src.destroy();
      }
    });

    it("moves the uploaded files kept in the folder beside the file into the target's stored_file, checked by their SHA-256", async () => {
      expect(report.uploads).toEqual({ verified: 3, preexisting: [], failures: [], copied: 2, leftInFolder: 0, folder: path.join(tmp, "uploads") });
      // The table's checksum compares stored_file as the source holds it: the file already in it.
      expect(report.tables.find((t) => t.table === "stored_file")).toMatchObject({ sourceRows: 1, targetRows: 1, ok: true });
      const rows = await pg.db.selectFrom("stored_file").select(["key", "bytes", "created_at"]).orderBy("key").execute();
      const expected = [...files.bytes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, bytes]) => [key, bytes.toString(), "2027-02-01T10:00:00.000Z"]);
      expect(rows.map((r) => [r.key, Buffer.from(r.bytes).toString(), r.created_at])).toEqual(expected);
      // The server reads them from the database now, wherever it runs.
      for (const [key, bytes] of files.bytes) expect(Buffer.from(await readUpload(pg.db, key))).toEqual(bytes);
    });

    it("runs the app's verifications on the copy: frozen results, final minutes and ballot boxes", () => {
      expect(report.frozenResults).toEqual({ verified: 2, preexisting: [], failures: [] });
      expect(report.minutes).toMatchObject({ verified: 1, preexisting: [], failures: [] });
      expect(report.minutes.files).toBeGreaterThanOrEqual(8);
      // The closed secret vote (3 ballots) and the open one (1).
      expect(report.ballotBoxes).toEqual({ verified: 2, preexisting: [], failures: [], ballots: 4 });
    });

    it(
      "uploaded files: a document whose file does not give the SHA-256 it records is reported, not failed; --keep-uploads-in-folder leaves them there",
      async () => {
        const [document, receipt] = files.inFolder;
        const altered = path.join(tmp, "altered-uploads");
        writeFile(altered, document!, pdf("altered"));
        writeFile(altered, receipt!, files.bytes.get(receipt!)!);
        const report = await copyDatabase({ from: source, to: (await freshSchema()).db, threads: 0, uploads: altered });
        expect([report.ok, report.uploads]).toMatchObject([true, { verified: 2, copied: 2, failures: [] }]);
        expect(report.uploads.preexisting).toEqual([expect.stringMatching(new RegExp(`^document ${document}: its bytes' SHA-256 is [0-9a-f]{64}, the document records [0-9a-f]{64}$`))]);
        // Left in a folder the servers share: the copy holds those the source's database held.
        const pg = await freshSchema();
        const kept = await copyDatabase({ from: source, to: pg.db, threads: 0, uploads: path.join(tmp, "shared"), keepUploadsInFolder: true });
        expect([kept.ok, kept.uploads]).toMatchObject([true, { verified: 1, copied: 0, leftInFolder: 2, failures: [] }]);
        expect((await pg.db.selectFrom("stored_file").select("key").execute()).map((r) => r.key)).toEqual([files.stored]);
      },
      3 * SLOW,
    );

    it("refuses to copy again into the same database, naming the tables that have rows, and writes nothing", async () => {
      const before = await contents(pg.db);
      const refused = await copyDatabase({ from: source, to: pg.db, threads: 0 }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(CopyRefused);
      expect((refused as Error).message).toMatch(/is not empty: tables .*\bmember\b.* have rows\. db:copy only copies into an empty database/);
      expect(await contents(pg.db)).toEqual(before);
    });
  });

  describe("what db:copy refuses, with nothing written", () => {
    it("a target with rows in one of Cogere's tables, even one migrated", async () => {
      const pg = await freshSchema();
      await migrateToLatest(pg.db);
      await sql`insert into job_lease (name, holder, expires_at) values ('scheduler', 'elsewhere', '2027-01-01T00:00:00.000Z')`.execute(pg.db);
      const before = await contents(pg.db);
      await expect(copyDatabase({ from: source, to: pg.db, threads: 0 })).rejects.toThrow(/schema cogere_test_\w+\) is not empty: table job_lease has rows/);
      expect(await contents(pg.db)).toEqual(before);
    });

    it("a target with Cogere's tables but no record of its migrations", async () => {
      const pg = await freshSchema();
      await sql`create table member (id text primary key)`.execute(pg.db);
      await expect(copyDatabase({ from: source, to: pg.db, threads: 0 })).rejects.toThrow(/tables named as Cogere's \(member\) but no record of Cogere's migrations/);
      expect(await contents(pg.db)).toEqual({ member: 0 });
    });

    it("a target with tables that are not Cogere's", async () => {
      const pg = await freshSchema();
      await sql`create table notes (id text primary key)`.execute(pg.db);
      await expect(copyDatabase({ from: source, to: pg.db, threads: 0 })).rejects.toThrow(/has tables that are not Cogere's \(notes\)/);
      expect(await contents(pg.db)).toEqual({ notes: 0 });
    });

    it("a target schema that does not exist", async () => {
      const pg = await freshSchema();
      await expect(copyDatabase({ from: source, to: { url: TEST_POSTGRES_URL, schema: `${pg.schema}_missing` }, threads: 0 })).rejects.toThrow(
        new CopyRefused(`the target database has no schema ${pg.schema}_missing: create it first (create schema ${pg.schema}_missing), or leave --schema out`),
      );
    });

    it("an uploaded file in neither the source's database nor the folder, naming it", async () => {
      const pg = await freshSchema();
      const [present, absent] = files.inFolder;
      const partial = path.join(tmp, "partial-uploads");
      writeFile(partial, present!, files.bytes.get(present!)!);
      const refused = await copyDatabase({ from: source, to: pg.db, threads: 0, uploads: partial }).catch((e: unknown) => e);
      expect(refused).toEqual(new CopyRefused(`an uploaded file the source names is neither in its database (stored_file) nor in the folder ${partial}: ${absent}. Copy them there, or name the folder that holds them with --uploads DIR (the old server's UPLOAD_DIR, else the uploads folder beside its database file)`));
      const nowhere = path.join(tmp, "nowhere");
      const none = copyDatabase({ from: source, to: pg.db, threads: 0, uploads: nowhere });
      await expect(none).rejects.toThrow(`2 uploaded files the source names are neither in its database (stored_file) nor in the folder ${nowhere} (there is no folder ${nowhere}): ${files.inFolder.join(", ")}.`);
      expect(await contents(pg.db)).toEqual({});
    });

    it("a source not migrated to the latest migration: run npm run db:migrate first", async () => {
      const old = path.join(tmp, "old.db");
      const db = createDb(old);
      const migrator = createMigrator(db);
      const names = (await migrator.getMigrations()).map((m) => m.name);
      const { error } = await migrator.migrateTo(names.at(-3)!);
      expect(error).toBeUndefined();
      await db.destroy();
      const pg = await freshSchema();
      const refused = await copyDatabase({ from: old, to: pg.db, threads: 0 }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(CopyRefused);
      expect((refused as Error).message).toContain(`is not migrated to the latest migration (2 pending: ${names.slice(-2).join(", ")})`);
      expect((refused as Error).message).toContain("npm run db:migrate");
      expect(await contents(pg.db)).toEqual({});
    });
  });

  describe("a copy that does not verify", () => {
    it(
      "is rolled back: the report names the table, the target keeps its tables empty and can take the copy again",
      async () => {
        // SQLite lets a blob column hold text: PostgreSQL's bytea gets its bytes, which are not the same value.
        const odd = path.join(tmp, "odd.db");
        await backupDatabase(source, odd);
        const db = createDb(odd);
        await sql`update minutes_file set bytes = 'not bytes' where rowid = (select min(rowid) from minutes_file)`.execute(db);
        await db.destroy();
        const pg = await freshSchema();
        const failed = await copyDatabase({ from: odd, to: pg.db, threads: 0 });
        expect(failed.ok).toBe(false);
        expect(failed.failures[0]).toMatch(/^table minutes_file: \d+ rows, checksum [0-9a-f]{16} in the source; \d+ rows, checksum [0-9a-f]{16} in the copy$/);
        expect(failed.tables.filter((t) => !t.ok).map((t) => t.table)).toEqual(["minutes_file"]);
        const counts = await contents(pg.db);
        expect(Object.entries(counts).filter(([t, n]) => n > 0 && !t.startsWith("kysely_migration"))).toEqual([]);
        expect(await disabledTriggers(pg.db)).toEqual([]);
        // Migrated and empty: the copy of the good file goes through.
        const again = await copyDatabase({ from: source, to: pg.db, threads: 0 });
        expect(again.ok).toBe(true);
        expect(again.migrations.applied).toBe(0);
      },
      2 * SLOW,
    );
  });

  describe("npm run db:copy", () => {
    it(
      "copies into a schema, prints every table, the verifications and the uploaded files, and refuses a second time",
      async () => {
        const pg = await freshSchema();
        // Migrated by a first start on PostgreSQL, say, but empty: a fit target.
        await migrateToLatest(pg.db);
        const args = ["run", "db:copy", "--", "--from", source, "--to", TEST_POSTGRES_URL, "--schema", pg.schema, "--threads", "2"];
        const first = await run("npm", args, { cwd: root, timeout: 2 * SLOW });
        expect([first.status, first.stderr.replace(/^Compiling.*\n/, "")]).toEqual([0, ""]);
        expect(first.stdout).toMatch(/^member +\d+ {2}[0-9a-f]{16} +ok$/m);
        expect(first.stdout).toMatch(/^minutes_file +\d+ {2}[0-9a-f]{16} +ok$/m);
        expect(first.stdout).toContain("every count and checksum is the same in the copy");
        expect(first.stdout).toContain("Frozen results (recomputed from the copied ballots): 2 verified.");
        expect(first.stdout).toContain("Final minutes (files, digests, journal): 1 verified");
        expect(first.stdout).toContain("Ballot boxes (proofs, chain, tally, hash, result): 2 verified (4 ballots).");
        expect(first.stdout).toContain(`Uploaded files not in the database are copied into it from ${path.join(tmp, "uploads")}.`);
        expect(first.stdout).toContain("Uploaded files (from the folder into the database): 2 copied.");
        expect(first.stdout).toContain("Uploaded files in the copy (documents and receipts, SHA-256): 3 verified.");
        expect(first.stdout).toContain(`Copied and verified: ${TEST_POSTGRES_URL} (schema ${pg.schema}) now holds this instance`);
        const copied = await contents(pg.db);
        expect(copied.member).toBeGreaterThanOrEqual(48);

        const second = await run("npm", args, { cwd: root, timeout: SLOW });
        expect(second.status).toBe(1);
        expect(second.stderr).toMatch(/^Copy refused, nothing written: the target database \(schema \w+\) is not empty: tables .* have rows/m);
        expect(await contents(pg.db)).toEqual(copied);
        // The files left in a folder only when the server will read them there.
        const { UPLOAD_DIR: _, ...env } = process.env;
        const keep = await run("npm", [...args, "--keep-uploads-in-folder"], { cwd: root, env, timeout: SLOW });
        expect([keep.status, keep.stderr]).toEqual([2, expect.stringMatching(/^--keep-uploads-in-folder leaves the uploaded files in UPLOAD_DIR, which is not set/)]);
      },
      3 * SLOW,
    );
  });
});
