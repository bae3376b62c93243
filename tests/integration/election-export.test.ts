// What a closed election publishes (issue 15: "An election tally file runs through `npm run tally`
// and reproduces the page's figures"): its tally file, downloaded as the route serves it, is the
// election form of docs/election-file.md — ballots by voter for an open election, per-college and
// candidate totals for a secret one — and the real command recounts it to the frozen result the
// results page shows, candidate by candidate. A secret election's box passes `npm run verify`,
// its result recounted per candidate. The elected take their seats in the organ. Elections are
// not voted by post.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { checkBoxResult, firstDifference } from "#db/verify-result";
import { verifyBox } from "~/crypto/verify";
import { PRESETS, type VotingRule } from "~/domain/rules";
import * as ballotsRoute from "~/routes/entity.resolution.ballots";
import * as boxRoute from "~/routes/entity.resolution.box";
import * as tallyRoute from "~/routes/entity.resolution.tally";
import { listCandidacies } from "~/queries/seat-elections.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { addAgendaItem } from "~/services/meetings.server";
import { createOrgan } from "~/services/organs.server";
import type { FrozenResult } from "~/services/resolution-result.server";
import { closeResolution, openResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { createElection, enterCandidacy } from "~/services/seat-elections.server";
import { castVote, giveProxy } from "~/services/voting.server";
import { run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { meetingSetup } from "../helpers/meetings";
import { SECRET_RULE } from "../helpers/secret";
import { runScript, SLOW } from "../helpers/tally-fixtures";
import { makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});
const tmp = mkdtempSync(path.join(tmpdir(), "cogere-election-export-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Scic = Awaited<ReturnType<typeof makeVotingScic>>;
type Mark = "for" | "against" | "abstain";

interface Setup {
  rule: VotingRule;
  seats: number;
  method?: "plurinominal" | "approval";
  tieBreak?: "age" | "seniority" | "lot";
  reserved?: { college: string; seats: number }[];
  /** Candidates: [college, member index, born on]. */
  candidates: [string, number, string | null][];
}

/** An election drafted for a board of 5 seats (reserving what the election reserves), its candidacies entered, open. */
async function openElection(s: Scic, setup: Setup) {
  const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "Élections", preset: null, rule: setup.rule });
  const organReserved = (setup.reserved ?? []).map((r) => ({ collegeId: s.colleges[r.college]!, text: String(r.seats) }));
  const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: { name: "Conseil coopératif", kind: "cooperative-board", seats: 5, termMonths: 36, ruleId: null, reserved: organReserved } });
  const { id } = await createElection(db, {
    entityId: s.id,
    actorId: s.admin.id,
    resolution: { number: "E1", title: "Élection du conseil", body: "Sièges à pourvoir.", note: null, ruleId, kind: "ordinary", recommendation: null },
    setup: {
      organId,
      seats: setup.seats,
      method: setup.method ?? "plurinominal",
      rounds: 2,
      absoluteMajority: false,
      tieBreak: setup.tieBreak ?? "age",
      candidacyDeadline: null,
      reserved: (setup.reserved ?? []).map((r) => ({ collegeId: s.colleges[r.college]!, seats: r.seats })),
    },
  });
  for (const [college, i, bornOn] of setup.candidates) await enterCandidacy(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id, memberId: s.people[college]![i]!.memberId, bornOn });
  await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
  const candidacies = (await listCandidacies(db, id)).map((c) => c.id);
  return { id, organId, candidacies };
}

/** A ballot's marks from the candidacies it marks (by index). */
function marksOf(candidacies: string[], marks: Record<number, Mark>): Record<string, Mark> {
  return Object.fromEntries(Object.entries(marks).map(([i, m]) => [candidacies[Number(i)]!, m]));
}

async function download(s: Scic, route: { loader: (args: never) => unknown }, id: string, file: string) {
  const token = await signIn(db, s.admin.email, PASSWORD);
  const answer = await run(route.loader as never, db, { path: `/o/${s.slug}/resolutions/${id}/${file}`, token, params: { slug: s.slug, resolutionId: id } });
  return { status: statusOf(answer), text: answer instanceof Response ? await answer.text() : "" };
}

