// CSV import of the register: plan (validate every row, say what would change), then apply
// the same plan in one transaction. Nothing is written unless every row is valid.
import { foldText } from "~/domain/members";
import type { Db } from "~/lib/db.server";
import { lockEntity } from "~/queries/entities.server";
import { parseCsv } from "~/lib/csv.server";
import { AppError, type Message } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { insertAuditEvents, type AuditInput } from "~/queries/audit.server";
import { deleteImportJob, findImportJob, insertImportJob } from "~/queries/imports.server";
import { listColleges } from "~/queries/colleges.server";
import * as members from "~/queries/members.server";
import { MEMBER_COLUMNS, mapHeader, type MemberColumn } from "~/schemas/member-csv";
import { memberSchema } from "~/schemas/member";
import { capitalAfter, capitalError, memberDiff, memberValues, type EntityForMembers } from "./members.server";

export interface ImportProblem extends Message {
  line: number;
  /** The column as headed in the file, when the problem is in one cell. */
  column: string | null;
}

export interface ImportPlan {
  rows: number;
  creates: number;
  updates: number;
  unchanged: number;
  problems: ImportProblem[];
}

type Values = ReturnType<typeof memberValues>;
interface Planned {
  line: number;
  values: Values;
  existing: Awaited<ReturnType<typeof members.findMembersByKeys>>[number] | null;
}

export const MAX_PROBLEMS = 500;

async function plan(db: Db, entity: EntityForMembers, text: string, day: string): Promise<{ summary: ImportPlan; planned: Planned[] }> {
  const problems: ImportProblem[] = [];
  const summary = (): ImportPlan => ({ rows: planned.length, creates: planned.filter((p) => !p.existing).length, updates: planned.filter((p) => p.existing && changed(p)).length, unchanged: planned.filter((p) => p.existing && !changed(p)).length, problems: problems.slice(0, MAX_PROBLEMS) });
  const planned: Planned[] = [];

  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    const line = typeof (e as { lines?: unknown }).lines === "number" ? (e as { lines: number }).lines : 1;
    problems.push({ line, column: null, key: "import.unreadable" });
    return { summary: summary(), planned };
  }
  const [header, ...data] = records;
  if (!header || data.length === 0) {
    problems.push({ line: 1, column: null, key: "import.empty" });
    return { summary: summary(), planned };
  }
  const { columns, unknown, missing, duplicated } = mapHeader(header.cells);
  for (const name of unknown) problems.push({ line: 1, column: name, key: "import.unknownColumn", params: { column: name } });
  for (const key of missing) problems.push({ line: 1, column: null, key: "import.missingColumn", params: { column: MEMBER_COLUMNS.find((c) => c.key === key)!.fr } });
  for (const key of duplicated) problems.push({ line: 1, column: null, key: "import.duplicatedColumn", params: { column: MEMBER_COLUMNS.find((c) => c.key === key)!.fr } });
  if (problems.length > 0) return { summary: summary(), planned };

  const headerOf = (key: MemberColumn) => header.cells[columns.indexOf(key)] ?? key;
  const fieldColumn: Record<string, MemberColumn> = { collegeId: "college" };
  const colleges = new Map((await listColleges(db, entity.id)).map((c) => [foldText(c.name), c.id]));

  const parsed: { line: number; values: Values }[] = [];
  for (const record of data) {
    const raw: Record<string, string> = {};
    columns.forEach((key, i) => {
      if (key) raw[key] = record.cells[i] ?? "";
    });
    const rowProblems: ImportProblem[] = [];
    let collegeId: string | null = null;
    if (raw.college) {
      collegeId = colleges.get(foldText(raw.college)) ?? null;
      if (!collegeId) rowProblems.push({ line: record.line, column: headerOf("college"), key: "import.unknownCollege", params: { college: raw.college } });
    } else if (entity.colleges_enabled === 1) {
      rowProblems.push({ line: record.line, column: headerOf("college"), key: "errors.collegeRequired" });
    }
    const result = memberSchema.safeParse({ ...raw, personKind: raw.personKind || "natural", collegeId: collegeId ?? "" });
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? "");
        const column = (fieldColumn[field] ?? field) as MemberColumn;
        if (column === "college" && rowProblems.length > 0) continue;
        rowProblems.push({ line: record.line, column: headerOf(column), ...issueKey(issue, field) });
      }
    }
    if (rowProblems.length > 0 || !result.success) problems.push(...rowProblems);
    else parsed.push({ line: record.line, values: memberValues(result.data) });
  }

  // Match on member number, else e-mail, against the register and within the file.
  const found = await members.findMembersByKeys(db, entity.id, {
    numbers: [...new Set(parsed.map((p) => p.values.member_number).filter((n): n is string => !!n))],
    emails: [...new Set(parsed.filter((p) => p.values.email).map((p) => p.values.email!))],
  });
  const byNumber = new Map(found.filter((m) => m.member_number).map((m) => [m.member_number!, m]));
  const byEmail = new Map<string, (typeof found)[number][]>();
  for (const m of found) if (m.email) byEmail.set(m.email, [...(byEmail.get(m.email) ?? []).filter((x) => x.id !== m.id), m]);

  const seenNumbers = new Map<string, number>();
  const seenTargets = new Map<string, number>();
  for (const p of parsed) {
    const { member_number: number, email } = p.values;
    if (number) {
      const first = seenNumbers.get(number);
      if (first) {
        problems.push({ line: p.line, column: headerOf("memberNumber"), key: "import.duplicateNumber", params: { number, line: first } });
        continue;
      }
      seenNumbers.set(number, p.line);
    }
    let existing = number ? (byNumber.get(number) ?? null) : null;
    if (!existing && email) {
      const candidates = (byEmail.get(email) ?? []).filter((m) => !number || !m.member_number);
      if (candidates.length > 1) {
        problems.push({ line: p.line, column: headerOf("email"), key: "import.ambiguousEmail", params: { email } });
        continue;
      }
      existing = candidates[0] ?? null;
    }
    const target = existing?.id ?? (number ? `number:${number}` : null);
    if (target) {
      const first = seenTargets.get(target);
      if (first) {
        problems.push({ line: p.line, column: null, key: "import.sameMemberTwice", params: { line: first } });
        continue;
      }
      seenTargets.set(target, p.line);
    }
    planned.push({ ...p, existing });
  }

  if (problems.length === 0) {
    const capital = await capitalAfter(db, entity, planned.map((p) => ({ before: p.existing, after: p.values })), day);
    if (capital?.refused) {
      const e = capitalError(capital.check);
      problems.push({ line: 1, column: null, key: e.key, params: e.params });
    }
  }
  return { summary: summary(), planned };
}

