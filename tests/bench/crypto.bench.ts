// npx tsx tests/bench/crypto.bench.ts [ballots, default 10000]
// The cryptographic core of secret ballots (app/crypto), each figure beside a bare baseline of raw
// ristretto255 operations (@noble/curves) in the same run:
//   (a) build one ballot (3 choices)       vs the same number of secret scalar multiplications;
//   (b) verify one ballot                  vs the 28 scalar multiplications a textbook verifier does;
//   (c) tally + decrypt N ballots in 4 colleges with varied weights (server mode: one trustee)
//                                          vs decoding and adding the same ciphertexts;
//   (d) verify that box as `npm run verify` does, the proofs checked on every core (worker threads)
//                                          vs N × the bare figure of (b), shared out on as many cores.
// Targets: (b) ≤ 15 ms, (c) < 5 s, (d) < 3 min for 10 000 ballots. The N ballots are built once and
// cached in the temporary folder (building them takes minutes); delete the file to build afresh.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ristretto255 } from "@noble/curves/ed25519.js";
import { buildBallot, verifyBallot } from "~/crypto/ballot";
import { ballotTracker, chainLink, chainStart, type BoxJson } from "~/crypto/box";
import { babyStepCount, boundedLog } from "~/crypto/dlog";
import { decodeParameters, makeParameters, type ParametersJson } from "~/crypto/parameters";
import { encryptedSums, finishTally, trusteeShares } from "~/crypto/tally";
import { randomScalar } from "~/crypto/group";
import { generateTrusteeKey } from "~/crypto/trustee";
import { availableParallelism } from "node:os";
import { verifyBoxParallel } from "#db/verify-parallel";

const Point = ristretto255.Point;
const N = Number(process.argv[2] ?? 10_000);
const ELECTION = "bench-vote";
const RESOLUTION = { choices: 3, min: 1, max: 1 };

/** Frozen weights per college (millionths): gcds 10^6, 5·10^5, 1 and 1, so two colleges need a real baby-step giant-step. */
const COLLEGES: { id: string; weights: bigint[] }[] = [
  { id: "C1", weights: [1_000_000n] },
  { id: "C2", weights: [1_000_000n, 1_500_000n, 2_000_000n] },
  { id: "C3", weights: [333_333n, 666_667n, 1_000_000n] },
  { id: "C4", weights: [1_000_000n, 2_500_000n, 1_234_567n] },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

function medianOf(runs: number, f: () => void): number {
  f(); // warm-up
  return median(Array.from({ length: runs }, () => time(f)));
}

function line(label: string, ours: number, bare: number, unit = "ms") {
  const fmt = (x: number) => (unit === "s" ? (x / 1000).toFixed(2) : x.toFixed(2)).padStart(9);
  console.log(`${label.padEnd(44)} ours ${fmt(ours)} ${unit}   bare ${fmt(bare)} ${unit}   ratio ${(ours / bare).toFixed(2)}`);
}

// Deterministic pseudo-random colleges, weights and choices, so that every run tallies the same box.
let seed = 42;
function rand(n: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
}

interface Cached {
  secretKey: string;
  box: BoxJson;
}

/** N ballots, 4 colleges, a weight drawn per ballot among the college's, entries chained without re-verifying. */
function buildBox(): Cached {
  const file = path.join(tmpdir(), `cogere-crypto-bench-${N}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Cached;
  const trustee = generateTrusteeKey(ELECTION, "server");
  const ballots: { college: string; weight: bigint; choice: number }[] = [];
  const counts = new Map<string, number>();
  for (let i = 0; i < N; i++) {
    const c = COLLEGES[i % COLLEGES.length]!;
    const weight = c.weights[rand(c.weights.length)]!;
    ballots.push({ college: c.id, weight, choice: rand(3) });
    counts.set(`${c.id} ${weight}`, (counts.get(`${c.id} ${weight}`) ?? 0) + 1);
  }
  const parameters: ParametersJson = makeParameters({
    electionId: ELECTION,
    question: { answers: ["for", "against", "abstain"], min: 1, max: 1 },
    trustees: [trustee.key],
    colleges: COLLEGES.map((c) => ({
      id: c.id,
      weight: "1/4",
      // 10 % more voters than ballots: the electorate is larger than the turnout.
      voters: c.weights.map((w) => ({ weightMicro: w, count: Math.ceil((counts.get(`${c.id} ${w}`) ?? 0) * 1.1) + 1 })),
    })),
    electorateHash: "0".repeat(64),
  });
  const box: BoxJson = { parameters, ballots: [], head: chainStart(decodeParameters(parameters).hash), tally: null };
  const started = performance.now();
  ballots.forEach((b, i) => {
    const ballot = buildBallot({ electionId: ELECTION, electionKey: parameters.electionKey, college: b.college, weightMicro: b.weight, choice: b.choice, nChoices: 3 });
    const tracker = ballotTracker(ballot);
    box.head = chainLink(box.head, tracker);
    box.ballots.push({ tracker, hash: box.head, ballot });
    if ((i + 1) % 1000 === 0) console.log(`  built ${i + 1} ballots in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  });
  const cached = { secretKey: trustee.secretKey, box };
  writeFileSync(file, JSON.stringify(cached));
  return cached;
}

