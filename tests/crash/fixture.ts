// The voters of the crash and backup tests: in the demo entity, `count` members spread over its
// colleges, each with an account and a session made directly (no argon2 sign-in per voter), and
// open resolutions (no meeting) whose voter roll holds them all.
import { sql } from "kysely";
import type { Db } from "#db/index";
import { verifyBox } from "~/crypto/verify";
import { DEMO_ACCOUNTS, DEMO_SLUG } from "#db/seed";
import { PRESETS } from "~/domain/rules";
import { newId } from "~/lib/ids.server";
import { hashPassword } from "~/lib/password.server";
import { generateSessionToken, sessionIdFromToken } from "~/lib/session.server";
import { findResolution } from "~/queries/resolutions.server";
import { findRule } from "~/queries/rules.server";
import { createRule, ruleFromRow } from "~/services/rules.server";
import { ballotBoxFile } from "~/services/election.server";
import { createResolution, openResolution } from "~/services/resolutions.server";
import { computeTally } from "~/services/tally.server";
import { bulkMembers, memberInput } from "../helpers/register";

export const CHOICES = ["for", "against", "abstain"] as const;
export type Choice = (typeof CHOICES)[number];

export interface Voter {
  userId: string;
  memberId: string;
  collegeId: string;
  token: string;
}

export interface VoteFixture {
  slug: string;
  entityId: string;
  resolutions: { id: string; secret: boolean }[];
  voters: Voter[];
}

/** The choice of voter `i` on resolution `k`: varied, so that a mixed-up ballot shows. */
export const choiceOf = (i: number, k: number): Choice => CHOICES[(i + k) % CHOICES.length]!;

export async function makeVoteFixture(db: Db, opts: { voters: number; secret: boolean[] }): Promise<VoteFixture> {
  const entity = await db.selectFrom("entity").selectAll().where("slug", "=", DEMO_SLUG).executeTakeFirstOrThrow();
  const admin = await db.selectFrom("user").select("id").where("email", "=", DEMO_ACCOUNTS[0].email).executeTakeFirstOrThrow();
  const colleges = (await db.selectFrom("college").select("id").where("entity_id", "=", entity.id).orderBy("name").execute()).map((c) => c.id);
  const rows = await bulkMembers(
    db,
    entity.id,
    Array.from({ length: opts.voters }, (_, i) => memberInput({ name: `Votant ${i + 1}`, collegeId: colleges[i % colleges.length]!, joinedOn: "2020-01-01" })),
  );
  const passwordHash = await hashPassword(`crash test ${newId()}`);
  const now = new Date();
  const expires = new Date(now.getTime() + 86_400_000).toISOString();
  const voters: Voter[] = [];
  await db.transaction().execute(async (trx) => {
    for (const m of rows) {
      const userId = newId();
      const token = generateSessionToken();
      await trx.insertInto("user").values({ id: userId, email: `${m.id}@crash.example`, name: m.name, password_hash: passwordHash, locale: "fr", is_platform_admin: 0, created_at: now.toISOString() }).execute();
      await trx.insertInto("entity_role").values({ entity_id: entity.id, user_id: userId, role: "member", created_at: now.toISOString() }).execute();
      await trx.updateTable("member").set({ user_id: userId }).where("id", "=", m.id).execute();
      await trx.insertInto("session").values({ id: sessionIdFromToken(token), user_id: userId, expires_at: expires }).execute();
      voters.push({ userId, memberId: m.id, collegeId: m.college_id!, token });
    }
  });
  const resolutions: VoteFixture["resolutions"] = [];
  for (const [k, secret] of opts.secret.entries()) {
    const rule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret };
    const { id: ruleId } = await createRule(db, { entityId: entity.id, actorId: admin.id, name: `Tempête ${k + 1}`, rule });
    const { id } = await createResolution(db, {
      entityId: entity.id,
      actorId: admin.id,
      resolution: { number: `T${k + 1}-${newId().slice(0, 4)}`, title: `Vote sous tempête ${k + 1}`, body: "Texte.", note: null, ruleId, kind: "ordinary", recommendation: null },
    });
    await openResolution(db, { entity, actorId: admin.id, resolutionId: id });
    resolutions.push({ id, secret });
  }
  return { slug: entity.slug, entityId: entity.id, resolutions, voters };
}

/** PRAGMA integrity_check: [] when "ok", else what it says. */
export async function integrityProblems(db: Db): Promise<string[]> {
  const { rows } = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
  const result = rows.map((r) => r.integrity_check).join("; ");
  return result === "ok" ? [] : [`integrity_check: ${result}`];
}

export interface VoteState {
  /**
   * Members with a participation row, and (open ballots only) their ballot's choice. A secret
   * ballot is in the encrypted box: counted per college only ("ballots"), never per choice.
   */
  participants: Set<string>;
  choices: Map<string, string>;
  participations: number;
  ballots: number;
  /** Ballots per college and choice, counted row by row. */
  counted: Record<string, Record<string, number>>;
  /** The same, as the app's tally reports them. */
  tallied: Record<string, Record<string, number>>;
  /** Participations per college (through the voter roll), against ballots per college. */
  participationsByCollege: Record<string, number>;
  ballotsByCollege: Record<string, number>;
  /** A secret vote: what verifyBox says of the box (proofs, trackers, chain, head); null when it holds. */
  boxError: string | null;
}

