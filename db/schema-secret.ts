// Verifiable secret ballots (see migrations/2026-11-30-009-secret-ballots.ts and app/crypto/).
import type { ColumnType } from "kysely";

export interface ElectionTable {
  resolution_id: string;
  entity_id: string;
  mode: "server" | "trustees";
  status: ColumnType<"keys" | "ready" | "counting" | "tallied", "keys" | "ready" | "counting" | "tallied" | undefined, "keys" | "ready" | "counting" | "tallied">;
  election_key: string | null;
  parameters: string | null;
  head: string | null;
  ballot_count: ColumnType<number, number | undefined, number>;
  sums: string | null;
  tally: string | null;
  box_hash: string | null;
  created_at: string;
  key_destroyed_at: string | null;
}

export interface ElectionTrusteeTable {
  resolution_id: string;
  position: number;
  user_id: string | null;
  name: string;
  public_key: string | null;
  key_json: string | null;
  key_at: string | null;
  shares: string | null;
  shares_at: string | null;
}

export interface EncryptedBallotTable {
  resolution_id: string;
  position: number;
  tracker: string;
  college_id: string;
  weight_micro: number;
  ballot: string;
  link: string;
}

export interface SecretTables {
  election: ElectionTable;
  election_trustee: ElectionTrusteeTable;
  encrypted_ballot: EncryptedBallotTable;
}
