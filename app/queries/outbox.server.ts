import type { Db } from "~/lib/db.server";

export async function insertOutbox(
  db: Db,
  m: { id: string; entityId: string | null; to: string; subject: string; body: string; kind?: string; sentBy?: string | null; transport: "smtp" | "outbox"; now: Date },
) {
  await db
    .insertInto("outbox")
    .values({ id: m.id, entity_id: m.entityId, recipient: m.to, subject: m.subject, body: m.body, kind: m.kind ?? null, sent_by: m.sentBy ?? null, transport: m.transport, created_at: m.now.toISOString() })
    .execute();
}

export function pendingSmtp(db: Db, limit: number) {
  return db.selectFrom("outbox").selectAll().where("transport", "=", "smtp").where("sent_at", "is", null).where("error", "is", null).orderBy("created_at").limit(limit).execute();
}

export const OUTBOX_PAGE_SIZE = 25;

/** Kinds that carry a personal link: only the administrator lists them. */
export const PERSONAL_LINK_KINDS = ["invitation", "reset"] as const;

/**
 * Every message (`null`), or those someone who runs meetings reads: the notices, and what their
 * own actions queued, never a kind that carries a personal link nor an unclassified message.
 */
export async function listOutbox(db: Db, entityId: string, page: number, readerId: string | null = null) {
  let base = db.selectFrom("outbox").where("entity_id", "=", entityId);
  if (readerId != null) {
    base = base.where((eb) =>
      eb.or([eb("kind", "=", "notice"), eb.and([eb("sent_by", "=", readerId), eb("kind", "is not", null), eb("kind", "not in", [...PERSONAL_LINK_KINDS])])]),
    );
  }
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy("created_at", "desc").orderBy("id").limit(OUTBOX_PAGE_SIZE).offset((page - 1) * OUTBOX_PAGE_SIZE).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function findOutboxMessage(db: Db, entityId: string, id: string) {
  return db.selectFrom("outbox").selectAll().where("entity_id", "=", entityId).where("id", "=", id).executeTakeFirst();
}