async function frozenOf(id: string): Promise<FrozenResult> {
  const r = await db.selectFrom("resolution").select("result").where("id", "=", id).executeTakeFirstOrThrow();
  return JSON.parse(r.result!) as FrozenResult;
}

/** `npm run tally` on the downloaded file, as a user runs it: its printed result. */
async function tallyCli(text: string, name: string): Promise<Record<string, unknown>> {
  const saved = path.join(tmp, name);
  writeFileSync(saved, text);
  const cli = await runScript("db/tally.ts", saved);
  expect(cli.stderr).toBe("");
  expect(cli.status).toBe(0);
  return JSON.parse(cli.stdout) as Record<string, unknown>;
}

type CandidateJson = { id: string; for: string; share: string | null; percent: string | null; elected: boolean };

/** The command's figures are the page's: every candidate's for, share and elected, the elected, and every other field. */
function expectSameResult(printed: Record<string, unknown>, frozen: FrozenResult) {
  const page = frozen.election!.result;
  const { rejectedBallots, ...result } = printed;
  expect(rejectedBallots).toEqual([]);
  const figures = (r: Record<string, unknown>) => (r.candidates as CandidateJson[]).map((c) => ({ id: c.id, for: c.for, share: c.share, percent: c.percent, elected: c.elected }));
  expect(figures(result)).toEqual(figures(page));
  expect(result.elected).toEqual(page.elected);
  expect(firstDifference(page, result)).toBeNull();
}

/** The organ's running mandates: the elected, appointed by this election. */
async function expectSeated(organId: string, resolutionId: string, memberIds: string[]) {
  const mandates = await db.selectFrom("mandate").selectAll().where("organ_id", "=", organId).where("ended_on", "is", null).execute();
  expect(mandates.map((m) => m.member_id).sort()).toEqual([...memberIds].sort());
  for (const m of mandates) {
    expect(m.appointed_by).toBe("election");
    expect(m.resolution_id).toBe(resolutionId);
  }
}

const OPEN_RULE: VotingRule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false, proxyCap: 1 };

