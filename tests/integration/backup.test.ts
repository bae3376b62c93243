// Online backup (db/backup.ts, npm run db:backup -- FILE) taken while two other processes cast
// votes into the live database: the backup, restored as the README says, passes
// integrity_check, opens and migrates, and holds every vote acknowledged before it started.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { backupDatabase } from "#db/backup";
import { createDb } from "#db/index";
import { migrateToLatest } from "#db/migrate";
import { seedDemo } from "#db/seed";
import { choiceOf, integrityProblems, makeVoteFixture, readVote, voteProblems, type Ack } from "../crash/fixture";

const VOTERS = 1000;
const WRITERS = 2;
const dir = mkdtempSync(path.join(tmpdir(), "cogere-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("online backup", () => {
  it("a backup taken during a vote storm, restored, passes integrity_check, migrates and holds every vote acknowledged before it", async () => {
    const file = path.join(dir, "live.db");
    const db = createDb(file);
    await migrateToLatest(db);
    await seedDemo(db);
    const fx = await makeVoteFixture(db, { voters: VOTERS, secret: [false] });
    const resolutionId = fx.resolutions[0]!.id;
    await db.destroy();

    const acked = new Map<string, Ack>();
    const errors: string[] = [];
    const byMember = new Map(fx.voters.map((v, i) => [v.memberId, { collegeId: v.collegeId, choice: choiceOf(i, 0) }]));
    let backup: { ackedBefore: Map<string, Ack>; ackedAfter: number } | undefined;
    let backingUp: Promise<void> | undefined;
    const writers = Array.from({ length: WRITERS }, (_, w) => {
      const job = path.join(dir, `job-${w}.json`);
      const votes = fx.voters.flatMap((v, i) => (i % WRITERS === w ? [{ userId: v.userId, memberId: v.memberId, choice: choiceOf(i, 0) }] : []));
      writeFileSync(job, JSON.stringify({ file, entityId: fx.entityId, resolutionId, votes }));
      const child = spawn(process.execPath, ["--import", "tsx", "tests/crash/vote-writer.ts", job], { stdio: ["ignore", "pipe", "inherit"] });
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const [kind, memberId, ...rest] = line.split(" ");
        if (kind !== "ack") return void errors.push(`${memberId}: ${rest.join(" ")}`);
        acked.set(memberId!, byMember.get(memberId!)!);
        // A tenth of the way: the backup, while both writers go on.
        if (!backingUp && acked.size >= VOTERS / 10) {
          const ackedBefore = new Map(acked);
          backingUp = backupDatabase(file, path.join(dir, "backups", "cogere.backup.db")).then(() => {
            backup = { ackedBefore, ackedAfter: acked.size };
          });
        }
      });
      return new Promise<number | null>((resolve) => child.on("exit", resolve));
    });
    expect(await Promise.all(writers)).toEqual(Array(WRITERS).fill(0));
    await backingUp;
    expect(errors).toEqual([]);
    expect(acked.size).toBe(VOTERS);
    // The backup was taken mid-storm: votes were acknowledged after it finished.
    expect(backup).toBeDefined();
    expect(backup!.ackedAfter).toBeLessThan(VOTERS);

    // Restore: the backup file copied in place of the database (no -wal beside it), then migrate.
    expect(readdirSync(path.join(dir, "backups"))).toEqual(["cogere.backup.db"]);
    const restoredFile = path.join(dir, "restored", "cogere.db");
    mkdirSync(path.dirname(restoredFile));
    copyFileSync(path.join(dir, "backups", "cogere.backup.db"), restoredFile);
    const restored = createDb(restoredFile);
    try {
      expect(await integrityProblems(restored)).toEqual([]);
      expect(await migrateToLatest(restored)).toEqual([]);
      const state = await readVote(restored, fx.entityId, resolutionId);
      expect(voteProblems(state, backup!.ackedBefore, false)).toEqual([]);
      expect(state.participations).toBeGreaterThanOrEqual(backup!.ackedBefore.size);
      expect(state.participations).toBeLessThan(VOTERS);
    } finally {
      await restored.destroy();
    }

    // The live database has every vote, whole.
    const live = createDb(file);
    try {
      expect(await integrityProblems(live)).toEqual([]);
      const state = await readVote(live, fx.entityId, resolutionId);
      expect(voteProblems(state, acked, false)).toEqual([]);
      expect(state.participations).toBe(VOTERS);
    } finally {
      await live.destroy();
    }
  }, 60_000);

  it("refuses to overwrite the live database, and a missing database creates nothing", async () => {
    const file = path.join(dir, "small.db");
    const db = createDb(file);
    await migrateToLatest(db);
    await db.destroy();
    await expect(backupDatabase(file, file)).rejects.toThrow("must not overwrite the live database");
    await expect(backupDatabase(file, `${file}-wal`)).rejects.toThrow("must not overwrite the live database");
    await expect(backupDatabase(path.join(dir, "absent.db"), path.join(dir, "y.db"))).rejects.toThrow("no database at");
    expect(existsSync(path.join(dir, "absent.db"))).toBe(false);
    expect(existsSync(path.join(dir, "y.db"))).toBe(false);
  });
});
