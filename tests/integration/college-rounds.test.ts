// College rules at the close of a real vote (issue 15, LEGAL.md WE-01/WE-02): a college whose
// sides both stay under the 60 % bloc threshold calls a second round, prepared as resolution
// "<n>-2" and counted at simple majority in each college; a quorum per college leaves a college
// out. Each result is recomputed from the exported tally file, as `npm run tally` does.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { tallyFile } from "~/domain/tally-file";
import { Rational } from "~/domain/rational";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { findRule } from "~/queries/rules.server";
import { parseTallyFile } from "~/schemas/tally-file";
import { tallyFileOf } from "~/services/exports.server";
import { closeResolution, openResolution, resultOf } from "~/services/resolutions.server";
import { ruleFromRow } from "~/services/rules.server";
import { openSecondRound } from "~/services/seat-election-rounds.server";
import { castVote } from "~/services/voting.server";
import { createTestDb } from "../helpers/db";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

// M Comme Médoc: the bloc of a college needs more than 60 %, abstentions count as for, else a second round.
const medoc: VotingRule = {
  ...PRESETS["scic-sa-ago"].rule,
  method: "college-bloc",
  secret: false,
  quorumFirst: null,
  quorumLater: null,
  collegeAbstain: "for",
  collegeBloc: Rational.of(3, 5),
  collegeBlocStrict: true,
  collegeBlocOtherwise: "second-round",
};

type Scic = Awaited<ReturnType<typeof makeVotingScic>>;
const vote = (s: Scic, resolutionId: string, college: string, i: number, choice: "for" | "against" | "abstain") => castVote(db, { entityId: s.id, userId: s.people[college]![i]!.userId, resolutionId, choice });

async function result(s: Scic, id: string) {
  const r = await db.selectFrom("resolution").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const row = (await findRule(db, s.id, r.rule_id))!;
  const page = await resultOf(db, r, ruleFromRow(row), { name: row.name, version: row.version });
  const parsed = parseTallyFile(await tallyFileOf(db, r, ruleFromRow(row), "test"));
  if (!parsed.ok) throw new Error(parsed.error);
  return { page, file: tallyFile(parsed.file), r };
}

describe("a second round called by a college's bloc threshold", () => {
  it("WE-02 in a college calls round 2, which decides at simple majority; both files give the page's figures", async () => {
    const s = await makeVotingScic(db, 5);
    const { id } = await makeOpenResolution(db, s, { rule: medoc, number: "7" });
    // Associations: 2 for, 3 against → 2/5 = 40 % for, 60 % against: neither more than 60 %.
    for (const i of [0, 1]) await vote(s, id, "Associations", i, "for");
    for (const i of [2, 3, 4]) await vote(s, id, "Associations", i, "against");
    // The other colleges: clearly for (4 for + 1 abstention = 5/5 with abstentions as for).
    for (const college of ["Entreprises", "Salariés", "Collectivités"]) {
      for (const i of [0, 1, 2, 3]) await vote(s, id, college, i, "for");
      await vote(s, id, college, 4, "abstain");
    }
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    const first = await result(s, id);
    expect(first.page.tally.reason).toBe("second-round");
    expect(first.page.tally.adopted).toBe(false);
    expect(first.r.outcome).toBe("rejected");
    expect(first.file).toMatchObject({ reason: "second-round", adopted: false, for: first.page.tally.for, against: first.page.tally.against });
    const associations = (first.page.tally.colleges as { id: string; bloc?: string }[]).find((c) => c.id === s.colleges["Associations"]);
    expect(associations?.bloc).toBe("none");

    const { id: second, number } = await openSecondRound(db, { entityId: s.id, resolutionId: id, actorId: s.admin.id });
    expect(number).toBe("7-2");
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: second });
    // Same votes in round 2: Associations at simple majority now votes against as a bloc (3 of 5).
    for (const i of [0, 1]) await vote(s, second, "Associations", i, "for");
    for (const i of [2, 3, 4]) await vote(s, second, "Associations", i, "against");
    for (const college of ["Entreprises", "Salariés", "Collectivités"]) for (const i of [0, 1, 2, 3]) await vote(s, second, college, i, "for");
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: second });
    const decided = await result(s, second);
    expect(decided.r.round).toBe(2);
    expect(decided.page.tally.reason).toBe("threshold-met");
    expect(decided.page.tally.adopted).toBe(true);
    const assoc2 = (decided.page.tally.colleges as { id: string; bloc?: string }[]).find((c) => c.id === s.colleges["Associations"]);
    expect(assoc2?.bloc).toBe("against");
    expect(decided.file).toMatchObject({ reason: "threshold-met", adopted: true, for: decided.page.tally.for, against: decided.page.tally.against, base: decided.page.tally.base });
  });

  it("refuses a second round for a vote that did not call one", async () => {
    const s = await makeVotingScic(db, 2);
    const { id } = await makeOpenResolution(db, s, { rule: medoc });
    for (const college of ["Associations", "Entreprises"]) await vote(s, id, college, 0, "for");
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    await expect(openSecondRound(db, { entityId: s.id, resolutionId: id, actorId: s.admin.id })).rejects.toMatchObject({ key: "elections.errors.noSecondRound", status: 409 });
  });
});

describe("a quorum per college at the close", () => {
  it("leaves out a college below its quorum, and the exported file says the same", async () => {
    const s = await makeVotingScic(db, 4);
    const rule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, secret: false, quorumFirst: null, quorumLater: null, collegeQuorum: Rational.of(1, 2) };
    const { id } = await makeOpenResolution(db, s, { rule });
    // Associations: 1 of 4 votes (below half): left out. The others: 2 of 4, against in Entreprises.
    await vote(s, id, "Associations", 0, "for");
    for (const i of [0, 1]) await vote(s, id, "Entreprises", i, "against");
    for (const i of [0, 1]) await vote(s, id, "Salariés", i, "for");
    for (const i of [0, 1]) await vote(s, id, "Collectivités", i, "for");
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    const { page, file } = await result(s, id);
    const colleges = page.tally.colleges as { id: string; counted: boolean; quorum?: { reached: boolean; present: string; required: string } }[];
    const assoc = colleges.find((c) => c.id === s.colleges["Associations"])!;
    expect(assoc).toMatchObject({ counted: false, quorum: { reached: false, present: "1", required: "2" } });
    expect(colleges.filter((c) => c.counted)).toHaveLength(3);
    expect(file).toMatchObject({ adopted: page.tally.adopted, reason: page.tally.reason, for: page.tally.for, against: page.tally.against, base: page.tally.base });
  });
});
