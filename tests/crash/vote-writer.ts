// A writer process for the backup test: casts the votes of a job file one after the other through
// the voting service, on its own connection to the database file, and prints "ack MEMBER" after
// each vote is committed (or "err MEMBER message").
import { readFileSync } from "node:fs";
import { createDb } from "#db/index";
import { castVote } from "~/services/voting.server";
import type { Choice } from "./fixture";

interface Job {
  file: string;
  entityId: string;
  resolutionId: string;
  votes: { userId: string; memberId: string; choice: Choice }[];
}

const job = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Job;
const db = createDb(job.file);
const busy = (e: unknown) => typeof (e as { code?: unknown })?.code === "string" && (e as { code: string }).code.startsWith("SQLITE_BUSY");
for (const v of job.votes) {
  // Two writer processes: a transaction that read before the other wrote cannot write and gets
  // SQLITE_BUSY at once (the server, one process, never does); that vote was not recorded: again.
  for (let attempt = 1; ; attempt++) {
    try {
      await castVote(db, { entityId: job.entityId, resolutionId: job.resolutionId, userId: v.userId, choice: v.choice });
      process.stdout.write(`ack ${v.memberId}\n`);
      break;
    } catch (e) {
      if (busy(e) && attempt < 100) {
        await new Promise((r) => setTimeout(r, attempt));
        continue;
      }
      process.stdout.write(`err ${v.memberId} ${e instanceof Error ? e.message : String(e)}\n`);
      break;
    }
  }
}
await db.destroy();
