import type { Db } from "~/lib/db.server";
import { newId } from "~/lib/ids.server";

export async function insertAuditEvent(
  db: Db,
  e: { entityId?: string | null; userId?: string | null; action: string; detail?: unknown; now: Date },
) {
  await db
    .insertInto("audit_event")
    .values({
      id: newId(),
      entity_id: e.entityId ?? null,
      user_id: e.userId ?? null,
      action: e.action,
      detail: e.detail === undefined ? null : JSON.stringify(e.detail),
      created_at: e.now.toISOString(),
    })
    .execute();
}
