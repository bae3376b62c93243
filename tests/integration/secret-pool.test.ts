// Secret ballots verified in worker threads (issue 13): the proofs are checked before the vote's
// transaction, in real threads loading the TypeScript worker; the transaction only appends. Same
// refusals as in the main thread, and a check made against another vote's parameters never
// lets a ballot in.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "#db/index";
import { buildBallot } from "~/crypto/ballot";
import { ballotTracker } from "~/crypto/box";
import { canonicalJson } from "~/crypto/encoding";
import { AppError } from "~/lib/errors";
import { checkBallotForVote } from "~/services/election-core.server";
import { appendBallot, VerifiedBallot, verifyBeforeBox } from "~/services/election.server";
import { closeVerifyPool, verifyPool, VerifyPool, VerifyQueueFull } from "~/services/verify-pool.server";
import { castVote } from "~/services/voting.server";
import { createTestDb } from "../helpers/db";
import { browserBallot, CHOICE_INDEX, SECRET_RULE, twoSecretVotes, type SecretChoice } from "../helpers/secret";
import { buildSecretBox, votersOf } from "../helpers/secret-box";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
const saved = process.env.VERIFY_THREADS;
beforeAll(() => {
  // The process's pool is made on first use: two threads, whatever the machine.
  process.env.VERIFY_THREADS = "2";
});
afterAll(async () => {
  await closeVerifyPool();
  if (saved === undefined) delete process.env.VERIFY_THREADS;
  else process.env.VERIFY_THREADS = saved;
});
beforeEach(async () => {
  db = await createTestDb();
});

const rule = SECRET_RULE;

const twoVotes = () => twoSecretVotes(db);

function append(resolutionId: string, ballot: unknown, mine: { collegeId: string; weightMicro: string }) {
  return db.transaction().execute((trx) => appendBallot(trx, { resolutionId, ballot, collegeId: mine.collegeId, weightMicro: Number(mine.weightMicro) }));
}

/** The refusal appendBallot throws, as the route shows it. */
async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  const { key, status, field, params } = e as AppError;
  return { key, status, field, message: String(params.message) };
}

async function boxOf(resolutionId: string) {
  const election = await db.selectFrom("election").selectAll().where("resolution_id", "=", resolutionId).executeTakeFirstOrThrow();
  const ballots = await db.selectFrom("encrypted_ballot").selectAll().where("resolution_id", "=", resolutionId).orderBy("position").execute();
  return { election, ballots };
}

