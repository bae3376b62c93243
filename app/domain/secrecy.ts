/**
 * What the decrypted totals of a secret vote reveal. Totals are published per college: in a
 * college of one voter they are that voter's choice; in a college of two, each voter learns the
 * other's. From three voters on, a total no longer names anyone by itself (issue 11, item 7).
 */

/** Fewer eligible voters than this in a college and its totals reveal choices. */
export const SMALL_COLLEGE = 3;

export interface CollegeElectorate {
  /** null: the members outside any college (or everyone, when the entity has no colleges). */
  id: string | null;
  name: string | null;
  eligible: number;
}

/**
 * The colleges whose decrypted totals would reveal how their members voted: at least one and
 * fewer than three eligible voters (an empty college reveals nothing), in the given order.
 */
export function smallColleges<C extends CollegeElectorate>(colleges: readonly C[]): C[] {
  return colleges.filter((c) => c.eligible > 0 && c.eligible < SMALL_COLLEGE);
}
