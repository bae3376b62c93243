import { isScic, type LegalForm } from "~/domain/legal-forms";
import { foldText, memberSearchText, votingWeightText } from "~/domain/members";
import { checkCapitalCap, isActiveMember, type CapitalCheck } from "~/domain/scic";
import type { Db } from "~/lib/db.server";
import { AppError, notFound } from "~/lib/errors";
import { newId } from "~/lib/ids.server";
import { insertAuditEvent } from "~/queries/audit.server";
import { findCollege, listColleges } from "~/queries/colleges.server";
import { lockEntity } from "~/queries/entities.server";
import * as members from "~/queries/members.server";
import type { MemberInput } from "~/schemas/member";

export interface EntityForMembers {
  id: string;
  legal_form: string;
  colleges_enabled: number;
  share_nominal_cents: number | null;
}

/** The database row for a member as entered. */
export function memberValues(input: MemberInput) {
  return {
    member_number: input.memberNumber,
    name: input.name,
    person_kind: input.personKind,
    representative: input.personKind === "legal" ? input.representative : null,
    category: input.category,
    college_id: input.collegeId,
    email: input.email,
    voting_weight_micro: input.votingWeight,
    shares: input.shares,
    joined_on: input.joinedOn,
    exited_on: input.exitedOn,
    sort_name: foldText(input.name),
    search_text: memberSearchText(input),
  };
}

type Values = ReturnType<typeof memberValues>;
const TRACKED: (keyof Values)[] = ["member_number", "name", "person_kind", "representative", "category", "college_id", "email", "voting_weight_micro", "shares", "joined_on", "exited_on"];

/** Before/after of what changed, in readable terms (college names, decimal weights). */
export function memberDiff(before: Partial<Record<keyof Values, unknown>> | null, after: Values, collegeNames: Map<string, string>) {
  const show = (k: keyof Values, v: unknown) =>
    v == null ? null : k === "college_id" ? (collegeNames.get(String(v)) ?? String(v)) : k === "voting_weight_micro" ? votingWeightText(Number(v)) : v;
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of TRACKED) {
    if (before && before[k] === after[k]) continue;
    if (before) b[k] = show(k, before[k]);
    a[k] = show(k, after[k]);
  }
  return { before: before ? b : null, after: a };
}

/** Shares a member counts for in the capital on `day`: nothing once exited. */
function capitalOf(m: { category: string; shares: number; joined_on: string; exited_on: string | null } | null | undefined, day: string) {
  if (!m || !isActiveMember({ joinedOn: m.joined_on, exitedOn: m.exited_on }, day)) return { total: 0n, collectivites: 0n };
  const shares = BigInt(m.shares);
  return { total: shares, collectivites: m.category === "collectivite" ? shares : 0n };
}

/**
 * The 50 % cap on local authorities' capital (SCIC only), after replacing `changes`
 * (before -> after). A change is refused only when it raises their share above half.
 */
export async function capitalAfter(
  db: Db,
  entity: EntityForMembers,
  changes: { before: Parameters<typeof capitalOf>[0]; after: Parameters<typeof capitalOf>[0] }[],
  day: string,
): Promise<{ check: CapitalCheck; refused: boolean } | null> {
  if (!isScic(entity.legal_form as LegalForm)) return null;
  const now = await members.capitalTotals(db, entity.id, day);
  let total = now.total;
  let coll = now.collectivites;
  for (const c of changes) {
    const b = capitalOf(c.before, day);
    const a = capitalOf(c.after, day);
    total += a.total - b.total;
    coll += a.collectivites - b.collectivites;
  }
  const nominal = entity.share_nominal_cents == null ? null : BigInt(entity.share_nominal_cents);
  const before = checkCapitalCap({ collectivitesShares: now.collectivites, totalShares: now.total, nominalCents: nominal });
  const check = checkCapitalCap({ collectivitesShares: coll, totalShares: total, nominalCents: nominal });
  return { check, refused: !check.ok && check.share.gt(before.share) };
}

export function capitalError(check: CapitalCheck): AppError {
  // Amounts in euros when the nominal value is known, else in shares; display figures only.
  return check.totalCents != null
    ? new AppError("errors.capitalCap", { collectivites: Number(check.collectivitesCents) / 100, total: Number(check.totalCents) / 100, percent: Number(check.percent) }, 409, "shares")
    : new AppError("errors.capitalCapShares", { collectivites: Number(check.collectivitesShares), total: Number(check.totalShares), percent: Number(check.percent) }, 409, "shares");
}

/** Creates a member, or updates one when `memberId` is given, with its history. */
export async function saveMember(
  db: Db,
  input: { entity: EntityForMembers; actorId: string; memberId?: string; member: MemberInput; day: string; now?: Date },
): Promise<{ id: string }> {
  const now = input.now ?? new Date();
  const { entity, member } = input;
  return db.transaction().execute(async (trx) => {
    // The entity locked, as every write of the register (imports too): the member number, the
    // capital's limits and the register's stamp are checked and written one writer at a time.
    await lockEntity(trx, entity.id);
    const existing = input.memberId ? await members.findMember(trx, entity.id, input.memberId) : null;
    if (input.memberId && !existing) notFound();
    if (member.collegeId) {
      const college = await findCollege(trx, entity.id, member.collegeId);
      if (!college || (college.archived_at && college.id !== existing?.college_id)) throw new AppError("errors.invalidChoice", { field: "collegeId" }, 422, "collegeId");
    } else if (entity.colleges_enabled === 1) {
      throw new AppError("errors.collegeRequired", {}, 422, "collegeId");
    }
    if (member.memberNumber) {
      const [clash] = await members.findMembersByKeys(trx, entity.id, { numbers: [member.memberNumber], emails: [] });
      if (clash && clash.id !== existing?.id) throw new AppError("errors.memberNumberTaken", { number: member.memberNumber }, 409, "memberNumber");
    }
    const values = memberValues(member);
    const capital = await capitalAfter(trx, entity, [{ before: existing, after: values }], input.day);
    if (capital?.refused) throw capitalError(capital.check);

    const id = existing?.id ?? newId();
    if (existing) await members.updateMember(trx, id, { ...values, updated_at: now.toISOString() });
    else await members.insertMembers(trx, [{ id, entity_id: entity.id, user_id: null, ...values, created_at: now.toISOString(), updated_at: now.toISOString() }]);

    const names = new Map((await listColleges(trx, entity.id, { includeArchived: true })).map((c) => [c.id, c.name]));
    await insertAuditEvent(trx, {
      entityId: entity.id,
      userId: input.actorId,
      action: existing ? "member.updated" : "member.created",
      subject: { type: "member", id },
      detail: memberDiff(existing ?? null, values, names),
      now,
    });
    return { id };
  });
}

/** Members may vote only while active and in a college (when the entity uses colleges). */
export async function assertMayVote(db: Db, entity: EntityForMembers, memberId: string, day: string) {
  const m = await members.findMember(db, entity.id, memberId);
  if (!m) notFound();
  if (!isActiveMember({ joinedOn: m.joined_on, exitedOn: m.exited_on }, day)) throw new AppError("errors.memberNotActive", { name: m.name }, 422);
  if (entity.colleges_enabled === 1 && !m.college_id) throw new AppError("errors.memberWithoutCollege", { name: m.name }, 422);
  return m;
}
