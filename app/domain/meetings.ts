/** Kinds of meeting, and which resolutions and quorums they hold. */
export const MEETING_KINDS = ["ago", "age", "ago-age", "board", "written"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ["draft", "convened", "open", "closed"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/**
 * Whether the meeting checks attendance and quorum: a general meeting does, and a board meeting
 * held by an organ (its sitting members); a written consultation and a free board meeting do not.
 */
export function hasQuorum(kind: MeetingKind, ofOrgan = false): boolean {
  return kind === "ago" || kind === "age" || kind === "ago-age" || (kind === "board" && ofOrgan);
}

/** The kinds of resolution a meeting may decide. */
export function resolutionKinds(kind: MeetingKind): ("ordinary" | "extraordinary")[] {
  if (kind === "age") return ["extraordinary"];
  if (kind === "ago-age") return ["ordinary", "extraordinary"];
  return ["ordinary"];
}
