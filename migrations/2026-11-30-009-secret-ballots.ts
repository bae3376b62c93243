import { sql, type Kysely } from "kysely";

// Verifiable secret ballots (app/crypto): one election per secret resolution, its trustees, and
// the public ballot box. An encrypted ballot carries no member, no caster and no time; its
// position is its place in the box's hash chain. Postal votes of a secret resolution keep their
// encrypted ballot instead of a choice.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("election")
    .addColumn("resolution_id", "text", (c) => c.primaryKey().references("resolution.id").onDelete("cascade"))
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    // 'server': the server is the only trustee; 'trustees': people hold the key shares.
    .addColumn("mode", "text", (c) => c.notNull().check(sql`mode in ('server', 'trustees')`))
    // 'keys': waiting for trustees' keys; 'ready': key complete; 'counting': closed, waiting for
    // decryption shares; 'tallied': totals decrypted and frozen.
    .addColumn("status", "text", (c) => c.notNull().defaultTo("keys").check(sql`status in ('keys', 'ready', 'counting', 'tallied')`))
    .addColumn("election_key", "text")
    // The box's parameters (app/crypto/parameters.ts), frozen when the vote opens.
    .addColumn("parameters", "text")
    // Head of the hash chain and number of ballots in the box.
    .addColumn("head", "text")
    .addColumn("ballot_count", "integer", (c) => c.notNull().defaultTo(0))
    // Encrypted per-college sums at the close, then the decrypted tally (app/crypto/tally.ts).
    .addColumn("sums", "text")
    .addColumn("tally", "text")
    .addColumn("box_hash", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("key_destroyed_at", "text")
    .execute();

  await db.schema
    .createTable("election_trustee")
    .addColumn("resolution_id", "text", (c) => c.notNull().references("election.resolution_id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    // null for the server in server mode.
    .addColumn("user_id", "text", (c) => c.references("user.id"))
    .addColumn("name", "text", (c) => c.notNull())
    // The public key with its proof of knowledge (TrusteeKeyJson), once published.
    .addColumn("public_key", "text")
    .addColumn("key_json", "text")
    .addColumn("key_at", "text")
    // The decryption shares of the sums, with their proofs, once given.
    .addColumn("shares", "text")
    .addColumn("shares_at", "text")
    .addPrimaryKeyConstraint("election_trustee_pk", ["resolution_id", "position"])
    .addUniqueConstraint("election_trustee_user_uq", ["resolution_id", "user_id"])
    .execute();

  await db.schema
    .createTable("encrypted_ballot")
    .addColumn("resolution_id", "text", (c) => c.notNull().references("election.resolution_id").onDelete("cascade"))
    // 1, 2, 3…: the place in the chain; one ballot per place, even under concurrent writers.
    .addColumn("position", "integer", (c) => c.notNull().check(sql`position > 0`))
    .addColumn("tracker", "text", (c) => c.notNull())
    .addColumn("college_id", "text", (c) => c.notNull())
    .addColumn("weight_micro", "integer", (c) => c.notNull().check(sql`weight_micro > 0`))
    .addColumn("ballot", "text", (c) => c.notNull())
    .addColumn("link", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("encrypted_ballot_pk", ["resolution_id", "position"])
    .addUniqueConstraint("encrypted_ballot_tracker_uq", ["resolution_id", "tracker"])
    .modifyEnd(sql`without rowid`)
    .execute();

  await db.schema.alterTable("postal_vote").addColumn("ballot", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("postal_vote").dropColumn("ballot").execute();
  for (const table of ["encrypted_ballot", "election_trustee", "election"]) await db.schema.dropTable(table).execute();
}
