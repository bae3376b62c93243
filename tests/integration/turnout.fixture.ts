// Shared by the turnout tests: a voting SCIC whose members weigh differently, a fresh recount of
// a vote's turnout, and the quorum counted both ways.
import { sql } from "kysely";
import { expect } from "vitest";
import type { Db } from "#db/index";
import { WEIGHT_SCALE } from "~/domain/members";
import { Rational } from "~/domain/rational";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { presentTotals, quorumPresent } from "~/services/tally.server";
import { makeVotingScic } from "../helpers/voting";

export const openRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, secret: false, proxyCap: 2 };

/** 12 members with accounts, each of a different own weight: a count in the wrong college, or a weight counted twice, shows. */
export async function weightedScic(db: Db) {
  const s = await makeVotingScic(db, 3);
  for (const [i, m] of Object.values(s.people).flat().entries()) await db.updateTable("member").set({ voting_weight_micro: 500_000 * (i + 1) }).where("id", "=", m.memberId).execute();
  return s;
}

/** The counters, less those brought back to zero. */
export async function counters(db: Db, id: string) {
  const rows = await db.selectFrom("turnout").select(["college_key", "voted", "weight_micro"]).where("resolution_id", "=", id).orderBy("college_key").execute();
  return rows.filter((r) => r.voted !== 0 || r.weight_micro !== 0);
}

/** A fresh recount from participation and the frozen electorate. */
export async function recount(db: Db, id: string) {
  const { rows } = await sql<{ college_key: string; voted: number; weight_micro: number }>`
    select coalesce(v.college_id, '') as college_key, count(*) as voted, coalesce(sum(v.weight_micro), 0) as weight_micro
    from participation p left join resolution_voter v on v.resolution_id = p.resolution_id and v.member_id = p.member_id
    where p.resolution_id = ${id} group by coalesce(v.college_id, '') order by college_key`.execute(db);
  return rows;
}

/** presentTotals (aggregates) against quorumPresent (the set), by head and by own weight. */
export async function expectSamePresent(db: Db, id: string, rule: VotingRule) {
  const r = await db.selectFrom("resolution").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const eligible = r.eligible_count ?? 0;
  const set = [...(await quorumPresent(db, r, rule, eligible))];
  const weights = set.length ? await db.selectFrom("resolution_voter").select("weight_micro").where("resolution_id", "=", id).where("member_id", "in", set).execute() : [];
  const weight = Rational.sum(weights.map((w) => Rational.fromScaled(BigInt(w.weight_micro), WEIGHT_SCALE)));
  const totals = await presentTotals(db, r, rule, eligible);
  expect({ count: totals.count, weight: totals.weight.toString() }).toEqual({ count: set.length, weight: weight.toString() });
}
