import type { Db } from "~/lib/db.server";

export async function insertImportJob(db: Db, job: { id: string; entityId: string; createdBy: string; filename: string; content: string; now: Date }) {
  await db.insertInto("import_job").values({ id: job.id, entity_id: job.entityId, created_by: job.createdBy, filename: job.filename, content: job.content, created_at: job.now.toISOString() }).execute();
}

export function findImportJob(db: Db, entityId: string, jobId: string) {
  return db.selectFrom("import_job").selectAll().where("entity_id", "=", entityId).where("id", "=", jobId).executeTakeFirst();
}

export async function deleteImportJob(db: Db, jobId: string) {
  await db.deleteFrom("import_job").where("id", "=", jobId).execute();
}
