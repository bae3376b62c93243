// Candidacies under parallel requests (issue 15): one candidacy per member and election even when
// filed twice at once, and none slips in while the vote opens — the candidacies a secret box's
// question freezes are exactly those in force afterwards.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { createOrgan } from "~/services/organs.server";
import { openResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { createElection, enterCandidacy } from "~/services/seat-elections.server";
import { electionQuestion } from "~/services/seat-election-box.server";
import { listCandidacies } from "~/queries/seat-elections.server";
import { createTestDb } from "../helpers/db";
import { makeVotingScic } from "../helpers/voting";
import { race } from "./concurrency.fixture";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const secretRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, secret: true, quorumFirst: null, quorumLater: null };

async function election(s: Awaited<ReturnType<typeof makeVotingScic>>, n: number) {
  const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: `Secret ${n}`, rule: secretRule });
  const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: { name: `Conseil ${n}`, kind: "board", seats: 4, termMonths: null, ruleId: null, reserved: [] } });
  const { id } = await createElection(db, {
    entityId: s.id,
    actorId: s.admin.id,
    resolution: { number: `E${n}`, title: "Élection", body: "x", note: null, ruleId, kind: "ordinary", recommendation: null },
    setup: { organId, seats: 2, method: "plurinominal", rounds: 1, absoluteMajority: false, tieBreak: "lot", candidacyDeadline: null, reserved: [] },
  });
  return id;
}

describe("candidacies racing", () => {
  it("the same member entered twice at once: one candidacy, the other 409 (5 rounds)", async () => {
    const s = await makeVotingScic(db, 2);
    for (let round = 0; round < 5; round++) {
      const id = await election(s, round);
      const memberId = s.people["Associations"]![0]!.memberId;
      const enter = () => enterCandidacy(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id, memberId, bornOn: null });
      const { outcomes } = await race([enter, enter]);
      // The loser reads the winner's candidacy (alreadyCandidate) or meets the unique index (alreadyFiled).
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
      expect(["409 elections.errors.alreadyCandidate", "409 elections.errors.alreadyFiled"]).toContain(outcomes.find((o) => o !== "ok"));
      expect(await listCandidacies(db, id)).toHaveLength(1);
    }
  });

  it("candidacies entered while the vote opens are either in the box's question or refused (5 rounds)", async () => {
    const s = await makeVotingScic(db, 3);
    for (let round = 0; round < 5; round++) {
      const id = await election(s, round);
      await enterCandidacy(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id, memberId: s.people["Associations"]![0]!.memberId, bornOn: null });
      const others = ["Entreprises", "Salariés", "Collectivités"].map((c) => s.people[c]![0]!.memberId);
      const { outcomes } = await race([
        () => openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id }),
        ...others.map((memberId) => () => enterCandidacy(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id, memberId, bornOn: null })),
      ]);
      expect(outcomes[0]).toBe("ok");
      for (const o of outcomes.slice(1)) expect(["ok", "409 elections.errors.candidaciesClosed"]).toContain(o);
      const question = await electionQuestion(db, id);
      expect(question!.answers).toEqual((await listCandidacies(db, id)).map((c) => c.id));
    }
  });
});
