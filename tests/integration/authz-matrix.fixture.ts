// The world of the authorization matrix: the demo entity with one real id for every URL
// parameter, a person for each role, and a second entity whose admin tries the first one's ids.
// Built once, then copied (an in-memory image) for every request, so that no request sees
// what another wrote and each refused request can be compared with the untouched image.
import { createOrgan } from "~/services/organs.server";
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import type { Database, Db } from "#db/index";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "#db/seed";
import { newId } from "~/lib/ids.server";
import { isoDateInParis } from "~/lib/dates";
import { addContribution } from "~/services/budget-contributions.server";
import { submitExpense } from "~/services/budget-expenses.server";
import { addLine, createBudget } from "~/services/budget.server";
import { grantRole } from "~/services/entities.server";
import { inviteMember } from "~/services/invitations.server";
import { addAgendaItem, createMeeting, sendNotice, uploadDocument } from "~/services/meetings.server";
import { closeResolution, createResolution, openResolution } from "~/services/resolutions.server";
import { createTestDb } from "../helpers/db";
import { makeEntity, makeUser, PASSWORD } from "../helpers/factories";
import { signIn } from "../helpers/app";
import type { Actor } from "./authz-matrix.table";

/** Tables a refused request may write: sessions (renewal, sign-out) and sign-in throttling. */
const UNWATCHED = new Set(["session", "login_throttle"]);

export interface World {
  /** The database image every request starts from. */
  image: Buffer;
  /** URL parameters: real ids of the first entity. */
  params: Record<string, string>;
  /** Other ids for some routes (app/routes/<route>.tsx), where the page needs another state. */
  routeParams: Record<string, Record<string, string>>;
  otherSlug: string;
  tokens: Partial<Record<Actor, string>>;
}

/** A database opened on a copy of `image`, as createDb opens a file (same pragmas). */
export function openCopy(image: Buffer): { db: Db; raw: SQLite.Database } {
  const raw = new SQLite(image);
  raw.pragma("foreign_keys = ON");
  return { raw, db: new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) }) };
}

/** A digest of every row of every table but UNWATCHED ones, table by table. */
export function digest(raw: SQLite.Database): Record<string, string> {
  const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const out: Record<string, string> = {};
  for (const table of tables) {
    if (UNWATCHED.has(table)) continue;
    const rows = (raw.prepare(`SELECT * FROM "${table}"`).raw(true).all() as unknown[][]).map((row) =>
      JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? createHash("sha256").update(v).digest("hex") : typeof v === "bigint" ? v.toString() : v))),
    );
    out[table] = createHash("sha256").update(rows.sort().join("\n")).digest("hex").slice(0, 16) + `:${rows.length}`;
  }
  return out;
}

const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

