import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "#db/seed";
import * as allocationRoute from "~/routes/entity.budget.allocation";
import * as contributionsRoute from "~/routes/entity.budget.contributions";
import * as expensesRoute from "~/routes/entity.budget.expenses";
import * as exportRoute from "~/routes/entity.budget.export";
import * as receiptRoute from "~/routes/entity.budget.receipt";
import * as budgetRoute from "~/routes/entity.budget";
import * as budgetsRoute from "~/routes/entity.budgets";
import * as settingsRoute from "~/routes/entity.settings";
import { createTestDb } from "../helpers/db";
import { dataOf, makeArgs, ORIGIN, run, signIn, statusOf } from "../helpers/app";
import { TODAY } from "../helpers/voting";
import { getFixedT } from "~/lib/i18n";
import { addLine, createBudget } from "~/services/budget.server";
import { saveMember } from "~/services/members.server";
import { makeScic, memberInput } from "../helpers/register";

let db: Db;
const tokens: Record<string, string> = {};
const account = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

beforeEach(async () => {
  db = await createTestDb();
  await seedDemo(db);
  for (const role of ["admin", "secretary", "member", "treasurer"]) tokens[role] = await signIn(db, account(role).email, account(role).password);
});

type Route = { loader?: (...a: never[]) => unknown; action?: (...a: never[]) => unknown };
const base = `/o/${DEMO_SLUG}/budgets`;

function call(fn: unknown, who: string, path: string, params: Record<string, string> = {}, form?: Record<string, string>) {
  return run(fn as Parameters<typeof run>[0], db, { path, token: tokens[who], params: { slug: DEMO_SLUG, ...params }, form });
}

/** A budget for the current year with two lines, adopted (as its vote would), by the treasurer. */
async function adoptedBudget() {
  const year = TODAY().slice(0, 4);
  const created = (await call(budgetsRoute.action, "treasurer", base, {}, { name: `Budget ${year}`, fiscalStart: `${year}-01-01`, fiscalEnd: `31/12/${year}` })) as Response;
  expect(created.status).toBe(302);
  const budgetId = created.headers.get("Location")!.split("/").pop()!;
  const here = `${base}/${budgetId}`;
  for (const line of [
    { kind: "charge", category: "Fonctionnement", label: "Local et énergie", planned: "12 000" },
    { kind: "income", category: "Subventions", label: "Région", planned: "15000,50" },
  ]) {
    expect(statusOf(await call(budgetRoute.action, "treasurer", here, { budgetId }, { intent: "line", ...line, collegeId: "", notes: "" }))).toBe(302);
  }
  await db.updateTable("budget").set({ status: "adopted", adopted_at: new Date().toISOString() }).where("id", "=", budgetId).execute();
  const lineId = (await db.selectFrom("budget_line").select("id").where("budget_id", "=", budgetId).where("kind", "=", "charge").executeTakeFirstOrThrow()).id;
  return { budgetId, here, lineId, year };
}

function multipart(who: string, path: string, params: Record<string, string>, fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const args = makeArgs(db, { path, method: "POST", token: tokens[who], params: { slug: DEMO_SLUG, ...params } });
  const request = new Request(args.request.url, { method: "POST", headers: { Origin: ORIGIN, Cookie: args.request.headers.get("Cookie")! }, body: form });
  return expensesRoute.action({ ...args, request }).catch((e: unknown) => {
    if (e instanceof Response) return e;
    throw e;
  });
}

