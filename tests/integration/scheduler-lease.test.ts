// Several server processes over one database (WEB_CONCURRENCY): the scheduler runs in one of them
// at a time, the holder of its lease (app/services/scheduler.server.ts). Each "process" here is a
// connection of its own to one database (a SQLite file, or PostgreSQL), as each server process has.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { takeLease } from "~/queries/leases.server";
import { scheduleResolution } from "~/services/resolutions.server";
import { releaseScheduler, runSchedulerTurn, SCHEDULER_LEASE_MS } from "~/services/scheduler.server";
import { createTestDbTwice } from "../helpers/db";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let one: Db;
let two: Db;
let close: () => Promise<void>;

beforeEach(async () => {
  ({ one, two, close } = await createTestDbTwice());
});

afterEach(() => close());

const t0 = new Date("2026-12-01T09:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("the scheduler's lease", () => {
  it("goes to one process of many asking at once, and stays with it while it renews", async () => {
    const asks = Array.from({ length: 20 }, (_, i) => takeLease(i % 2 ? two : one, { name: "scheduler", holder: `p${i}`, now: t0.toISOString(), until: at(SCHEDULER_LEASE_MS).toISOString() }));
    const got = (await Promise.all(asks)).map((ok, i) => (ok ? `p${i}` : null)).filter(Boolean);
    expect(got).toHaveLength(1);
    const holder = got[0]!;
    const other = holder === "p1" ? "p2" : "p1";
    // Renewed by its holder before it expires; refused to the others meanwhile.
    expect(await takeLease(two, { name: "scheduler", holder, now: at(30_000).toISOString(), until: at(30_000 + SCHEDULER_LEASE_MS).toISOString() })).toBe(true);
    expect(await takeLease(one, { name: "scheduler", holder: other, now: at(60_000).toISOString(), until: at(60_000 + SCHEDULER_LEASE_MS).toISOString() })).toBe(false);
    // Its holder gone silent: another takes it once it has expired.
    expect(await takeLease(one, { name: "scheduler", holder: other, now: at(30_000 + SCHEDULER_LEASE_MS).toISOString(), until: at(200_000).toISOString() })).toBe(true);
    expect(await takeLease(two, { name: "scheduler", holder, now: at(31_000 + SCHEDULER_LEASE_MS).toISOString(), until: at(200_000).toISOString() })).toBe(false);
  });

  it("opens a scheduled vote once: the process without the lease does not run the job; a released lease passes at once", async () => {
    const s = await makeVotingScic(one, 1);
    const { id } = await makeOpenResolution(one, s, { open: false });
    await scheduleResolution(one, { entityId: s.id, actorId: s.admin.id, resolutionId: id, opensAt: at(60_000), closesAt: at(3_600_000), now: t0 });
    expect(await runSchedulerTurn(one, at(1_000), "first")).toBe(true);
    expect(await runSchedulerTurn(two, at(61_000), "second")).toBe(false);
    const status = async () => (await one.selectFrom("resolution").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
    expect(await status()).toBe("scheduled");
    expect(await runSchedulerTurn(one, at(61_000), "first")).toBe(true);
    expect(await status()).toBe("open");
    const opened = await one.selectFrom("audit_event").select("action").where("subject_id", "=", id).where("action", "=", "resolution.opened").execute();
    expect(opened).toHaveLength(1);
    // The first process stops: the second takes the job on its next turn, without waiting.
    await releaseScheduler(one, "first");
    expect(await runSchedulerTurn(two, at(62_000), "second")).toBe(true);
    expect(await one.selectFrom("job_lease").select(["name", "holder"]).execute()).toEqual([{ name: "scheduler", holder: "second" }]);
  });
});
