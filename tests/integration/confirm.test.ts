// Irreversible actions are confirmed first: without `confirmed=1` the route answers the page with a
// confirmation step (the same fields to post again) and writes nothing.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS } from "~/domain/rules";
import * as resolutionRoute from "~/routes/entity.resolution";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { everyTable } from "../helpers/secret";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

describe("confirmation of irreversible actions", () => {
  it("closing a vote asks first, then closes with confirmed=1", async () => {
    const s = await makeVotingScic(db, 1);
    const { id } = await makeOpenResolution(db, s, { number: "1" });
    const admin = await signIn(db, s.admin.email, PASSWORD);
    const call = { path: `/o/${s.slug}/resolutions/${id}`, token: admin, params: { slug: s.slug, resolutionId: id } };
    const before = await everyTable(db);
    const asked = await run(resolutionRoute.action, db, { ...call, form: { intent: "close" } });
    expect(statusOf(asked)).toBe(200);
    expect(dataOf(asked).confirm).toEqual({ intent: "close", fields: {} });
    expect(await everyTable(db)).toEqual(before);
    const withdrawn = await run(resolutionRoute.action, db, { ...call, form: { intent: "withdraw" } });
    expect(dataOf(withdrawn).confirm).toEqual({ intent: "withdraw", fields: {} });
    expect(await everyTable(db)).toEqual(before);
    expect(statusOf(await run(resolutionRoute.action, db, { ...call, form: { intent: "close", confirmed: "1" } }))).toBe(302);
    expect((await db.selectFrom("resolution").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("closed");
  });

  it("a secret ballot sent without JavaScript is confirmed before it is recorded; an open ballot is not asked", async () => {
    const s = await makeVotingScic(db, 2);
    const { id } = await makeOpenResolution(db, s, { number: "1", rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: true } });
    const voter = s.people["Associations"]![0]!;
    const token = await signIn(db, voter.email, PASSWORD);
    const call = { path: `/o/${s.slug}/resolutions/${id}`, token, params: { slug: s.slug, resolutionId: id } };
    const before = await everyTable(db);
    const asked = await run(resolutionRoute.action, db, { ...call, form: { intent: "vote", choice: "against" } });
    expect(statusOf(asked)).toBe(200);
    expect(dataOf(asked).confirm).toEqual({ intent: "vote", fields: { choice: "against" } });
    expect(await everyTable(db)).toEqual(before);
    const cast = await run(resolutionRoute.action, db, { ...call, form: { intent: "vote", choice: "against", confirmed: "1" } });
    expect(dataOf(cast).secretCast).toBeTruthy();
    expect(await db.selectFrom("participation").select("member_id").where("resolution_id", "=", id).execute()).toEqual([{ member_id: voter.memberId }]);

    const { id: plain } = await makeOpenResolution(db, s, { number: "2", rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false } });
    const other = await signIn(db, s.people["Associations"]![1]!.email, PASSWORD);
    const answer = await run(resolutionRoute.action, db, { path: "/", token: other, params: { slug: s.slug, resolutionId: plain }, form: { intent: "vote", choice: "for" } });
    expect(dataOf(answer).cast?.receipt).toBeTruthy();
  });
});
