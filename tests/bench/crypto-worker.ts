// A worker thread of the secret-ballot case: builds ballots as the browser does (not timed), or
// verifies them with verifyBallot (the baseline: proof verification alone, one thread per core).
import { parentPort } from "node:worker_threads";
import { buildBallot, verifyBallot, type BallotInput } from "../../app/crypto/ballot";

export type CryptoTask =
  | { kind: "build"; inputs: BallotInput[] }
  | { kind: "verify"; ballots: unknown[]; electionId: string; electionKey: string };

parentPort!.on("message", (task: CryptoTask) => {
  if (task.kind === "build") {
    parentPort!.postMessage(task.inputs.map((input) => buildBallot(input)));
    return;
  }
  let ok = 0;
  for (const b of task.ballots) if (verifyBallot(b, task.electionId, task.electionKey, { choices: 3, min: 1, max: 1 }).ok) ok++;
  parentPort!.postMessage(ok);
});
