/**
 * `npm run verify -- BOX.json` as anyone runs it, offline (docs/ballot-box.md §9): a real box is
 * built with app/crypto (two trustees, weighted ballots in three colleges, paper counts entered in
 * the room, a quorum), its result computed by the engine from the plaintext votes; the command
 * passes on it and fails, naming what fails, on every kind of tampering.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ballotTracker, chainLink, chainStart, type BoxJson } from "~/crypto/box";
import { hashJson } from "~/crypto/encoding";
import { parametersHash } from "~/crypto/parameters";
import { Rational } from "~/domain/rational";
import { amountText, tallyFile, totalsJson, type TallyFileTotals } from "~/domain/tally-file";
import { parseTallyFile } from "~/schemas/tally-file";
import { buildSecretBox, votersOf, type SecretVote } from "../helpers/secret-box";
import { runScript, SLOW } from "../helpers/tally-fixtures";

const tmp = mkdtempSync(path.join(tmpdir(), "cogere-verify-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const M = 1_000_000n;
const colleges = [
  { id: "C1", name: "Salariés", weight: "3/10", weights: [M, M, M, M, 2_500_000n] },
  { id: "C2", name: "Usagers", weight: "1/2", weights: [M, M, M, 333_333n, 333_333n, 333_333n] },
  { id: "C3", name: "Collectivités", weight: "1/5", weights: [M, M] },
];
const votes: SecretVote[] = [
  { college: "C1", weightMicro: M, choice: "for" },
  { college: "C1", weightMicro: M, choice: "for" },
  { college: "C1", weightMicro: 2_500_000n, choice: "against" },
  { college: "C1", weightMicro: M, choice: "abstain" },
  { college: "C2", weightMicro: M, choice: "against" },
  { college: "C2", weightMicro: 333_333n, choice: "for" },
  { college: "C2", weightMicro: 333_333n, choice: "for" },
  { college: "C2", weightMicro: M, choice: "for" },
];
// Paper ballots counted by the scrutineers (C3 voted on paper only).
const extra = [
  { college: "C3", channel: "paper", for: "1", against: "1", abstain: "0" },
  { college: "C2", channel: "paper", for: "0", against: "1", abstain: "0" },
];
const rule = { method: "proportional", base: "cast", threshold: "1/2", strict: true, emptyCollege: "neutralise", headcountBelowColleges: 0, quorum: { fraction: "1/4", basis: "headcount" } };
const participation = { eligible: "13", present: "11" };

/** The result the engine gives from the plaintext votes (summed here, never decrypted) and the paper counts. */
function publishedFromPlaintext() {
  const totals: TallyFileTotals[] = colleges.map((c) => {
    const t: TallyFileTotals = { college: c.id, for: Rational.ZERO, against: Rational.ZERO, abstain: Rational.ZERO };
    for (const v of votes) if (v.college === c.id) t[v.choice] = t[v.choice].add(Rational.of(v.weightMicro, M));
    return t;
  });
  const parsed = parseTallyFile({ rule, colleges: colleges.map(({ id, name, weight }) => ({ id, name, weight })), totals: [...totals.map(totalsJson), ...extra], participation });
  if (!parsed.ok) throw new Error(parsed.error);
  const { rejectedBallots: _, ...published } = tallyFile(parsed.file);
  return published;
}

let built: ReturnType<typeof buildSecretBox>;
let published: Record<string, unknown>;

beforeAll(() => {
  built = buildSecretBox({
    electionId: "resolution-42",
    colleges: colleges.map((c) => ({ id: c.id, weight: c.weight, voters: votersOf(c.weights) })),
    votes,
    trustees: ["chair", "secretary"],
  });
  published = publishedFromPlaintext();
}, SLOW);

type BoxFile = BoxJson & { result: Record<string, unknown> | null };

