import { classifyProxiesByStatute, type ProxyVoidReason } from "~/domain/proxies";
import { PRESETS, type PresetId, type VotingRule } from "~/domain/rules";
import { Rational } from "~/domain/rational";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { insertAuditEvent } from "~/queries/audit.server";
import * as rules from "~/queries/rules.server";

function fraction(num: number | null, den: number | null): Rational | null {
  return num != null && den != null ? Rational.of(num, den) : null;
}

/** A stored rule as the domain knows it. */
export function ruleFromRow(row: rules.RuleRow): VotingRule {
  return {
    method: row.method as VotingRule["method"],
    base: row.base as VotingRule["base"],
    threshold: Rational.of(row.threshold_num, row.threshold_den),
    strict: row.strict === 1,
    emptyCollege: row.empty_college as VotingRule["emptyCollege"],
    headcountBelow: row.headcount_below,
    quorumFirst: fraction(row.quorum_first_num, row.quorum_first_den),
    quorumLater: fraction(row.quorum_later_num, row.quorum_later_den),
    quorumBasis: row.quorum_basis as VotingRule["quorumBasis"],
    proxyCap: row.proxy_cap == null ? null : row.proxy_cap === "cooperative" ? "cooperative" : Number(row.proxy_cap),
    secret: row.secret === 1,
    liveResults: row.live_results === 1,
    collegeAbstain: row.college_abstain as VotingRule["collegeAbstain"],
    collegeBloc: fraction(row.college_bloc_num, row.college_bloc_den),
    collegeBlocStrict: row.college_bloc_strict === 1,
    collegeBlocOtherwise: row.college_bloc_otherwise as VotingRule["collegeBlocOtherwise"],
    collegeQuorum: fraction(row.college_quorum_num, row.college_quorum_den),
    proxySameCollege: row.proxy_same_college === 1,
    proxyMaxPerCollege: row.proxy_max_per_college,
    proxyHolders: row.proxy_holders as VotingRule["proxyHolders"],
  };
}

function columns(rule: VotingRule) {
  return {
    method: rule.method,
    base: rule.base,
    threshold_num: Number(rule.threshold.num),
    threshold_den: Number(rule.threshold.den),
    strict: rule.strict ? 1 : 0,
    empty_college: rule.emptyCollege,
    headcount_below: rule.headcountBelow,
    quorum_first_num: rule.quorumFirst ? Number(rule.quorumFirst.num) : null,
    quorum_first_den: rule.quorumFirst ? Number(rule.quorumFirst.den) : null,
    quorum_later_num: rule.quorumLater ? Number(rule.quorumLater.num) : null,
    quorum_later_den: rule.quorumLater ? Number(rule.quorumLater.den) : null,
    quorum_basis: rule.quorumBasis,
    proxy_cap: rule.proxyCap == null ? null : String(rule.proxyCap),
    secret: rule.secret ? 1 : 0,
    live_results: rule.liveResults ? 1 : 0,
    college_abstain: rule.collegeAbstain,
    college_bloc_num: rule.collegeBloc ? Number(rule.collegeBloc.num) : null,
    college_bloc_den: rule.collegeBloc ? Number(rule.collegeBloc.den) : null,
    college_bloc_strict: rule.collegeBlocStrict ? 1 : 0,
    college_bloc_otherwise: rule.collegeBlocOtherwise,
    college_quorum_num: rule.collegeQuorum ? Number(rule.collegeQuorum.num) : null,
    college_quorum_den: rule.collegeQuorum ? Number(rule.collegeQuorum.den) : null,
    proxy_same_college: rule.proxySameCollege ? 1 : 0,
    proxy_max_per_college: rule.proxyMaxPerCollege,
    proxy_holders: rule.proxyHolders,
  };
}

export async function createRule(db: Db, input: { entityId: string; actorId: string | null; name: string; preset?: PresetId | null; rule?: VotingRule; now?: Date }) {
  const now = input.now ?? new Date();
  const rule = input.rule ?? (input.preset ? PRESETS[input.preset].rule : null);
  if (!rule) throw new AppError("errors.invalid", { field: "preset" });
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await rules.insertRule(trx, { id, entity_id: input.entityId, name: input.name, preset: input.preset ?? null, version: 1, supersedes_id: null, ...columns(rule), created_by: input.actorId, created_at: now.toISOString() });
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "rule.created", subject: { type: "rule", id }, detail: { name: input.name, preset: input.preset ?? null }, now });
  });
  return { id };
}

/**
 * Editing a rule makes a new version: the old one is archived and keeps serving the votes
 * opened under it; drafts move to the new version.
 */
export async function reviseRule(db: Db, input: { entityId: string; actorId: string; ruleId: string; name: string; rule: VotingRule; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const old = await rules.findRule(trx, input.entityId, input.ruleId);
    if (!old) notFound();
    if (old.archived_at) throw new AppError("rules.archived", {}, 409);
    const id = newId();
    await rules.insertRule(trx, { id, entity_id: input.entityId, name: input.name, preset: old.preset, version: old.version + 1, supersedes_id: old.id, ...columns(input.rule), created_by: input.actorId, created_at: now.toISOString() });
    await rules.archiveRule(trx, old.id, now.toISOString());
    await rules.moveDraftsToRule(trx, old.id, id);
    await insertAuditEvent(trx, { entityId: input.entityId, userId: input.actorId, action: "rule.revised", subject: { type: "rule", id }, detail: { before: { ...columns(ruleFromRow(old)), name: old.name }, after: { ...columns(input.rule), name: input.name } }, now });
    return { id };
  });
}

/**
 * The statutes' own proxy rules (holder in the principal's college, a cap per holder and
 * college) for the proxy from `principalId` to `holderId`, given the principals of the holder's
 * other proxies in force, in the order given (`held`, the new one excluded): why it is void, or
 * null. Colleges are the members' own (member.college_id). The cap per holder is checked apart.
 */
export async function proxyStatuteBreach(
  db: Db,
  entityId: string,
  rule: Pick<VotingRule, "proxySameCollege" | "proxyMaxPerCollege">,
  proxy: { principalId: string; holderId: string; held: readonly string[] },
): Promise<{ reason: ProxyVoidReason; heldFromCollege: number } | null> {
  if (!rule.proxySameCollege && rule.proxyMaxPerCollege == null) return null;
  const held = proxy.held.filter((p) => p !== proxy.principalId);
  const colleges = await rules.memberColleges(db, entityId, [proxy.principalId, proxy.holderId, ...held]);
  const collegeOf = (m: string) => colleges.get(m) ?? undefined;
  const statute = { sameCollege: rule.proxySameCollege, maxPerCollege: rule.proxyMaxPerCollege, collegeOf };
  // The holder's proxies in their order, this one last: void earlier ones take no room.
  const all = [...held, proxy.principalId].map((principal) => ({ principal, holder: proxy.holderId }));
  const voided = classifyProxiesByStatute(all, null, statute).void.find((v) => v.proxy.principal === proxy.principalId);
  if (!voided) return null;
  const college = collegeOf(proxy.principalId);
  return { reason: voided.reason, heldFromCollege: held.filter((p) => collegeOf(p) === college).length };
}
