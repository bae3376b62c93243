import type { Transporter } from "nodemailer";
import { getEnv } from "./env.server";

let transport: Transporter | undefined;

/** Whether mail leaves the instance (SMTP_URL set) or stays in the outbox page only. */
export function smtpEnabled(): boolean {
  return getEnv().SMTP_URL != null;
}

export async function sendSmtp(mail: { to: string; subject: string; body: string; attachments?: { name: string; type: string; content: string }[] }): Promise<void> {
  const env = getEnv();
  if (!env.SMTP_URL) throw new Error("SMTP_URL is not set");
  // Loaded on the first message sent: without SMTP_URL the server never needs it.
  transport ??= (await import("nodemailer")).createTransport(env.SMTP_URL);
  await transport.sendMail({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.body, attachments: mail.attachments?.map((a) => ({ filename: a.name, contentType: a.type, content: a.content })) });
}