describe("the tally file of an open election", () => {
  it(
    "holds every ballot by voter and, through npm run tally, gives the figures of the results page; the elected are seated",
    async () => {
      const s = await makeVotingScic(db, 3);
      await db.updateTable("member").set({ voting_weight_micro: 2_500_000 }).where("id", "=", s.people["Entreprises"]![1]!.memberId).execute();
      // Three seats, one of them reserved to Salariés; five candidates (ages for the tie-break).
      const { id, organId, candidacies } = await openElection(s, {
        rule: OPEN_RULE,
        seats: 3,
        reserved: [{ college: "Salariés", seats: 1 }],
        candidates: [
          ["Associations", 0, "1970-01-31"],
          ["Entreprises", 0, "1980-05-02"],
          ["Collectivités", 0, null],
          ["Salariés", 0, "1990-07-14"],
          ["Salariés", 1, "1985-03-03"],
        ],
      });
      const P = s.people;
      // [college, member index, approvals by candidacy index]: a blank ballot too.
      const votes: [string, number, number[]][] = [
        ["Associations", 0, [0, 1]],
        ["Associations", 1, [0, 4]],
        ["Associations", 2, [1]],
        ["Entreprises", 0, [1, 2, 3]],
        ["Entreprises", 1, [0]], // weight 2.5
        ["Collectivités", 0, [2, 0]],
        ["Collectivités", 1, []], // blank
        ["Salariés", 0, [3, 0]],
        ["Salariés", 1, [4]],
      ];
      for (const [college, i, picked] of votes) {
        await castVote(db, { entityId: s.id, userId: P[college]![i]!.userId, resolutionId: id, marks: marksOf(candidacies, Object.fromEntries(picked.map((k) => [k, "for" as const]))) });
      }
      // Salariés 2 votes through Collectivités 2, in the principal's college.
      await giveProxy(db, { entityId: s.id, userId: P["Salariés"]![2]!.userId, resolutionId: id, holderMemberId: P["Collectivités"]![2]!.memberId });
      await castVote(db, { entityId: s.id, userId: P["Collectivités"]![2]!.userId, resolutionId: id, marks: marksOf(candidacies, { 3: "for" }), forMemberId: P["Salariés"]![2]!.memberId });
      expect((await download(s, tallyRoute, id, "tally.json")).status).toBe(404);
      await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });

      const got = await download(s, tallyRoute, id, "tally.json");
      expect(got.status).toBe(200);
      const file = JSON.parse(got.text) as {
        election: Record<string, unknown>;
        candidates: Record<string, unknown>[];
        ballots: Record<string, unknown>[];
        proxies: unknown[];
        electorate: unknown[];
      };
      // The election form: the rule as counted, the seed of the draw, candidates by candidacy id.
      expect(file).not.toHaveProperty("rule");
      expect(file.election).toMatchObject({ method: "plurinominal", seats: 3, seatsPerCollege: [{ college: s.colleges["Salariés"], seats: 1 }], weighting: "proportional", round: 1, absoluteMajority: false, base: "cast", tieBreak: "age", proxy: { maxPerHolder: 1 } });
      expect(file.election.seed).toMatch(/^[0-9a-f]{64}$/);
      expect(file.candidates.map((c) => c.id)).toEqual(candidacies);
      // Birth dates are given with the candidacies, but the file (every member may download it)
      // carries only those of candidates whose tie the age broke: the only ones the count reads.
      const r = await db.selectFrom("resolution").select("result").where("id", "=", id).executeTakeFirstOrThrow();
      const ties = (JSON.parse(r.result!).election.result.tieBreaks as { candidates: string[]; by: string[] }[]).filter((x) => x.by[0] === "age");
      const aged = new Set(ties.flatMap((x) => x.candidates));
      expect(file.candidates[0]).toMatchObject({ id: candidacies[0], name: "Associations 0", college: s.colleges["Associations"] });
      for (const c of file.candidates) if (!aged.has(c.id as string)) expect(c).not.toHaveProperty("bornOn");
      // Here a tie for the last seat went to the age: the tied candidate who gave a date has it.
      expect(file.candidates.some((c) => aged.has(c.id as string) && typeof c.bornOn === "string")).toBe(true);
      expect(file.candidates.every((c) => !("memberSince" in c))).toBe(true);
      // Each ballot by voter, as a resolution's file writes them; the proxy's with its holder.
      expect(file.ballots).toHaveLength(votes.length + 1);
      expect(file.ballots).toContainEqual(expect.objectContaining({ voter: P["Entreprises"]![1]!.memberId, college: s.colleges["Entreprises"], weight: "2.5", approvals: [candidacies[0]] }));
      expect(file.ballots).toContainEqual(expect.objectContaining({ voter: P["Collectivités"]![1]!.memberId, approvals: [] }));
      expect(file.ballots).toContainEqual(expect.objectContaining({ voter: P["Salariés"]![2]!.memberId, college: s.colleges["Salariés"], castBy: P["Collectivités"]![2]!.memberId, approvals: [candidacies[3]] }));
      expect(file.ballots.find((b) => b.voter === P["Collectivités"]![0]!.memberId)!.approvals).toEqual([candidacies[0], candidacies[2]]);
      expect(file.proxies).toEqual([{ principal: P["Salariés"]![2]!.memberId, holder: P["Collectivités"]![2]!.memberId }]);
      expect(file.electorate).toHaveLength(12);

      const frozen = await frozenOf(id);
      const printed = await tallyCli(got.text, `open-${id}.json`);
      expectSameResult(printed, frozen);
      // Three elected, one of them on the seat reserved to Salariés.
      expect((printed.elected as string[]).length).toBe(3);
      const reserved = (printed.candidates as { id: string; reservedSeat: boolean; college?: string }[]).filter((c) => c.reservedSeat);
      expect(reserved.map((c) => c.college)).toEqual([s.colleges["Salariés"]]);
      expect(frozen.tally).toMatchObject({ adopted: true, reason: "elected" });
      const electedMembers = (printed.elected as string[]).map((c) => frozen.election!.candidates.find((x) => x.id === c)!.memberId);
      await expectSeated(organId, id, electedMembers);
    },
    SLOW,
  );

  it(
    "gives the seed the app drew with: a tie for the last seat broken by lot is drawn the same by npm run tally",
    async () => {
      const s = await makeVotingScic(db, 2);
      const { id, organId, candidacies } = await openElection(s, { rule: OPEN_RULE, seats: 1, tieBreak: "lot", candidates: [["Associations", 0, null], ["Entreprises", 0, null]] });
      // One approval each in every college: a perfect tie.
      for (const [college, i] of [["Associations", 0], ["Entreprises", 0], ["Collectivités", 0], ["Salariés", 0]] as const) {
        await castVote(db, { entityId: s.id, userId: s.people[college]![i]!.userId, resolutionId: id, marks: marksOf(candidacies, { 0: "for" }) });
      }
      for (const [college, i] of [["Associations", 1], ["Entreprises", 1], ["Collectivités", 1], ["Salariés", 1]] as const) {
        await castVote(db, { entityId: s.id, userId: s.people[college]![i]!.userId, resolutionId: id, marks: marksOf(candidacies, { 1: "for" }) });
      }
      await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
      const frozen = await frozenOf(id);
      const tieBreaks = frozen.election!.result.tieBreaks as { by: string[]; seed: string }[];
      expect(tieBreaks).toHaveLength(1);
      expect(tieBreaks[0]!.by).toEqual(["lot"]);

      const got = await download(s, tallyRoute, id, "tally.json");
      const file = JSON.parse(got.text) as { election: { seed: string }; candidates: Record<string, unknown>[] };
      expect(file.election.seed).toBe(tieBreaks[0]!.seed);
      // The lot reads no date: none is given.
      expect(file.candidates.every((c) => !("bornOn" in c) && !("memberSince" in c))).toBe(true);
      const printed = await tallyCli(got.text, `lot-${id}.json`);
      expectSameResult(printed, frozen);
      await expectSeated(organId, id, [frozen.election!.candidates.find((c) => c.id === (printed.elected as string[])[0])!.memberId]);
    },
    SLOW,
  );

  it(
    "an approval election: each ballot's choices per candidate, recounted to the page's figures",
    async () => {
      const s = await makeVotingScic(db, 2);
      const { id, organId, candidacies } = await openElection(s, { rule: OPEN_RULE, seats: 2, method: "approval", candidates: [["Associations", 0, null], ["Entreprises", 0, null], ["Salariés", 0, null]] });
      const ballots: [string, number, Record<number, Mark>][] = [
        ["Associations", 0, { 0: "for", 1: "against" }],
        ["Associations", 1, { 0: "for", 2: "for" }],
        ["Entreprises", 0, { 1: "for", 2: "against" }],
        ["Collectivités", 0, { 0: "against", 1: "for" }],
        ["Salariés", 0, {}],
        ["Salariés", 1, { 2: "for", 0: "for" }],
      ];
      for (const [college, i, marks] of ballots) await castVote(db, { entityId: s.id, userId: s.people[college]![i]!.userId, resolutionId: id, marks: marksOf(candidacies, marks) });
      await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
      const got = await download(s, tallyRoute, id, "tally.json");
      const file = JSON.parse(got.text) as { election: Record<string, unknown>; ballots: { voter: string; choices: Record<string, Mark> }[] };
      expect(file.ballots).toHaveLength(ballots.length);
      expect(file.election).toMatchObject({ method: "approval", threshold: "1/2", strict: true });
      expect(file.ballots.find((b) => b.voter === s.people["Associations"]![0]!.memberId)!.choices).toEqual({ [candidacies[0]!]: "for", [candidacies[1]!]: "against", [candidacies[2]!]: "abstain" });
      const frozen = await frozenOf(id);
      const printed = await tallyCli(got.text, `approval-${id}.json`);
      expectSameResult(printed, frozen);
      const elected = (printed.elected as string[]).map((c) => frozen.election!.candidates.find((x) => x.id === c)!.memberId);
      await expectSeated(organId, id, elected);
    },
    SLOW,
  );
});

