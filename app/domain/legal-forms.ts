/** Legal forms Cogere knows; the rules on colleges, quorum and notice follow from them. */
export const LEGAL_FORMS = ["scic-sa", "scic-sas", "scic-sarl", "association", "alliance", "other"] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

export function isScic(form: LegalForm): boolean {
  return form === "scic-sa" || form === "scic-sas" || form === "scic-sarl";
}
