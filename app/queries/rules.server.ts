import type { Insertable, Selectable } from "kysely";
import type { Database, Db } from "~/lib/db.server";

export type RuleRow = Selectable<Database["voting_rule"]>;

export function listRules(db: Db, entityId: string, opts: { includeArchived?: boolean } = {}) {
  let q = db.selectFrom("voting_rule").selectAll().where("entity_id", "=", entityId);
  if (!opts.includeArchived) q = q.where("archived_at", "is", null);
  return q.orderBy("name").execute();
}

export function findRule(db: Db, entityId: string, ruleId: string) {
  return db.selectFrom("voting_rule").selectAll().where("entity_id", "=", entityId).where("id", "=", ruleId).executeTakeFirst();
}

export async function insertRule(db: Db, row: Insertable<Database["voting_rule"]>) {
  await db.insertInto("voting_rule").values(row).execute();
}

export async function archiveRule(db: Db, ruleId: string, at: string) {
  await db.updateTable("voting_rule").set({ archived_at: at }).where("id", "=", ruleId).execute();
}

/** Whether a vote under this rule is open (or scheduled): then the rule may not change. */
export async function ruleInUse(db: Db, ruleId: string): Promise<boolean> {
  const row = await db.selectFrom("resolution").select("id").where("rule_id", "=", ruleId).where("status", "in", ["open", "scheduled"]).executeTakeFirst();
  return row != null;
}

/** Draft resolutions follow the new version of their rule. */
export async function moveDraftsToRule(db: Db, fromRuleId: string, toRuleId: string) {
  await db.updateTable("resolution").set({ rule_id: toRuleId }).where("rule_id", "=", fromRuleId).where("status", "=", "draft").execute();
}

/** The college of each of these members of the entity (null: in no college), for the statutes' proxy rules. */
export async function memberColleges(db: Db, entityId: string, memberIds: readonly string[]): Promise<Map<string, string | null>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db.selectFrom("member").select(["id", "college_id"]).where("entity_id", "=", entityId).where("id", "in", [...new Set(memberIds)]).execute();
  return new Map(rows.map((r) => [r.id, r.college_id]));
}
