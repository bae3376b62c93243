// A writer process for tests/integration/sqlite-processes.test.ts, run as
// `node --import tsx tests/helpers/sqlite-worker.ts FILE NAME COUNT`. It opens its own
// createDb on FILE, prints "ready", waits for "go" on stdin (so that all writers start
// together), then runs COUNT read-then-write transactions on the shared counter and prints
// one JSON line: { done, errors }.
import { createInterface } from "node:readline";
import type { Generated } from "kysely";
import { createDb } from "#db/index";

type Scratch = {
  counter: { id: number; value: number };
  tick: { id: Generated<number>; worker: string; seen: number };
};

const [file, name, countText] = process.argv.slice(2);
if (!file || !name || !countText) throw new Error("usage: sqlite-worker.ts FILE NAME COUNT");
const db = createDb(file).withTables<Scratch>();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === "go") break;
lines.close();

let done = 0;
const errors: string[] = [];
for (let i = 0; i < Number(countText); i++) {
  try {
    await db.transaction().execute(async (trx) => {
      const { value } = await trx.selectFrom("counter").select("value").where("id", "=", 1).executeTakeFirstOrThrow();
      // Leave time for another process to commit between this read and the writes below: the
      // case where a deferred transaction can no longer upgrade to a write.
      await pause(2);
      await trx.insertInto("tick").values({ worker: name, seen: value }).execute();
      await trx.updateTable("counter").set({ value: value + 1 }).where("id", "=", 1).execute();
    });
    done++;
  } catch (e) {
    errors.push((e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e)));
  }
  // Let the others in between transactions, as real requests do.
  await pause(1);
}
await db.destroy();
process.stdout.write(`${JSON.stringify({ done, errors })}\n`);
