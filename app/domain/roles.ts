/** Roles a person can hold in an entity. A person holds at most one role per entity. */
export const ROLES = ["admin", "secretary", "treasurer", "member", "observer"] as const;
export type Role = (typeof ROLES)[number];

/** What a role may do in its entity. Every loader and action names one of these. */
export const PERMISSIONS = {
  /** See the entity's dashboard, register summary and published results. */
  "entity.view": ["admin", "secretary", "treasurer", "member", "observer"],
  /** Change the entity's settings, colleges, weights and register. */
  "entity.manage": ["admin"],
  /** Read the full register (e-mails, shares, numbers) and export it. */
  "register.read": ["admin", "secretary"],
  /** Grant, change and withdraw roles of people in the entity. */
  "roles.manage": ["admin"],
  /** Convene meetings, record attendance and proxies, open and close votes. */
  "meeting.run": ["admin", "secretary"],
  /** Cast a ballot as a member. */
  "vote.cast": ["admin", "secretary", "treasurer", "member"],
  /** Draft the budget, its lines and contributions, and propose it to the vote. */
  "budget.manage": ["admin", "treasurer"],
  /** Record an expense against a budget line. */
  "expense.submit": ["admin", "secretary", "treasurer"],
  /** Approve (or refuse) someone else's expense. */
  "expense.approve": ["admin", "secretary", "treasurer"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role != null && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Resolution statuses everyone in the entity sees; drafts and withdrawn ones stay with those who run meetings. */
export const PUBLIC_RESOLUTION_STATUSES = ["scheduled", "open", "counting", "closed"] as const;

/**
 * Who reads a resolution: those who run meetings always; everyone in the entity once it is put to
 * the vote, a draft on the agenda of a meeting whose notice was sent (the members prepare the
 * assembly, give a proxy or vote by post on that text), and an election calling for candidacies
 * (a deadline set: the members file theirs on its page).
 */
export function canSeeResolution(role: Role | null | undefined, status: string, meeting?: { noticeSent: boolean } | null, callsCandidacies = false): boolean {
  if (role == null) return false;
  if (can(role, "meeting.run") || (PUBLIC_RESOLUTION_STATUSES as readonly string[]).includes(status)) return true;
  return status === "draft" && (meeting?.noticeSent === true || callsCandidacies);
}