/** What the database holds of one resolution's vote, read row by row and through the app's tally. */
export async function readVote(db: Db, entityId: string, resolutionId: string): Promise<VoteState> {
  const participations = await db
    .selectFrom("participation")
    .innerJoin("resolution_voter", (j) => j.onRef("resolution_voter.resolution_id", "=", "participation.resolution_id").onRef("resolution_voter.member_id", "=", "participation.member_id"))
    .select(["participation.member_id", "resolution_voter.college_id"])
    .where("participation.resolution_id", "=", resolutionId)
    .execute();
  const plain = await db.selectFrom("ballot").select(["member_id", "college_id", "choice"]).where("resolution_id", "=", resolutionId).execute();
  // A secret vote's encrypted ballots: a college each, and "ballots" in place of a choice.
  const box = await db.selectFrom("encrypted_ballot").select(["college_id"]).where("resolution_id", "=", resolutionId).execute();
  const ballots = [...plain, ...box.map((b) => ({ member_id: null, college_id: b.college_id === "none" ? null : b.college_id, choice: "ballots" }))];
  const counted: Record<string, Record<string, number>> = {};
  const ballotsByCollege: Record<string, number> = {};
  const participationsByCollege: Record<string, number> = {};
  const choices = new Map<string, string>();
  for (const b of ballots) {
    const college = b.college_id ?? "none";
    counted[college] ??= b.choice === "ballots" ? {} : { for: 0, against: 0, abstain: 0 };
    counted[college][b.choice] = (counted[college][b.choice] ?? 0) + 1;
    ballotsByCollege[college] = (ballotsByCollege[college] ?? 0) + 1;
    if (b.member_id) choices.set(b.member_id, b.choice);
  }
  for (const p of participations) participationsByCollege[p.college_id ?? "none"] = (participationsByCollege[p.college_id ?? "none"] ?? 0) + 1;
  const resolution = await findResolution(db, entityId, resolutionId);
  const ruleRow = resolution ? await findRule(db, entityId, resolution.rule_id) : undefined;
  if (!resolution || !ruleRow) throw new Error(`resolution ${resolutionId} is missing`);
  const tally = await computeTally(db, resolution, ruleFromRow(ruleRow));
  const tallied: Record<string, Record<string, number>> = {};
  for (const c of tally.colleges) if (c.voted > 0) tallied[c.id ?? "none"] = c.ballots ? { ...c.ballots } : { ballots: c.voted };
  let boxError: string | null = null;
  if (box.length > 0) {
    const { result: _result, ...file } = (await ballotBoxFile(db, entityId, resolutionId)) as { result: unknown };
    const verified = verifyBox(file);
    boxError = verified.ok ? (verified.ballots === box.length ? null : `the box verifies ${verified.ballots} ballots, the table holds ${box.length}`) : verified.error;
  }
  return {
    participants: new Set(participations.map((p) => p.member_id)),
    choices,
    participations: participations.length,
    ballots: ballots.length,
    counted,
    tallied,
    participationsByCollege,
    ballotsByCollege,
    boxError,
  };
}

/** An acknowledged vote: the server answered that it was recorded. */
export interface Ack {
  collegeId: string;
  choice: Choice;
}

/** What must hold after a crash, as readable lines (none: all good). */
export function voteProblems(state: VoteState, acknowledged: Map<string, Ack>, secret: boolean): string[] {
  const problems: string[] = [];
  const missing = [...acknowledged.keys()].filter((m) => !state.participants.has(m));
  if (missing.length > 0) problems.push(`${missing.length} acknowledged vote(s) missing from participation, e.g. member ${missing[0]}`);
  if (!secret) {
    const wrong = [...acknowledged].filter(([m, a]) => state.choices.get(m) !== a.choice);
    if (wrong.length > 0) {
      const [m, a] = wrong[0]!;
      problems.push(`${wrong.length} acknowledged ballot(s) missing or changed, e.g. member ${m}: ${state.choices.get(m) ?? "none"} instead of ${a.choice}`);
    }
  }
  // Nothing partial: a participation without its ballot (or the reverse) would show here.
  if (state.participations !== state.ballots) problems.push(`partial votes: ${state.participations} participations but ${state.ballots} ballots`);
  const [byP, byB] = [JSON.stringify(sorted(state.participationsByCollege)), JSON.stringify(sorted(state.ballotsByCollege))];
  if (byP !== byB) problems.push(`participations by college ${byP} differ from ballots by college ${byB}`);
  const [tallied, counted] = [JSON.stringify(sorted(state.tallied)), JSON.stringify(sorted(state.counted))];
  if (tallied !== counted) problems.push(`the tally ${tallied} differs from the ballots ${counted}`);
  // Every acknowledged vote counts in its college; votes in flight may add to it, never take away.
  if (state.boxError) problems.push(`the ballot box does not verify: ${state.boxError}`);
  // (A secret ballot counts in its college, its choice sealed: "ballots" stands for every choice.)
  const acked: Record<string, Record<string, number>> = {};
  for (const a of acknowledged.values()) {
    const key = secret ? "ballots" : a.choice;
    acked[a.collegeId] ??= {};
    acked[a.collegeId]![key] = (acked[a.collegeId]![key] ?? 0) + 1;
  }
  for (const [college, byChoice] of Object.entries(acked)) {
    for (const [choice, n] of Object.entries(byChoice)) {
      const have = state.counted[college]?.[choice] ?? 0;
      if (have < n) problems.push(`college ${college}: ${have} "${choice}" ballot(s) for ${n} acknowledged`);
    }
  }
  return problems;
}

function sorted<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
