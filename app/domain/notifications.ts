/** Who is told what, and how (issue 12 §2): kinds, each person's choice, reminders, digests. */

export const NOTIFICATION_KINDS = ["vote.opened", "vote.closingSoon", "vote.result", "meeting.convened", "expense.toApprove", "minutes.finalized"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_MODES = ["immediate", "digest", "never"] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];

/** Each kind's key under `notifications.kinds` in the locales. */
export const KIND_KEYS = { "vote.opened": "voteOpened", "vote.closingSoon": "voteClosingSoon", "vote.result": "voteResult", "meeting.convened": "meetingConvened", "expense.toApprove": "expenseToApprove", "minutes.finalized": "minutesFinalized" } as const satisfies Record<NotificationKind, string>;

/** Legal notices go out immediately whatever the person chose. */
export const LEGAL_KINDS: ReadonlySet<NotificationKind> = new Set(["meeting.convened"]);

/** A reminder this long before a vote closes. */
export const CLOSING_SOON_MS = 24 * 3600_000;

export function isNotificationKind(v: string): v is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(v);
}

/** How a message of `kind` reaches someone who chose `preference` (none: immediately). */
export function deliveryMode(kind: NotificationKind, preference: NotificationMode | null | undefined): NotificationMode {
  if (LEGAL_KINDS.has(kind)) return "immediate";
  return preference ?? "immediate";
}

export interface VoterState {
  memberId: string;
  userId: string | null;
  voted: boolean;
  /** Gave a proxy in force for this vote. */
  gaveProxy: boolean;
}

export interface HeldProxy {
  holderUserId: string | null;
  /** Whether the principal's vote has been cast (by the holder or otherwise). */
  principalVoted: boolean;
}

/**
 * Who gets the closing-soon reminder: members with an account who have neither voted nor given a
 * proxy, and holders (with an account) of a proxy not used yet. One entry per person.
 */
export function closingSoonRecipients(voters: readonly VoterState[], proxies: readonly HeldProxy[]): string[] {
  const out = new Set<string>();
  for (const v of voters) if (v.userId && !v.voted && !v.gaveProxy) out.add(v.userId);
  for (const p of proxies) if (p.holderUserId && !p.principalVoted) out.add(p.holderUserId);
  return [...out].sort();
}

/** Whether a vote closing at `closesAt` is due for its reminder at `now` (still open, within 24 h). */
export function closingSoonDue(closesAt: string | null, now: Date): boolean {
  if (!closesAt) return false;
  const left = new Date(closesAt).getTime() - now.getTime();
  return left > 0 && left <= CLOSING_SOON_MS;
}

export interface DigestItem {
  kind: NotificationKind;
  entityName: string;
  summary: string;
  createdAt: string;
}

/** A digest's sections: by entity (name order), then by kind (the kinds' order), oldest first. */
export function groupDigest(items: readonly DigestItem[]): { entityName: string; kinds: { kind: NotificationKind; lines: string[] }[] }[] {
  const byEntity = new Map<string, DigestItem[]>();
  for (const i of items) byEntity.set(i.entityName, [...(byEntity.get(i.entityName) ?? []), i]);
  return [...byEntity.entries()]
    .sort(([a], [b]) => a.localeCompare(b, "fr"))
    .map(([entityName, list]) => ({
      entityName,
      kinds: NOTIFICATION_KINDS.map((kind) => ({
        kind,
        lines: list
          .filter((i) => i.kind === kind)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .map((i) => i.summary),
      })).filter((k) => k.lines.length > 0),
    }));
}

/** The daily digest goes out from this hour (Paris time) on, once per day. */
export const DIGEST_HOUR = 7;
