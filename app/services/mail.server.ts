// Every message is kept in the outbox; with SMTP_URL it is also sent, after the
// transaction that queued it has committed, so a slow server never holds a write lock.
import type { Db } from "~/lib/db.server";
import { newId } from "~/lib/ids.server";
import { sendSmtp, smtpEnabled } from "~/lib/mail.server";
import { insertOutbox, markOutbox, pendingSmtp } from "~/queries/outbox.server";

export interface Mail {
  entityId: string | null;
  to: string;
  subject: string;
  body: string;
}

export async function queueMail(db: Db, mail: Mail, now: Date = new Date()): Promise<string> {
  const id = newId();
  await insertOutbox(db, { id, ...mail, transport: smtpEnabled() ? "smtp" : "outbox", now });
  return id;
}

/** Sends what is queued for SMTP; a failure is recorded on its message, never thrown. */
export async function deliverQueued(db: Db): Promise<void> {
  if (!smtpEnabled()) return;
  for (const m of await pendingSmtp(db, 500)) {
    try {
      await sendSmtp({ to: m.recipient, subject: m.subject, body: m.body });
      await markOutbox(db, m.id, { sent_at: new Date().toISOString() });
    } catch (e) {
      await markOutbox(db, m.id, { error: e instanceof Error ? e.message : String(e) });
    }
  }
}
