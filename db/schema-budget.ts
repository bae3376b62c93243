// Budget tables (see db/schema.ts).
import type { ColumnType } from "kysely";

export interface BudgetTable {
  id: string;
  entity_id: string;
  name: string;
  fiscal_start: string;
  fiscal_end: string;
  status: string;
  resolution_id: string | null;
  created_by: string | null;
  created_at: string;
  adopted_at: string | null;
  closed_at: string | null;
}

export interface BudgetLineTable {
  id: string;
  budget_id: string;
  kind: string;
  category: string;
  label: string;
  planned_cents: number;
  member_id: string | null;
  college_id: string | null;
  notes: string | null;
  position: number;
}

export interface ContributionTable {
  id: string;
  budget_id: string;
  member_id: string;
  type: string;
  description: string | null;
  public_aid: ColumnType<number, number | undefined, number>;
  pledged_cents: number;
  pledged_on: string;
  received_cents: ColumnType<number, number | undefined, number>;
  received_on: string | null;
  created_at: string;
}

export interface ExpenseTable {
  id: string;
  budget_id: string;
  line_id: string;
  payee: string;
  spent_on: string;
  amount_cents: number;
  description: string;
  receipt_key: string | null;
  receipt_name: string | null;
  receipt_type: string | null;
  resolution_id: string | null;
  status: string;
  submitted_by: string;
  created_at: string;
  decided_at: string | null;
}

export interface ExpenseApprovalTable {
  expense_id: string;
  user_id: string;
  decision: string;
  created_at: string;
}

export interface BudgetTransferTable {
  id: string;
  budget_id: string;
  from_line_id: string;
  to_line_id: string;
  amount_cents: number;
  status: string;
  resolution_id: string | null;
  created_by: string | null;
  created_at: string;
}

export interface BudgetTables {
  budget: BudgetTable;
  budget_line: BudgetLineTable;
  contribution: ContributionTable;
  expense: ExpenseTable;
  expense_approval: ExpenseApprovalTable;
  budget_transfer: BudgetTransferTable;
}
