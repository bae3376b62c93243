import { sql, type Kysely } from "kysely";

// One running président·e, trésorier·e and secrétaire per organ (app/domain/organs.ts
// UNIQUE_ROLES): the service checks it under the organ's row lock, the database keeps it whatever
// writes the table. Vice-président·es and plain members may be several.
const OFFICES = sql`role in ('president', 'treasurer', 'secretary')`;

export async function up(db: Kysely<any>): Promise<void> {
  // An organ that already has two running holders of one office stops the migration with its name,
  // rather than a bare constraint error: end all but one of those mandates, then migrate again.
  const twice = await db
    .selectFrom("mandate")
    .innerJoin("organ", "organ.id", "mandate.organ_id")
    .select(["organ.id", "organ.name", "mandate.role"])
    .where("mandate.ended_on", "is", null)
    .where(sql<boolean>`mandate.${OFFICES}`)
    .groupBy(["organ.id", "organ.name", "mandate.role"])
    .having((eb) => eb.fn.countAll(), ">", 1)
    .execute();
  if (twice.length > 0) throw new Error(`Several running mandates hold one office in: ${twice.map((t) => `${t.name} (${t.id}): ${t.role}`).join("; ")}. End all but one of each, then migrate again.`);
  await db.schema
    .createIndex("mandate_office_uq")
    .on("mandate")
    .columns(["organ_id", "role"])
    .unique()
    .where(sql<boolean>`ended_on is null and ${OFFICES}`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("mandate_office_uq").execute();
}
