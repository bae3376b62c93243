// Governing bodies and mandates (see db/schema.ts and migration 019).

export interface OrganTable {
  id: string;
  entity_id: string;
  name: string;
  kind: string;
  seats: number;
  term_months: number | null;
  rule_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrganSeatTable {
  organ_id: string;
  college_id: string;
  seats: number;
}

export interface MandateTable {
  id: string;
  organ_id: string;
  member_id: string;
  role: string;
  starts_on: string;
  ends_on: string | null;
  appointed_by: string;
  resolution_id: string | null;
  ended_on: string | null;
  end_reason: string | null;
  created_at: string;
}

export interface OrganTables {
  organ: OrganTable;
  organ_seat: OrganSeatTable;
  mandate: MandateTable;
}