describe("secret ballots verified in worker threads", { timeout: 30_000 }, () => {
  it("accepts a valid ballot checked in a thread before the transaction, and puts it in the box", async () => {
    const { id, page, mine } = await twoVotes();
    const good = browserBallot(page.secret, mine, "for");
    const verified = await verifyBeforeBox(db, id, good);
    // Checked in a thread that loaded: the pool did not fall back to this thread.
    expect(verifyPool().threads).toBe(2);
    expect(verifyPool().usesThreads).toBe(true);
    expect(verified).toBeInstanceOf(VerifiedBallot);
    expect((verified as VerifiedBallot).check).toMatchObject({ ok: true, college: mine.collegeId, weightMicro: mine.weightMicro });

    const { tracker, link } = await append(id, verified, mine);
    expect(tracker).toBe(ballotTracker(good));
    const { election, ballots } = await boxOf(id);
    expect(election).toMatchObject({ ballot_count: 1, head: link });
    expect(ballots).toEqual([expect.objectContaining({ position: 1, tracker, link, college_id: mine.collegeId, weight_micro: 1_000_000, ballot: canonicalJson(good) })]);
  });

  it("refuses a broken proof with the same error as in the main thread, writing nothing", async () => {
    const { id, page, mine } = await twoVotes();
    const good = browserBallot(page.secret, mine, "for");
    const tampered = structuredClone(good);
    tampered.proofs[1]![0]!.response = good.proofs[1]![1]!.response;

    const inThread = await refusal(append(id, tampered, mine));
    const inWorker = await refusal(append(id, await verifyBeforeBox(db, id, tampered), mine));
    expect(inWorker).toEqual({ key: "secret.badBallot", status: 422, field: "ballot", message: "proof that choice 2 is 0 or 1 fails" });
    expect(inWorker).toEqual(inThread);
    const { election, ballots } = await boxOf(id);
    expect(ballots).toEqual([]);
    expect(election).toMatchObject({ ballot_count: 0, head: page.secret.head });
  });

  it("refuses what the pool checked against another vote's parameters, and another vote's ballot", async () => {
    const { id, otherId, page, otherPage, mine } = await twoVotes();
    // A good ballot of this vote, checked against the other vote: refused in this vote's box.
    const good = browserBallot(page.secret, mine, "for");
    const checkedElsewhere = await verifyBeforeBox(db, otherId, good);
    expect(checkedElsewhere).toBeInstanceOf(VerifiedBallot);
    expect(await refusal(append(id, checkedElsewhere, mine))).toEqual({ key: "secret.badBallot", status: 422, field: "ballot", message: "the ballot was verified against the parameters of another vote" });
    // A ballot of the other vote, under this vote's id but the other vote's key: its proofs fail.
    const foreign = { ...browserBallot(otherPage.secret, otherPage.secret.mine, "for"), electionId: id };
    expect(await refusal(append(id, await verifyBeforeBox(db, id, foreign), mine))).toMatchObject({ key: "secret.badBallot", message: expect.stringMatching(/fails/) });
    // The other vote's ballot as it is: not for this vote.
    const theirs = browserBallot(otherPage.secret, otherPage.secret.mine, "for");
    expect(await refusal(append(id, await verifyBeforeBox(db, id, theirs), mine))).toMatchObject({ key: "secret.badBallot", message: expect.stringMatching(/ballot is for vote/) });
    // Checked right, then the parameters changed under it: refused too.
    const verified = (await verifyBeforeBox(db, id, good)) as VerifiedBallot;
    const stale = new VerifiedBallot(id, verified.parameters.replace(/}$/, ' }'), verified.check);
    expect(await refusal(append(id, stale, mine))).toMatchObject({ message: "the ballot was verified against the parameters of another vote" });
    expect((await boxOf(id)).ballots).toEqual([]);
    // Checked right: it goes in, and a copy of it is refused inside the transaction.
    await append(id, verified, mine);
    expect(await refusal(append(id, await verifyBeforeBox(db, id, good), mine))).toMatchObject({ message: expect.stringMatching(/already in the box/) });
    expect((await boxOf(id)).election.ballot_count).toBe(1);
  });

  it("refuses a wrong college or weight inside the transaction, with the voter's frozen values", async () => {
    const { s, id, page, mine } = await twoVotes();
    const salaries = { collegeId: s.colleges["Salariés"]!, weightMicro: "1000000" };
    const theirs = await verifyBeforeBox(db, id, browserBallot(page.secret, salaries, "for"));
    expect(await refusal(append(id, theirs, mine))).toMatchObject({ message: `the ballot is for college ${JSON.stringify(salaries.collegeId)}, the voter's college is ${JSON.stringify(mine.collegeId)}` });
    const heavier = await verifyBeforeBox(db, id, browserBallot(page.secret, { ...mine, weightMicro: "2000000" }, "for"));
    expect(await refusal(append(id, heavier, mine))).toMatchObject({ message: expect.stringMatching(/weight 2000000 is not the frozen weight/) });
  });

  it("leaves a ballot unchecked when the box takes none, and null as it is", async () => {
    const s = await makeVotingScic(db, 1);
    const { id } = await makeOpenResolution(db, s, { rule, open: false });
    const value = { anything: true };
    expect(await verifyBeforeBox(db, id, value)).toBe(value);
    expect(await verifyBeforeBox(db, id, null)).toBeNull();
    expect(await refusal(db.transaction().execute((trx) => appendBallot(trx, { resolutionId: id, ballot: value, collegeId: "none", weightMicro: 1 })))).toMatchObject({ key: "secret.boxNotOpen", status: 409 });
  });
});

