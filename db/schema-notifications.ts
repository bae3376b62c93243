// Notifications, preferences, calendar feeds and outbox attachments
// (see migrations/2026-11-30-012-notifications.ts).

export type NotificationMode = "immediate" | "digest" | "never";

export interface NotificationTable {
  id: string;
  kind: string;
  subject_id: string;
  /** A user id, or "member:<id>" for a legal notice to a member without an account. */
  recipient_id: string;
  user_id: string | null;
  entity_id: string | null;
  mode: NotificationMode;
  outbox_id: string | null;
  /** The line a daily digest gives it. */
  summary: string | null;
  digested_at: string | null;
  created_at: string;
}

export interface NotificationPreferenceTable {
  user_id: string;
  kind: string;
  mode: NotificationMode;
}

export interface CalendarFeedTable {
  user_id: string;
  token_hash: string;
  created_at: string;
}

export interface OutboxAttachmentTable {
  outbox_id: string;
  name: string;
  media_type: string;
  content: string;
}

export interface NotificationTables {
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
  calendar_feed: CalendarFeedTable;
  outbox_attachment: OutboxAttachmentTable;
}
