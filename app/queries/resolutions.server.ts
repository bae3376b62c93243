import { sql, type Insertable, type Selectable, type Updateable } from "kysely";
import { lockRows, type RowLock, type Database, type Db } from "~/lib/db.server";
import { prepared } from "./prepared.server";
import { sittingMemberIds } from "./organs.server";

export type ResolutionRow = Selectable<Database["resolution"]>;
type RuleRow = Selectable<Database["voting_rule"]>;

/** A resolution of the entity; `lock`: its row stays locked until the transaction ends (db/dialect.ts lockRows). */
export function findResolution(db: Db, entityId: string, resolutionId: string, lock?: RowLock) {
  const query = db.selectFrom("resolution").selectAll().where("entity_id", "=", entityId).where("id", "=", resolutionId);
  return (lock ? lockRows(db, query, lock) : query).executeTakeFirst();
}

const RULE_COLUMNS = [
  "id", "entity_id", "name", "preset", "version", "supersedes_id", "method", "base", "threshold_num", "threshold_den", "strict", "empty_college", "headcount_below",
  "quorum_first_num", "quorum_first_den", "quorum_later_num", "quorum_later_den", "quorum_basis", "proxy_cap", "secret", "live_results", "created_by", "created_at", "archived_at",
  "college_abstain", "college_bloc_num", "college_bloc_den", "college_bloc_strict", "college_bloc_otherwise", "college_quorum_num", "college_quorum_den", "proxy_same_college", "proxy_max_per_college", "proxy_holders",
] as const satisfies readonly (keyof RuleRow)[];
// Does not compile when a column of the rule is missing above.
true satisfies Exclude<keyof RuleRow, (typeof RULE_COLUMNS)[number]> extends never ? true : never;

/**
 * A resolution with its rule and what a vote needs of its meeting, in one read (the vote's path
 * reads them on every ballot). `rule` is null when the rule is not the entity's; `meeting` when
 * there is none. `forBallot`: the resolution's row is key-share locked until the transaction
 * ends, as the ballot's insert would lock it anyway, but from the first read on: a close (which
 * locks it for update) waits for the ballots in flight, and a ballot after it reads it closed.
 */
const resolutionWithRule = (forBallot: boolean) => prepared((db, p: { entityId: string; resolutionId: string }) => {
  const query = db
    .selectFrom("resolution")
    .leftJoin("voting_rule as rule", (j) => j.onRef("rule.id", "=", "resolution.rule_id").onRef("rule.entity_id", "=", "resolution.entity_id"))
    .leftJoin("meeting", (j) => j.onRef("meeting.id", "=", "resolution.meeting_id").onRef("meeting.entity_id", "=", "resolution.entity_id"))
    .selectAll("resolution")
    .select(RULE_COLUMNS.map((c) => `rule.${c} as rule__${c}` as const))
    .select(["meeting.id as meeting__id", "meeting.kind as meeting__kind", "meeting.notice_sent_at as meeting__notice_sent_at"])
    .where("resolution.entity_id", "=", p.entityId)
    .where("resolution.id", "=", p.resolutionId);
  return forBallot ? lockRows(db, query, "key share", "resolution") : query;
});
const RESOLUTION_WITH_RULE = { read: resolutionWithRule(false), ballot: resolutionWithRule(true) };

export async function findResolutionWithRule(db: Db, entityId: string, resolutionId: string, opts: { forBallot?: boolean } = {}) {
  const row = await RESOLUTION_WITH_RULE[opts.forBallot ? "ballot" : "read"].first(db, { entityId, resolutionId });
  if (!row) return undefined;
  const resolution: Record<string, unknown> = {};
  const rule: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k.startsWith("rule__")) rule[k.slice(6)] = v;
    else if (!k.startsWith("meeting__")) resolution[k] = v;
  }
  return {
    resolution: resolution as ResolutionRow,
    rule: row.rule__id == null ? null : (rule as RuleRow),
    meeting: row.meeting__id == null ? null : { id: row.meeting__id, kind: row.meeting__kind!, notice_sent_at: row.meeting__notice_sent_at },
  };
}

export async function insertResolution(db: Db, row: Insertable<Database["resolution"]>) {
  await db.insertInto("resolution").values(row).execute();
}

export async function updateResolution(db: Db, id: string, values: Updateable<Database["resolution"]>) {
  await db.updateTable("resolution").set(values).where("id", "=", id).execute();
}

export const RESOLUTION_PAGE_SIZE = 30;

/** One page of resolutions, newest first, with their rule's name. */
export async function listResolutions(db: Db, entityId: string, page: number, statuses?: string[]) {
  let base = db.selectFrom("resolution").where("resolution.entity_id", "=", entityId);
  if (statuses?.length) base = base.where("resolution.status", "in", statuses);
  const [rows, total] = await Promise.all([
    base
      .innerJoin("voting_rule", "voting_rule.id", "resolution.rule_id")
      .select([
        "resolution.id",
        "resolution.number",
        "resolution.title",
        "resolution.status",
        "resolution.outcome",
        "resolution.opens_at as opensAt",
        "resolution.closes_at as closesAt",
        "resolution.closed_at as closedAt",
        "voting_rule.name as ruleName",
      ])
      .orderBy("resolution.created_at", "desc")
      .orderBy("resolution.id")
      .limit(RESOLUTION_PAGE_SIZE)
      .offset((page - 1) * RESOLUTION_PAGE_SIZE)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Resolutions whose window says they should open or close by `now` (for the scheduler). */
export function dueResolutions(db: Db, now: string) {
  return db
    .selectFrom("resolution")
    .select(["id", "entity_id as entityId", "status"])
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "scheduled"), eb("opens_at", "<=", now)]),
        eb.and([eb("status", "=", "open"), eb("closes_at", "is not", null), eb("closes_at", "<=", now)]),
      ]),
    )
    .execute();
}