describe("a full queue", { timeout: 30_000 }, () => {
  it("refuses the ballot beyond it at once with secret.queueFull (429) on the ballot field, the others checked", async () => {
    const { id, page, mine } = await twoVotes();
    await closeVerifyPool();
    const env = { threads: process.env.VERIFY_THREADS, queue: process.env.VERIFY_QUEUE };
    // One thread, no waiting room: the two ballots the thread is sent at once pass, the third is refused.
    process.env.VERIFY_THREADS = "1";
    process.env.VERIFY_QUEUE = "0";
    try {
      const ballot = browserBallot(page.secret, mine, "for");
      const answers = await Promise.allSettled([0, 1, 2].map(() => verifyBeforeBox(db, id, ballot)));
      // Whichever reaches the pool third (on PostgreSQL, the vote's parameters are read first, and
      // those reads may come back in any order).
      const passed = answers.filter((a): a is PromiseFulfilledResult<unknown> => a.status === "fulfilled");
      const refused = answers.filter((a): a is PromiseRejectedResult => a.status === "rejected");
      expect([passed.length, refused.length]).toEqual([2, 1]);
      expect(refused[0]!.reason).toMatchObject({ key: "secret.queueFull", status: 429, field: "ballot" });
      for (const a of passed) expect(a.value).toBeInstanceOf(VerifiedBallot);
    } finally {
      await closeVerifyPool();
      process.env.VERIFY_THREADS = env.threads;
      if (env.queue === undefined) delete process.env.VERIFY_QUEUE;
      else process.env.VERIFY_QUEUE = env.queue;
    }
  });
});

describe("casting a secret ballot", { timeout: 30_000 }, () => {
  it("checks the browser's ballot in a thread, then puts it in the box with the participation", async () => {
    const { s, id, page, mine } = await twoVotes();
    const voter = s.people["Entreprises"]![0]!;
    const good = browserBallot(page.secret, mine, "against");
    const before = verifyPool().checkedInThreads;
    const cast = await castVote(db, { entityId: s.id, userId: voter.userId, resolutionId: id, ballot: JSON.stringify(good) });
    expect(verifyPool().checkedInThreads).toBe(before + 1);
    expect(cast.secret).toMatchObject({ tracker: ballotTracker(good), encryptedBy: "browser" });
    const { election, ballots } = await boxOf(id);
    expect(election).toMatchObject({ ballot_count: 1, head: cast.secret!.link });
    expect(ballots.map((b) => b.ballot)).toEqual([canonicalJson(good)]);
    expect(await db.selectFrom("participation").select("member_id").where("resolution_id", "=", id).execute()).toEqual([{ member_id: voter.memberId }]);
  });

  it("refuses a broken proof found in a thread as before, after the voter's own checks, writing nothing", async () => {
    const { s, id, page, mine } = await twoVotes();
    const good = browserBallot(page.secret, mine, "for");
    const tampered = structuredClone(good);
    tampered.proofs[0]![1]!.challenge = good.proofs[0]![0]!.challenge;
    const voter = s.people["Entreprises"]![0]!;
    expect(await refusal(castVote(db, { entityId: s.id, userId: voter.userId, resolutionId: id, ballot: JSON.stringify(tampered) }))).toEqual({ key: "secret.badBallot", status: 422, field: "ballot", message: "proof that choice 1 is 0 or 1 fails" });
    // Someone who may not vote hears that first, whatever their ballot.
    const outsider = await makeVotingScic(db, 1);
    const stranger = outsider.people["Entreprises"]![0]!;
    await expect(castVote(db, { entityId: s.id, userId: stranger.userId, resolutionId: id, ballot: JSON.stringify(tampered) })).rejects.toMatchObject({ key: "voting.notAMember" });
    expect(await db.selectFrom("participation").select("member_id").where("resolution_id", "=", id).execute()).toEqual([]);
    expect((await boxOf(id)).ballots).toEqual([]);
  });
});

