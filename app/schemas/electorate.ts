// Whose vote a resolution is: every member, the sitting members of an organ, or some colleges.
import { z } from "zod";
import type { FieldErrors } from "./form";

export interface ElectorateChoice {
  organId: string | null;
  collegeIds: string[] | null;
}

const shape = z.object({
  electorate: z.preprocess((v) => (v == null || v === "" ? "all" : v), z.enum(["all", "organ", "colleges"])),
  electorateOrganId: z.string().max(64).optional(),
  electorateCollege: z.array(z.string().min(1).max(64)).max(20),
});

/** The electorate a form chose (ids still to be looked up inside the entity), or the field at fault. */
export function electorateFrom(formData: FormData): { ok: true; data: ElectorateChoice } | { ok: false; errors: FieldErrors } {
  const parsed = shape.safeParse({
    electorate: formData.get("electorate") ?? undefined,
    electorateOrganId: formData.get("electorateOrganId") ?? undefined,
    electorateCollege: formData.getAll("electorateCollege").filter((v): v is string => typeof v === "string"),
  });
  if (!parsed.success) return { ok: false, errors: { electorate: { key: "errors.invalidChoice", params: { field: "electorate" } } } };
  const e = parsed.data;
  if (e.electorate === "organ") {
    if (!e.electorateOrganId) return { ok: false, errors: { electorateOrganId: { key: "errors.required", params: { field: "electorateOrganId" } } } };
    return { ok: true, data: { organId: e.electorateOrganId, collegeIds: null } };
  }
  if (e.electorate === "colleges") {
    if (e.electorateCollege.length === 0) return { ok: false, errors: { electorateCollege: { key: "errors.required", params: { field: "electorateCollege" } } } };
    return { ok: true, data: { organId: null, collegeIds: [...new Set(e.electorateCollege)] } };
  }
  return { ok: true, data: { organId: null, collegeIds: null } };
}

/** The colleges ticked, to show them ticked again after an error. */
export function collegeIdsOf(formData: FormData): string[] {
  return formData.getAll("electorateCollege").filter((v): v is string => typeof v === "string");
}