describe("budget pages", () => {
  it("everyone in the entity sees the budget; only the treasurer and admins draft it; bad amounts name the field and keep the values", async () => {
    const { budgetId, here } = await adoptedBudget();
    const page = dataOf(await call(budgetRoute.loader, "member", here, { budgetId }));
    expect(page.canManage).toBe(false);
    expect(page.followUp.totals).toEqual({ charges: 1_200_000, income: 1_500_050, balance: 300_050 });
    expect(statusOf(await call(budgetsRoute.action, "member", base, {}, { name: "x", fiscalStart: "2030-01-01", fiscalEnd: "2030-12-31" }))).toBe(403);
    expect(statusOf(await call(budgetsRoute.action, "secretary", base, {}, { name: "x", fiscalStart: "2030-01-01", fiscalEnd: "2030-12-31" }))).toBe(403);

    await db.updateTable("budget").set({ status: "draft" }).where("id", "=", budgetId).execute();
    const bad = await call(budgetRoute.action, "treasurer", here, { budgetId }, { intent: "line", kind: "charge", category: "Divers", label: "Imprévus", planned: "douze euros" });
    expect(statusOf(bad)).toBe(400);
    expect(dataOf(bad).errors).toEqual({ planned: { key: "errors.money", params: { field: "planned" } } });
    expect(dataOf(bad).values).toMatchObject({ category: "Divers", label: "Imprévus", planned: "douze euros" });
    const order = await call(budgetsRoute.action, "treasurer", base, {}, { name: "À l’envers", fiscalStart: "2030-12-31", fiscalEnd: "2030-01-01" });
    expect(dataOf(order).errors).toEqual({ fiscalEnd: { key: "budget.yearOrder", params: {} } });
  });

  it("an expense with its receipt: the author cannot approve it, two others do, approvers alone download the receipt, and the CSV exports show it", async () => {
    const { budgetId, here, lineId, year } = await adoptedBudget();
    const pdf = new File([new TextEncoder().encode("%PDF-1.4 facture EDF")], "facture-edf.pdf", { type: "application/pdf" });
    const fields = { intent: "submit", lineId, payee: "EDF", spentOn: TODAY(), amount: "1 200,50", description: "Électricité", resolutionId: "" };
    expect(statusOf(await multipart("member", `${here}/expenses`, { budgetId }, { ...fields, receipt: pdf }))).toBe(403);
    const late = await multipart("treasurer", `${here}/expenses`, { budgetId }, { ...fields, spentOn: `${Number(year) + 1}-01-05` });
    expect(dataOf(late).errors).toEqual({ spentOn: { key: "expenses.outsideYear", params: { start: `${year}-01-01`, end: `${year}-12-31` } } });
    expect(dataOf(late).values).toMatchObject({ payee: "EDF", amount: "1 200,50" });
    expect(statusOf(await multipart("treasurer", `${here}/expenses`, { budgetId }, { ...fields, receipt: pdf }))).toBe(302);
    const expense = await db.selectFrom("expense").selectAll().where("budget_id", "=", budgetId).executeTakeFirstOrThrow();
    expect(expense).toMatchObject({ amount_cents: 120_050, status: "pending", receipt_name: "facture-edf.pdf", receipt_type: "application/pdf" });

    const receiptPath = `${here}/expenses/${expense.id}/receipt`;
    expect(statusOf(await call(receiptRoute.loader, "member", receiptPath, { budgetId, expenseId: expense.id }))).toBe(403);
    const file = (await call(receiptRoute.loader, "admin", receiptPath, { budgetId, expenseId: expense.id })) as Response;
    expect(file.headers.get("Content-Type")).toBe("application/pdf");
    expect(await file.text()).toBe("%PDF-1.4 facture EDF");

    const decide = (who: string, decision: string) => call(expensesRoute.action, who, `${here}/expenses`, { budgetId }, { intent: "decide", expenseId: expense.id, decision });
    const own = await decide("treasurer", "approve");
    expect(statusOf(own)).toBe(409);
    expect(dataOf(own).errors).toEqual({ _form: { key: "expenses.selfApproval", params: { amount: 120_050 } } });
    expect(statusOf(await decide("member", "approve"))).toBe(403);
    expect(statusOf(await decide("admin", "approve"))).toBe(302);
    expect((await db.selectFrom("expense").select("status").where("id", "=", expense.id).executeTakeFirstOrThrow()).status).toBe("pending");
    expect(statusOf(await decide("secretary", "approve"))).toBe(302);

    const list = dataOf(await call(expensesRoute.loader, "member", `${here}/expenses`, { budgetId }));
    expect(list.canSubmit).toBe(false);
    expect(list.canReadReceipts).toBe(false);
    expect(list.expenses).toEqual([expect.objectContaining({ payee: "EDF", status: "approved", decisions: [expect.objectContaining({ name: "Claire Moreau", decision: "approve" }), expect.objectContaining({ name: "Julien Mercier", decision: "approve" })] })]);
    const followUp = dataOf(await call(budgetRoute.loader, "member", here, { budgetId })).followUp;
    expect(followUp.spent).toBe(120_050);
    expect(followUp.lines[0]).toMatchObject({ label: "Local et énergie", planned: 1_200_000, spent: 120_050, remaining: 1_079_950 });

    const csv = async (what: string) => {
      const bytes = new Uint8Array(await ((await call(exportRoute.loader, "member", `${here}/export/${what}`, { budgetId, what })) as Response).arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheets need for accents
      return new TextDecoder().decode(bytes).split("\r\n");
    };
    const lines = await csv("lines");
    expect(lines[0]).toBe("nature;categorie;libelle;prevu;engage;depense;en_attente;reste;depassement;partenaire;college;notes");
    expect(lines[1]).toBe("Charge;Fonctionnement;Local et énergie;12000,00;0,00;1200,50;0,00;10799,50;;;;");
    const expenses = await csv("expenses");
    expect(expenses[1]).toBe(`${TODAY()};EDF;Local et énergie;1200,50;Électricité;Approuvée;Élodie Fontaine;approuvée par Claire Moreau, approuvée par Julien Mercier;;facture-edf.pdf`);
    expect(statusOf(await call(exportRoute.loader, "member", `${here}/export/members`, { budgetId, what: "members" }))).toBe(404);
  });

  it("bad input on every budget form names the field, keeps the values, and writes nothing", async () => {
    const { budgetId, here, lineId } = await adoptedBudget();
    const count = async (table: "expense" | "contribution" | "budget_transfer") => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const fields = { intent: "submit", lineId, payee: "", spentOn: "hier", amount: "0", description: "Fournitures", resolutionId: "" };
    const expense = await multipart("treasurer", `${here}/expenses`, { budgetId }, fields);
    expect(statusOf(expense)).toBe(400);
    expect(dataOf(expense).errors).toEqual({
      payee: { key: "errors.required", params: { field: "payee" } },
      spentOn: { key: "errors.date", params: { field: "spentOn" } },
      amount: { key: "errors.positiveMoney", params: { field: "amount" } },
    });
    expect(dataOf(expense).values).toMatchObject({ description: "Fournitures", amount: "0" });
    const virus = await multipart("treasurer", `${here}/expenses`, { budgetId }, { ...fields, payee: "X", spentOn: TODAY(), amount: "10", receipt: new File([new Uint8Array([77, 90])], "facture.exe") });
    expect(dataOf(virus).errors).toEqual({ receipt: { key: "receipts.type", params: { max: 10 } } });
    expect(await count("expense")).toBe(0);
    const decision = await call(expensesRoute.action, "admin", `${here}/expenses`, { budgetId }, { intent: "decide", expenseId: "x", decision: "peut-être" });
    expect(dataOf(decision).errors).toEqual({ decision: { key: "errors.invalidChoice", params: { field: "decision" } } });

    const path = `${here}/contributions`;
    const contribution = await call(contributionsRoute.action, "treasurer", path, { budgetId }, { intent: "add", memberId: "personne", type: "capital", description: "", pledged: "beaucoup", pledgedOn: "2026-01-15", received: "", receivedOn: "" });
    expect(dataOf(contribution).errors).toEqual({ pledged: { key: "errors.money", params: { field: "pledged" } } });
    const stranger = await call(contributionsRoute.action, "treasurer", path, { budgetId }, { intent: "add", memberId: "personne", type: "capital", description: "", pledged: "100", pledgedOn: "2026-01-15", received: "", receivedOn: "" });
    expect(dataOf(stranger).errors).toEqual({ memberId: { key: "errors.invalidChoice", params: { field: "memberId" } } });
    const receive = await call(contributionsRoute.action, "treasurer", path, { budgetId }, { intent: "receive", contributionId: "c", received: "10", receivedOn: "32/01/2026" });
    expect(dataOf(receive).errors).toEqual({ receivedOn: { key: "errors.date", params: { field: "receivedOn" } } });
    expect(await count("contribution")).toBe(0);

    const toLineId = (await db.selectFrom("budget_line").select("id").where("budget_id", "=", budgetId).where("kind", "=", "income").executeTakeFirstOrThrow()).id;
    const transfer = (amount: string) => call(budgetRoute.action, "treasurer", here, { budgetId }, { intent: "transfer", fromLineId: lineId, toLineId, amount });
    expect(dataOf(await transfer("0")).errors).toEqual({ amount: { key: "errors.positiveMoney", params: { field: "amount" } } });
    const tooBig = dataOf(await transfer("999 999"));
    expect(tooBig.values).toMatchObject({ amount: "999 999" });
    // The message says what the line holds, in euros.
    expect(String(getFixedT("fr")(tooBig.errors.amount.key, tooBig.errors.amount.params)).replace(/[\u202f\u00a0]/g, " ")).toBe("La ligne d’origine ne prévoit que 12 000,00 €.");
    expect(await count("budget_transfer")).toBe(0);
    expect(dataOf(await call(budgetRoute.action, "treasurer", here, { budgetId }, { intent: "nothing" })).errors).toEqual({ _form: { key: "errors.invalid", params: { field: "intent" } } });
  });

  it("ids of another entity or unknown ones answer 422 naming the field or 404, never 500 nor a false success", async () => {
    const { budgetId, here, lineId } = await adoptedBudget();
    const other = await makeScic(db, "Autre Scic");
    const foreignCollege = Object.values(other.colleges)[0]!;
    const { id: foreignMember } = await saveMember(db, { entity: other.entity, actorId: other.admin.id, member: memberInput({ name: "Étrangère", collegeId: foreignCollege }), day: TODAY() });
    const { id: otherBudget } = await createBudget(db, { entityId: other.id, actorId: other.admin.id, name: "Autre", fiscalStart: "2026-01-01", fiscalEnd: "2026-12-31" });
    const { id: foreignLine } = await addLine(db, { entityId: other.id, actorId: other.admin.id, budgetId: otherBudget, line: { kind: "charge", category: "x", label: "Ligne étrangère", plannedCents: 100, memberId: null, collegeId: null, notes: null } });
    const snapshot = async () => JSON.stringify(await Promise.all((["budget_line", "contribution", "expense", "budget_transfer"] as const).map((t) => db.selectFrom(t).selectAll().execute())));
    const before = await snapshot();

    await db.updateTable("budget").set({ status: "draft" }).where("id", "=", budgetId).execute();
    const line = { intent: "line", kind: "charge", category: "Divers", label: "Intrus", planned: "10", notes: "" };
    for (const collegeId of [foreignCollege, "inconnu"]) {
      const res = await call(budgetRoute.action, "treasurer", here, { budgetId }, { ...line, collegeId });
      expect(statusOf(res)).toBe(422);
      expect(dataOf(res).errors).toEqual({ collegeId: { key: "errors.invalidChoice", params: { field: "collegeId" } } });
      expect(dataOf(res).values).toMatchObject({ label: "Intrus" });
    }
    const withMember = await call(budgetRoute.action, "treasurer", here, { budgetId }, { ...line, collegeId: "", memberId: foreignMember });
    expect(dataOf(withMember).errors).toEqual({ memberId: { key: "errors.invalidChoice", params: { field: "memberId" } } });
    for (const id of [foreignLine, "inconnue"]) expect(statusOf(await call(budgetRoute.action, "treasurer", here, { budgetId }, { intent: "remove-line", lineId: id }))).toBe(404);
    await db.updateTable("budget").set({ status: "adopted" }).where("id", "=", budgetId).execute();

    const transfer = await call(budgetRoute.action, "treasurer", here, { budgetId }, { intent: "transfer", fromLineId: foreignLine, toLineId: lineId, amount: "1" });
    expect(dataOf(transfer).errors).toEqual({ fromLineId: { key: "errors.invalidChoice", params: { field: "fromLineId" } } });
    const expense = await multipart("treasurer", `${here}/expenses`, { budgetId }, { intent: "submit", lineId: foreignLine, payee: "X", spentOn: TODAY(), amount: "10", description: "x", resolutionId: "" });
    expect(dataOf(expense).errors).toEqual({ lineId: { key: "errors.invalidChoice", params: { field: "lineId" } } });
    expect(statusOf(await call(expensesRoute.action, "admin", `${here}/expenses`, { budgetId }, { intent: "decide", expenseId: "inconnue", decision: "approve" }))).toBe(404);
    const path = `${here}/contributions`;
    const contribution = await call(contributionsRoute.action, "treasurer", path, { budgetId }, { intent: "add", memberId: foreignMember, type: "capital", description: "", pledged: "100", pledgedOn: "2026-01-15", received: "", receivedOn: "" });
    expect(dataOf(contribution).errors).toEqual({ memberId: { key: "errors.invalidChoice", params: { field: "memberId" } } });
    expect(statusOf(await call(contributionsRoute.action, "treasurer", path, { budgetId }, { intent: "receive", contributionId: "inconnu", received: "10", receivedOn: "2026-03-01" }))).toBe(404);
    // Another entity's budget in the URL is missing too.
    expect(statusOf(await call(budgetRoute.action, "treasurer", `${base}/${otherBudget}`, { budgetId: otherBudget }, { ...line, collegeId: "" }))).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it("contributions are recorded by the treasurer, summed per partner, and exported", async () => {
    const { budgetId, here } = await adoptedBudget();
    const commune = await db.selectFrom("member").select("id").where("name", "=", "Commune de Saumur").executeTakeFirstOrThrow();
    const path = `${here}/contributions`;
    const add = { intent: "add", memberId: commune.id, type: "grant", description: "Convention 2026-14", publicAid: "on", pledged: "20 000", pledgedOn: "15/01/2026", received: "", receivedOn: "" };
    expect(statusOf(await call(contributionsRoute.action, "member", path, { budgetId }, add))).toBe(403);
    expect(statusOf(await call(contributionsRoute.action, "treasurer", path, { budgetId }, add))).toBe(302);
    const c = await db.selectFrom("contribution").selectAll().where("budget_id", "=", budgetId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ pledged_cents: 2_000_000, received_cents: 0, public_aid: 1, pledged_on: "2026-01-15" });
    expect(statusOf(await call(contributionsRoute.action, "treasurer", path, { budgetId }, { intent: "receive", contributionId: c.id, received: "12 500", receivedOn: "2026-03-01" }))).toBe(302);
    const page = dataOf(await call(contributionsRoute.loader, "member", path, { budgetId }));
    expect(page.candidates).toBeNull();
    expect(page.partners).toEqual([{ name: "Commune de Saumur", college: "Collectivités", pledged: 2_000_000, received: 1_250_000 }]);
    expect(page.publicAid).toBe(1_250_000);
    const text = await ((await call(exportRoute.loader, "member", `${here}/export/contributions`, { budgetId, what: "contributions" })) as Response).text();
    expect(text.split("\r\n")[1]).toBe("Commune de Saumur;Collectivités;Subvention;Convention 2026-14;oui;20000,00;2026-01-15;12500,00;2026-03-01");
  });

  it("the allocation helper computes on a GET without saving, and the treasurer prepares its resolution", async () => {
    const { budgetId, here } = await adoptedBudget();
    const path = `${here}/allocation`;
    const before = await db.selectFrom("resolution").select("id").execute();
    const shown = dataOf(await call(allocationRoute.loader, "member", `${path}?result=48+000&publicAid=5000`, { budgetId }));
    expect(shown.allocation).toEqual({ result: 4_800_000, legalReserve: 720_000, statutoryReserveMin: 2_040_000, reservesMin: 2_760_000, publicAid: 500_000, maxForShares: 1_540_000 });
    expect(shown.scic).toBe(true);
    expect(dataOf(await call(allocationRoute.loader, "member", `${path}?result=beaucoup`, { budgetId })).invalid).toBe(true);
    expect(await db.selectFrom("resolution").select("id").execute()).toEqual(before);
    expect(statusOf(await call(allocationRoute.action, "member", path, { budgetId }, { result: "48000", publicAid: "5000" }))).toBe(403);
    const done = (await call(allocationRoute.action, "treasurer", path, { budgetId }, { result: "48000", publicAid: "5000" })) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(here);
    const r = await db.selectFrom("resolution").select(["number", "status", "body"]).where("number", "like", "A%").executeTakeFirstOrThrow();
    expect(r).toMatchObject({ number: `A${TODAY().slice(0, 4)}-1`, status: "draft" });
    expect(r.body.replace(/[\u202f\u00a0]/g, " ")).toContain("au plus 15 400,00 € à la rémunération des parts sociales");
  });
});

describe("budget settings", () => {
  it("saves the budget rule, approvals and thresholds; bad values name their field", async () => {
    const entity = await db.selectFrom("entity").selectAll().executeTakeFirstOrThrow();
    const rule = await db.selectFrom("voting_rule").select("id").where("entity_id", "=", entity.id).where("name", "like", "AGE%").executeTakeFirstOrThrow();
    const form = {
      name: entity.name,
      legalForm: entity.legal_form,
      address: "",
      registrationNumber: "",
      shareNominal: "50",
      noticeDays: "",
      capitalVariable: "on",
      collegesEnabled: "on",
      budgetRuleId: rule.id,
      expenseApprovals: "3",
      expenseThreshold: "2 500",
      transferThreshold: "",
    };
    const path = `/o/${DEMO_SLUG}/settings`;
    expect(statusOf(await call(settingsRoute.action, "treasurer", path, {}, form))).toBe(403);
    const bad = await call(settingsRoute.action, "admin", path, {}, { ...form, expenseApprovals: "0", expenseThreshold: "beaucoup" });
    expect(dataOf(bad).errors).toEqual({ expenseApprovals: { key: "errors.approvals", params: { field: "expenseApprovals" } }, expenseThreshold: { key: "errors.money", params: { field: "expenseThreshold" } } });
    const foreign = await call(settingsRoute.action, "admin", path, {}, { ...form, budgetRuleId: "no-such-rule" });
    expect(dataOf(foreign).errors).toEqual({ budgetRuleId: { key: "errors.invalidChoice", params: { field: "budgetRuleId" } } });
    expect(statusOf(await call(settingsRoute.action, "admin", path, {}, form))).toBe(302);
    expect(await db.selectFrom("entity").select(["budget_rule_id", "expense_approvals", "expense_resolution_threshold_cents", "transfer_threshold_cents"]).executeTakeFirstOrThrow()).toEqual({
      budget_rule_id: rule.id,
      expense_approvals: 3,
      expense_resolution_threshold_cents: 250_000,
      transfer_threshold_cents: null,
    });
    const shown = dataOf(await call(settingsRoute.loader, "admin", path));
    expect(shown.budget).toEqual({ ruleId: rule.id, approvals: 3, expenseThreshold: 250_000, transferThreshold: null });
    // The change is in the journal, by whom, with the values before and after.
    const admin = await db.selectFrom("user").select("id").where("email", "=", account("admin").email).executeTakeFirstOrThrow();
    const event = await db.selectFrom("audit_event").selectAll().where("action", "=", "entity.updated").where("entity_id", "=", entity.id).orderBy("created_at", "desc").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ user_id: admin.id, subject_type: "entity", subject_id: entity.id });
    expect(JSON.parse(event.detail!)).toMatchObject({ before: { expense_approvals: 2 }, after: { budget_rule_id: rule.id, expense_approvals: 3, expense_resolution_threshold_cents: 250_000 } });
  });
});