/** A fresh copy of the closed box with its result member, as the app publishes it. */
function boxFile(): BoxFile {
  const result = { rule, colleges: colleges.map(({ id, name, weight }) => ({ id, name, weight })), extra, participation, published };
  return structuredClone({ ...built.box, result });
}

let n = 0;
async function verify(file: unknown, ...options: string[]) {
  const name = path.join(tmp, `box-${++n}.json`);
  writeFileSync(name, JSON.stringify(file));
  return { name, ...(await runScript("db/verify.ts", name, "--threads", "2", ...options)) };
}

/** What a thorough forger does after changing ballots: trackers, chain and head recomputed. */
function rechain(box: BoxJson): void {
  let link = chainStart(parametersHash(box.parameters));
  for (const entry of box.ballots) {
    entry.tracker = ballotTracker(entry.ballot);
    entry.hash = link = chainLink(link, entry.tracker);
  }
  box.head = link;
}

function expectFailure(run: Awaited<ReturnType<typeof verify>>, message: RegExp) {
  expect(run.stdout).toBe("");
  expect(run.stderr).toContain(`${run.name}: verification FAILED: `);
  expect(run.stderr).toMatch(message);
  expect(run.status).toBe(1);
}

describe("npm run verify", () => {
  it(
    "passes on the published box: proofs, chain, trackers, tally and the recomputed result",
    async () => {
      const box = boxFile();
      const run = await verify(box, "--head", box.head, "--tracker", built.trackers[0]!, "--tracker", built.trackers[7]!, "--receipt", built.links[3]!);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("verified");
      expect(run.stdout).toContain("ballots: 8, every proof holds (checked on 2 threads)");
      expect(run.stdout).toContain(`chain head: ${box.head} (the expected head)`);
      expect(run.stdout).toContain("trackers: 2 found in the box");
      // The decrypted totals of each college, in the box's units.
      const c1 = votes.filter((v) => v.college === "C1");
      const sum = (choice: string) => amountText(Rational.of(c1.filter((v) => v.choice === choice).reduce((a, v) => a + v.weightMicro, 0n), M));
      expect(run.stdout).toContain(`college C1: 4 ballots, weight 5.5: for ${sum("for")}, against ${sum("against")}, abstain ${sum("abstain")}`);
      expect(run.stdout).toContain("and 2 counts entered in the room");
      expect(run.stdout).toContain(`${published.adopted ? "adopted" : "not adopted"} (${String(published.reason)}): for ${String(published.for)}`);
      expect(run.stdout).toContain("it matches the published result, field by field.");
    },
    SLOW,
  );

  it(
    "passes on a box still open (no tally, result null)",
    async () => {
      const open = { ...boxFile(), tally: null, result: null };
      const run = await verify(open);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("tally: none yet");
      expect(run.stdout).toContain("result: none yet (null)");
    },
    SLOW,
  );

  it(
    "fails on one altered ciphertext: the tracker no longer matches the ballot",
    async () => {
      const box = boxFile();
      box.ballots[3]!.ballot.choices[0]!.alpha = box.ballots[4]!.ballot.choices[0]!.alpha;
      expectFailure(await verify(box), /ballot 4 \(tracker [0-9a-f]{64}\): the tracker is not the hash of the ballot/);
    },
    SLOW,
  );

  it(
    "fails on one altered ciphertext even with trackers and chain recomputed: its proof fails",
    async () => {
      const box = boxFile();
      box.ballots[5]!.ballot.choices[0]!.alpha = box.ballots[1]!.ballot.choices[0]!.alpha;
      rechain(box);
      expectFailure(await verify(box), /ballot 6 \(tracker [0-9a-f]{64}\): proof that choice 1 is 0 or 1 fails/);
    },
    SLOW,
  );

  it(
    "fails on a removed ballot: the chain breaks at the next one",
    async () => {
      const box = boxFile();
      box.ballots.splice(2, 1);
      expectFailure(await verify(box), /ballot 3 \(tracker [0-9a-f]{64}\): chain link [0-9a-f]{64} does not follow from the ballots before it/);
    },
    SLOW,
  );

  it(
    "fails on a removed ballot with the chain recomputed: against the published head, and against the tally",
    async () => {
      const box = boxFile();
      const head = box.head;
      box.ballots.splice(2, 1);
      rechain(box);
      expectFailure(await verify(box, "--head", head), /chain head [0-9a-f]{64} is not the expected head [0-9a-f]{64}: a ballot was removed, added or reordered/);
      expectFailure(await verify(box), /tally, college "C1": 4 ballots announced, the box holds 3/);
    },
    SLOW,
  );

  it(
    "fails on a changed published outcome, naming the field",
    async () => {
      const box = boxFile();
      box.result!.published = { ...published, adopted: !published.adopted };
      expectFailure(await verify(box), new RegExp(`result\\.published\\.adopted is ${!published.adopted}, but the totals of the box and result\\.extra give ${published.adopted}`));
    },
    SLOW,
  );

  it(
    "fails when a paper count no longer gives the published result",
    async () => {
      const box = boxFile();
      box.result!.extra = [{ ...extra[0]!, for: "2" }, extra[1]!];
      expectFailure(await verify(box), /result\.published\.(for|against|share|colleges\[2\]\.for) is /);
    },
    SLOW,
  );

  it(
    "fails on a wrong decryption share, naming the trustee",
    async () => {
      const box = boxFile();
      box.tally!.colleges[0]!.shares[1]![0] = box.tally!.colleges[1]!.shares[1]![0]!;
      expectFailure(await verify(box), /tally, college "C1": the decryption proof of trustee 2 \(secretary\) for choice 1 fails/);
    },
    SLOW,
  );

  it(
    "fails on a total that is not what its sum decrypts to, even re-tallied by a forger without the keys",
    async () => {
      const box = boxFile();
      box.tally!.colleges[1]!.totals[0] = "1666667";
      expectFailure(await verify(box), /tally, college "C2": the total 1666667 of choice 1 is not what its encrypted sum decrypts to/);
    },
    SLOW,
  );

  it(
    "fails when the result counts a college with another weight than the parameters froze",
    async () => {
      const box = boxFile();
      (box.result!.colleges as { weight: string }[])[0]!.weight = "2/5";
      expectFailure(await verify(box), /result\.colleges\[0\]\.weight "2\/5" is not the weight frozen in the box's parameters \("3\/10"\)/);
    },
    SLOW,
  );

  it(
    "checks the box hash shown with the result: the box without its result member",
    async () => {
      const box = boxFile();
      const { result: _, ...bare } = box;
      expect((await verify(box, "--box-hash", hashJson(bare))).status).toBe(0);
      expectFailure(await verify(box, "--box-hash", "0".repeat(64)), new RegExp(`the box's hash is ${hashJson(bare)}, not the expected 0{64}`));
    },
    SLOW,
  );

  it(
    "fails when a tallied box has no result, or a result comes without a tally",
    async () => {
      expectFailure(await verify({ ...boxFile(), result: null }), /result is null, yet the box is tallied/);
      expectFailure(await verify({ ...boxFile(), tally: null }), /result is given, yet the box has no tally/);
    },
    SLOW,
  );

  it(
    "fails on a tracker that is not in the box, and says how to use it without a file",
    async () => {
      const other = buildSecretBox({ electionId: "resolution-42", colleges: [{ id: "C1", weight: "1", voters: votersOf([M]) }], votes: [{ college: "C1", weightMicro: M, choice: "for" }], tally: false });
      expectFailure(await verify(boxFile(), "--tracker", other.trackers[0]!), new RegExp(`tracker ${other.trackers[0]} is not in the box`));
      const usage = await runScript("db/verify.ts");
      expect(usage.status).toBe(2);
      expect(usage.stderr).toMatch(/usage: npm run verify -- BOX\.json/);
    },
    SLOW,
  );
});
