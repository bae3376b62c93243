import { isScic, type LegalForm } from "~/domain/legal-forms";
import { categoryWarnings, checkCapitalCap, isCategory } from "~/domain/scic";
import type { Db } from "~/lib/db.server";
import { listColleges } from "~/queries/colleges.server";
import { latestInvitations } from "~/queries/invitations.server";
import { countMembers, listMemberPage, MEMBER_PAGE_SIZE, memberTotals, registerStamp } from "~/queries/members.server";
import type { MemberFilter } from "~/schemas/member";

interface EntityRef {
  id: string;
  legal_form: string;
  share_nominal_cents: number | null;
}

type Totals = Awaited<ReturnType<typeof memberTotals>>;

const TOTALS_KEPT = 64;
const totalsCache = new Map<string, Totals>();

/**
 * The register's counts and sums on `day`, computed once per change rather than per view:
 * kept under the entity's stamp, which triggers renew on every member write that can change
 * them, whichever path or process wrote. The stamp is read first, so a write racing the
 * computation can only file newer totals under a stamp that is already gone.
 */
export async function registerTotals(db: Db, entityId: string, day: string): Promise<Totals> {
  const key = `${entityId} ${await registerStamp(db, entityId)} ${day}`;
  const kept = totalsCache.get(key);
  if (kept) return kept;
  const totals = await memberTotals(db, entityId, day);
  totalsCache.set(key, totals);
  if (totalsCache.size > TOTALS_KEPT) totalsCache.delete(totalsCache.keys().next().value!);
  return totals;
}

/** How many members a filter without a search selects, from the totals. */
function countOf(totals: Totals, filter: Pick<MemberFilter, "college" | "category" | "status">): number {
  return totals
    .filter((t) => (!filter.college || t.collegeId === filter.college) && (!filter.category || t.category === filter.category))
    .reduce((n, t) => n + t[filter.status], 0);
}

/** Active headcount and own weights per college (null: no college). */
function byCollege(totals: Totals) {
  const out = new Map<string | null, { headcount: number; weightMicro: number }>();
  for (const t of totals) {
    const c = out.get(t.collegeId) ?? { headcount: 0, weightMicro: 0 };
    out.set(t.collegeId, { headcount: c.headcount + t.active, weightMicro: c.weightMicro + t.activeWeightMicro });
  }
  return out;
}

/** Shares of active members: all, and of local authorities. */
function activeCapital(totals: Totals) {
  let total = 0n;
  let collectivites = 0n;
  for (const t of totals) {
    total += BigInt(t.activeShares);
    if (t.category === "collectivite") collectivites += BigInt(t.activeShares);
  }
  return { total, collectivites };
}

/** The register as admins and the secretary see it: a page of members, college totals, SCIC checks. */
export async function registerPage(db: Db, entity: EntityRef, filter: MemberFilter, day: string, now: Date = new Date()) {
  const scic = isScic(entity.legal_form as LegalForm);
  const totals = await registerTotals(db, entity.id, day);
  const [rows, total, colleges] = await Promise.all([
    listMemberPage(db, entity.id, filter, day),
    filter.q ? countMembers(db, entity.id, filter, day) : countOf(totals, filter),
    listColleges(db, entity.id),
  ]);
  const invitations = new Map((await latestInvitations(db, rows.map((r) => r.id))).map((i) => [i.memberId, i.expiresAt]));
  const perCollege = byCollege(totals);
  const capital = scic ? activeCapital(totals) : null;
  return {
    rows: rows.map((r) => ({ ...r, invitedUntil: invitations.get(r.id) && invitations.get(r.id)! > now.toISOString() ? invitations.get(r.id)! : null })),
    total,
    pages: Math.max(1, Math.ceil(total / MEMBER_PAGE_SIZE)),
    colleges: colleges.map((c) => ({ id: c.id, name: c.name, headcount: perCollege.get(c.id)?.headcount ?? 0, weightMicro: perCollege.get(c.id)?.weightMicro ?? 0 })),
    unassigned: perCollege.get(null) ?? { headcount: 0, weightMicro: 0 },
    warnings: scic ? categoryWarnings([...new Set(totals.filter((t) => t.active > 0).map((t) => t.category))].filter(isCategory)) : [],
    capital: capital ? checkCapitalCap({ collectivitesShares: capital.collectivites, totalShares: capital.total, nominalCents: entity.share_nominal_cents == null ? null : BigInt(entity.share_nominal_cents) }) : null,
  };
}

/** The directory every member sees: names and colleges, never e-mails. */
export async function directoryPage(db: Db, entityId: string, filter: MemberFilter, day: string) {
  const f = { ...filter, status: "active" as const, category: "" as const };
  const [rows, total] = await Promise.all([
    listMemberPage(db, entityId, f, day, { namesOnly: true }),
    f.q ? countMembers(db, entityId, f, day, { namesOnly: true }) : registerTotals(db, entityId, day).then((t) => countOf(t, f)),
  ]);
  return {
    rows: rows.map((r) => ({ id: r.id, name: r.name, collegeName: r.collegeName, personKind: r.personKind })),
    total,
    pages: Math.max(1, Math.ceil(total / MEMBER_PAGE_SIZE)),
  };
}
