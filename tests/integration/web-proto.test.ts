// Names that exist on every plain object (__proto__, constructor…) are ordinary bad input:
// a clear 4xx, never a 500.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "#db/seed";
import { checkDocument, DOCUMENT_TYPES, RECEIPT_TYPES } from "~/domain/files";
import * as accessRoute from "~/routes/entity.access";
import * as budgetContributionsRoute from "~/routes/entity.budget.contributions";
import * as budgetExpensesRoute from "~/routes/entity.budget.expenses";
import * as budgetRoute from "~/routes/entity.budget";
import * as budgetsRoute from "~/routes/entity.budgets";
import * as collegeRoute from "~/routes/entity.college";
import * as collegesRoute from "~/routes/entity.colleges";
import * as attendanceRoute from "~/routes/entity.meeting.attendance";
import * as minutesFileRoute from "~/routes/entity.meeting.minutes.file";
import * as minutesRoute from "~/routes/entity.meeting.minutes";
import * as meetingRoute from "~/routes/entity.meeting";
import * as meetingsRoute from "~/routes/entity.meetings";
import * as memberRoute from "~/routes/entity.member";
import * as importRoute from "~/routes/entity.members.import";
import * as membersRoute from "~/routes/entity.members";
import * as resolutionRoute from "~/routes/entity.resolution";
import * as ruleRoute from "~/routes/entity.rule";
import * as rulesRoute from "~/routes/entity.rules";
import * as budgetExportRoute from "~/routes/entity.budget.export";
import { createMeeting, type MeetingEntity } from "~/services/meetings.server";
import { createResolution } from "~/services/resolutions.server";
import { makeArgs, ORIGIN, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { TODAY } from "../helpers/voting";

const ODD = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

let db: Db;
let token: string;
let ids: { meetingId: string; budgetId: string; lineId: string; resolutionId: string; ruleId: string; memberId: string; collegeId: string };

// One demo entity for the whole file: odd input is refused before anything is written.
beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db);
  const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
  token = await signIn(db, admin.email, admin.password);
  const entity = (await db.selectFrom("entity").selectAll().where("slug", "=", DEMO_SLUG).executeTakeFirstOrThrow()) as MeetingEntity;
  const adminId = (await db.selectFrom("user").select("id").where("email", "=", admin.email).executeTakeFirstOrThrow()).id;
  const rule = await db.selectFrom("voting_rule").select("id").where("entity_id", "=", entity.id).executeTakeFirstOrThrow();
  const member = await db.selectFrom("member").select("id").where("entity_id", "=", entity.id).executeTakeFirstOrThrow();
  const college = await db.selectFrom("college").select("id").where("entity_id", "=", entity.id).executeTakeFirstOrThrow();
  const startsAt = new Date(Date.now() + 20 * 86400_000);
  const { id: meetingId } = await createMeeting(db, { entity, actorId: adminId, meeting: { kind: "ago", title: "AGO", startsAt, place: "Tours", remoteLink: null, postalDeadline: null } });
  const { id: resolutionId } = await createResolution(db, { entityId: entity.id, actorId: adminId, resolution: { number: "1", title: "Comptes", body: "Approuve.", note: null, ruleId: rule.id, kind: "ordinary", recommendation: null } });
  const year = TODAY().slice(0, 4);
  const created = (await run(budgetsRoute.action, db, { path: `/o/${DEMO_SLUG}/budgets`, token, params: { slug: DEMO_SLUG }, form: { name: `Budget ${year}`, fiscalStart: `${year}-01-01`, fiscalEnd: `${year}-12-31` } })) as Response;
  const budgetId = created.headers.get("Location")!.split("/").pop()!;
  const line = { intent: "line", kind: "charge", category: "Fonctionnement", label: "Énergie", planned: "1000", collegeId: "", notes: "" };
  expect(statusOf(await run(budgetRoute.action, db, { path: `/o/${DEMO_SLUG}/budgets/${budgetId}`, token, params: { slug: DEMO_SLUG, budgetId }, form: line }))).toBe(302);
  // Adopted, as its vote would, so that expenses may be submitted.
  await db.updateTable("budget").set({ status: "adopted", adopted_at: new Date().toISOString() }).where("id", "=", budgetId).execute();
  const lineId = (await db.selectFrom("budget_line").select("id").where("budget_id", "=", budgetId).executeTakeFirstOrThrow()).id;
  ids = { meetingId, budgetId, lineId, resolutionId, ruleId: rule.id, memberId: member.id, collegeId: college.id };
});

