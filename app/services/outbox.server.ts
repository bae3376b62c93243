// The outbox page: every message the entity queued, with the personal links they carry masked.
// With SMTP the messages reach their recipients and their links are never shown here; without
// it the administrator carries them, and showing a link is an explicit, journaled action.
// Whoever runs meetings without administering the entity (the secretary) reads the notices and
// what their own actions queued, never an invitation or a reset link, and shows no link.
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { smtpEnabled } from "~/lib/mail.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { outboxAttachments } from "~/queries/notifications.server";
import { findOutboxMessage, listOutbox } from "~/queries/outbox.server";
import { INVITATION_LINK_PATTERN } from "./invitations.server";
import { RESET_LINK_PATTERN } from "./password-reset.server";

/** Links that open someone's account to whoever follows them: invitations and password resets. */
const PERSONAL_LINK_PATTERN = new RegExp(`${INVITATION_LINK_PATTERN.source}|${RESET_LINK_PATTERN.source}`, "g");

/** A message body as the page shows it: plain text, and the places where a link is masked. */
export type BodyPart = { text: string } | { masked: true };

export function maskLinks(body: string): { parts: BodyPart[]; masked: boolean } {
  const parts: BodyPart[] = [];
  let last = 0;
  for (const m of body.matchAll(PERSONAL_LINK_PATTERN)) {
    if (m.index > last) parts.push({ text: body.slice(last, m.index) });
    parts.push({ masked: true });
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return { parts, masked: parts.some((p) => "masked" in p) };
}

/** `readerId`: null for the administrator (every message), else the secretary's account (see above). */
export async function outboxPage(db: Db, entityId: string, page: number, readerId: string | null = null) {
  const { rows, total } = await listOutbox(db, entityId, page, readerId);
  const files = await outboxAttachments(db, rows.map((m) => m.id));
  return {
    smtp: smtpEnabled(),
    total,
    rows: rows.map((m) => {
      const { parts, masked } = maskLinks(m.body);
      return { id: m.id, recipient: m.recipient, subject: m.subject, createdAt: m.created_at, status: m.sent_at ? "sent" : m.error ? "failed" : m.transport, error: m.error, parts, hasLink: masked, attachments: files.filter((f) => f.outbox_id === m.id).map((f) => f.name) };
    }),
  };
}

/**
 * Shows one message whole, links included, to the administrator who will carry it, and writes
 * who did so in the entity journal. Refused when SMTP sends the messages: nobody needs the link.
 */
export async function revealLink(db: Db, input: { entityId: string; actorId: string; messageId: string; now?: Date }) {
  if (smtpEnabled()) throw new AppError("outbox.neverShown", {}, 403);
  const message = await findOutboxMessage(db, input.entityId, input.messageId);
  if (!message) notFound();
  if (!maskLinks(message.body).masked) throw new AppError("outbox.noLink", {}, 422);
  await insertAuditEvent(db, { entityId: input.entityId, userId: input.actorId, action: "outbox.linkRevealed", subject: { type: "outbox", id: message.id }, detail: { recipient: message.recipient, subject: message.subject }, now: input.now ?? new Date() });
  return { id: message.id, body: message.body };
}
