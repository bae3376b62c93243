import { sql, type Insertable, type Selectable, type Updateable } from "kysely";
import type { Database, Db } from "~/lib/db.server";

export type ResolutionRow = Selectable<Database["resolution"]>;

export function findResolution(db: Db, entityId: string, resolutionId: string) {
  return db.selectFrom("resolution").selectAll().where("entity_id", "=", entityId).where("id", "=", resolutionId).executeTakeFirst();
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
export async function snapshotElectorate(db: Db, r: { resolutionId: string; entityId: string; day: string; colleges: { id: string; name: string; position: number; num: number; den: number }[]; useColleges: boolean }) {
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
        .$if(r.useColleges, (q) => q.where("member.college_id", "in", r.colleges.map((c) => c.id))),
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

/** The own weights, in the frozen electorate, of some of its members (500 at a time). */
export async function voterWeights(db: Db, resolutionId: string, memberIds: string[]) {
  const out: number[] = [];
  for (let i = 0; i < memberIds.length; i += 500) {
    const rows = await db.selectFrom("resolution_voter").select("weight_micro").where("resolution_id", "=", resolutionId).where("member_id", "in", memberIds.slice(i, i + 500)).execute();
    out.push(...rows.map((r) => r.weight_micro));
  }
  return out;
}
