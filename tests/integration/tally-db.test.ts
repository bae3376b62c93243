import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { Rational } from "~/domain/rational";
import { resultToJson } from "~/domain/tally";
import { tallyFile } from "~/domain/tally-file";
import { votingWeightText } from "~/domain/members";
import { newId } from "~/lib/ids.server";
import { parseTallyFile } from "~/schemas/tally-file";
import { computeTally } from "~/services/tally.server";
import { createTestDb } from "../helpers/db";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
let scic: Awaited<ReturnType<typeof makeVotingScic>>;
beforeAll(async () => {
  db = await createTestDb();
  scic = await makeVotingScic(db, 6);
}, 60_000);

const choice = fc.constantFrom("for", "against", "abstain");
const ruleArb = fc.record({
  method: fc.constantFrom("proportional", "college-bloc", "headcount"),
  base: fc.constantFrom("cast", "present"),
  emptyCollege: fc.constantFrom("neutralise", "equal-share", "count-against"),
  threshold: fc.constantFrom("1/2", "2/3", "3/5"),
}) as fc.Arbitrary<{ method: VotingRule["method"]; base: VotingRule["base"]; emptyCollege: VotingRule["emptyCollege"]; threshold: string }>;

describe("the database tally", () => {
  it("equals the pure engine on random ballots (insert, aggregate, combine)", async () => {
    const members = Object.values(scic.people).flat();
    await fc.assert(
      fc.asyncProperty(ruleArb, fc.array(fc.option(fc.tuple(choice, fc.integer({ min: 1, max: 3_000_000 })), { nil: null }), { minLength: members.length, maxLength: members.length }), async (r, votes) => {
        const threshold = Rational.parse(r.threshold)!;
        const rule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false, method: r.method, base: r.base, emptyCollege: r.emptyCollege, threshold, strict: threshold.eq(Rational.of(1, 2)) };
        const { id } = await makeOpenResolution(db, scic, { rule, number: newId().slice(0, 10) });
        const ballots: { voter: string; college: string; choice: string; weight: string }[] = [];
        for (const [i, v] of votes.entries()) {
          if (!v) continue;
          const m = members[i]!;
          const collegeId = scic.colleges[m.college]!;
          await db.insertInto("participation").values({ resolution_id: id, member_id: m.memberId, cast_by_member_id: null, channel: "online" }).execute();
          await db.insertInto("ballot").values({ id: newId(), resolution_id: id, member_id: m.memberId, cast_by_member_id: null, college_id: collegeId, weight_micro: v[1], choice: v[0], channel: "online", receipt_hash: newId(), cast_at: null, updated_at: null }).execute();
          ballots.push({ voter: m.memberId, college: collegeId, choice: v[0], weight: votingWeightText(v[1]) });
        }
        const row = await db.selectFrom("resolution").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
        const fromDb = resultToJson((await computeTally(db, row, rule)).result);
        const file = parseTallyFile({
          rule: { method: r.method, base: r.base, emptyCollege: r.emptyCollege, threshold: r.threshold },
          colleges: [["Associations", "3/10"], ["Entreprises", "3/10"], ["Collectivités", "1/5"], ["Salariés", "1/5"]].map(([name, weight]) => ({ id: scic.colleges[name!]!, name, weight })),
          ballots: [...ballots].reverse(),
        });
        if (!file.ok) throw new Error(file.error);
        const pure = tallyFile(file.file);
        for (const key of ["adopted", "reason", "for", "against", "base", "share", "percent", "warnings", "colleges"]) expect(fromDb[key]).toEqual(pure[key]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
