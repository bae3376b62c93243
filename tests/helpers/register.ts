import type { Db } from "#db/index";
import { newId } from "~/lib/ids.server";
import { insertMembers, type MemberRow } from "~/queries/members.server";
import { memberSchema, type MemberInput } from "~/schemas/member";
import { createCollege, setWeights } from "~/services/colleges.server";
import { memberValues } from "~/services/members.server";
import { makeEntity } from "./factories";

export const DAY = "2026-01-15";

/** A SCIC with four colleges weighted 30/30/20/20 and no member yet. */
export async function makeScic(db: Db, name = "Scic Test", people: Parameters<typeof makeEntity>[2] = {}) {
  const e = await makeEntity(db, name, people);
  await db.updateTable("entity").set({ share_nominal_cents: 10000 }).where("id", "=", e.id).execute();
  const entity = (await db.selectFrom("entity").selectAll().where("id", "=", e.id).executeTakeFirstOrThrow());
  const colleges: Record<string, string> = {};
  const weights: Record<string, string> = {};
  for (const [college, w] of [["Associations", "30"], ["Entreprises", "30"], ["Collectivités", "20"], ["Salariés", "20"]] as const) {
    const { id } = await createCollege(db, { entity, actorId: e.admin.id, name: college, description: null, day: "2020-01-01" });
    colleges[college] = id;
    weights[id] = w;
  }
  const set = await setWeights(db, { entity, actorId: e.admin.id, weights, effectiveFrom: "2020-01-01", reason: "Statuts", day: "2020-01-01" });
  if (!set.ok) throw new Error("test weights invalid");
  return { ...e, entity, colleges };
}

export function memberInput(overrides: Partial<Record<keyof MemberInput, string>> & { collegeId: string }): MemberInput {
  return memberSchema.parse({ name: "Someone", personKind: "natural", category: "beneficiaire", joinedOn: "2020-01-01", ...overrides });
}

/** Inserts members straight into the register (no history), for volume tests. */
export async function bulkMembers(db: Db, entityId: string, inputs: MemberInput[]) {
  const now = new Date().toISOString();
  const rows: MemberRow[] = inputs.map((m) => ({ id: newId(), entity_id: entityId, user_id: null, ...memberValues(m), created_at: now, updated_at: now }));
  await db.transaction().execute((trx) => insertMembers(trx, rows));
  return rows;
}
