// A vote whose rule shows its results live (issue 13): the result is computed at most once a
// second per vote and shared by whoever looks; a closed vote shows its frozen result at once.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "#db/index";
import { PRESETS } from "~/domain/rules";
import { resolutionPage } from "~/services/resolution-page.server";
import { LIVE_RESULT_TTL_MS } from "~/services/resolution-result.server";
import { closeResolution } from "~/services/resolutions.server";
import { castVote } from "~/services/voting.server";
import { createTestDb } from "../helpers/db";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("live results", () => {
  it("are computed once a second per vote and shared; the frozen result shows as soon as the vote closes", async () => {
    const s = await makeVotingScic(db, 1);
    const { id } = await makeOpenResolution(db, s, { rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false, liveResults: true } });
    const [a, e, c, w] = Object.values(s.people).map((p) => p[0]!);
    const resultFor = async (userId: string) => (await resolutionPage(db, { entityId: s.id, role: "member", userId, resolutionId: id, holderQuery: "" })).result;
    const vote = (userId: string) => castVote(db, { entityId: s.id, userId, resolutionId: id, choice: "for" });
    // Only the clock is frozen: it moves when the test says so.
    vi.useFakeTimers({ toFake: ["Date"] });
    await vote(a!.userId);
    expect(await resultFor(a!.userId)).toMatchObject({ hidden: false, voted: 1 });
    await vote(e!.userId);
    // Within the second, everyone gets the result computed first, their own vote or not.
    expect(await resultFor(e!.userId)).toMatchObject({ hidden: false, voted: 1 });
    expect(await resultFor(w!.userId)).toMatchObject({ voted: 1 });
    vi.setSystemTime(Date.now() + LIVE_RESULT_TTL_MS);
    expect(await resultFor(w!.userId)).toMatchObject({ voted: 2 });
    // Still shared when the vote closes: the frozen result is read, not the shared one.
    await vote(c!.userId);
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    const closed = await resolutionPage(db, { entityId: s.id, role: "member", userId: w!.userId, resolutionId: id, holderQuery: "" });
    expect(closed.resolution.status).toBe("closed");
    expect(closed.result).toMatchObject({ hidden: false, voted: 3 });
  });
});
