import { sql, type Kysely } from "kysely";

// The shared budget: budgets per fiscal year with their lines, partners' contributions,
// expenses with their approvals, and transfers between lines.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("entity").addColumn("budget_rule_id", "text", (c) => c.references("voting_rule.id")).execute();
  await db.schema.alterTable("entity").addColumn("expense_approvals", "integer", (c) => c.notNull().defaultTo(2)).execute();
  await db.schema.alterTable("entity").addColumn("expense_resolution_threshold_cents", "integer").execute();
  await db.schema.alterTable("entity").addColumn("transfer_threshold_cents", "integer").execute();
  await db.schema.alterTable("resolution").addColumn("budget_id", "text").execute();

  await db.schema
    .createTable("budget")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("fiscal_start", "text", (c) => c.notNull())
    .addColumn("fiscal_end", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("resolution_id", "text", (c) => c.references("resolution.id"))
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("adopted_at", "text")
    .addColumn("closed_at", "text")
    .execute();
  await db.schema.createIndex("budget_entity_idx").on("budget").columns(["entity_id", "fiscal_start"]).execute();

  await db.schema
    .createTable("budget_line")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("budget_id", "text", (c) => c.notNull().references("budget.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('charge', 'income')`))
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("planned_cents", "integer", (c) => c.notNull().check(sql`planned_cents >= 0`))
    .addColumn("member_id", "text", (c) => c.references("member.id"))
    .addColumn("college_id", "text", (c) => c.references("college.id"))
    .addColumn("notes", "text")
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("budget_line_budget_idx").on("budget_line").columns(["budget_id", "position"]).execute();

  await db.schema
    .createTable("contribution")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("budget_id", "text", (c) => c.notNull().references("budget.id").onDelete("cascade"))
    .addColumn("member_id", "text", (c) => c.notNull().references("member.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("public_aid", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("pledged_cents", "integer", (c) => c.notNull().check(sql`pledged_cents >= 0`))
    .addColumn("pledged_on", "text", (c) => c.notNull())
    .addColumn("received_cents", "integer", (c) => c.notNull().defaultTo(0).check(sql`received_cents >= 0`))
    .addColumn("received_on", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("contribution_budget_idx").on("contribution").columns(["budget_id", "member_id"]).execute();

  await db.schema
    .createTable("expense")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("budget_id", "text", (c) => c.notNull().references("budget.id").onDelete("cascade"))
    .addColumn("line_id", "text", (c) => c.notNull().references("budget_line.id"))
    .addColumn("payee", "text", (c) => c.notNull())
    .addColumn("spent_on", "text", (c) => c.notNull())
    .addColumn("amount_cents", "integer", (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("receipt_key", "text")
    .addColumn("receipt_name", "text")
    .addColumn("receipt_type", "text")
    .addColumn("resolution_id", "text", (c) => c.references("resolution.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("submitted_by", "text", (c) => c.notNull().references("user.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decided_at", "text")
    .execute();
  await db.schema.createIndex("expense_budget_idx").on("expense").columns(["budget_id", "line_id"]).execute();

  // One decision per person and expense: nobody approves twice.
  await db.schema
    .createTable("expense_approval")
    .addColumn("expense_id", "text", (c) => c.notNull().references("expense.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("user.id"))
    .addColumn("decision", "text", (c) => c.notNull().check(sql`decision in ('approve', 'refuse')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("expense_approval_pk", ["expense_id", "user_id"])
    .execute();

  await db.schema
    .createTable("budget_transfer")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("budget_id", "text", (c) => c.notNull().references("budget.id").onDelete("cascade"))
    .addColumn("from_line_id", "text", (c) => c.notNull().references("budget_line.id"))
    .addColumn("to_line_id", "text", (c) => c.notNull().references("budget_line.id"))
    .addColumn("amount_cents", "integer", (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("resolution_id", "text", (c) => c.references("resolution.id"))
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["budget_transfer", "expense_approval", "expense", "contribution", "budget_line", "budget"]) await db.schema.dropTable(t).execute();
  await db.schema.alterTable("resolution").dropColumn("budget_id").execute();
  for (const c of ["transfer_threshold_cents", "expense_resolution_threshold_cents", "expense_approvals", "budget_rule_id"]) await db.schema.alterTable("entity").dropColumn(c).execute();
}
