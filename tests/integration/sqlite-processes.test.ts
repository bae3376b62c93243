// Several processes over one SQLite file (the server and a CLI, or two servers): write
// transactions must wait for each other, never fail. Each writer process runs read-then-write
// transactions on the same counter; with a deferred BEGIN, a transaction that read before
// another process committed cannot write and fails at once with SQLITE_BUSY_SNAPSHOT.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "#db/index";

const WRITERS = 3;
const TRANSACTIONS = 40;

interface Writer {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<{ done: number; errors: string[] }>;
}

function startWriter(file: string, name: string): Writer {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/sqlite-worker.ts", file, name, String(TRANSACTIONS)], {
    cwd: process.cwd(),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    if (out.startsWith("ready\n")) onReady();
  });
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const result = new Promise<{ done: number; errors: string[] }>((resolve, reject) => {
    child.on("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as { done: number; errors: string[] });
      else reject(new Error(`writer ${name} exited with ${code}: ${err || out}`));
    });
  });
  return { child, ready, result };
}

describe("several processes over one SQLite file", () => {
  let dir = "";
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs every read-then-write transaction of concurrent writers, none lost, none failed", { timeout: 60_000 }, async () => {
    dir = mkdtempSync(path.join(tmpdir(), "cogere-processes-"));
    const file = path.join(dir, "shared.db");
    const db = createDb(file);
    await sql`create table counter (id integer primary key, value integer not null)`.execute(db);
    await sql`create table tick (id integer primary key autoincrement, worker text not null, seen integer not null)`.execute(db);
    await sql`insert into counter (id, value) values (1, 0)`.execute(db);

    const writers = Array.from({ length: WRITERS }, (_, i) => startWriter(file, `w${i}`));
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.child.stdin!.end("go\n");
    const results = await Promise.all(writers.map((w) => w.result));

    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(results.map((r) => r.done)).toEqual(Array(WRITERS).fill(TRANSACTIONS));
    const total = WRITERS * TRANSACTIONS;
    const counter = await sql<{ value: number }>`select value from counter where id = 1`.execute(db);
    expect(counter.rows[0]?.value).toBe(total);
    // Serialised transactions each saw the previous one's counter: 0, 1, …, total − 1, once each.
    const seen = await sql<{ seen: number }>`select seen from tick order by seen`.execute(db);
    expect(seen.rows.map((r) => r.seen)).toEqual(Array.from({ length: total }, (_, i) => i));
    await db.destroy();
  });
});
