import type { Db } from "~/lib/db.server";
import { newId } from "~/lib/ids.server";

/** What an audit event is about; the entity journal links and filters by it. */
export type AuditSubjectType =
  | "member" | "college" | "entity" | "weights" | "rule" | "resolution" | "budget"
  | "meeting" | "minutes" | "expense" | "contribution" | "role" | "invitation" | "outbox";

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
    id: newId(),
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
