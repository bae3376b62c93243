import { isScic, type LegalForm } from "~/domain/legal-forms";
import { categoryWarnings, checkCapitalCap, isCategory } from "~/domain/scic";
import type { Db } from "~/lib/db.server";
import { latestInvitations } from "~/queries/invitations.server";
import { activeCategories, capitalTotals, listMembers, MEMBER_PAGE_SIZE } from "~/queries/members.server";
import type { MemberFilter } from "~/schemas/member";
import { collegesOverview } from "./colleges.server";

interface EntityRef {
  id: string;
  legal_form: string;
  share_nominal_cents: number | null;
}

/** The register as admins and the secretary see it: a page of members, college totals, SCIC checks. */
export async function registerPage(db: Db, entity: EntityRef, filter: MemberFilter, day: string, now: Date = new Date()) {
  const scic = isScic(entity.legal_form as LegalForm);
  const [page, overview, categories, capital] = await Promise.all([
    listMembers(db, entity.id, filter, day),
    collegesOverview(db, entity.id, day),
    scic ? activeCategories(db, entity.id, day) : Promise.resolve([]),
    scic ? capitalTotals(db, entity.id, day) : Promise.resolve(null),
  ]);
  const invitations = new Map((await latestInvitations(db, page.rows.map((r) => r.id))).map((i) => [i.memberId, i.expiresAt]));
  return {
    rows: page.rows.map((r) => ({ ...r, invitedUntil: invitations.get(r.id) && invitations.get(r.id)! > now.toISOString() ? invitations.get(r.id)! : null })),
    total: page.total,
    pages: Math.max(1, Math.ceil(page.total / MEMBER_PAGE_SIZE)),
    colleges: overview.colleges,
    unassigned: overview.unassigned,
    warnings: scic ? categoryWarnings(categories.filter(isCategory)) : [],
    capital: capital ? checkCapitalCap({ collectivitesShares: capital.collectivites, totalShares: capital.total, nominalCents: entity.share_nominal_cents == null ? null : BigInt(entity.share_nominal_cents) }) : null,
  };
}

/** The directory every member sees: names and colleges, never e-mails. */
export async function directoryPage(db: Db, entityId: string, filter: MemberFilter, day: string) {
  const page = await listMembers(db, entityId, { ...filter, status: "active", category: "" }, day, { namesOnly: true });
  return {
    rows: page.rows.map((r) => ({ id: r.id, name: r.name, collegeName: r.collegeName, personKind: r.personKind })),
    total: page.total,
    pages: Math.max(1, Math.ceil(page.total / MEMBER_PAGE_SIZE)),
  };
}
