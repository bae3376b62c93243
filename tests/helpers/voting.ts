import type { Db } from "#db/index";
import { newId } from "~/lib/ids.server";
import { createRule } from "~/services/rules.server";
import { createResolution, openResolution } from "~/services/resolutions.server";
import { saveMember } from "~/services/members.server";
import type { PresetId, VotingRule } from "~/domain/rules";
import { makeUser } from "./factories";
import { makeScic, memberInput } from "./register";
import { upsertRole } from "~/queries/entities.server";
import { isoDateInParis } from "~/lib/dates";

/** Today as the app counts days: in Paris, not in UTC (they differ every night after 23:00 UTC). */
export const TODAY = () => isoDateInParis();

/** A SCIC with four weighted colleges and `perCollege` members in each, all with accounts. */
export async function makeVotingScic(db: Db, perCollege = 3) {
  const s = await makeScic(db, `Vote ${newId().slice(0, 6)}`);
  const people: Record<string, { memberId: string; userId: string; email: string; name: string; college: string }[]> = {};
  for (const [college, collegeId] of Object.entries(s.colleges)) {
    people[college] = [];
    for (let i = 0; i < perCollege; i++) {
      const user = await makeUser(db, `${college} ${i}`);
      await upsertRole(db, { entityId: s.id, userId: user.id, role: "member", now: new Date() });
      const { id } = await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: `${college} ${i}`, email: user.email, collegeId, category: "beneficiaire" }), day: TODAY() });
      await db.updateTable("member").set({ user_id: user.id }).where("id", "=", id).execute();
      people[college]!.push({ memberId: id, userId: user.id, email: user.email, name: `${college} ${i}`, college });
    }
  }
  return { ...s, people };
}

export async function makeOpenResolution(db: Db, s: Awaited<ReturnType<typeof makeVotingScic>>, opts: { preset?: PresetId; rule?: VotingRule; number?: string; recommendation?: "for" | "against" | null; open?: boolean } = {}) {
  const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: `Règle ${newId().slice(0, 4)}`, preset: opts.rule ? null : (opts.preset ?? "scic-sa-ago"), rule: opts.rule });
  const { id } = await createResolution(db, {
    entityId: s.id,
    actorId: s.admin.id,
    resolution: { number: opts.number ?? "1", title: "Approbation des comptes", body: "L’assemblée **approuve** les comptes.", note: null, ruleId, kind: "ordinary", recommendation: opts.recommendation ?? null },
  });
  if (opts.open !== false) await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
  return { id, ruleId };
}
