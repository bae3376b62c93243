// Every CSV export goes through the one writer: text typed by someone (a member's name, a
// budget line, a payee) never reaches a spreadsheet as a formula; amounts stay numbers.
import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { newId } from "~/lib/ids.server";
import * as budgetExportRoute from "~/routes/entity.budget.export";
import * as minutesFileRoute from "~/routes/entity.meeting.minutes.file";
import * as membersExportRoute from "~/routes/entity.members.export";
import { previewImport } from "~/services/import.server";
import { createMeeting, type MeetingEntity } from "~/services/meetings.server";
import { saveMember } from "~/services/members.server";
import { run, signIn } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { DAY, makeScic, memberInput } from "../helpers/register";
import { TODAY } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const FORMULA = '=HYPERLINK("http://x";"clic")';

/** The cells exactly as a spreadsheet receives them (no un-escaping). */
async function cellsOf(res: unknown): Promise<string[][]> {
  expect(res).toBeInstanceOf(Response);
  const text = await (res as Response).text();
  return parse(text, { bom: true, delimiter: ";", relax_column_count: true }) as string[][];
}

/** No cell a spreadsheet would run: each starts with none of = + - @ tab CR, unless it is a plain number. */
function expectNoFormula(cells: string[][]) {
  for (const cell of cells.flat()) if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^-\d+(?:[.,]\d+)?$/);
}

async function setup() {
  const s = await makeScic(db);
  const { id: memberId } = await saveMember(db, {
    entity: s.entity,
    actorId: s.admin.id,
    member: memberInput({ name: FORMULA, memberNumber: "@1", personKind: "legal", representative: "-foo", collegeId: s.colleges["Associations"]!, votingWeight: "2.5", shares: "3" }),
    day: DAY,
  });
  await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "+33 6 12 34 56 78", memberNumber: "2", collegeId: s.colleges["Entreprises"]!, shares: "12" }), day: DAY });
  const token = await signIn(db, s.admin.email, PASSWORD);
  return { s, memberId, token };
}

describe("CSV exports", () => {
  it("the register: formulas neutralised, numbers as numbers, and its own export imports back unchanged", async () => {
    const { s, token } = await setup();
    const res = await run(membersExportRoute.loader, db, { path: `/o/${s.slug}/members/export`, token, params: { slug: s.slug } });
    const text = await (res as Response).clone().text();
    const cells = await cellsOf(res);
    expectNoFormula(cells);
    expect(cells.slice(1)).toEqual([
      ["2", "'+33 6 12 34 56 78", "physique", "", "beneficiaire", "Entreprises", "1", "", "12", "2020-01-01", ""],
      ["'@1", `'${FORMULA}`, "morale", "'-foo", "beneficiaire", "Associations", "2,5", "", "3", "2020-01-01", ""],
    ]);
    expect(await previewImport(db, s.entity, text, DAY)).toEqual({ rows: 2, creates: 0, updates: 0, unchanged: 2, problems: [] });
  });

  it("the budget's lines, expenses and contributions: formulas neutralised, a negative remainder stays a number", async () => {
    const { s, memberId, token } = await setup();
    const year = TODAY().slice(0, 4);
    const budgetId = newId();
    const now = new Date().toISOString();
    await db.insertInto("budget").values({ id: budgetId, entity_id: s.id, name: "Budget", fiscal_start: `${year}-01-01`, fiscal_end: `${year}-12-31`, status: "adopted", resolution_id: null, created_by: s.admin.id, created_at: now, adopted_at: now, closed_at: null }).execute();
    const lineId = newId();
    await db.insertInto("budget_line").values({ id: lineId, budget_id: budgetId, kind: "charge", category: "@SUM(A1:A9)", label: FORMULA, planned_cents: 100_000, member_id: memberId, college_id: null, notes: "-foo", position: 0 }).execute();
    await db.insertInto("expense").values({ id: newId(), budget_id: budgetId, line_id: lineId, payee: "+33 6 12 34 56 78", spent_on: TODAY(), amount_cents: 620_050, description: "\t=1+1", receipt_key: null, receipt_name: "=cmd.pdf", receipt_type: null, resolution_id: null, status: "approved", submitted_by: s.admin.id, created_at: now, decided_at: now }).execute();
    await db.insertInto("contribution").values({ id: newId(), budget_id: budgetId, member_id: memberId, type: "grant", description: "=1+1", pledged_cents: 10_000, pledged_on: TODAY(), received_cents: 0, received_on: null, created_at: now }).execute();
    const csv = async (what: string) => cellsOf(await run(budgetExportRoute.loader, db, { path: `/o/${s.slug}/budgets/${budgetId}/export/${what}`, token, params: { slug: s.slug, budgetId, what } }));

    const lines = await csv("lines");
    expectNoFormula(lines);
    expect(lines[1]).toEqual(["Charge", "'@SUM(A1:A9)", `'${FORMULA}`, "1000,00", "0,00", "6200,50", "0,00", "-5200,50", "oui", `'${FORMULA}`, "", "'-foo"]);
    const expenses = await csv("expenses");
    expectNoFormula(expenses);
    expect(expenses[1]).toMatchObject({ 1: "'+33 6 12 34 56 78", 2: `'${FORMULA}`, 3: "6200,50", 4: "'\t=1+1", 9: "'=cmd.pdf" });
    const contributions = await csv("contributions");
    expectNoFormula(contributions);
    expect(contributions[1]).toMatchObject({ 0: `'${FORMULA}`, 3: "'=1+1", 5: "100,00" });
  });

  it("the attendance sheet of a meeting", async () => {
    const { s, token } = await setup();
    const { id: meetingId } = await createMeeting(db, { entity: s.entity as MeetingEntity, actorId: s.admin.id, meeting: { kind: "ago", title: "AGO", startsAt: new Date(Date.now() + 20 * 86400_000), place: "Tours", remoteLink: null, postalDeadline: null } });
    const cells = await cellsOf(await run(minutesFileRoute.loader, db, { path: `/o/${s.slug}/meetings/${meetingId}/minutes/fr/attendance-csv`, token, params: { slug: s.slug, meetingId, lang: "fr", format: "attendance-csv" } }));
    expectNoFormula(cells);
    expect(cells.map((r) => r[0])).toEqual(expect.arrayContaining([`'${FORMULA}`, "'+33 6 12 34 56 78"]));
  });
});