export async function buildWorld(): Promise<World> {
  const db = await createTestDb();
  await seedDemo(db);
  const entity = await db.selectFrom("entity").selectAll().where("slug", "=", DEMO_SLUG).executeTakeFirstOrThrow();
  const userId = async (email: string) => (await db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const adminId = await userId(account("admin").email);
  const secretaryId = await userId(account("secretary").email);
  const treasurerId = await userId(account("treasurer").email);
  const today = isoDateInParis();
  const year = today.slice(0, 4);

  // An observer, and a second entity with its own admin.
  const observer = await makeUser(db, "Observatrice");
  await grantRole(db, { entityId: entity.id, actorId: adminId, email: observer.email, role: "observer" });
  const other = await makeEntity(db, "Coopérative voisine");

  const college = await db.selectFrom("college").select("id").where("entity_id", "=", entity.id).orderBy("name").executeTakeFirstOrThrow();
  const rule = await db.selectFrom("voting_rule").select("id").where("entity_id", "=", entity.id).where("name", "like", "AGO%").executeTakeFirstOrThrow();
  // A member without an account: the member page, and an invitation's token.
  const member = await db.selectFrom("member").select("id").where("entity_id", "=", entity.id).where("name", "=", "Marc Dubois").executeTakeFirstOrThrow();
  const token = await inviteMember(db, { entity, actorId: adminId, memberId: member.id, origin: "http://localhost:3000", locale: "fr", day: today });

  // Written votes: an open one (everyone sees it, members vote), a closed one (its tally and
  // ballots) and a draft (its edit page).
  const resolution = async (number: string) =>
    (await createResolution(db, { entityId: entity.id, actorId: secretaryId, resolution: { number, title: `Matrice ${number}`, body: "Texte.", note: null, ruleId: rule.id, kind: "ordinary", recommendation: null } })).id;
  const resolutionId = await resolution("M1");
  await openResolution(db, { entity, actorId: secretaryId, resolutionId });
  const closedId = await resolution("M2");
  await openResolution(db, { entity, actorId: secretaryId, resolutionId: closedId });
  await closeResolution(db, { entityId: entity.id, actorId: secretaryId, resolutionId: closedId });
  const draftId = await resolution("M3");
  // A governing body.
  const { id: organId } = await createOrgan(db, { entityId: entity.id, actorId: adminId, organ: { name: "Conseil matrice", kind: "board", seats: 3, termMonths: null, ruleId: null, reserved: [] } });

  // An assembly to come, convened, with an agenda item and a document.
  const startsAt = new Date(Date.now() + 30 * 86_400_000);
  const { id: meetingId } = await createMeeting(db, { entity, actorId: secretaryId, meeting: { kind: "ago", title: "AGO matrice", startsAt, place: "Tours", remoteLink: null, postalDeadline: null } });
  await addAgendaItem(db, { entityId: entity.id, actorId: secretaryId, meetingId, title: "Rapport", description: null });
  const { id: documentId } = await uploadDocument(db, { entityId: entity.id, meetingId, actorId: secretaryId, name: "rapport.pdf", bytes: new TextEncoder().encode("%PDF-1.4 rapport") });
  await sendNotice(db, { entity, meetingId, actorId: secretaryId, mode: "email", origin: "http://localhost:3000", locale: "fr" });

  // This year's budget, adopted (as its vote would), with an expense (receipt) and a contribution.
  const { id: budgetId } = await createBudget(db, { entityId: entity.id, actorId: treasurerId, name: `Budget ${year}`, fiscalStart: `${year}-01-01`, fiscalEnd: `${year}-12-31` });
  await addLine(db, { entityId: entity.id, actorId: treasurerId, budgetId, line: { kind: "charge", category: "Fonctionnement", label: "Local", plannedCents: 100_000, memberId: null, collegeId: null, notes: null } });
  await addLine(db, { entityId: entity.id, actorId: treasurerId, budgetId, line: { kind: "income", category: "Subventions", label: "Région", plannedCents: 100_000, memberId: null, collegeId: null, notes: null } });
  await db.updateTable("budget").set({ status: "adopted", adopted_at: new Date().toISOString() }).where("id", "=", budgetId).execute();
  const line = await db.selectFrom("budget_line").select("id").where("budget_id", "=", budgetId).where("kind", "=", "charge").executeTakeFirstOrThrow();
  await submitExpense(db, {
    entity,
    budgetId,
    userId: treasurerId,
    lineId: line.id,
    payee: "Imprimerie",
    spentOn: today,
    amountCents: 12_000,
    description: "Affiches",
    resolutionId: null,
    receipt: { name: "facture.pdf", bytes: new TextEncoder().encode("%PDF-1.4 facture") },
  });
  const expense = await db.selectFrom("expense").select("id").where("budget_id", "=", budgetId).executeTakeFirstOrThrow();
  await addContribution(db, { entityId: entity.id, actorId: treasurerId, budgetId, memberId: member.id, type: "grant", description: null, publicAid: true, pledgedCents: 50_000, pledgedOn: today, receivedCents: 0, receivedOn: null });

  const tokens: World["tokens"] = {
    admin: await signIn(db, account("admin").email, account("admin").password),
    secretary: await signIn(db, account("secretary").email, account("secretary").password),
    treasurer: await signIn(db, account("treasurer").email, account("treasurer").password),
    member: await signIn(db, account("member").email, account("member").password),
    observer: await signIn(db, observer.email, PASSWORD),
  };
  tokens.stranger = tokens.otherAdmin = await signIn(db, other.admin.email, PASSWORD);

  const file = path.join(tmpdir(), `cogere-authz-${newId()}.db`);
  await sql`VACUUM INTO ${file}`.execute(db);
  await db.destroy();
  const image = readFileSync(file);
  rmSync(file, { force: true });
  return {
    image,
    params: {
      slug: entity.slug,
      memberId: member.id,
      collegeId: college.id,
      organId,
      ruleId: rule.id,
      resolutionId,
      meetingId,
      documentId,
      lang: "fr",
      format: "pdf",
      budgetId,
      expenseId: expense.id,
      what: "lines",
      token,
      // A calendar feed address nobody holds (/calendar/:file): the feed answers 404.
      file: "abcdefghijklmnopqrstuvwxyz234567.ics",
    },
    routeParams: {
      "entity.resolution.tally": { resolutionId: closedId },
      "entity.resolution.ballots": { resolutionId: closedId },
      "entity.resolution.edit": { resolutionId: draftId },
    },
    otherSlug: other.slug,
    tokens,
  };
}
