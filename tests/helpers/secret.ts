// Secret ballots in tests: a ballot built as the browser builds it, the page data a voter gets,
// and every text value of the database (to look for what must never be there).
import { sql } from "kysely";
import type { Db } from "#db/index";
import { buildBallot, type BallotJson } from "~/crypto/ballot";
import { PRESETS, type VotingRule } from "~/domain/rules";
import * as resolutionRoute from "~/routes/entity.resolution";
import { dataOf, run, signIn } from "./app";
import { columnNames, tableNames } from "./db";
import { PASSWORD } from "./factories";
import { makeOpenResolution, makeVotingScic } from "./voting";

export const CHOICE_INDEX = { for: 0, against: 1, abstain: 2 } as const;
export type SecretChoice = keyof typeof CHOICE_INDEX;

/** The resolution page's data for a signed-in voter. */
export async function votePage(db: Db, slug: string, resolutionId: string, token: string) {
  return dataOf(await run(resolutionRoute.loader, db, { path: `/o/${slug}/resolutions/${resolutionId}`, token, params: { slug, resolutionId } }));
}

/** What the browser component does: a ballot from the page's key and the voter's frozen college and weight. */
export function browserBallot(secret: { electionId: string; electionKey: string }, frozen: { collegeId: string; weightMicro: string }, choice: SecretChoice): BallotJson {
  return buildBallot({ electionId: secret.electionId, electionKey: secret.electionKey, college: frozen.collegeId, weightMicro: BigInt(frozen.weightMicro), choice: CHOICE_INDEX[choice], nChoices: 3 });
}

/** The AGO preset as a secret vote without quorum. */
export const SECRET_RULE: VotingRule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: true };

/** Two open secret votes in a SCIC of two members a college, and a voter of Entreprises signed in with their page of each. */
export async function twoSecretVotes(db: Db) {
  const s = await makeVotingScic(db, 2);
  const { id } = await makeOpenResolution(db, s, { rule: SECRET_RULE, number: "1" });
  const other = await makeOpenResolution(db, s, { rule: SECRET_RULE, number: "2" });
  const voter = s.people["Entreprises"]![0]!;
  const token = await signIn(db, voter.email, PASSWORD);
  const page = await votePage(db, s.slug, id, token);
  const otherPage = await votePage(db, s.slug, other.id, token);
  const mine = page.secret.mine as { collegeId: string; weightMicro: string };
  return { s, id, otherId: other.id, voter, token, page, otherPage, mine };
}

/** Posts a vote form to the resolution route. */
export function postVote(db: Db, slug: string, resolutionId: string, token: string, form: Record<string, string>) {
  return run(resolutionRoute.action, db, { path: `/o/${slug}/resolutions/${resolutionId}`, token, params: { slug, resolutionId }, form: { intent: "vote", confirmed: "1", ...form } });
}

/** Every row of every table, as JSON text per table. */
export async function everyTable(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await tableNames(db)) out[name] = JSON.stringify((await sql`select * from ${sql.table(name)}`.execute(db)).rows);
  return out;
}

/** Rows of a resolution, in every table that has a resolution_id column, with a value that is a plaintext choice. */
export async function plaintextChoices(db: Db, resolutionId: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await tableNames(db)) {
    const columns = await columnNames(db, name);
    if (!columns.includes("resolution_id")) continue;
    const data = (await sql<Record<string, unknown>>`select * from ${sql.table(name)} where resolution_id = ${resolutionId}`.execute(db)).rows;
    for (const row of data) {
      for (const [column, value] of Object.entries(row)) if (value === "for" || value === "against" || value === "abstain") found.push(`${name}.${column} = ${value}`);
    }
  }
  return found;
}