describe("the verify pool", { timeout: 30_000 }, () => {
  /** A vote's parameters as stored, and a ballot of it (no database: the pool needs neither). */
  function vote(electionId: string) {
    const { box } = buildSecretBox({ electionId, colleges: [{ id: "c1", weight: "1", voters: votersOf([1_000_000n, 1_000_000n, 2_000_000n]) }], votes: [], tally: false });
    const ballot = (choice: SecretChoice, weightMicro = 1_000_000n) => buildBallot({ electionId, electionKey: box.parameters.electionKey, college: "c1", weightMicro, choice: CHOICE_INDEX[choice], nChoices: 3 });
    return { id: electionId, text: JSON.stringify(box.parameters), ballot };
  }

  it("checks many ballots of two votes on its threads as this thread would", async () => {
    const a = vote("vote-a");
    const b = vote("vote-b");
    const ballots = [
      ...(["for", "against", "abstain"] as const).map((c) => ({ vote: a, ballot: a.ballot(c) })),
      { vote: a, ballot: a.ballot("for", 2_000_000n) },
      ...(["against", "for"] as const).map((c) => ({ vote: b, ballot: b.ballot(c) })),
      { vote: a, ballot: b.ballot("for") },
      { vote: a, ballot: a.ballot("for", 7n) },
      { vote: a, ballot: "not a ballot" },
    ];
    const pool = new VerifyPool({ threads: 2 });
    try {
      const checks = await Promise.all(ballots.map((x) => pool.check(x.vote.id, x.vote.text, x.ballot)));
      expect(checks).toEqual(ballots.map((x) => checkBallotForVote(x.vote.text, x.ballot)));
      expect(checks.map((c) => c.ok)).toEqual([true, true, true, true, true, true, false, false, false]);
      // Every thread loaded: nothing fell back to this thread.
      expect(pool.usesThreads).toBe(true);
      expect(pool.checkedInThreads).toBe(ballots.length);
    } finally {
      await pool.close();
    }
  });

  it("refuses at once beyond its queue, and checks in this thread with 0 threads or no worker that loads", async () => {
    const { id, text: p, ballot: make } = vote("vote-c");
    const ballot = make("abstain");
    const expected = checkBallotForVote(p, ballot);
    expect(expected).toMatchObject({ ok: true });

    // One thread, no waiting room: the two ballots a thread is sent at once are checked, the third refused at once.
    const full = new VerifyPool({ threads: 1, maxQueue: 0 });
    const sent = [full.check(id, p, ballot), full.check(id, p, ballot)];
    await expect(full.check(id, p, ballot)).rejects.toBeInstanceOf(VerifyQueueFull);
    expect(await Promise.all(sent)).toEqual([expected, expected]);
    await full.close();

    const inThread = new VerifyPool({ threads: 0 });
    expect(inThread.usesThreads).toBe(false);
    expect(await inThread.check(id, p, ballot)).toEqual(expected);

    // A worker that cannot load (a build without it): said once, then checked in this thread.
    const said = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const broken = new VerifyPool({ threads: 1, entry: { file: "/nonexistent/verify-pool-worker.js", tsx: null } });
      expect(await broken.check(id, p, ballot)).toEqual(expected);
      expect(broken.usesThreads).toBe(false);
      expect(await broken.check(id, p, ballot)).toEqual(expected);
      await broken.close();
      expect(said).toHaveBeenCalledTimes(1);
      expect(String(said.mock.calls[0]![0])).toMatch(/verified in the main thread/);
    } finally {
      said.mockRestore();
    }
  });
});
