// The demo entity, seeded on the first start only (when the instance has no account).
import type { Db } from "./index";
import { newId } from "~/lib/ids.server";
import { insertCollege, insertMembers } from "~/queries/register.server";
import { countUsers } from "~/queries/users.server";
import { createAccount, findAccountId } from "~/services/auth.server";
import { createEntity, grantRole } from "~/services/entities.server";

export const DEMO_SLUG = "alliance-val-de-loire";

/** Demo accounts: demo data, printed at every start; change them on a real instance. */
export const DEMO_ACCOUNTS = [
  { role: "admin", email: "admin@val-de-loire.example", password: "demo-admin-2026", name: "Claire Moreau" },
  { role: "secretary", email: "secretaire@val-de-loire.example", password: "demo-secretaire-2026", name: "Julien Mercier" },
  { role: "member", email: "membre@val-de-loire.example", password: "demo-membre-2026", name: "Sophie Lambert" },
] as const;

type Kind = "natural" | "legal";
const COLLEGES: { name: string; description: string; weight: [number, number]; members: [string, Kind, string][] }[] = [
  {
    name: "Associations",
    description: "Associations du territoire engagées dans le projet",
    weight: [3, 10],
    members: [
      ["Loire Vivante", "legal", "association"],
      ["Les Jardins de Cocagne de Touraine", "legal", "association"],
      ["Épicerie solidaire du Saumurois", "legal", "association"],
      ["Repair Café Chinon", "legal", "association"],
      ["Maison des jeunes d’Amboise", "legal", "association"],
      ["Vélo Loire Mobilités", "legal", "association"],
      ["Compagnie du Fleuve", "legal", "association"],
      ["Habitat partagé en Val de Loire", "legal", "association"],
      ["Secours populaire, comité de Tours", "legal", "association"],
      ["Les Amis de la Gabare", "legal", "association"],
    ],
  },
  {
    name: "Entreprises",
    description: "Entreprises partenaires, de l’ESS ou non",
    weight: [3, 10],
    members: [
      ["Boulangerie Martin SARL", "legal", "entreprise"],
      ["Coopérative Bois Val de Loire", "legal", "entreprise"],
      ["Énergies citoyennes de Loire SAS", "legal", "entreprise"],
      ["Transports Girard", "legal", "entreprise"],
      ["Atelier Numérique Tourangeau", "legal", "entreprise"],
      ["Maraîchage Bio des Varennes", "legal", "producteur"],
      ["Scierie Lefèvre", "legal", "entreprise"],
      ["Imprimerie de la Vienne", "legal", "entreprise"],
      ["Cave coopérative de Bourgueil", "legal", "producteur"],
      ["Bureau d’études Ligéria", "legal", "entreprise"],
    ],
  },
  {
    name: "Collectivités",
    description: "Collectivités territoriales et leurs groupements",
    weight: [1, 5],
    members: [
      ["Commune de Saumur", "legal", "collectivite"],
      ["Commune de Chinon", "legal", "collectivite"],
      ["Communauté de communes Chinon Vienne et Loire", "legal", "collectivite"],
      ["Communauté d’agglomération Saumur Val de Loire", "legal", "collectivite"],
      ["Département d’Indre-et-Loire", "legal", "collectivite"],
      ["Commune d’Amboise", "legal", "collectivite"],
    ],
  },
  {
    name: "Salariés et usagers",
    description: "Salariés de la société et bénéficiaires de ses services",
    weight: [1, 5],
    members: [
      ["Sophie Lambert", "natural", "salarie"],
      ["Julien Mercier", "natural", "salarie"],
      ["Nadia Benali", "natural", "salarie"],
      ["Thomas Girard", "natural", "salarie"],
      ["Élodie Fontaine", "natural", "beneficiaire"],
      ["Marc Dubois", "natural", "beneficiaire"],
      ["Aïcha Traoré", "natural", "beneficiaire"],
      ["Pierre Rousseau", "natural", "beneficiaire"],
      ["Lucie Chevalier", "natural", "benevole"],
      ["Hugo Petit", "natural", "beneficiaire"],
      ["Camille Roux", "natural", "benevole"],
      ["Yann Le Goff", "natural", "beneficiaire"],
      ["Inès Garnier", "natural", "salarie"],
      ["Karim Haddad", "natural", "beneficiaire"],
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

/** Seeds the demo entity and its accounts. Returns false (and does nothing) unless the instance is empty. */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false;
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
  for (const account of others) {
    await grantRole(db, { entityId: entity.id, actorId: adminAccount.id, email: account.email, name: account.name, role: account.role, initialPassword: account.password, now });
  }
  const members: Parameters<typeof insertMembers>[1] = [];
  let number = 1;
  for (const [position, college] of COLLEGES.entries()) {
    const collegeId = newId();
    await insertCollege(db, { id: collegeId, entityId: entity.id, name: college.name, description: college.description, weightNum: college.weight[0], weightDen: college.weight[1], position });
    for (const [name, personKind, category] of college.members) {
      const account = DEMO_ACCOUNTS.find((a) => a.name === name);
      members.push({
        id: newId(),
        entityId: entity.id,
        collegeId,
        userId: account ? await findAccountId(db, account.email) : null,
        memberNumber: `AVL-${String(number++).padStart(4, "0")}`,
        name,
        email: account?.email ?? emailFor(name),
        personKind,
        category,
        joinedOn: "2024-06-15",
        now,
      });
    }
  }
  await insertMembers(db, members);
  return true;
}
