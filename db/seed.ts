// The demo entity, seeded on the first start only (when the instance has no account).
import type { Db } from "./index";
import { newId } from "~/lib/ids.server";
import { insertMembers, type MemberRow } from "~/queries/members.server";
import { countUsers } from "~/queries/users.server";
import { memberSchema } from "~/schemas/member";
import { createAccount, findAccountId } from "~/services/auth.server";
import { createCollege, setWeights } from "~/services/colleges.server";
import { createEntity, grantRole, updateSettings } from "~/services/entities.server";
import { memberValues } from "~/services/members.server";
import { createRule } from "~/services/rules.server";
import { PRESETS } from "~/domain/rules";

export const DEMO_SLUG = "alliance-val-de-loire";

/** Demo accounts: demo data, printed at every start; change them on a real instance. */
export const DEMO_ACCOUNTS = [
  { role: "admin", email: "admin@val-de-loire.example", password: "demo-admin-2026", name: "Claire Moreau" },
  { role: "secretary", email: "secretaire@val-de-loire.example", password: "demo-secretaire-2026", name: "Julien Mercier" },
  { role: "member", email: "membre@val-de-loire.example", password: "demo-membre-2026", name: "Sophie Lambert" },
  { role: "treasurer", email: "tresorier@val-de-loire.example", password: "demo-tresorier-2026", name: "Élodie Fontaine" },
  // Members of every college who vote online: with the four above, 10 of the 40 members, more
  // than the fifth an AGO needs on first call. `member`: the legal person they represent.
  { role: "member", email: "repair.cafe.chinon@val-de-loire.example", password: "demo-gaelle-2026", name: "Gaëlle Robin", member: "Repair Café Chinon" },
  { role: "member", email: "cooperative.bois.val.de.loire@val-de-loire.example", password: "demo-bruno-2026", name: "Bruno Caron", member: "Coopérative Bois Val de Loire" },
  { role: "member", email: "commune.de.chinon@val-de-loire.example", password: "demo-chantal-2026", name: "Chantal Michaud", member: "Commune de Chinon" },
  { role: "member", email: "aicha.traore@val-de-loire.example", password: "demo-aicha-2026", name: "Aïcha Traoré" },
  { role: "member", email: "camille.roux@val-de-loire.example", password: "demo-camille-2026", name: "Camille Roux" },
  { role: "member", email: "yann.le.goff@val-de-loire.example", password: "demo-yann-2026", name: "Yann Le Goff" },
] as const;

/** The demo account that holds a member of the register, if any. */
function accountOf(memberName: string) {
  return DEMO_ACCOUNTS.find((a) => ("member" in a ? a.member : a.name) === memberName);
}

type Kind = "natural" | "legal";
// [name, kind, category, shares]; legal persons get a named representative.
const COLLEGES: { name: string; description: string; weight: string; members: [string, Kind, string, number][] }[] = [
  {
    name: "Associations",
    description: "Associations du territoire engagées dans le projet",
    weight: "30",
    members: [
      ["Loire Vivante", "legal", "association", 4],
      ["Les Jardins de Cocagne de Touraine", "legal", "association", 4],
      ["Épicerie solidaire du Saumurois", "legal", "association", 4],
      ["Repair Café Chinon", "legal", "association", 4],
      ["Maison des jeunes d’Amboise", "legal", "association", 4],
      ["Vélo Loire Mobilités", "legal", "association", 4],
      ["Compagnie du Fleuve", "legal", "association", 4],
      ["Habitat partagé en Val de Loire", "legal", "association", 4],
      ["Secours populaire, comité de Tours", "legal", "association", 4],
      ["Les Amis de la Gabare", "legal", "association", 4],
    ],
  },
  {
    name: "Entreprises",
    description: "Entreprises partenaires, de l’ESS ou non",
    weight: "30",
    members: [
      ["Boulangerie Martin SARL", "legal", "entreprise", 20],
      ["Coopérative Bois Val de Loire", "legal", "entreprise", 20],
      ["Énergies citoyennes de Loire SAS", "legal", "entreprise", 20],
      ["Transports Girard", "legal", "entreprise", 20],
      ["Atelier Numérique Tourangeau", "legal", "entreprise", 20],
      ["Maraîchage Bio des Varennes", "legal", "producteur", 10],
      ["Scierie Lefèvre", "legal", "entreprise", 20],
      ["Imprimerie de la Vienne", "legal", "entreprise", 20],
      ["Cave coopérative de Bourgueil", "legal", "producteur", 10],
      ["Bureau d’études Ligéria", "legal", "entreprise", 20],
    ],
  },
  {
    name: "Collectivités",
    description: "Collectivités territoriales et leurs groupements",
    weight: "20",
    members: [
      ["Commune de Saumur", "legal", "collectivite", 30],
      ["Commune de Chinon", "legal", "collectivite", 30],
      ["Communauté de communes Chinon Vienne et Loire", "legal", "collectivite", 30],
      ["Communauté d’agglomération Saumur Val de Loire", "legal", "collectivite", 30],
      ["Département d’Indre-et-Loire", "legal", "collectivite", 30],
      ["Commune d’Amboise", "legal", "collectivite", 30],
    ],
  },
  {
    name: "Salariés et usagers",
    description: "Salariés de la société et bénéficiaires de ses services",
    weight: "20",
    members: [
      ["Sophie Lambert", "natural", "salarie", 2],
      ["Julien Mercier", "natural", "salarie", 2],
      ["Nadia Benali", "natural", "salarie", 2],
      ["Thomas Girard", "natural", "salarie", 2],
      ["Élodie Fontaine", "natural", "beneficiaire", 1],
      ["Marc Dubois", "natural", "beneficiaire", 1],
      ["Aïcha Traoré", "natural", "beneficiaire", 1],
      ["Pierre Rousseau", "natural", "beneficiaire", 1],
      ["Lucie Chevalier", "natural", "benevole", 1],
      ["Hugo Petit", "natural", "beneficiaire", 1],
      ["Camille Roux", "natural", "benevole", 1],
      ["Yann Le Goff", "natural", "beneficiaire", 1],
      ["Inès Garnier", "natural", "salarie", 2],
      ["Karim Haddad", "natural", "beneficiaire", 1],
    ],
  },
];

