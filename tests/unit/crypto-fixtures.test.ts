/**
 * The public worked examples through encryption (issue 11, acceptance): every accepted ballot of
 * each example is encrypted with app/crypto, the box is summed homomorphically and decrypted by
 * its two trustees, and the decrypted per-college totals, fed to the engine as the totals form of
 * the tally file, must give exactly the example's .expected.json — the open tally of the same
 * ballots. No single ballot is decrypted.
 */
import { describe, expect, it } from "vitest";
import { buildBallot } from "~/crypto/ballot";
import { ballotTracker, chainLink, chainStart, type BoxJson } from "~/crypto/box";
import { decodeParameters, makeParameters } from "~/crypto/parameters";
import { tallyWithSecrets } from "~/crypto/tally";
import { generateTrusteeKey } from "~/crypto/trustee";
import { WEIGHT_SCALE } from "~/domain/members";
import { Rational } from "~/domain/rational";
import { boxTotals, NO_COLLEGE, screenBallots, tallyFile, totalsFormJson, type TallyFile, type TotalsTallyFile } from "~/domain/tally-file";
import { parseTallyFile } from "~/schemas/tally-file";
import { ballotsFixtures, differences, expectedOf, readJson } from "../helpers/tally-fixtures";

const ELECTION = "fixtures";
const ANSWERS = ["for", "against", "abstain"];
// One pair of trustee keys for every example: generating keys is not what is tested here.
const trustees = [generateTrusteeKey(ELECTION, "chair"), generateTrusteeKey(ELECTION, "secretary")];
const SLOW = 120_000;

function ballotsForm(json: unknown): TallyFile {
  const parsed = parseTallyFile(json);
  if (!parsed.ok) throw new Error(parsed.error);
  if ("totals" in parsed.file) throw new Error("expected a ballots form");
  return parsed.file;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * The smallest k such that every weight × k is a whole number of millionths: 1 when the weights
 * are in millionths already (as every weight the app stores), else the weights are scaled by k
 * and the totals divided back by k.
 */
function scaleFor(weights: readonly Rational[]): bigint {
  return weights.reduce((k, w) => {
    const den = w.mul(Rational.of(WEIGHT_SCALE)).den;
    return (k * den) / gcd(k, den);
  }, 1n);
}

/**
 * Encrypts the accepted ballots of a ballots form, tallies and decrypts the box, and returns the
 * totals form the decrypted totals give (with the participation figures of the quorum).
 */
function throughEncryption(file: TallyFile): { totals: TotalsTallyFile; scale: bigint; ballots: number } {
  const { accepted, participation } = screenBallots(file);
  const scale = scaleFor(accepted.map((b) => b.weight));
  const known = new Set(file.colleges.map((c) => c.id));
  const micro = (w: Rational) => {
    const m = w.mul(Rational.of(WEIGHT_SCALE * scale));
    if (m.den !== 1n) throw new Error(`weight ${w} is not whole after scaling by ${scale}`);
    return m.num;
  };
  // Ballots with no college, or one the file does not list (headcount only), go to the box's college "none".
  const votes = accepted.map((b) => ({ college: b.college !== undefined && known.has(b.college) ? b.college : NO_COLLEGE, weightMicro: micro(b.weight), choice: ANSWERS.indexOf(b.choice) }));
  const colleges = [...file.colleges.map((c) => c.id), ...(votes.some((v) => v.college === NO_COLLEGE) ? [NO_COLLEGE] : [])];
  const parameters = makeParameters({
    electionId: ELECTION,
    question: { answers: ANSWERS, min: 1, max: 1 },
    trustees: trustees.map((t) => t.key),
    colleges: colleges.map((id) => {
      const counts = new Map<bigint, number>();
      for (const v of votes) if (v.college === id) counts.set(v.weightMicro, (counts.get(v.weightMicro) ?? 0) + 1);
      return { id, weight: file.colleges.find((c) => c.id === id)?.weight.toString() ?? "0", voters: [...counts].map(([weightMicro, count]) => ({ weightMicro, count })) };
    }),
    electorateHash: "ab".repeat(32),
  });
  const box: BoxJson = { parameters, ballots: [], head: chainStart(decodeParameters(parameters).hash), tally: null };
  for (const v of votes) {
    const ballot = buildBallot({ electionId: ELECTION, electionKey: parameters.electionKey, college: v.college, weightMicro: v.weightMicro, choice: v.choice, nChoices: 3 });
    const tracker = ballotTracker(ballot);
    box.head = chainLink(box.head, tracker);
    box.ballots.push({ tracker, hash: box.head, ballot });
  }
  const tally = tallyWithSecrets(box, trustees.map((t) => t.secretKey));
  const back = Rational.of(1n, scale);
  const totals = boxTotals(parameters.question.answers, tally.colleges, known).map((t) => ({ ...t, for: t.for.mul(back), against: t.against.mul(back), abstain: t.abstain.mul(back) }));
  return {
    totals: { rule: file.rule, colleges: file.colleges, totals, ...(participation ? { participation } : {}), ballots: [], proxies: [] },
    scale,
    ballots: votes.length,
  };
}

/** The totals form as a file: written out and read back as `npm run tally` would. */
function tallied(totals: TotalsTallyFile) {
  const parsed = parseTallyFile(JSON.parse(JSON.stringify(totalsFormJson(totals))));
  if (!parsed.ok) throw new Error(parsed.error);
  return tallyFile(parsed.file);
}

const examples = [...ballotsFixtures()];

describe("the worked examples, encrypted, summed homomorphically and decrypted", () => {
  it("are there", () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples.map(([name, file]) => [name, String(scaleFor(screenBallots(ballotsForm(readJson(file))).accepted.map((b) => b.weight))), file] as const))(
    "%s gives its .expected.json (weights × %s are whole millionths)",
    (name, expectedScale, file) => {
      const open = ballotsForm(readJson(file));
      const { totals, scale, ballots } = throughEncryption(open);
      expect(String(scale)).toBe(expectedScale);
      expect(ballots).toBe(screenBallots(open).accepted.length);
      const result = tallied(totals);
      expect(differences(result, expectedOf(file)), name).toEqual([]);
      // And field by field the open tally of the same ballots, rejected ones aside.
      const { rejectedBallots: _, ...fromBallots } = tallyFile(open);
      expect(result).toEqual({ ...fromBallots, rejectedBallots: [] });
    },
    SLOW,
  );

  it(
    "weights that are no whole number of millionths (1/3, 1/7): scaled by a common factor, totals divided back, same result",
    () => {
      const [, file] = examples.find(([name]) => name.includes("proportional")) ?? examples[0]!;
      const base = readJson(file!) as { ballots: Record<string, unknown>[] };
      const weights = ["1/3", "2.5", "1/7", "1"];
      const json = { ...base, ballots: base.ballots.map((b, i) => ({ ...b, weight: weights[i % weights.length] })) };
      const open = ballotsForm(json);
      const { totals, scale } = throughEncryption(open);
      expect(scale).toBe(21n);
      const { rejectedBallots: _, ...fromBallots } = tallyFile(open);
      expect(tallied(totals)).toEqual({ ...fromBallots, rejectedBallots: [] });
    },
    SLOW,
  );
});
