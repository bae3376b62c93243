import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildBallot, type BallotJson } from "~/crypto/ballot";
import { ballotTracker, BallotBox, chainLink, chainStart, type BoxJson } from "~/crypto/box";
import { G, mulPublic, pointToHex } from "~/crypto/group";
import { parametersHash } from "~/crypto/parameters";
import { tallyWithSecrets } from "~/crypto/tally";
import { verifyBox } from "~/crypto/verify";
import { forgeBallot, makeVote, openBox, type Vote } from "./crypto-helpers";

const vote = makeVote({ trustees: ["server", "alice"] });

const ballotFor = (v: Vote, college: string, weightMicro: bigint, choice: number): BallotJson =>
  buildBallot({ electionId: v.electionId, electionKey: v.parameters.electionKey, college, weightMicro, choice, nChoices: 3 });

/** C1: 1, 1/3, 1/3 for, 1 against; C2: 2.5 abstain — then closed with both trustees. */
function filledBox(): { box: BallotBox; json: () => BoxJson } {
  const box = openBox(vote);
  const ballots: [string, bigint, number][] = [["C1", 1_000_000n, 0], ["C1", 333_333n, 0], ["C1", 333_333n, 0], ["C1", 1_000_000n, 1], ["C2", 2_500_000n, 2]];
  for (const [college, w, choice] of ballots) expect(box.accept(ballotFor(vote, college, w, choice)).ok).toBe(true);
  return { box, json: () => structuredClone(box.json) };
}

const open = filledBox();
const closed = filledBox();
tallyWithSecrets(closed.box.json, vote.secrets);

/** Recomputes trackers' chain links and the head after an edit, as a dishonest server would. */
function rechain(box: BoxJson, retrack = false): BoxJson {
  let link = chainStart(parametersHash(box.parameters));
  for (const entry of box.ballots) {
    if (retrack) entry.tracker = ballotTracker(entry.ballot);
    link = chainLink(link, entry.tracker);
    entry.hash = link;
  }
  box.head = link;
  return box;
}

const errorOf = (box: unknown, options = {}) => {
  const r = verifyBox(box, options);
  return r.ok ? null : r.error;
};

