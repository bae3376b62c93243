import { sql, type Kysely } from "kysely";

// An entity may publish the ballot boxes of its secret votes: anyone with the link downloads a
// box (encrypted ballots without names or times, parameters, tally) and checks it offline.
// Off by default.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("entity")
    .addColumn("public_ballot_boxes", "integer", (c) => c.notNull().defaultTo(0).check(sql`public_ballot_boxes in (0, 1)`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("entity").dropColumn("public_ballot_boxes").execute();
}
