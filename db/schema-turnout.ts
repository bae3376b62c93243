// Turnout counters of a vote (see migrations/2026-11-30-014-turnout.ts). Written only by triggers
// on participation; the app reads them.

/** Members who took part, per college of the frozen electorate ('' outside any college), and their own weights summed. */
export interface TurnoutTable {
  resolution_id: string;
  college_key: string;
  voted: number;
  weight_micro: number;
}

export interface TurnoutTables {
  turnout: TurnoutTable;
}
