import { sql, type Kysely } from "kysely";

// General assemblies: meetings, agenda, documents, attendance, meeting proxies, postal votes
// and show-of-hands counts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("entity").addColumn("notice_days", "integer").execute();

  await db.schema
    .createTable("meeting")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("place", "text")
    .addColumn("remote_link", "text")
    .addColumn("call", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("previous_meeting_id", "text", (c) => c.references("meeting.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("postal_deadline", "text")
    .addColumn("notice_sent_at", "text")
    .addColumn("notice_mode", "text")
    .addColumn("opened_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("president", "text")
    .addColumn("secretary", "text")
    .addColumn("scrutineers", "text")
    .addColumn("incidents", "text")
    // Quorum figures when the meeting opened and when it closed, as JSON.
    .addColumn("quorum", "text")
    .addColumn("created_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("meeting_entity_idx").on("meeting").columns(["entity_id", "starts_at"]).execute();

  await db.schema.alterTable("resolution").addColumn("meeting_id", "text", (c) => c.references("meeting.id")).execute();
  await db.schema.createIndex("resolution_meeting_idx").on("resolution").column("meeting_id").execute();

  await db.schema
    .createTable("agenda_item")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meeting.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("resolution_id", "text", (c) => c.references("resolution.id"))
    // The debate summary the secretary writes for the minutes.
    .addColumn("summary", "text")
    .execute();
  await db.schema.createIndex("agenda_item_meeting_idx").on("agenda_item").columns(["meeting_id", "position"]).execute();

  await db.schema
    .createTable("meeting_document")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meeting.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("storage_key", "text", (c) => c.notNull().unique())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("attendance")
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meeting.id").onDelete("cascade"))
    .addColumn("member_id", "text", (c) => c.notNull().references("member.id"))
    .addColumn("mode", "text", (c) => c.notNull().check(sql`mode in ('present', 'remote')`))
    .addColumn("checked_in_at", "text", (c) => c.notNull())
    .addColumn("checked_in_by", "text", (c) => c.references("user.id").onDelete("set null"))
    .addPrimaryKeyConstraint("attendance_pk", ["meeting_id", "member_id"])
    .execute();

  await db.schema.alterTable("proxy").addColumn("meeting_id", "text", (c) => c.references("meeting.id").onDelete("cascade")).execute();
  await db.schema.alterTable("proxy").addColumn("source", "text", (c) => c.notNull().defaultTo("online")).execute();
  await db.schema.createIndex("proxy_meeting_holder_idx").on("proxy").columns(["meeting_id", "holder_member_id"]).execute();
  await db.schema
    .createIndex("proxy_meeting_principal_active_uq")
    .on("proxy")
    .columns(["meeting_id", "principal_member_id"])
    .unique()
    .where(sql.ref("revoked_at"), "is", null)
    .execute();

  // A postal vote (vote par correspondance) on one resolution, before the meeting. For a secret
  // rule, the choice is wiped once it has become an anonymous ballot at the opening.
  await db.schema
    .createTable("postal_vote")
    .addColumn("meeting_id", "text", (c) => c.notNull().references("meeting.id").onDelete("cascade"))
    .addColumn("resolution_id", "text", (c) => c.notNull().references("resolution.id").onDelete("cascade"))
    .addColumn("member_id", "text", (c) => c.notNull().references("member.id"))
    .addColumn("choice", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("counted", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("postal_vote_pk", ["resolution_id", "member_id"])
    .execute();
  await db.schema.createIndex("postal_vote_meeting_idx").on("postal_vote").columns(["meeting_id", "member_id"]).execute();

  // Counts from a show of hands, per college, entered by the secretary.
  await db.schema
    .createTable("hand_count")
    .addColumn("resolution_id", "text", (c) => c.notNull().references("resolution.id").onDelete("cascade"))
    .addColumn("college_id", "text", (c) => c.notNull())
    .addColumn("for_count", "integer", (c) => c.notNull().check(sql`for_count >= 0`))
    .addColumn("against_count", "integer", (c) => c.notNull().check(sql`against_count >= 0`))
    .addColumn("abstain_count", "integer", (c) => c.notNull().check(sql`abstain_count >= 0`))
    .addPrimaryKeyConstraint("hand_count_pk", ["resolution_id", "college_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["hand_count", "postal_vote", "attendance", "meeting_document", "agenda_item"]) await db.schema.dropTable(table).execute();
  await db.schema.dropIndex("proxy_meeting_principal_active_uq").execute();
  await db.schema.dropIndex("proxy_meeting_holder_idx").execute();
  await db.schema.alterTable("proxy").dropColumn("source").execute();
  await db.schema.alterTable("proxy").dropColumn("meeting_id").execute();
  await db.schema.dropIndex("resolution_meeting_idx").execute();
  await db.schema.alterTable("resolution").dropColumn("meeting_id").execute();
  await db.schema.dropTable("meeting").execute();
  await db.schema.alterTable("entity").dropColumn("notice_days").execute();
}