function emailFor(name: string): string {
  const local = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.+|\.+$/g, "");
  return `${local}@val-de-loire.example`;
}

const REPRESENTATIVES = ["Anne Leroy", "Bruno Caron", "Chantal Michaud", "David Perrin", "Emma Blanc", "François Noël", "Gaëlle Robin", "Henri Colin"];

/** Seeds the demo entity and its accounts. Returns false (and does nothing) unless the instance is empty. */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false;
  const day = "2024-06-15";
  const [admin, ...others] = DEMO_ACCOUNTS;
  const adminAccount = await createAccount(db, { email: admin.email, name: admin.name, password: admin.password, now });
  const entity = await createEntity(db, {
    actorId: adminAccount.id,
    name: "Alliance du Val de Loire",
    slug: DEMO_SLUG,
    legalForm: "scic-sas",
    isDemo: true,
    now,
  });
  await updateSettings(db, {
    entityId: entity.id,
    actorId: adminAccount.id,
    day,
    now,
    settings: {
      name: "Alliance du Val de Loire",
      legalForm: "scic-sas",
      address: "12 quai de la Loire, 37000 Tours",
      registrationNumber: "RCS Tours 912 345 678",
      capitalVariable: true,
      shareNominalCents: 5000,
      collegesEnabled: true,
      // Two approvals per expense; a vote above 5 000 € of expense or 2 000 € moved between lines.
      budget: { ruleId: null, expenseApprovals: 2, expenseResolutionThresholdCents: 500_000, transferThresholdCents: 200_000 },
    },
  });
  const entityRef = { id: entity.id, legal_form: "scic-sas", colleges_enabled: 1, share_nominal_cents: 5000 };
  for (const account of others) {
    await grantRole(db, { entityId: entity.id, actorId: adminAccount.id, email: account.email, name: account.name, role: account.role, initialPassword: account.password, now });
  }
  const weights: Record<string, string> = {};
  const rows: MemberRow[] = [];
  let number = 1;
  for (const college of COLLEGES) {
    const { id: collegeId } = await createCollege(db, { entity: entityRef, actorId: adminAccount.id, name: college.name, description: college.description, day, now });
    weights[collegeId] = college.weight;
    for (const [name, personKind, category, shares] of college.members) {
      // The admin represents the association Loire Vivante and votes for it.
      const account = accountOf(name) ?? (name === "Loire Vivante" ? admin : undefined);
      const member = memberSchema.parse({
        memberNumber: `AVL-${String(number).padStart(4, "0")}`,
        name,
        personKind,
        representative: personKind === "legal" ? (account?.name ?? REPRESENTATIVES[number % REPRESENTATIVES.length]) : "",
        category,
        collegeId,
        email: account?.email ?? emailFor(name),
        votingWeight: "1",
        shares: String(shares),
        joinedOn: day,
        exitedOn: "",
      });
      number++;
      rows.push({
        id: newId(),
        entity_id: entity.id,
        user_id: account ? await findAccountId(db, account.email) : null,
        ...memberValues(member),
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
    }
  }
  const result = await setWeights(db, { entity: entityRef, actorId: adminAccount.id, weights, effectiveFrom: day, reason: "Statuts constitutifs", day, now });
  if (!result.ok) throw new Error(`demo weights are invalid: ${JSON.stringify(result.violations)}`);
  await insertMembers(db, rows);
  // A cooperative caps proxies: one per 20 members (two for the demo's 40).
  await createRule(db, { entityId: entity.id, actorId: adminAccount.id, name: "AGO — majorité des suffrages exprimés", rule: { ...PRESETS["scic-sa-ago"].rule, proxyCap: "cooperative" }, now });
  await createRule(db, { entityId: entity.id, actorId: adminAccount.id, name: "AGE — deux tiers des suffrages exprimés", preset: "scic-sa-age", now });
  return true;
}