describe("the exports of a secret election", () => {
  it(
    "the tally file holds per-college and candidate totals only and recounts to the page's figures; the box verifies per candidate",
    async () => {
      const s = await makeVotingScic(db, 2);
      await db.updateTable("member").set({ voting_weight_micro: 2_500_000 }).where("id", "=", s.people["Associations"]![1]!.memberId).execute();
      const { id, organId, candidacies } = await openElection(s, {
        rule: SECRET_RULE,
        seats: 2,
        tieBreak: "seniority",
        candidates: [["Associations", 0, null], ["Entreprises", 0, null], ["Collectivités", 0, null], ["Salariés", 0, null]],
      });
      const votes: [string, number, number[]][] = [
        ["Associations", 0, [0, 1]],
        ["Associations", 1, [0]], // weight 2.5
        ["Entreprises", 0, [1, 2]],
        ["Entreprises", 1, []], // blank
        ["Collectivités", 0, [2]],
        ["Salariés", 0, [3, 0]],
      ];
      for (const [college, i, picked] of votes) {
        await castVote(db, { entityId: s.id, userId: s.people[college]![i]!.userId, resolutionId: id, marks: marksOf(candidacies, Object.fromEntries(picked.map((k) => [k, "for" as const]))) });
      }
      await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
      const frozen = await frozenOf(id);
      // The page's turnout per college is the box's ballots; no for/against/abstain read from the box.
      for (const [college, n] of [["Associations", 2], ["Entreprises", 2], ["Collectivités", 1], ["Salariés", 1]] as const) {
        const c = frozen.colleges.find((x) => x.id === s.colleges[college])!;
        expect(c.voted).toBe(n);
        expect(c.ballots).toBeNull();
      }
      expect(frozen.voted).toBe(votes.length);

      const got = await download(s, tallyRoute, id, "tally.json");
      expect(got.status).toBe(200);
      const file = JSON.parse(got.text) as Record<string, unknown> & { totals: { college?: string; channel: string; ballots: string; marks: { candidate: string; for: string }[] }[]; candidates: Record<string, unknown>[]; $resolution: Record<string, unknown> };
      for (const key of ["ballots", "electorate", "proxies", "participants"]) expect(file, key).not.toHaveProperty(key);
      // No voter named: candidates are the only members of the file.
      for (const [college, i] of votes) if (i > 0) expect(got.text).not.toContain(s.people[college]![i]!.memberId);
      expect(got.text).not.toContain(s.admin.email);
      const associations = file.totals.find((t) => t.college === s.colleges["Associations"])!;
      expect(associations).toEqual({ college: s.colleges["Associations"], channel: "ballot-box", ballots: "3.5", marks: candidacies.map((c, k) => ({ candidate: c, for: ["3.5", "1", "0", "0"][k] })) });
      // The seniority's dates only for candidates whose tie it broke (none here); never a birth date.
      const senior = new Set(((frozen.election!.result.tieBreaks ?? []) as { candidates: string[]; by: string[] }[]).filter((x) => x.by[0] === "seniority").flatMap((x) => x.candidates));
      for (const c of file.candidates) {
        expect("memberSince" in c).toBe(senior.has(c.id as string));
        expect(c).not.toHaveProperty("bornOn");
      }
      const election = await db.selectFrom("election").selectAll().where("resolution_id", "=", id).executeTakeFirstOrThrow();
      expect(file.$resolution.boxHash).toBe(election.box_hash);

      const printed = await tallyCli(got.text, `secret-${id}.json`);
      expectSameResult(printed, frozen);
      const elected = (printed.elected as string[]).map((c) => frozen.election!.candidates.find((x) => x.id === c)!.memberId);
      expect(elected).toHaveLength(2);
      await expectSeated(organId, id, elected);

      // The CSV: the same totals, a line per college and candidate, no voter.
      const csv = await download(s, ballotsRoute, id, "ballots.csv");
      expect(csv.status).toBe(200);
      const lines = csv.text.replace(/^\uFEFF/, "").trimEnd().split(/\r?\n/);
      expect(lines[0]).toBe("college;canal;candidat;pour");
      expect(lines).toHaveLength(1 + file.totals.length * candidacies.length);
      expect(lines).toContain("Associations;ballot-box;Associations 0;3.5");
      for (const [college, i] of votes) if (i > 0) expect(csv.text).not.toContain(s.people[college]![i]!.name);

      // The box as members download it: its result describes the election, and npm run verify recounts it.
      const boxDownload = await download(s, boxRoute, id, "box.json");
      expect(boxDownload.status).toBe(200);
      const box = JSON.parse(boxDownload.text) as Record<string, unknown> & { result: Record<string, unknown> };
      expect(box.result).toMatchObject({ election: file.election, candidates: file.candidates, totals: file.totals, published: frozen.election!.result });
      const boxFile = path.join(tmp, `box-${id}.json`);
      writeFileSync(boxFile, boxDownload.text);
      const verified = await runScript("db/verify.ts", boxFile, "--threads", "2", "--box-hash", election.box_hash!);
      expect(verified.stderr).toBe("");
      expect(verified.status).toBe(0);
      expect(verified.stdout).toContain("the election recounted from the decrypted totals");
      expect(verified.stdout).toContain("2 elected for 2 seats");
      expect(verified.stdout).toContain("it matches the published result, field by field.");

      // A published figure changed, or totals that are not the box's: the check names the field.
      const { result, ...plain } = box;
      const outcome = verifyBox(plain);
      if (!outcome.ok) throw new Error(outcome.error);
      const parameters = plain.parameters as { question: { answers: string[] }; colleges: { id: string; weight: string }[] };
      const colleges = outcome.colleges.map((c) => ({ id: c.id, totals: c.totals!, weightMicro: c.weightMicro }));
      const check = (r: unknown) => checkBoxResult(r, parameters.question.answers, parameters.colleges, colleges);
      expect(check(result)).toMatchObject({ ok: true, election: true });
      const published = structuredClone(result.published) as { candidates: { for: string }[] };
      published.candidates[0]!.for = "7";
      expect(check({ ...result, published })).toEqual({ ok: false, error: expect.stringMatching(/^result\.published\.candidates\[0\]\.for is "7", but the totals of the box give /) });
      const totals = structuredClone(result.totals) as { ballots: string }[];
      totals[0]!.ballots = "99";
      expect(check({ ...result, totals })).toEqual({ ok: false, error: expect.stringMatching(/^result\.totals\[0\]\.ballots is "99", but the box's decrypted totals give /) });
      expect(check({ ...result, candidates: (result.candidates as unknown[]).slice(1) })).toMatchObject({ ok: false, error: expect.stringContaining("are not the box's answers") });
    },
    SLOW,
  );
});

describe("an election at a meeting", () => {
  it("is not voted by post, online or on paper: refused on resolutionId", async () => {
    for (const secret of [false, true]) {
      const s = await meetingSetup(db, { secret });
      const { id: organId } = await createOrgan(db, { entityId: s.id, actorId: s.admin.id, organ: { name: "Conseil", kind: "board", seats: 3, termMonths: null, ruleId: null, reserved: [] } });
      const { id } = await createElection(db, {
        entityId: s.id,
        actorId: s.admin.id,
        resolution: { number: "2", title: "Élection du conseil", body: "Deux sièges.", note: null, ruleId: s.ruleId, kind: "ordinary", recommendation: null },
        setup: { organId, seats: 2, method: "plurinominal", rounds: 1, absoluteMajority: false, tieBreak: "age", candidacyDeadline: null, reserved: [] },
      });
      await addAgendaItem(db, { entityId: s.id, meetingId: s.meetingId, title: "Élection du conseil", description: null, resolutionId: id });
      const voter = s.people["Associations"]![0]!;
      for (const source of ["online", "paper"] as const) {
        await expect(castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: voter.memberId, resolutionId: id, choice: "for", source, receivedAt: new Date() })).rejects.toMatchObject({
          key: "elections.errors.noPostal",
          status: 422,
          field: "resolutionId",
        });
      }
      expect(await db.selectFrom("postal_vote").selectAll().where("resolution_id", "=", id).execute()).toEqual([]);
      // The meeting's motion still takes postal votes.
      await castPostalVote(db, { entity: s.entity, meetingId: s.meetingId, memberId: voter.memberId, resolutionId: s.resolutionId, choice: "for", source: "online" });
    }
  }, SLOW);
});
