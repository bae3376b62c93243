// Every message is kept in the outbox; with SMTP_URL it is also sent, after the
// transaction that queued it has committed, so a slow server never holds a write lock.
import type { Db } from "~/lib/db.server";
import { newId } from "~/lib/ids.server";
import { sendSmtp, smtpEnabled } from "~/lib/mail.server";
import { claimOutbox, failOutbox, insertAttachments, outboxAttachments } from "~/queries/notifications.server";
import { insertOutbox, pendingSmtp } from "~/queries/outbox.server";

export interface Mail {
  entityId: string | null;
  to: string;
  subject: string;
  body: string;
  /** What the message is ("notice", "invitation", "reset", …): decides who may read it in the outbox. */
  kind?: MailKind;
  /** The account whose action queued it. */
  sentBy?: string | null;
  /** Files sent with it (the notice's calendar invitation); the outbox page names them. */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  name: string;
  type: string;
  content: string;
}

export type MailKind = "notice" | "invitation" | "reset" | (string & {});

export async function queueMail(db: Db, mail: Mail, now: Date = new Date()): Promise<string> {
  const id = newId();
  await insertOutbox(db, { id, ...mail, transport: smtpEnabled() ? "smtp" : "outbox", now });
  if (mail.attachments?.length) await insertAttachments(db, id, mail.attachments);
  return id;
}

/** Sends what is queued for SMTP; a failure is recorded on its message, never thrown. */
export async function deliverQueued(db: Db): Promise<void> {
  if (!smtpEnabled()) return;
  for (const m of await pendingSmtp(db, 500)) {
    // Claimed first: a route and the scheduler (or two processes) never send one message twice.
    if (!(await claimOutbox(db, m.id, new Date().toISOString()))) continue;
    try {
      const attachments = (await outboxAttachments(db, [m.id])).map((a) => ({ name: a.name, type: a.media_type, content: a.content }));
      await sendSmtp({ to: m.recipient, subject: m.subject, body: m.body, attachments });
    } catch (e) {
      await failOutbox(db, m.id, e instanceof Error ? e.message : String(e));
    }
  }
}