/** Freezes the colleges' weights and the electorate at opening, in SQL (no list in memory). */
export async function snapshotElectorate(
  db: Db,
  r: { resolutionId: string; entityId: string; day: string; colleges: { id: string; name: string; position: number; num: number; den: number }[]; useColleges: boolean; organId?: string | null; collegeIds?: string[] | null },
) {
  if (r.colleges.length > 0) {
    await db
      .insertInto("resolution_college")
      .values(r.colleges.map((c) => ({ resolution_id: r.resolutionId, college_id: c.id, name: c.name, position: c.position, weight_num: c.num, weight_den: c.den })))
      .execute();
  }
  await db
    .insertInto("resolution_voter")
    .columns(["resolution_id", "member_id", "college_id", "weight_micro"])
    .expression((eb) =>
      eb
        .selectFrom("member")
        .select([sql.lit(r.resolutionId).as("resolution_id"), "member.id", "member.college_id", "member.voting_weight_micro"])
        .where("member.entity_id", "=", r.entityId)
        .where("member.joined_on", "<=", r.day)
        .where((w) => w.or([w("member.exited_on", "is", null), w("member.exited_on", ">", r.day)]))
        .$if(r.useColleges, (q) => q.where("member.college_id", "in", r.colleges.map((c) => c.id)))
        .$if(r.collegeIds != null, (q) => q.where("member.college_id", "in", r.collegeIds!))
        .$if(r.organId != null, (q) => q.where("member.id", "in", sittingMemberIds(db, r.organId!, r.day))),
    )
    .execute();
}

/** Freezes the electorate's counts per college and in all, once, right after the snapshot. */
export async function freezeElectorateCounts(db: Db, resolutionId: string) {
  const rows = await db
    .selectFrom("resolution_voter")
    .select((eb) => ["college_id as collegeId", eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("weight_micro").as("w")])
    .where("resolution_id", "=", resolutionId)
    .groupBy("college_id")
    .execute();
  for (const r of rows) {
    if (r.collegeId) {
      await db.updateTable("resolution_college").set({ eligible_count: Number(r.n), eligible_weight_micro: Number(r.w) }).where("resolution_id", "=", resolutionId).where("college_id", "=", r.collegeId).execute();
    }
  }
  await db
    .updateTable("resolution")
    .set({ eligible_count: rows.reduce((n, r) => n + Number(r.n), 0), eligible_weight_micro: rows.reduce((n, r) => n + Number(r.w ?? 0), 0) })
    .where("id", "=", resolutionId)
    .execute();
}

export function resolutionColleges(db: Db, resolutionId: string) {
  return db.selectFrom("resolution_college").selectAll().where("resolution_id", "=", resolutionId).orderBy("position").execute();
}

export function findVoter(db: Db, resolutionId: string, memberId: string) {
  return db.selectFrom("resolution_voter").selectAll().where("resolution_id", "=", resolutionId).where("member_id", "=", memberId).executeTakeFirst();
}

/** The tally's one query: ballots grouped by college and choice, summing member weights. */
export function ballotAggregates(db: Db, resolutionId: string) {
  return db
    .selectFrom("ballot")
    .select((eb) => ["college_id as collegeId", "choice", eb.fn.countAll<number>().as("count"), eb.fn.sum<number>("weight_micro").as("weightMicro")])
    .where("resolution_id", "=", resolutionId)
    .groupBy(["college_id", "choice"])
    .execute();
}

export function participationByChannel(db: Db, resolutionId: string) {
  return db
    .selectFrom("participation")
    .select((eb) => ["channel", eb.fn.countAll<number>().as("count")])
    .where("resolution_id", "=", resolutionId)
    .groupBy("channel")
    .execute();
}

export function findResolutionByNumber(db: Db, entityId: string, number: string) {
  return db.selectFrom("resolution").select("id").where("entity_id", "=", entityId).where("number", "=", number).executeTakeFirst();
}

/** Draft resolutions on no meeting's agenda yet. */
export function listUnattachedDrafts(db: Db, entityId: string) {
  return db.selectFrom("resolution").select(["id", "number", "title"]).where("entity_id", "=", entityId).where("status", "=", "draft").where("meeting_id", "is", null).orderBy("number").execute();
}

/** The frozen electorate, member and college, for a count per college of members present (a quorum per college). */
export function voterColleges(db: Db, resolutionId: string) {
  return db.selectFrom("resolution_voter").select(["member_id as memberId", "college_id as collegeId"]).where("resolution_id", "=", resolutionId).execute();
}
