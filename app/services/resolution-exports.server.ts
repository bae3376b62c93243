import type { Db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { findResolution } from "~/queries/resolutions.server";
import { findRule } from "~/queries/rules.server";
import { ruleFromRow } from "./rules.server";

/** A closed resolution with its rule, for the exports; 404 before it closes. */
export async function closedResolution(db: Db, entityId: string, resolutionId: string) {
  const r = await findResolution(db, entityId, resolutionId);
  if (!r || r.status !== "closed") notFound();
  const ruleRow = await findRule(db, entityId, r.rule_id);
  if (!ruleRow) notFound();
  return { resolution: r, rule: ruleFromRow(ruleRow) };
}
