import type { Db } from "~/lib/db.server";
import { newOrderedId } from "~/lib/ids.server";

/** What an audit event is about; the entity journal links and filters by it. */
export type AuditSubjectType =
  | "member" | "college" | "entity" | "weights" | "rule" | "resolution" | "budget"
  | "meeting" | "minutes" | "expense" | "contribution" | "role" | "invitation" | "outbox" | "organ";

export interface AuditInput {
  entityId?: string | null;
  userId?: string | null;
  action: string;
  subject?: { type: AuditSubjectType; id: string };
  detail?: unknown;
  now: Date;
}

function row(e: AuditInput) {
  return {
    id: newOrderedId(),
    entity_id: e.entityId ?? null,
    user_id: e.userId ?? null,
    action: e.action,
    subject_type: e.subject?.type ?? null,
    subject_id: e.subject?.id ?? null,
    detail: e.detail === undefined ? null : JSON.stringify(e.detail),
    created_at: e.now.toISOString(),
  };
}

export async function insertAuditEvent(db: Db, e: AuditInput) {
  await db.insertInto("audit_event").values(row(e)).execute();
}

export async function insertAuditEvents(db: Db, events: AuditInput[]) {
  for (let i = 0; i < events.length; i += 2000) {
    await db.insertInto("audit_event").values(events.slice(i, i + 2000).map(row)).execute();
  }
}

/** The history of one subject, newest first, with who did it. */
export async function listHistory(db: Db, entityId: string, subject: { type: string; id: string }, limit = 100) {
  const rows = await db
    .selectFrom("audit_event")
    .leftJoin("user", "user.id", "audit_event.user_id")
    .select(["audit_event.id", "audit_event.action", "audit_event.detail", "audit_event.created_at as createdAt", "user.name as userName"])
    .where("audit_event.entity_id", "=", entityId)
    .where("audit_event.subject_type", "=", subject.type)
    .where("audit_event.subject_id", "=", subject.id)
    .orderBy("audit_event.created_at", "desc")
    .orderBy("audit_event.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }));
}

// The entity journal (services/journal.server.ts decides who reads what).

export const JOURNAL_PAGE_SIZE = 50;

export interface JournalFilter {
  /** Only these actions; with `whilePublic`, these or those. */
  actions?: readonly string[];
  /** None of these actions. */
  notActions?: readonly string[];
  /** These actions only while their subject is public: a resolution in one of these statuses, a meeting in none of those. */
  whilePublic?: { actions: readonly string[]; resolutionStatuses: readonly string[]; hiddenMeetingStatuses: readonly string[] };
}

/** One page of the entity's events, newest first, with who did each, and how many there are. */
export async function listJournal(db: Db, entityId: string, filter: JournalFilter, page: number) {
  // `in ()` is not SQL: an empty list stands for one that matches nothing.
  const list = (values: readonly string[]) => (values.length ? values : [""]);
  const base = db.selectFrom("audit_event").where("audit_event.entity_id", "=", entityId).where((eb) => {
    const conditions = [];
    if (filter.notActions) conditions.push(eb("audit_event.action", "not in", list(filter.notActions)));
    const allowed = [];
    if (filter.actions) allowed.push(eb("audit_event.action", "in", list(filter.actions)));
    const p = filter.whilePublic;
    if (p) {
      const publicResolutions = eb.selectFrom("resolution").select("id").where("entity_id", "=", entityId).where("status", "in", list(p.resolutionStatuses));
      const publicMeetings = eb.selectFrom("meeting").select("id").where("entity_id", "=", entityId).where("status", "not in", list(p.hiddenMeetingStatuses));
      allowed.push(
        eb.and([
          eb("audit_event.action", "in", list(p.actions)),
          eb.or([
            eb.and([eb("audit_event.subject_type", "=", "resolution"), eb("audit_event.subject_id", "in", publicResolutions)]),
            eb.and([eb("audit_event.subject_type", "=", "meeting"), eb("audit_event.subject_id", "in", publicMeetings)]),
          ]),
        ]),
      );
    }
    if (allowed.length) conditions.push(eb.or(allowed));
    return eb.and(conditions);
  });
  const [rows, total] = await Promise.all([
    base
      .leftJoin("user", "user.id", "audit_event.user_id")
      .select(["audit_event.id", "audit_event.action", "audit_event.subject_type as subjectType", "audit_event.subject_id as subjectId", "audit_event.detail", "audit_event.created_at as createdAt", "user.name as actorName"])
      .orderBy("audit_event.created_at", "desc")
      .orderBy("audit_event.id", "desc")
      .limit(JOURNAL_PAGE_SIZE)
      .offset((page - 1) * JOURNAL_PAGE_SIZE)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ ...r, detail: parseDetail(r.detail) })), total: Number(total.n) };
}

function parseDetail(detail: string | null): Record<string, unknown> | null {
  if (!detail) return null;
  try {
    const value: unknown = JSON.parse(detail);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The labels of journal subjects inside the entity, by "type:id": a resolution's title with its
 * number, a meeting's title, a name for the others. Subjects of other types have none.
 */
export async function journalSubjectLabels(db: Db, entityId: string, subjects: { type: string; id: string }[]) {
  const ids = (type: string) => [...new Set(subjects.filter((s) => s.type === type).map((s) => s.id))];
  const labels = new Map<string, { label: string; number?: string }>();
  const put = (type: string, rows: { id: string; label: string; number?: string }[]) => rows.forEach(({ id, ...r }) => labels.set(`${type}:${id}`, r));
  const queries: Record<string, (list: string[]) => Promise<{ id: string; label: string; number?: string }[]>> = {
    college: (list) => db.selectFrom("college").select(["id", "name as label"]).where("entity_id", "=", entityId).where("id", "in", list).execute(),
    rule: (list) => db.selectFrom("voting_rule").select(["id", "name as label"]).where("entity_id", "=", entityId).where("id", "in", list).execute(),
    budget: (list) => db.selectFrom("budget").select(["id", "name as label"]).where("entity_id", "=", entityId).where("id", "in", list).execute(),
    member: (list) => db.selectFrom("member").select(["id", "name as label"]).where("entity_id", "=", entityId).where("id", "in", list).execute(),
    organ: (list) => db.selectFrom("organ").select(["id", "name as label"]).where("entity_id", "=", entityId).where("id", "in", list).execute(),
    meeting: (list) => db.selectFrom("meeting").select(["id", "title as label"]).where("entity_id", "=", entityId).where("id", "in", list).execute(),
    resolution: (list) => db.selectFrom("resolution").select(["id", "title as label", "number"]).where("entity_id", "=", entityId).where("id", "in", list).execute(),
    entity: (list) => db.selectFrom("entity").select(["id", "name as label"]).where("id", "=", entityId).where("id", "in", list).execute(),
    // A role's subject is the person holding it, who may since have left the entity.
    role: (list) => db.selectFrom("user").select(["id", "name as label"]).where("id", "in", list).execute(),
    outbox: (list) => db.selectFrom("outbox").select(["id", "recipient as label"]).where("entity_id", "=", entityId).where("id", "in", list).execute(),
  };
  await Promise.all(
    Object.entries(queries).map(async ([type, query]) => {
      const list = ids(type);
      if (list.length) put(type, await query(list));
    }),
  );
  return labels;
}
