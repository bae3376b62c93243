// What a secret vote exports (issue 11, "What leaves the server"): its tally file is the totals
// form (docs/tally-file.md) — the decrypted per-college sums of its ballot box, the paper counts
// and the quorum's figures, no ballot, no voter, no one's weight — and recomputes to the frozen
// result, with `npm run tally` too; its CSV lists the same totals; its box, downloaded, passes
// `npm run verify`. A secret vote held before encrypted ballots exports its sums the same way.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { firstDifference } from "#db/verify-result";
import type { TallyJson } from "~/crypto/tally";
import { Rational } from "~/domain/rational";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { boxTotals, tallyFile, totalsJson } from "~/domain/tally-file";
import * as ballotsRoute from "~/routes/entity.resolution.ballots";
import * as boxRoute from "~/routes/entity.resolution.box";
import * as tallyRoute from "~/routes/entity.resolution.tally";
import { parseTallyFile } from "~/schemas/tally-file";
import { closeResolution } from "~/services/resolutions.server";
import { castVote, giveProxy } from "~/services/voting.server";
import { run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { runScript, SLOW } from "../helpers/tally-fixtures";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});
const tmp = mkdtempSync(path.join(tmpdir(), "cogere-export-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Scic = Awaited<ReturnType<typeof makeVotingScic>>;
type Choice = "for" | "against" | "abstain";

/** Own weights that are no head count: 2.5, 1/3 rounded, 4, 1, 0.75. */
async function varyWeights(s: Scic) {
  const weights = [2_500_000, 333_333, 1_000_000, 4_000_000, 1_000_000, 750_000];
  let i = 0;
  for (const people of Object.values(s.people)) for (const p of people) await db.updateTable("member").set({ voting_weight_micro: weights[i++ % weights.length]! }).where("id", "=", p.memberId).execute();
}

const CHOICES: Record<string, Choice[]> = { Associations: ["for", "against", "for"], Entreprises: ["against", "abstain"], Collectivités: ["for"], Salariés: [] };

async function castAll(s: Scic, id: string) {
  for (const [college, choices] of Object.entries(CHOICES)) {
    for (const [i, choice] of choices.entries()) await castVote(db, { entityId: s.id, userId: s.people[college]![i]!.userId, resolutionId: id, choice });
  }
  // Collectivités 2 votes through Salariés 2, with the principal's college and weight.
  const P = s.people;
  await giveProxy(db, { entityId: s.id, userId: P["Collectivités"]![2]!.userId, resolutionId: id, holderMemberId: P["Salariés"]![2]!.memberId });
  await castVote(db, { entityId: s.id, userId: P["Salariés"]![2]!.userId, resolutionId: id, choice: "against", forMemberId: P["Collectivités"]![2]!.memberId });
}

async function download(s: Scic, route: { loader: (args: never) => unknown }, id: string, file: string) {
  const token = await signIn(db, s.admin.email, PASSWORD);
  const answer = await run(route.loader as never, db, { path: `/o/${s.slug}/resolutions/${id}/${file}`, token, params: { slug: s.slug, resolutionId: id } });
  return { status: statusOf(answer), text: answer instanceof Response ? await answer.text() : "", response: answer as Response };
}

async function frozenTally(id: string): Promise<Record<string, unknown>> {
  const r = await db.selectFrom("resolution").select("result").where("id", "=", id).executeTakeFirstOrThrow();
  return JSON.parse(r.result!).tally;
}

/** The file as anyone reads it: parsed and tallied by the engine, rejected ballots aside. */
function recompute(json: unknown): Record<string, unknown> {
  const parsed = parseTallyFile(json);
  if (!parsed.ok) throw new Error(parsed.error);
  const { rejectedBallots, ...result } = tallyFile(parsed.file);
  expect(rejectedBallots).toEqual([]);
  return result;
}

/** Everything that names a member: ids, user ids, names, e-mail addresses. */
function membersOf(s: Scic): string[] {
  return Object.values(s.people).flatMap((ps) => ps.flatMap((p) => [p.memberId, p.userId, p.name, p.email]));
}

function expectNoBallot(file: Record<string, unknown>, s: Scic, text: string) {
  for (const key of ["ballots", "electorate", "participants", "proxies"]) expect(file, key).not.toHaveProperty(key);
  for (const t of file.totals as Record<string, unknown>[]) expect(Object.keys(t).every((k) => ["college", "channel", "for", "against", "abstain"].includes(k))).toBe(true);
  for (const who of membersOf(s)) expect(text).not.toContain(who);
}

describe("the exports of a secret vote with an encrypted ballot box", () => {
  it(
    "the tally file holds per-college totals only and recomputes to the frozen result; the CSV lists them; the box verifies",
    async () => {
      const s = await makeVotingScic(db, 3);
      await varyWeights(s);
      const rule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, secret: true, proxyCap: 1, quorumFirst: Rational.of(1, 4), quorumBasis: "weight" };
      const { id } = await makeOpenResolution(db, s, { rule });
      expect((await download(s, tallyRoute, id, "tally.json")).status).toBe(404);
      expect((await download(s, ballotsRoute, id, "ballots.csv")).status).toBe(404);
      await castAll(s, id);
      // Paper ballots counted in the room, entered per college.
      await db.insertInto("hand_count").values({ resolution_id: id, college_id: s.colleges["Salariés"]!, for_count: 2, against_count: 1, abstain_count: 0 }).execute();
      await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });

      const got = await download(s, tallyRoute, id, "tally.json");
      expect(got.status).toBe(200);
      const file = JSON.parse(got.text) as Record<string, unknown> & { totals: Record<string, string>[]; participation: Record<string, string>; $resolution: Record<string, unknown> };
      expectNoBallot(file, s, got.text);
      const frozen = await frozenTally(id);
      expect(firstDifference(frozen, recompute(file))).toBeNull();
      expect(frozen).toHaveProperty("quorum");

      // The box's entries are its decrypted totals; the paper counts theirs; the box's hash is told.
      const election = await db.selectFrom("election").selectAll().where("resolution_id", "=", id).executeTakeFirstOrThrow();
      const known = new Set(Object.values(s.colleges));
      const fromBox = boxTotals(["for", "against", "abstain"], (JSON.parse(election.tally!) as TallyJson).colleges, known).map(totalsJson);
      expect(file.totals.filter((t) => t.channel === "ballot-box")).toEqual(fromBox);
      expect(file.totals.filter((t) => t.channel === "paper")).toEqual([{ college: s.colleges["Salariés"], channel: "paper", for: "2", against: "1", abstain: "0" }]);
      expect(file.$resolution.boxHash).toBe(election.box_hash);
      // The quorum counts weights: the eligible weight as frozen at the opening.
      const { eligibleWeight } = JSON.parse((await db.selectFrom("resolution").select("result").where("id", "=", id).executeTakeFirstOrThrow()).result!);
      expect(Rational.parse(file.participation.eligible!)!.eq(Rational.parse(eligibleWeight)!)).toBe(true);

      // `npm run tally` on the downloaded file prints the frozen result.
      const saved = path.join(tmp, `tally-${id}.json`);
      writeFileSync(saved, got.text);
      const cli = await runScript("db/tally.ts", saved);
      expect(cli.status).toBe(0);
      const { rejectedBallots: _, ...printed } = JSON.parse(cli.stdout) as Record<string, unknown>;
      expect(firstDifference(frozen, printed)).toBeNull();

      // The CSV: the same totals, per college and channel, and no member.
      const csv = await download(s, ballotsRoute, id, "ballots.csv");
      expect(csv.status).toBe(200);
      expect(csv.response.headers.get("Content-Disposition")).toContain("-totaux-");
      const lines = csv.text.replace(/^\uFEFF/, "").trimEnd().split(/\r?\n/);
      expect(lines[0]).toBe("college;canal;pour;contre;abstention");
      expect(lines).toHaveLength(1 + file.totals.length);
      expect(lines).toContain("Salariés;paper;2;1;0");
      for (const who of membersOf(s)) expect(csv.text).not.toContain(who);

      // The box as members download it passes the offline verifier, its result included.
      const box = await download(s, boxRoute, id, "box.json");
      const boxFile = path.join(tmp, `box-${id}.json`);
      writeFileSync(boxFile, box.text);
      const verified = await runScript("db/verify.ts", boxFile, "--threads", "2", "--box-hash", election.box_hash!, "--head", election.head!);
      expect(verified.stderr).toBe("");
      expect(verified.status).toBe(0);
      expect(verified.stdout).toContain("it matches the published result, field by field.");
      expect(verified.stdout).toContain(`box hash: ${election.box_hash} (the expected hash)`);
    },
    SLOW,
  );
});