function changed(p: Planned): boolean {
  if (!p.existing) return true;
  return (Object.keys(p.values) as (keyof Values)[]).some((k) => k !== "search_text" && k !== "sort_name" && p.values[k] !== p.existing![k]);
}

function issueKey(issue: { message: string; code: string; format?: string }, field: string): Message {
  if (issue.message.startsWith("errors.")) return { key: issue.message, params: { field } };
  if (issue.code === "invalid_format" && issue.format === "email") return { key: "errors.email", params: { field } };
  if (issue.code === "invalid_value") return { key: "errors.invalidChoice", params: { field } };
  if (issue.code === "too_small") return { key: "errors.required", params: { field } };
  if (issue.code === "too_big") return { key: "errors.tooLong", params: { field } };
  return { key: "errors.invalid", params: { field } };
}

/** What importing `text` would do, with every problem; writes nothing. */
export async function previewImport(db: Db, entity: EntityForMembers, text: string, day: string): Promise<ImportPlan> {
  return (await plan(db, entity, text, day)).summary;
}

/** Keeps a valid file until it is confirmed; returns its id. */
export async function storeImport(db: Db, input: { entityId: string; actorId: string; filename: string; text: string; now?: Date }) {
  const id = newId();
  await insertImportJob(db, { id, entityId: input.entityId, createdBy: input.actorId, filename: input.filename, content: input.text, now: input.now ?? new Date() });
  return id;
}

export const findImport = findImportJob;

/**
 * Applies an import in one transaction, checking it again against the register as it is now.
 * Throws (and writes nothing) when any row has become invalid.
 */
export async function applyImport(db: Db, input: { entity: EntityForMembers; actorId: string; text: string; day: string; jobId?: string; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    // The entity locked, as every write of the register: an import confirmed twice at once is
    // applied once (the second finds its job gone), and it never crosses a member's edit.
    await lockEntity(trx, input.entity.id);
    if (input.jobId && !(await findImportJob(trx, input.entity.id, input.jobId))) throw new AppError("import.gone", {}, 409);
    const { summary, planned } = await plan(trx, input.entity, input.text, input.day);
    if (summary.problems.length > 0) throw new AppError("import.invalidNow", { count: summary.problems.length }, 409);
    const names = new Map((await listColleges(trx, input.entity.id, { includeArchived: true })).map((c) => [c.id, c.name]));
    const stamp = now.toISOString();
    const inserts: members.MemberRow[] = [];
    const audit: AuditInput[] = [];
    for (const p of planned) {
      if (!changed(p)) continue;
      const id = p.existing?.id ?? newId();
      if (p.existing) await members.updateMember(trx, id, { ...p.values, updated_at: stamp });
      else inserts.push({ id, entity_id: input.entity.id, user_id: null, ...p.values, created_at: stamp, updated_at: stamp });
      audit.push({ entityId: input.entity.id, userId: input.actorId, action: p.existing ? "member.imported" : "member.created", subject: { type: "member", id }, detail: { ...memberDiff(p.existing, p.values, names), line: p.line }, now });
    }
    await members.insertMembers(trx, inserts);
    await insertAuditEvents(trx, audit);
    if (input.jobId) await deleteImportJob(trx, input.jobId);
    return { creates: summary.creates, updates: summary.updates, unchanged: summary.unchanged };
  });
}
