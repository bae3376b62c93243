// Meetings and minutes tables (see db/schema.ts).
import type { ColumnType } from "kysely";

export interface MeetingTable {
  id: string;
  entity_id: string;
  kind: string;
  title: string;
  starts_at: string;
  place: string | null;
  remote_link: string | null;
  /** The organ whose meeting it is (its sitting members are the electorate); null: a general assembly. */
  organ_id: string | null;
  call: ColumnType<number, number | undefined, number>;
  previous_meeting_id: string | null;
  status: string;
  postal_deadline: string | null;
  notice_sent_at: string | null;
  notice_mode: string | null;
  opened_at: string | null;
  closed_at: string | null;
  president: string | null;
  secretary: string | null;
  scrutineers: string | null;
  incidents: string | null;
  quorum: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface AgendaItemTable {
  id: string;
  meeting_id: string;
  position: number;
  title: string;
  description: string | null;
  resolution_id: string | null;
  summary: string | null;
}

export interface MeetingDocumentTable {
  id: string;
  meeting_id: string;
  name: string;
  media_type: string;
  size: number;
  storage_key: string;
  sha256: string;
  uploaded_by: string | null;
  created_at: string;
}

export interface AttendanceTable {
  meeting_id: string;
  member_id: string;
  mode: string;
  checked_in_at: string;
  checked_in_by: string | null;
}

export interface PostalVoteTable {
  meeting_id: string;
  resolution_id: string;
  member_id: string;
  choice: string | null;
  /** The encrypted ballot (app/crypto BallotJson) of a secret resolution's postal vote. */
  ballot: string | null;
  source: string;
  received_at: string;
  counted: ColumnType<number, number | undefined, number>;
}

export interface HandCountTable {
  resolution_id: string;
  college_id: string;
  for_count: number;
  against_count: number;
  abstain_count: number;
}

export interface MinutesTable {
  id: string;
  meeting_id: string;
  model: string;
  finalized_at: string;
  finalized_by: string | null;
}

export interface MinutesFileTable {
  minutes_id: string;
  lang: string;
  format: string;
  bytes: Uint8Array;
  sha256: string;
  content_sha256: string;
}

export interface MeetingTables {
  meeting: MeetingTable;
  agenda_item: AgendaItemTable;
  meeting_document: MeetingDocumentTable;
  attendance: AttendanceTable;
  postal_vote: PostalVoteTable;
  hand_count: HandCountTable;
  minutes: MinutesTable;
  minutes_file: MinutesFileTable;
}
