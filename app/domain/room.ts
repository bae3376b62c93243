/**
 * Whether members may check themselves in from the room (the code on its screen): while the
 * session is open, or on its day once convened; never for a written consultation, which has no room.
 * `onTheDay`: today (in France) is the day the meeting was called for.
 */
export function roomCheckInOpen(meeting: { kind: string; status: string }, onTheDay: boolean): boolean {
  if (meeting.kind === "written") return false;
  return meeting.status === "open" || (meeting.status === "convened" && onTheDay);
}
