// Whose vote a resolution is (issue 15): every member, the sitting members of an organ, or some
// colleges; checked inside the entity when saved, resolved when the vote opens.
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { listColleges } from "~/queries/colleges.server";
import { findMeeting } from "~/queries/meetings.server";
import { findOrgan, listOrgans } from "~/queries/organs.server";
import type { ElectorateChoice } from "~/schemas/electorate";

/** The columns that store the choice, its organ and colleges looked up inside the entity. */
export async function electorateColumns(db: Db, entityId: string, choice: ElectorateChoice | undefined) {
  if (!choice) return {};
  if (choice.organId && !(await findOrgan(db, entityId, choice.organId))) throw new AppError("errors.invalidChoice", { field: "electorateOrganId" }, 422, "electorateOrganId");
  if (choice.collegeIds) {
    const known = new Set((await listColleges(db, entityId)).map((c) => c.id));
    if (choice.collegeIds.some((id) => !known.has(id))) throw new AppError("errors.invalidChoice", { field: "electorateCollege" }, 422, "electorateCollege");
  }
  return { electorate_organ_id: choice.organId, electorate_colleges: choice.collegeIds ? JSON.stringify(choice.collegeIds) : null };
}

/** The electorate of a vote about to open: its own choice, else its meeting's organ, else every member. */
export async function electorateScope(db: Db, entityId: string, r: { electorate_organ_id: string | null; electorate_colleges: string | null; meeting_id: string | null }): Promise<ElectorateChoice> {
  const collegeIds = r.electorate_colleges ? (JSON.parse(r.electorate_colleges) as string[]) : null;
  if (r.electorate_organ_id || collegeIds) return { organId: r.electorate_organ_id, collegeIds };
  const meeting = r.meeting_id ? await findMeeting(db, entityId, r.meeting_id) : undefined;
  return { organId: meeting?.organ_id ?? null, collegeIds: null };
}

/** What the resolution form offers: the entity's organs and colleges. */
export async function electorateOptions(db: Db, entityId: string) {
  const [organs, colleges] = await Promise.all([listOrgans(db, entityId), listColleges(db, entityId)]);
  return { organs: organs.map((o) => ({ id: o.id, name: o.name })), colleges: colleges.map((c) => ({ id: c.id, name: c.name })) };
}

/** The stored choice as the form shows it. */
export function electorateValues(r: { electorate_organ_id: string | null; electorate_colleges: string | null }) {
  if (r.electorate_organ_id) return { electorate: "organ", electorateOrganId: r.electorate_organ_id };
  if (r.electorate_colleges) return { electorate: "colleges", collegeIds: JSON.parse(r.electorate_colleges) as string[] };
  return { electorate: "all" };
}
