// Search and totals of the member register (see migrations/2026-11-30-015-register-speed.ts).
// All three are written by triggers on member only; the app reads them.

/**
 * One row per member: a stable integer (the rowid of its texts in member_fts) and a copy of
 * what the register filters and sorts on, so that a search never reads the member rows.
 */
export interface MemberSearchTable {
  fts_rowid: number;
  /** member.id */
  id: string;
  entity_id: string;
  sort_name: string;
  college_id: string | null;
  category: string;
  joined_on: string;
  exited_on: string | null;
}

/** FTS5 (trigram) over the folded texts; contentless, so only rowid can be read back. */
export interface MemberFtsTable {
  rowid: number;
  sort_name: string;
  search_text: string;
}

/** Renewed at random by every member write that can change the register's counts or sums. */
export interface RegisterStampTable {
  entity_id: string;
  stamp: string;
}

export interface RegisterTables {
  member_search: MemberSearchTable;
  member_fts: MemberFtsTable;
  register_stamp: RegisterStampTable;
}
