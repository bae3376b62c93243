// Typed schema of the database, kept in step with migrations/ by hand.
// Timestamps are ISO-8601 UTC strings; calendar dates are "YYYY-MM-DD".
import type { ColumnType, Insertable, Selectable, Updateable } from "kysely";

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
}

export interface EntityRoleTable {
  entity_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface CollegeTable {
  id: string;
  entity_id: string;
  name: string;
  description: string | null;
  weight_num: number;
  weight_den: number;
  position: number;
  archived_at: string | null;
}

export interface MemberTable {
  id: string;
  entity_id: string;
  college_id: string | null;
  user_id: string | null;
  member_number: string | null;
  name: string;
  email: string | null;
  person_kind: string;
  category: string;
  voting_weight: ColumnType<string, string | undefined, string>;
  joined_on: string;
  exited_on: string | null;
  created_at: string;
}

export interface AuditEventTable {
  id: string;
  entity_id: string | null;
  user_id: string | null;
  action: string;
  detail: string | null;
  created_at: string;
}

export interface Database {
  user: UserTable;
  session: SessionTable;
  login_throttle: LoginThrottleTable;
  entity: EntityTable;
  entity_role: EntityRoleTable;
  college: CollegeTable;
  member: MemberTable;
  audit_event: AuditEventTable;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Entity = Selectable<EntityTable>;
export type EntityUpdate = Updateable<EntityTable>;