type Action = Parameters<typeof run>[0];
const pages: [string, Action, () => Record<string, string>][] = [
  ["members", membersRoute.action as Action, () => ({})],
  ["member", memberRoute.action as Action, () => ({ memberId: ids.memberId })],
  ["members import", importRoute.action as Action, () => ({})],
  ["colleges", collegesRoute.action as Action, () => ({})],
  ["college", collegeRoute.action as Action, () => ({ collegeId: ids.collegeId })],
  ["rules", rulesRoute.action as Action, () => ({})],
  ["rule", ruleRoute.action as Action, () => ({ ruleId: ids.ruleId })],
  ["resolution", resolutionRoute.action as Action, () => ({ resolutionId: ids.resolutionId })],
  ["meetings", meetingsRoute.action as Action, () => ({})],
  ["meeting", meetingRoute.action as Action, () => ({ meetingId: ids.meetingId })],
  ["attendance", attendanceRoute.action as Action, () => ({ meetingId: ids.meetingId })],
  ["minutes", minutesRoute.action as Action, () => ({ meetingId: ids.meetingId })],
  ["budget", budgetRoute.action as Action, () => ({ budgetId: ids.budgetId })],
  ["expenses", budgetExpensesRoute.action as Action, () => ({ budgetId: ids.budgetId })],
  ["contributions", budgetContributionsRoute.action as Action, () => ({ budgetId: ids.budgetId })],
  ["access", accessRoute.action as Action, () => ({})],
];

describe("odd intents", () => {
  for (const [name, action, params] of pages) {
    it.each(ODD)(`the ${name} page answers 400 to intent=%s`, async (intent) => {
      const res = await run(action, db, { path: "/", token, params: { slug: DEMO_SLUG, ...params() }, form: { intent } });
      expect(statusOf(res)).toBe(400);
    });
  }
});

describe("odd names in URLs", () => {
  it.each(ODD)("a minutes file in format %s is not found", async (format) => {
    const res = await run(minutesFileRoute.loader as Action, db, { path: "/", token, params: { slug: DEMO_SLUG, meetingId: ids.meetingId, lang: "fr", format } });
    expect(statusOf(res)).toBe(404);
  });

  it.each(ODD)("a budget export of %s is not found", async (what) => {
    const res = await run(budgetExportRoute.loader as Action, db, { path: "/", token, params: { slug: DEMO_SLUG, budgetId: ids.budgetId, what } });
    expect(statusOf(res)).toBe(404);
  });
});

