// Who took part in a vote, read from counters and small lookups, never by counting every ballot:
// the turnout counters (kept by triggers on participation, migrations/2026-11-30-014-turnout.ts),
// the holders who cast for someone, and members looked up by primary key.
import { sql, type ExpressionBuilder } from "kysely";
import type { Database, Db } from "~/lib/db.server";
import { inScope, scopeOf } from "./ballots.server";

/** Members who took part, per college of the frozen electorate (null: outside any college), with their own weights summed. */
export async function turnoutOf(db: Db, resolutionId: string) {
  const rows = await db.selectFrom("turnout").select(["college_key", "voted", "weight_micro"]).where("resolution_id", "=", resolutionId).execute();
  return rows.map((r) => ({ collegeId: r.college_key === "" ? null : r.college_key, voted: Number(r.voted), weightMicro: BigInt(r.weight_micro) }));
}

/** Holders who cast a ballot for someone but took no part themselves, with their own weight (null when not in the electorate). */
export function castersWithoutParticipation(db: Db, resolutionId: string) {
  return db
    .selectFrom("participation as p")
    .leftJoin("resolution_voter as v", (j) => j.onRef("v.member_id", "=", "p.cast_by_member_id").on("v.resolution_id", "=", resolutionId))
    .select(["p.cast_by_member_id as memberId", "v.weight_micro as weightMicro"])
    .distinct()
    .where("p.resolution_id", "=", resolutionId)
    .where("p.cast_by_member_id", "is not", null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("participation as own").select("own.member_id").whereRef("own.member_id", "=", "p.cast_by_member_id").where("own.resolution_id", "=", resolutionId))))
    .execute() as Promise<{ memberId: string; weightMicro: number | null }[]>;
}

/**
 * The proxies in force for a vote, in the order given (as listProxies), each with whether its
 * principal and its holder took part, and the principal's own weight (null outside the electorate):
 * three lookups by primary key a proxy, whatever the number of ballots.
 */
export function proxiesWithTurnout(db: Db, r: { id: string; meeting_id: string | null }) {
  return db
    .selectFrom("proxy")
    .leftJoin("participation as pp", (j) => j.onRef("pp.member_id", "=", "proxy.principal_member_id").on("pp.resolution_id", "=", r.id))
    .leftJoin("participation as hp", (j) => j.onRef("hp.member_id", "=", "proxy.holder_member_id").on("hp.resolution_id", "=", r.id))
    .leftJoin("resolution_voter as v", (j) => j.onRef("v.member_id", "=", "proxy.principal_member_id").on("v.resolution_id", "=", r.id))
    .select(["proxy.principal_member_id as principalId", "proxy.holder_member_id as holderId", "pp.member_id as principalTookPart", "hp.member_id as holderTookPart", "v.weight_micro as principalWeightMicro"])
    .where(inScope(scopeOf(r)))
    .where("proxy.revoked_at", "is", null)
    .orderBy("proxy.created_at")
    .orderBy("proxy.id")
    .execute();
}

type VoterScope = ExpressionBuilder<Database & { v: Database["resolution_voter"] }, "v">;

/** The voter row `v` took part in the vote (any channel). */
export function voterTookPart(r: { id: string }) {
  return (eb: VoterScope) => eb.exists(eb.selectFrom("participation as p").select("p.member_id").whereRef("p.member_id", "=", "v.member_id").where("p.resolution_id", "=", r.id));
}

/** The voter row `v` gave a proxy in force, for this vote or its meeting, to a holder who has an account. */
export function voterRepresentedOnline(r: { id: string; meeting_id: string | null }) {
  return (eb: VoterScope) =>
    eb.exists(
      eb
        .selectFrom("proxy")
        .innerJoin("member as holder", "holder.id", "proxy.holder_member_id")
        .select("proxy.id")
        .whereRef("proxy.principal_member_id", "=", "v.member_id")
        .where("proxy.revoked_at", "is", null)
        .where("holder.user_id", "is not", null)
        .where((x) => x.or([x("proxy.resolution_id", "=", r.id), ...(r.meeting_id ? [x("proxy.meeting_id", "=", r.meeting_id)] : [])])),
    );
}

/**
 * Voters who can never be present online: no account, no part taken, and no proxy in force to a
 * holder with an account. Read from the members without an account (an index), so that the
 * complement, reachableOnline, costs nothing when everyone has one. The subqueries name the voter
 * row, so that SQLite runs them only for members of this electorate: former members without an
 * account (thousands in a large cooperative) cost one lookup each.
 */
export async function unreachableOnline(db: Db, r: { id: string; entity_id: string; meeting_id: string | null }) {
  const row = await db
    .selectFrom("member as m")
    // CROSS JOIN keeps this order in SQLite: members without an account first (an index), then their voter row.
    .crossJoin("resolution_voter as v")
    .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.coalesce(eb.fn.sum<number>("v.weight_micro"), sql.lit(0)).as("weightMicro")])
    .whereRef("v.member_id", "=", "m.id")
    .where("v.resolution_id", "=", r.id)
    .where("m.entity_id", "=", r.entity_id)
    .where("m.user_id", "is", null)
    .where((eb) => eb.not(voterTookPart(r)(eb)))
    .where((eb) => eb.not(voterRepresentedOnline(r)(eb)))
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), weightMicro: BigInt(row.weightMicro) };
}
