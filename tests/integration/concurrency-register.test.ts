// The register under parallel requests (issue 14, part 2), on PostgreSQL as on SQLite: an import
// confirmed twice at once is applied once, a member number typed twice at once is given once, an
// invitation accepted twice at once makes one account; the others are told so, never a 500.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { applyImport, storeImport } from "~/services/import.server";
import { acceptInvitation, inviteMember } from "~/services/invitations.server";
import { saveMember } from "~/services/members.server";
import { ORIGIN } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { DAY, makeScic, memberInput } from "../helpers/register";
import { race, tally, times } from "./concurrency.fixture";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const HEADER = "numero;nom;type;representant;categorie;college;poids;email;parts;date_entree;date_sortie";

describe("the register written at once", () => {
  it("an import confirmed four times at once is applied once (members without a number are not doubled)", async () => {
    for (let round = 0; round < 3; round++) {
      const s = await makeScic(db, `Scic ${round}`);
      const text = [HEADER, ...Array.from({ length: 20 }, (_, i) => `;Sans Numéro ${i};physique;;beneficiaire;Salariés;1;;1;2024-01-01;`)].join("\n");
      const jobId = await storeImport(db, { entityId: s.id, actorId: s.admin.id, filename: "membres.csv", text });
      const { outcomes } = await race(times(4, () => applyImport(db, { entity: s.entity, actorId: s.admin.id, text, day: DAY, jobId })));
      expect(tally(outcomes)).toEqual({ ok: 1, "409 import.gone": 3 });
      expect(await db.selectFrom("member").select("id").where("entity_id", "=", s.id).where("name", "like", "Sans Numéro%").execute()).toHaveLength(20);
    }
  });

  it("one member number typed for six new members at once is given once", async () => {
    const s = await makeScic(db);
    const { outcomes } = await race(times(6, (i) => saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: `Membre ${i}`, memberNumber: "N-1", collegeId: s.colleges["Salariés"]! }), day: DAY })));
    expect(tally(outcomes)).toEqual({ ok: 1, "409 errors.memberNumberTaken": 5 });
  });

  it("an invitation accepted three times at once makes one account and links it once", async () => {
    const s = await makeScic(db);
    const { id } = await saveMember(db, { entity: s.entity, actorId: s.admin.id, member: memberInput({ name: "Invitée", email: "invitee@test.example", collegeId: s.colleges["Salariés"]! }), day: DAY });
    const token = await inviteMember(db, { entity: { id: s.id, name: "Scic" }, actorId: s.admin.id, memberId: id, origin: ORIGIN, locale: "fr", day: DAY });
    const { outcomes } = await race(times(3, () => acceptInvitation(db, { token, password: "un mot de passe assez long" })));
    expect(tally(outcomes)).toEqual({ ok: 1, "409 invitations.used": 2 });
    expect(await db.selectFrom("user").select("id").where("email", "=", "invitee@test.example").execute()).toHaveLength(1);
    expect(await db.selectFrom("audit_event").select("id").where("action", "=", "invitation.accepted").where("subject_id", "=", id).execute()).toHaveLength(1);
  });
});