describe("the exports of a secret vote held before encrypted ballots", () => {
  it(
    "give the sums of its anonymous ballots, never one ballot or its weight",
    async () => {
      const s = await makeVotingScic(db, 3);
      await varyWeights(s);
      // Cast as an open vote, then made what such a vote was: ballots without member, rule secret.
      const { id, ruleId } = await makeOpenResolution(db, s, { rule: { ...PRESETS["scic-sa-ago"].rule, secret: false, proxyCap: 1 } });
      await castAll(s, id);
      await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
      await db.updateTable("ballot").set({ member_id: null, cast_by_member_id: null, channel: null }).where("resolution_id", "=", id).execute();
      await db.updateTable("voting_rule").set({ secret: 1 }).where("id", "=", ruleId).execute();

      const got = await download(s, tallyRoute, id, "tally.json");
      expect(got.status).toBe(200);
      const file = JSON.parse(got.text) as Record<string, unknown> & { totals: Record<string, string>[] };
      expectNoBallot(file, s, got.text);
      expect(new Set(file.totals.map((t) => t.channel))).toEqual(new Set(["ballots"]));
      expect(firstDifference(await frozenTally(id), recompute(file))).toBeNull();

      const csv = await download(s, ballotsRoute, id, "ballots.csv");
      expect(csv.text.replace(/^\uFEFF/, "").trimEnd().split(/\r?\n/)).toHaveLength(1 + file.totals.length);
      for (const who of membersOf(s)) expect(csv.text).not.toContain(who);
    },
    SLOW,
  );
});
