import { sql, type Kysely } from "kysely";

// Voting: named rules (versioned), resolutions, the electorate frozen when a vote opens,
// ballots (secret ones carry no member), participation, and proxies.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("voting_rule")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("preset", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    // The version this one replaces; the replaced version is archived.
    .addColumn("supersedes_id", "text", (c) => c.references("voting_rule.id"))
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("base", "text", (c) => c.notNull())
    .addColumn("threshold_num", "integer", (c) => c.notNull())
    .addColumn("threshold_den", "integer", (c) => c.notNull().check(sql`threshold_den > 0`))
    .addColumn("strict", "integer", (c) => c.notNull())
    .addColumn("empty_college", "text", (c) => c.notNull())
    .addColumn("headcount_below", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("quorum_first_num", "integer")
    .addColumn("quorum_first_den", "integer")
    .addColumn("quorum_later_num", "integer")
    .addColumn("quorum_later_den", "integer")
    .addColumn("quorum_basis", "text", (c) => c.notNull().defaultTo("headcount"))
    // A whole number, "cooperative", or null for no cap.
    .addColumn("proxy_cap", "text")
    .addColumn("secret", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("live_results", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("archived_at", "text")
    .execute();
  await db.schema.createIndex("voting_rule_entity_idx").on("voting_rule").columns(["entity_id", "archived_at"]).execute();

  await db.schema
    .createTable("resolution")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("rule_id", "text", (c) => c.notNull().references("voting_rule.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("recommendation", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("opens_at", "text")
    .addColumn("closes_at", "text")
    .addColumn("opened_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("outcome", "text")
    // The electorate's size and total own weight, frozen at opening.
    .addColumn("eligible_count", "integer")
    .addColumn("eligible_weight_micro", "integer")
    // The frozen result at close: rule, weights and tally, as JSON.
    .addColumn("result", "text")
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("resolution_entity_number_uq", ["entity_id", "number"])
    .execute();
  await db.schema.createIndex("resolution_entity_status_idx").on("resolution").columns(["entity_id", "status"]).execute();

  // Weights in force when the vote opened, kept with the resolution.
  await db.schema
    .createTable("resolution_college")
    .addColumn("resolution_id", "text", (c) => c.notNull().references("resolution.id").onDelete("cascade"))
    .addColumn("college_id", "text", (c) => c.notNull().references("college.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("weight_num", "integer", (c) => c.notNull())
    .addColumn("weight_den", "integer", (c) => c.notNull())
    .addColumn("eligible_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("eligible_weight_micro", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("resolution_college_pk", ["resolution_id", "college_id"])
    .execute();

  // The electorate frozen when the vote opened: who may vote, in which college, with what weight.
  await db.schema
    .createTable("resolution_voter")
    .addColumn("resolution_id", "text", (c) => c.notNull().references("resolution.id").onDelete("cascade"))
    .addColumn("member_id", "text", (c) => c.notNull().references("member.id"))
    .addColumn("college_id", "text")
    .addColumn("weight_micro", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("resolution_voter_pk", ["resolution_id", "member_id"])
    .execute();

  // One row per member who took part: the database's guarantee of one ballot per member per
  // resolution, secret or not. WITHOUT ROWID, so that storage order does not follow casting order.
  await db.schema
    .createTable("participation")
    .addColumn("resolution_id", "text", (c) => c.notNull().references("resolution.id").onDelete("cascade"))
    .addColumn("member_id", "text", (c) => c.notNull().references("member.id"))
    .addColumn("cast_by_member_id", "text", (c) => c.references("member.id"))
    .addColumn("channel", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("participation_pk", ["resolution_id", "member_id"])
    .modifyEnd(sql`without rowid`)
    .execute();

  // A secret ballot has no member, no caster and no time; its random id and receipt only.
  await db.schema
    .createTable("ballot")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("resolution_id", "text", (c) => c.notNull().references("resolution.id").onDelete("cascade"))
    .addColumn("member_id", "text", (c) => c.references("member.id"))
    .addColumn("cast_by_member_id", "text", (c) => c.references("member.id"))
    .addColumn("college_id", "text")
    .addColumn("weight_micro", "integer", (c) => c.notNull().check(sql`weight_micro > 0`))
    .addColumn("choice", "text", (c) => c.notNull().check(sql`choice in ('for', 'against', 'abstain')`))
    .addColumn("channel", "text")
    .addColumn("receipt_hash", "text", (c) => c.notNull().unique())
    .addColumn("cast_at", "text")
    .addColumn("updated_at", "text")
    .addUniqueConstraint("ballot_resolution_member_uq", ["resolution_id", "member_id"])
    .modifyEnd(sql`without rowid`)
    .execute();
  // Covers the tally's aggregate, so it reads the index only.
  await db.schema.createIndex("ballot_tally_idx").on("ballot").columns(["resolution_id", "college_id", "choice", "weight_micro"]).execute();

  await db.schema
    .createTable("proxy")
    .addColumn("id", "text", (c) => c.primaryKey())
    // A proxy is for one resolution, or (migration 004) for a whole meeting.
    .addColumn("resolution_id", "text", (c) => c.references("resolution.id").onDelete("cascade"))
    .addColumn("principal_member_id", "text", (c) => c.notNull().references("member.id"))
    // Null: a blank proxy, which votes with the board's recommendation.
    .addColumn("holder_member_id", "text", (c) => c.references("member.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("proxy_holder_idx").on("proxy").columns(["resolution_id", "holder_member_id"]).execute();
  // At most one proxy in force per principal and resolution.
  await db.schema
    .createIndex("proxy_principal_active_uq")
    .on("proxy")
    .columns(["resolution_id", "principal_member_id"])
    .unique()
    .where(sql.ref("revoked_at"), "is", null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["proxy", "ballot", "participation", "resolution_voter", "resolution_college", "resolution", "voting_rule"]) {
    await db.schema.dropTable(table).execute();
  }
}
