/**
 * What a secret election ballot encrypts (docs/ballot-box.md §4–5), shared by the voter's browser
 * and the server: per candidacy in the box's order, plurinominal one ciphertext (1: approved);
 * approval per candidate two, its marks "for" and "against" (abstain: both 0). Pure.
 */

/** The marks of an approval election's question, in the order of each candidacy's ciphertexts. */
export const APPROVAL_MARKS = ["for", "against"] as const;

export interface ElectionSelections {
  /** 0 or 1 per ciphertext, in the box's order. */
  selections: number[];
  /** Approval: ciphertexts per candidacy (encryptSelections' perAnswer); absent under plurinominal. */
  perAnswer?: number;
}

/**
 * The 0/1 vector of a ballot marking candidacies (`marks[id]`: "for", "against", "abstain" or
 * nothing). Plurinominal reads "for" only (an approval).
 */
export function electionSelections(method: string, candidacyIds: readonly string[], marks: Readonly<Record<string, string | undefined>>): ElectionSelections {
  if (method !== "approval") return { selections: candidacyIds.map((id) => (marks[id] === "for" ? 1 : 0)) };
  return {
    selections: candidacyIds.flatMap((id) => APPROVAL_MARKS.map((m) => (marks[id] === m ? 1 : 0))),
    perAnswer: APPROVAL_MARKS.length,
  };
}