async function main() {
  console.log(`crypto bench: node ${process.version}, ${N} ballots`);
  const trustee = generateTrusteeKey(ELECTION, "server");
  const keyHex = trustee.key.publicKey;
  const Y = Point.fromHex(keyHex);

  // (a) Building: 14 multiplications of G and 10 of the election key by secret scalars (see proofs.ts).
  const build = medianOf(30, () => buildBallot({ electionId: ELECTION, electionKey: keyHex, college: "C1", weightMicro: 1_000_000n, choice: 1, nChoices: 3 }));
  const bareBuild = medianOf(30, () => {
    for (let i = 0; i < 14; i++) Point.BASE.multiply(randomScalar());
    for (let i = 0; i < 10; i++) Y.multiply(randomScalar());
  });
  line("(a) build one ballot", build, bareBuild);

  // (b) Verifying from JSON (decode 6 elements, 14 commitments recomputed, hashes).
  const samples = Array.from({ length: 31 }, (_, i) =>
    JSON.parse(JSON.stringify(buildBallot({ electionId: ELECTION, electionKey: keyHex, college: "C1", weightMicro: 1_000_000n, choice: i % 3, nChoices: 3 }))),
  );
  let k = 0;
  const verify = medianOf(30, () => {
    if (!verifyBallot(samples[k++ % samples.length], ELECTION, keyHex, RESOLUTION).ok) throw new Error("ballot refused");
  });
  const points = Array.from({ length: 28 }, () => Point.BASE.multiply(randomScalar()));
  const bareVerify = medianOf(30, () => points.forEach((p) => p.multiplyUnsafe(randomScalar())));
  line("(b) verify one ballot", verify, bareVerify);

  // (c) Tally + decrypt: decode, group by weight, one factor and proof per sum, bounded logarithms.
  const { secretKey, box } = buildBox();
  const params = decodeParameters(box.parameters);
  let sums = encryptedSums(box, params);
  const tTally = performance.now();
  sums = encryptedSums(box, params);
  const tSums = performance.now();
  const shares = trusteeShares(ELECTION, secretKey, sums);
  const tShares = performance.now();
  const tally = finishTally(params, sums, [shares]);
  const tEnd = performance.now();
  const hexes = box.ballots.flatMap((e) => e.ballot.choices.flatMap((c) => [c.alpha, c.beta]));
  const bareTally = time(() => {
    let acc = Point.ZERO;
    for (const h of hexes) acc = acc.add(Point.fromHex(h));
  });
  line(`(c) tally + decrypt ${N} ballots, 4 colleges`, tEnd - tTally, bareTally, "s");
  console.log(
    `    sums ${(tSums - tTally).toFixed(0)} ms, shares ${(tShares - tSums).toFixed(0)} ms, check shares + logarithms ${(tEnd - tShares).toFixed(0)} ms` +
      ` (${babyStepCount()} baby steps cached); bare = decode and add the ${hexes.length} elements`,
  );
  for (const c of tally.colleges) console.log(`    ${c.id}: ${c.ballots} ballots, weight ${c.weightMicro}, totals ${c.totals.join(" / ")}`);

  // The largest bound the brief names (10^11 millionths), on a cold-ish table: first call then a second.
  const big = 10n ** 11n;
  const v = big / 2n + 12_345n;
  const target = Point.BASE.multiply(v);
  const t1 = time(() => {
    if (boundedLog(target, big) !== v) throw new Error("dlog failed");
  });
  const t2 = time(() => {
    if (boundedLog(Point.BASE.multiply(v - 777n), big) !== v - 777n) throw new Error("dlog failed");
  });
  const bareLog = time(() => {
    let p = Point.ZERO;
    for (let i = 0; i < 2 * babyStepCount(); i++) p = p.add(Point.BASE);
  });
  line("    one logarithm under 10^11, table built", t1, bareLog);
  line("    another one, table cached", t2, bareLog);

  // (d) Verify the closed box on every core, as `npm run verify` does.
  box.tally = tally;
  const cores = availableParallelism();
  const tVerify = performance.now();
  const result = await verifyBoxParallel(box, { threads: cores });
  const verifyAll = performance.now() - tVerify;
  if (!result.ok) throw new Error(result.error);
  line(`(d) verify the box of ${N} ballots, ${result.threads} threads`, verifyAll, (bareVerify * N) / cores, "s");
  console.log(`    bare = ${N} × the bare figure of (b) / ${cores} cores; ${((verifyAll / N) * 1000).toFixed(0)} µs per ballot (wall clock)`);
}

await main();
