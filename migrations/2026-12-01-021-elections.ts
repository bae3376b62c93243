import { sql, type Kysely } from "kysely";

// Elections with candidates and seats (issue 15). An election is a resolution whose `form` is
// 'election': its setup (the organ, the seats, the method), the seats reserved per college, the
// candidacies, and for an open ballot the marks it gives each candidate. A secret election keeps
// its ballots in the ballot box, one ciphertext per candidate.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("resolution").addColumn("form", "text", (c) => c.notNull().defaultTo("motion")).execute();
  // A second round (of an election, or of a motion whose colleges did not reach their threshold)
  // is a resolution of its own that points to the first.
  await db.schema.alterTable("resolution").addColumn("round", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable("resolution").addColumn("first_round_id", "text", (c) => c.references("resolution.id")).execute();
  // One second round per first.
  await db.schema.createIndex("resolution_second_round_uq").on("resolution").column("first_round_id").unique().where(sql.ref("first_round_id"), "is not", null).execute();

  await db.schema
    .createTable("seat_election")
    .addColumn("resolution_id", "text", (c) => c.primaryKey().references("resolution.id").onDelete("cascade"))
    .addColumn("organ_id", "text", (c) => c.notNull().references("organ.id"))
    .addColumn("seats", "integer", (c) => c.notNull().check(sql`seats > 0`))
    .addColumn("method", "text", (c) => c.notNull().check(sql`method in ('plurinominal', 'approval')`))
    .addColumn("rounds", "integer", (c) => c.notNull().defaultTo(1).check(sql`rounds in (1, 2)`))
    .addColumn("absolute_majority", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("tie_break", "text", (c) => c.notNull().check(sql`tie_break in ('age', 'seniority', 'lot')`))
    // Members may file their own candidacy until then; null: only the secretary enters them.
    .addColumn("candidacy_deadline", "text")
    .addColumn("term_months", "integer")
    .execute();

  await db.schema
    .createTable("seat_election_college")
    .addColumn("resolution_id", "text", (c) => c.notNull().references("resolution.id").onDelete("cascade"))
    .addColumn("college_id", "text", (c) => c.notNull().references("college.id"))
    .addColumn("seats", "integer", (c) => c.notNull().check(sql`seats > 0`))
    .addPrimaryKeyConstraint("seat_election_college_pk", ["resolution_id", "college_id"])
    .execute();

  await db.schema
    .createTable("candidacy")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("resolution_id", "text", (c) => c.notNull().references("resolution.id").onDelete("cascade"))
    .addColumn("member_id", "text", (c) => c.notNull().references("member.id"))
    // The candidate's college when filed, for the seats reserved to it.
    .addColumn("college_id", "text")
    .addColumn("position", "integer", (c) => c.notNull())
    // Only for a tie-break by age, when the statutes use it: given with the candidacy.
    .addColumn("born_on", "text")
    // 'self': filed by the member; 'secretary': entered by whoever runs the election.
    .addColumn("filed_by", "text", (c) => c.notNull())
    .addColumn("filed_at", "text", (c) => c.notNull())
    .addColumn("withdrawn_at", "text")
    .execute();
  // One candidacy in force per member and election.
  await db.schema
    .createIndex("candidacy_member_uq")
    .on("candidacy")
    .columns(["resolution_id", "member_id"])
    .unique()
    .where(sql.ref("withdrawn_at"), "is", null)
    .execute();

  // An open election ballot's marks: one row per candidate it marks ('for'; under approval also
  // 'against' or 'abstain'). The ballot itself is the resolution's ballot row, whose choice is
  // 'abstain' when it marks nobody and 'for' otherwise.
  await db.schema
    .createTable("candidate_mark")
    .addColumn("ballot_id", "text", (c) => c.notNull().references("ballot.id").onDelete("cascade"))
    .addColumn("candidacy_id", "text", (c) => c.notNull().references("candidacy.id"))
    .addColumn("choice", "text", (c) => c.notNull().check(sql`choice in ('for', 'against', 'abstain')`))
    .addPrimaryKeyConstraint("candidate_mark_pk", ["ballot_id", "candidacy_id"])
    .execute();
  await db.schema.createIndex("candidate_mark_candidacy_idx").on("candidate_mark").columns(["candidacy_id", "choice"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["candidate_mark", "candidacy", "seat_election_college", "seat_election"]) await db.schema.dropTable(table).execute();
  for (const column of ["first_round_id", "round", "form"]) await db.schema.alterTable("resolution").dropColumn(column).execute();
}