describe("an honest box", () => {
  it("verifies, open (no totals) and closed (exact totals per college, in millionths)", () => {
    const o = verifyBox(open.json());
    expect(o.ok && o.colleges.map((c) => [c.id, c.ballots, c.weightMicro, c.totals])).toEqual([
      ["C1", 4, 2_666_666n, null],
      ["C2", 1, 2_500_000n, null],
    ]);
    const c = verifyBox(JSON.parse(JSON.stringify(closed.json())), { head: closed.box.json.head, receipts: [closed.box.json.ballots[2]!.hash] });
    expect(c.ok && c.colleges.map((c) => c.totals)).toEqual([
      [1_666_666n, 1_000_000n, 0n],
      [0n, 0n, 2_500_000n],
    ]);
    expect(closed.json().tally!.colleges[0]!.totals).toEqual(["1666666", "1000000", "0"]);
  });

  it("totals equal the plaintext weighted sums on random electorates (2 trustees, exact weights)", () => {
    const electorate = fc.array(fc.record({ weight: fc.bigInt({ min: 1n, max: 4_000_000n }), count: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(electorate, electorate, fc.array(fc.nat(), { maxLength: 6 }), (a, b, picks) => {
        const dedupe = (xs: { weight: bigint; count: number }[]) => [...new Map(xs.map((x) => [x.weight, x])).values()];
        const colleges = [{ id: "A", voters: dedupe(a) }, { id: "B", voters: dedupe(b) }];
        const v = makeVote({ trustees: ["s", "t"], colleges: colleges.map((c) => ({ id: c.id, voters: c.voters.map((x) => [x.weight, x.count] as [bigint, number]) })) });
        const seats = colleges.flatMap((c) => c.voters.flatMap((x) => Array.from({ length: x.count }, () => ({ college: c.id, weight: x.weight }))));
        const box = openBox(v);
        const expected = new Map(colleges.map((c) => [c.id, [0n, 0n, 0n]]));
        picks.slice(0, seats.length).forEach((pick, i) => {
          const seat = seats[i]!;
          const choice = pick % 3;
          expect(box.accept(ballotFor(v, seat.college, seat.weight, choice)).ok).toBe(true);
          expected.get(seat.college)![choice]! += seat.weight;
        });
        tallyWithSecrets(box.json, v.secrets);
        const r = verifyBox(box.json);
        expect(r.ok && r.colleges.map((c) => c.totals)).toEqual([expected.get("A"), expected.get("B")]);
      }),
      { numRuns: 4 },
    );
  });
});

describe("the box refuses on arrival", () => {
  it("a repeated tracker, an unknown college, a weight nobody holds, more ballots of a weight than voters", () => {
    const box = openBox(vote);
    const ballot = ballotFor(vote, "C2", 2_500_000n, 0);
    expect(box.accept(ballot).ok).toBe(true);
    expect(box.accept(ballot)).toEqual({ ok: false, error: `a ballot with tracker ${ballotTracker(ballot)} is already in the box` });
    expect(box.accept(ballotFor(vote, "C3", 1_000_000n, 0))).toEqual({ ok: false, error: 'college "C3" is not a college of this vote' });
    expect(box.accept(ballotFor(vote, "C2", 1_000_000n, 0))).toEqual({ ok: false, error: 'weight 1000000 is not the frozen weight of any voter of college "C2"' });
    for (let i = 0; i < 3; i++) expect(box.accept(ballotFor(vote, "C2", 2_500_000n, 1)).ok).toBe(true);
    expect(box.accept(ballotFor(vote, "C2", 2_500_000n, 1))).toEqual({
      ok: false,
      error: 'college "C2" would hold 5 ballots of weight 2500000, more than its 4 voters of that weight',
    });
    expect(box.json.ballots).toHaveLength(4);
  });

  it("a forged ballot and any ballot once the box is closed", () => {
    const box = openBox(vote);
    const forged = forgeBallot({ electionId: vote.electionId, electionKey: vote.parameters.electionKey, college: "C1", weightMicro: 1_000_000n, values: [2n, 0n, 0n], claimed: [1, 0, 0] });
    expect(box.accept(forged)).toEqual({ ok: false, error: "proof that choice 1 is 0 or 1 fails" });
    const reopened = BallotBox.open(closed.json());
    expect(reopened.accept(ballotFor(vote, "C1", 1_000_000n, 0))).toEqual({ ok: false, error: "the box is closed" });
  });
});

describe("the verifier names the first failure", () => {
  it("an altered ciphertext: the tracker no longer matches, and once retracked its proof fails", () => {
    const box = closed.json();
    const entry = box.ballots[1]!;
    entry.ballot.choices[0]!.beta = pointToHex(mulPublic(G, 5n));
    expect(errorOf(box)).toBe(`ballot 2 (tracker ${entry.tracker}): the tracker is not the hash of the ballot, which is ${ballotTracker(entry.ballot)}`);
    rechain(box, true);
    expect(errorOf(box)).toBe(`ballot 2 (tracker ${entry.tracker}): proof that choice 1 is 0 or 1 fails`);
  });

  it("a removed ballot: the chain head (or the next link) no longer matches", () => {
    const last = closed.json();
    const head = last.head;
    last.ballots.pop();
    expect(errorOf(last)).toMatch(/^chain head [0-9a-f]{64} does not match the ballots, whose chain ends at [0-9a-f]{64}: a ballot was removed, added or reordered$/);
    const middle = open.json();
    const next = middle.ballots[2]!;
    middle.ballots.splice(1, 1);
    expect(errorOf(middle)).toMatch(new RegExp(`^ballot 2 \\(tracker ${next.tracker}\\): chain link ${next.hash} does not follow from the ballots before it`));
    // A server that rewrites the whole chain is caught by a head or a receipt kept elsewhere.
    const rewritten = rechain(open.json());
    const receipt = rewritten.ballots[4]!.hash;
    rewritten.ballots.splice(1, 1);
    rechain(rewritten);
    expect(errorOf(rewritten)).toBeNull();
    expect(errorOf(rewritten, { head })).toMatch(/is not the expected head/);
    expect(errorOf(rewritten, { receipts: [receipt] })).toBe(`receipt ${receipt} is not a link of the chain: that voter's ballot is missing`);
  });

  it("a duplicated tracker", () => {
    const box = open.json();
    box.ballots.push(structuredClone(box.ballots[0]!));
    rechain(box);
    expect(errorOf(box)).toBe(`ballot 6 (tracker ${box.ballots[0]!.tracker}): the same tracker as ballot 1`);
  });

  it("changed parameters break the chain from its start", () => {
    const box = open.json();
    box.parameters.electorateHash = "cd".repeat(32);
    expect(errorOf(box)).toMatch(/^ballot 1 \(tracker [0-9a-f]{64}\): chain link [0-9a-f]{64} does not follow from the ballots before it/);
  });

  it("a wrong total, a wrong encrypted sum, a wrong decryption share", () => {
    const total = closed.json();
    total.tally!.colleges[0]!.totals[1] = "1333333";
    expect(errorOf(total)).toBe('tally, college "C1": the total 1333333 of choice 2 is not what its encrypted sum decrypts to');
    const sum = closed.json();
    sum.tally!.colleges[1]!.sums[2] = sum.tally!.colleges[1]!.sums[0]!;
    expect(errorOf(sum)).toBe('tally, college "C2": the encrypted sum of choice 3 is not the weighted sum of the ballots');
    const share = closed.json();
    const shares = share.tally!.colleges[0]!.shares;
    shares[1]![0] = shares[0]![0]!;
    expect(errorOf(share)).toBe('tally, college "C1": the decryption proof of trustee 2 (alice) for choice 1 fails');
    const count = closed.json();
    count.tally!.colleges[0]!.ballots = 3;
    expect(errorOf(count)).toBe('tally, college "C1": 3 ballots announced, the box holds 4');
  });

  it("malformed input gets a message, never an exception", () => {
    expect(errorOf(null)).toBe("box must be an object");
    expect(errorOf({ ...open.json(), ballots: "x" })).toBe("ballots must be an array");
    expect(errorOf({ ...open.json(), parameters: { ...open.json().parameters, version: "2" } })).toBe('parameters.version must be "cogere-ballot-box/1"');
    const badTracker = open.json();
    badTracker.ballots[0]!.tracker = "zz";
    expect(errorOf(badTracker)).toBe("ballot 1: tracker must be a SHA-256 hash in 64 lowercase hexadecimal digits");
  });
});
