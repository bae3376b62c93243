import type { Db } from "#db/index";
import type { Role } from "~/domain/roles";
import { createAccount } from "~/services/auth.server";
import { createEntity, grantRole } from "~/services/entities.server";

export const PASSWORD = "correct horse battery";

let counter = 0;

export async function makeUser(db: Db, name = `User ${++counter}`) {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, ".")}.${++counter}@test.example`;
  const account = await createAccount(db, { email, name, password: PASSWORD });
  return { ...account, name };
}

/** An entity whose admin is a new account; `people` get the given roles in it. */
export async function makeEntity(db: Db, name: string, people: Partial<Record<Role, number>> = {}) {
  const admin = await makeUser(db, `${name} admin`);
  const entity = await createEntity(db, { actorId: admin.id, name, legalForm: "scic-sas" });
  const byRole: Record<string, { id: string; email: string }[]> = { admin: [admin] };
  for (const [role, count] of Object.entries(people) as [Role, number][]) {
    for (let i = 0; i < count; i++) {
      const user = await makeUser(db, `${name} ${role} ${i}`);
      await grantRole(db, { entityId: entity.id, actorId: admin.id, email: user.email, role });
      (byRole[role] ??= []).push(user);
    }
  }
  return { ...entity, admin, byRole };
}
