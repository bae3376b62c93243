// Elections with candidates and seats (see db/schema.ts and migration 021).
import type { ColumnType } from "kysely";

export interface SeatElectionTable {
  resolution_id: string;
  organ_id: string;
  seats: number;
  method: string;
  rounds: ColumnType<number, number | undefined, number>;
  absolute_majority: ColumnType<number, number | undefined, number>;
  tie_break: string;
  candidacy_deadline: string | null;
  term_months: number | null;
}

export interface SeatElectionCollegeTable {
  resolution_id: string;
  college_id: string;
  seats: number;
}

export interface CandidacyTable {
  id: string;
  resolution_id: string;
  member_id: string;
  college_id: string | null;
  position: number;
  born_on: string | null;
  filed_by: string;
  filed_at: string;
  withdrawn_at: string | null;
}

export interface CandidateMarkTable {
  ballot_id: string;
  candidacy_id: string;
  choice: string;
}

export interface ElectionTables {
  seat_election: SeatElectionTable;
  seat_election_college: SeatElectionCollegeTable;
  candidacy: CandidacyTable;
  candidate_mark: CandidateMarkTable;
}
