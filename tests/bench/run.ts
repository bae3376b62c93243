// npm run bench [-- case ...]: each figure of issue 13 beside a bare baseline measured in the
// same run, rounds interleaved (Cogere, bare, Cogere, bare…), medians of at least three rounds.
// Cases: tally page flow votes secret register minutes cold memory (default: all, in that order
// of need: the 100 000-member database is seeded once and shared), then scale (issue 14: a
// million members on PostgreSQL beside SQLite, its own databases). docs/benchmarks.md says what
// each case measures and why its baseline is the fair one.
import { availableParallelism, cpus, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { flowCase, pageCase, tallyCase } from "./cases/big-vote";
import { coldCase, memoryCase } from "./cases/process";
import { registerCase } from "./cases/register";
import { scaleCase } from "./cases/scale";
import { minutesCase } from "./cases/minutes";
import { secretCase } from "./cases/secret";
import { votesCase } from "./cases/votes";
import { rmSync } from "node:fs";
import { printTable, serverCommand } from "./lib";
import { RUN_ROOT } from "./seed";

// Flow before tally: the flow's votes are real ones, the tally then counts every member.
const CASES: Record<string, () => Promise<void>> = {
  page: pageCase,
  flow: flowCase,
  tally: tallyCase,
  register: registerCase,
  memory: memoryCase,
  votes: votesCase,
  secret: secretCase,
  minutes: minutesCase,
  cold: coldCase,
  scale: scaleCase,
};

const asked = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = asked.filter((a) => !(a in CASES));
if (unknown.length > 0) {
  console.error(`unknown case ${unknown.join(", ")}; cases: ${Object.keys(CASES).join(" ")}`);
  process.exit(2);
}
const run = Object.keys(CASES).filter((c) => asked.length === 0 || asked.includes(c));

console.log(
  `Cogere bench: node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GB; ` +
    `server started as \`${serverCommand().label}\`; cases: ${run.join(" ")}`,
);
// The databases (a few hundred MB) go at the end, however the run ends; --keep keeps them.
process.once("exit", () => process.argv.includes("--keep") || rmSync(RUN_ROOT, { recursive: true, force: true }));
const t0 = performance.now();
let failed = false;
for (const name of run) {
  const t = performance.now();
  try {
    await CASES[name]!();
  } catch (e) {
    failed = true;
    console.error(`\ncase ${name} failed:`, e);
  }
  console.log(`  (${name}: ${((performance.now() - t) / 1000).toFixed(0)} s)`);
}
printTable();
if (process.argv.includes("--keep")) console.log(`\nfiles kept in ${RUN_ROOT}`);
console.log(`\n${((performance.now() - t0) / 1000).toFixed(0)} s in all. Targets are issue 13's; figures are medians of interleaved rounds on this machine.`);
process.exit(failed ? 1 : 0);
