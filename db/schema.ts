// Typed schema of the database, kept in step with migrations/ by hand.
// Timestamps are ISO-8601 UTC strings; calendar dates are "YYYY-MM-DD".
import type { ColumnType, Insertable, Selectable, Updateable } from "kysely";
import type { BudgetTables } from "./schema-budget";
import type { MeetingTables } from "./schema-meetings";
import type { SecretTables } from "./schema-secret";
import type { NotificationTables } from "./schema-notifications";
import type { RegisterTables } from "./schema-register";
import type { TurnoutTables } from "./schema-turnout";
import type { OrganTables } from "./schema-organs";
import type { ElectionTables } from "./schema-elections";

export type * from "./schema-budget";
export type * from "./schema-meetings";
export type * from "./schema-secret";
export type * from "./schema-notifications";
export type * from "./schema-organs";
export type * from "./schema-elections";

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  locale: string | null;
  is_platform_admin: ColumnType<number, number | undefined, number>;
  created_at: string;
}

export interface SessionTable {
  id: string;
  user_id: string;
  expires_at: string;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

export interface EntityTable {
  id: string;
  slug: string;
  name: string;
  legal_form: string;
  address: string | null;
  registration_number: string | null;
  is_demo: ColumnType<number, number | undefined, number>;
  created_at: string;
  capital_variable: ColumnType<number, number | undefined, number>;
  share_nominal_cents: number | null;
  colleges_enabled: ColumnType<number, number | undefined, number>;
  notice_days: number | null;
  budget_rule_id: string | null;
  expense_approvals: ColumnType<number, number | undefined, number>;
  expense_resolution_threshold_cents: number | null;
  transfer_threshold_cents: number | null;
  /** 1: anyone with the link downloads the ballot boxes of secret votes (public/:slug/…/box.json). */
  public_ballot_boxes: ColumnType<number, number | undefined, number>;
}

export interface EntityRoleTable {
  entity_id: string;
  user_id: string;
  role: string;
  created_at: string;
  /** Since when the current role is held: set on every grant or change of role (default: now). */
  granted_at: ColumnType<string, string | undefined, string>;
}

export interface CollegeTable {
  id: string;
  entity_id: string;
  name: string;
  description: string | null;
  position: number;
  created_at: string;
  archived_at: string | null;
}

export interface WeightVersionTable {
  id: string;
  entity_id: string;
  effective_from: string;
  reason: string;
  created_by: string | null;
  created_at: string;
}

export interface WeightVersionCollegeTable {
  version_id: string;
  college_id: string;
  weight_num: number;
  weight_den: number;
}

export interface MemberTable {
  id: string;
  entity_id: string;
  college_id: string | null;
  user_id: string | null;
  member_number: string | null;
  name: string;
  person_kind: string;
  representative: string | null;
  category: string;
  email: string | null;
  voting_weight_micro: ColumnType<number, number | undefined, number>;
  shares: ColumnType<number, number | undefined, number>;
  joined_on: string;
  exited_on: string | null;
  sort_name: string;
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface InvitationTable {
  id: string;
  entity_id: string;
  member_id: string;
  email: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_by: string | null;
  created_at: string;
}

export interface OutboxTable {
  id: string;
  entity_id: string | null;
  recipient: string;
  subject: string;
  body: string;
  transport: string;
  created_at: string;
  sent_at: string | null;
  error: string | null;
  /** "notice", "invitation", "reset", … (null: older or unclassified; the admin only reads it). */
  kind: ColumnType<string | null, string | null | undefined, string | null>;
  /** The account whose action queued it, if any. */
  sent_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PasswordResetTable {
  id: string;
  user_id: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_by: string | null;
  created_at: string;
}

export interface ImportJobTable {
  id: string;
  entity_id: string;
  created_by: string | null;
  filename: string;
  content: string;
  created_at: string;
}

export interface VotingRuleTable {
  id: string;
  entity_id: string;
  name: string;
  preset: string | null;
  version: ColumnType<number, number | undefined, number>;
  supersedes_id: string | null;
  method: string;
  base: string;
  threshold_num: number;
  threshold_den: number;
  strict: number;
  empty_college: string;
  headcount_below: ColumnType<number, number | undefined, number>;
  quorum_first_num: number | null;
  quorum_first_den: number | null;
  quorum_later_num: number | null;
  quorum_later_den: number | null;
  quorum_basis: ColumnType<string, string | undefined, string>;
  proxy_cap: string | null;
  secret: ColumnType<number, number | undefined, number>;
  live_results: ColumnType<number, number | undefined, number>;
  /** Inside a college: "left-out" | "for" | "against" (migration 020). */
  college_abstain: ColumnType<string, string | undefined, string>;
  college_bloc_num: ColumnType<number | null, number | null | undefined, number | null>;
  college_bloc_den: ColumnType<number | null, number | null | undefined, number | null>;
  college_bloc_strict: ColumnType<number, number | undefined, number>;
  /** "neutralise" | "second-round" */
  college_bloc_otherwise: ColumnType<string, string | undefined, string>;
  college_quorum_num: ColumnType<number | null, number | null | undefined, number | null>;
  college_quorum_den: ColumnType<number | null, number | null | undefined, number | null>;
  proxy_same_college: ColumnType<number, number | undefined, number>;
  proxy_max_per_college: ColumnType<number | null, number | null | undefined, number | null>;
  /** Who may hold a proxy: "members" | "spouse" (a member, or the principal's spouse or PACS partner) | "anyone" (migration 022). */
  proxy_holders: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: string;
  archived_at: string | null;
}

export interface ResolutionTable {
  id: string;
  entity_id: string;
  number: string;
  title: string;
  body: string;
  note: string | null;
  rule_id: string;
  kind: string;
  recommendation: string | null;
  status: string;
  opens_at: string | null;
  closes_at: string | null;
  opened_at: string | null;
  closed_at: string | null;
  outcome: string | null;
  eligible_count: number | null;
  eligible_weight_micro: number | null;
  result: string | null;
  meeting_id: string | null;
  budget_id: string | null;
  /** "motion" (a resolution to adopt or reject) or "election" (seats to fill among candidates). */
  form: ColumnType<string, string | undefined, string>;
  /** 2: a second round, whose first is first_round_id. */
  round: ColumnType<number, number | undefined, number>;
  first_round_id: string | null;
  electorate_organ_id: string | null;
  /** JSON array of college ids; null: not restricted to colleges. */
  electorate_colleges: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ResolutionCollegeTable {
  resolution_id: string;
  college_id: string;
  name: string;
  position: number;
  weight_num: number;
  weight_den: number;
  eligible_count: ColumnType<number, number | undefined, number>;
  eligible_weight_micro: ColumnType<number, number | undefined, number>;
}

export interface ResolutionVoterTable {
  resolution_id: string;
  member_id: string;
  college_id: string | null;
  weight_micro: number;
}

export interface ParticipationTable {
  resolution_id: string;
  member_id: string;
  cast_by_member_id: string | null;
  channel: string;
}

export interface BallotTable {
  id: string;
  resolution_id: string;
  member_id: string | null;
  cast_by_member_id: string | null;
  college_id: string | null;
  weight_micro: number;
  choice: string;
  channel: string | null;
  receipt_hash: string;
  cast_at: string | null;
  updated_at: string | null;
}

export interface ProxyTable {
  id: string;
  resolution_id: string | null;
  meeting_id: string | null;
  source: ColumnType<string, string | undefined, string>;
  principal_member_id: string;
  holder_member_id: string | null;
  /** A holder who is not a member, by name (migration 022); with holder_member_id null. Both null: a blank proxy. */
  holder_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** "spouse" (spouse or PACS partner) | "other"; set with holder_name. */
  holder_relation: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the secretary checked that holder in at the meeting. */
  holder_checked_in_at: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  revoked_at: string | null;
}

/** When a person last marked their dashboard as read, per entity (migrations/2026-11-30-011-dashboard.ts). */
export interface DashboardVisitTable {
  entity_id: string;
  user_id: string;
  seen_at: string;
}

export interface AuditEventTable {
  id: string;
  entity_id: string | null;
  user_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  detail: string | null;
  created_at: string;
}

/** Who runs a job that must run once at a time, until when (migrations/…-016-job-lease.ts). */
export interface JobLeaseTable {
  name: string;
  holder: string;
  expires_at: string;
}

/** An uploaded file kept in the database (migrations/…-017-stored-file.ts, app/lib/storage.server.ts). */
export interface StoredFileTable {
  key: string;
  bytes: Uint8Array;
  created_at: string;
}

export interface Database extends MeetingTables, BudgetTables, SecretTables, NotificationTables, RegisterTables, TurnoutTables, OrganTables, ElectionTables {
  user: UserTable;
  session: SessionTable;
  login_throttle: LoginThrottleTable;
  stored_file: StoredFileTable;
  entity: EntityTable;
  entity_role: EntityRoleTable;
  college: CollegeTable;
  weight_version: WeightVersionTable;
  weight_version_college: WeightVersionCollegeTable;
  member: MemberTable;
  invitation: InvitationTable;
  outbox: OutboxTable;
  password_reset: PasswordResetTable;
  import_job: ImportJobTable;
  voting_rule: VotingRuleTable;
  resolution: ResolutionTable;
  resolution_college: ResolutionCollegeTable;
  resolution_voter: ResolutionVoterTable;
  participation: ParticipationTable;
  ballot: BallotTable;
  proxy: ProxyTable;
  audit_event: AuditEventTable;
  dashboard_visit: DashboardVisitTable;
  job_lease: JobLeaseTable;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Entity = Selectable<EntityTable>;
export type EntityUpdate = Updateable<EntityTable>;