describe("odd file names", () => {
  const pdf = new TextEncoder().encode("%PDF-1.7\n");
  it.each(ODD.map((n) => `x.${n}`))("refuses %s as a file type", (name) => {
    expect(checkDocument(name, pdf, DOCUMENT_TYPES)).toEqual({ ok: false, reason: "type" });
    expect(checkDocument(name, pdf, RECEIPT_TYPES)).toEqual({ ok: false, reason: "type" });
  });

  it.each(["x.__proto__", "x.constructor"])("a meeting document named %s gets a clear error", async (name) => {
    const form = new FormData();
    form.set("intent", "document");
    form.set("file", new File([pdf], name, { type: "application/pdf" }));
    const args = makeArgs(db, { path: `/o/${DEMO_SLUG}/meetings/${ids.meetingId}`, method: "POST", token, params: { slug: DEMO_SLUG, meetingId: ids.meetingId } });
    const request = new Request(args.request.url, { method: "POST", headers: { Origin: ORIGIN, Cookie: args.request.headers.get("Cookie")! }, body: form });
    const res = await meetingRoute.action({ ...args, request });
    expect([400, 422]).toContain(statusOf(res));
    expect((res as { data: { errors: Record<string, { key: string }> } }).data.errors.file?.key).toBe("documents.type");
  });

  it.each(["x.__proto__", "x.constructor"])("an expense receipt named %s gets a clear error", async (name) => {
    const form = new FormData();
    form.set("lineId", ids.lineId);
    for (const [k, v] of Object.entries({ intent: "submit", payee: "EDF", spentOn: TODAY(), amount: "10", description: "Électricité", resolutionId: "" })) form.set(k, v);
    form.set("receipt", new File([pdf], name, { type: "application/pdf" }));
    const args = makeArgs(db, { path: `/o/${DEMO_SLUG}/budgets/${ids.budgetId}/expenses`, method: "POST", token, params: { slug: DEMO_SLUG, budgetId: ids.budgetId } });
    const request = new Request(args.request.url, { method: "POST", headers: { Origin: ORIGIN, Cookie: args.request.headers.get("Cookie")! }, body: form });
    const res = await budgetExpensesRoute.action({ ...args, request }).catch((e: unknown) => e);
    expect(res).not.toBeInstanceOf(Error);
    expect([400, 422]).toContain(statusOf(res));
    expect((res as { data: { errors: Record<string, { key: string }> } }).data.errors.receipt?.key).toBe("receipts.type");
  });
});

describe("odd values in member forms and files", () => {
  it.each(ODD)("a person kind or category %s is a field error", async (odd) => {
    const { memberSchema } = await import("~/schemas/member");
    const parsed = memberSchema.safeParse({ name: "Alice", personKind: odd, category: odd, collegeId: ids.collegeId, email: "", memberNumber: "", representative: "", votingWeight: "", shares: "1", joinedOn: "2026-01-15", leftOn: "" });
    expect(parsed.success).toBe(false);
    const fields = new Set(parsed.error!.issues.map((i) => String(i.path[0])));
    expect(fields.has("personKind")).toBe(true);
    expect(fields.has("category")).toBe(true);
  });
});

describe("odd column names in a member file", () => {
  it.each(ODD)("a header %s is reported as an unknown column", async (odd) => {
    const { mapHeader } = await import("~/schemas/member-csv");
    const mapped = mapHeader(["nom", odd]);
    expect(mapped.columns).toEqual(["name", null]);
    expect(mapped.unknown).toEqual([odd]);
  });
});

describe("odd field names", () => {
  it("a file sent as a field named __proto__ is an ordinary unknown field", async () => {
    const { parseForm } = await import("~/schemas/form");
    const { z } = await import("zod");
    const form = new FormData();
    form.set("__proto__", new File([new Uint8Array([1, 2, 3])], "sneaky.pdf"));
    const parsed = parseForm(z.object({ name: z.string().min(1), size: z.coerce.number().optional() }), form);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? null : Object.keys(parsed.errors)).toEqual(["name"]);
  });

  it("a college form with a file named __proto__ answers 400", async () => {
    const form = new FormData();
    form.set("intent", "create");
    form.set("__proto__", new File([new Uint8Array([1])], "x.pdf"));
    const args = makeArgs(db, { path: `/o/${DEMO_SLUG}/colleges`, method: "POST", token, params: { slug: DEMO_SLUG } });
    const request = new Request(args.request.url, { method: "POST", headers: { Origin: ORIGIN, Cookie: args.request.headers.get("Cookie")! }, body: form });
    const res = await collegesRoute.action({ ...args, request });
    expect(statusOf(res)).toBe(400);
  });
});
