import { beforeEach, describe, expect, it } from "vitest";
import { isUniqueViolation } from "#db/dialect";
import type { Db } from "#db/index";
import { PRESETS } from "~/domain/rules";
import { Rational } from "~/domain/rational";
import { tallyFile } from "~/domain/tally-file";
import { parseTallyFile } from "~/schemas/tally-file";
import * as resolutionRoute from "~/routes/entity.resolution";
import { closeResolution, scheduleResolution, runScheduler } from "~/services/resolutions.server";
import { castVote, checkReceipt, giveProxy, revokeProxy } from "~/services/voting.server";
import { setWeights } from "~/services/colleges.server";
import { saveMember } from "~/services/members.server";
import { tallyFileOf } from "~/services/exports.server";
import { ruleFromRow } from "~/services/rules.server";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { memberInput } from "../helpers/register";
import { makeOpenResolution, makeVotingScic, TODAY } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const vote = (s: { id: string }, userId: string, resolutionId: string, choice: "for" | "against" | "abstain", forMemberId?: string) =>
  castVote(db, { entityId: s.id, userId, resolutionId, choice, forMemberId });

describe("voting", () => {
  it("an open ballot can be changed until close; the result counts each member once in their college", async () => {
    const s = await makeVotingScic(db, 2);
    const { id } = await makeOpenResolution(db, s, { rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false } });
    const a = s.people["Associations"]![0]!;
    const first = await vote(s, a.userId, id, "against");
    expect(first.receipt).toMatch(/^[a-z2-7]{32}$/);
    const again = await vote(s, a.userId, id, "for");
    expect(again).toMatchObject({ receipt: null, changed: true });
    expect(await db.selectFrom("ballot").selectAll().where("resolution_id", "=", id).execute()).toHaveLength(1);
    expect(await checkReceipt(db, { entityId: s.id, resolutionId: id, receipt: first.receipt! })).toEqual({ counted: true });
    expect(await checkReceipt(db, { entityId: s.id, resolutionId: id, receipt: "a".repeat(32) })).toEqual({ counted: false });
  });

  it("a secret ballot is encrypted into the box with no member, cannot be changed, and still counts", async () => {
    const s = await makeVotingScic(db, 2);
    const { id } = await makeOpenResolution(db, s, { rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: true } });
    const a = s.people["Associations"]![0]!;
    const cast = await vote(s, a.userId, id, "for");
    expect(cast).toMatchObject({ receipt: null, secret: { encryptedBy: "server" } });
    await expect(vote(s, a.userId, id, "against")).rejects.toMatchObject({ key: "voting.alreadyVotedSecret" });
    // No plaintext ballot; one encrypted ballot, with the college and weight only.
    expect(await db.selectFrom("ballot").selectAll().where("resolution_id", "=", id).execute()).toEqual([]);
    const rows = await db.selectFrom("encrypted_ballot").selectAll().where("resolution_id", "=", id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ position: 1, tracker: cast.secret!.tracker, link: cast.secret!.link, college_id: s.colleges["Associations"], weight_micro: 1_000_000 });
    const everyValue = JSON.stringify(rows);
    for (const people of Object.values(s.people)) for (const p of people) expect(everyValue).not.toContain(p.memberId);
    expect(everyValue).not.toMatch(/"(for|against|abstain)"/);
    expect(await db.selectFrom("participation").select("member_id").where("resolution_id", "=", id).execute()).toEqual([{ member_id: a.memberId }]);
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    const closed = await db.selectFrom("resolution").select(["status", "result"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(closed.status).toBe("closed");
    expect(JSON.parse(closed.result!).tally.colleges[0]).toMatchObject({ id: s.colleges["Associations"], for: "1", against: "0", abstain: "0" });
  });

  it("the database refuses a second participation of the same member", async () => {
    const s = await makeVotingScic(db, 1);
    const { id } = await makeOpenResolution(db, s);
    const a = s.people["Associations"]![0]!;
    await vote(s, a.userId, id, "for");
    await expect(db.insertInto("participation").values({ resolution_id: id, member_id: a.memberId, cast_by_member_id: null, channel: "online" }).execute()).rejects.toSatisfy(isUniqueViolation);
  });

  it("refuses votes outside the window, after leaving, by observers, and on behalf without a proxy", async () => {
    const s = await makeVotingScic(db, 2);
    const a = s.people["Associations"]![0]!;
    const b = s.people["Entreprises"]![0]!;
    // Not yet open.
    const { id: draft } = await makeOpenResolution(db, s, { number: "2", open: false });
    await expect(vote(s, a.userId, draft, "for")).rejects.toMatchObject({ key: "voting.notOpen" });
    // A window in the future: scheduled, not open.
    const now = new Date();
    await scheduleResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: draft, opensAt: new Date(now.getTime() + 3600_000), closesAt: new Date(now.getTime() + 7200_000), now });
    await expect(vote(s, a.userId, draft, "for")).rejects.toMatchObject({ key: "voting.notOpen" });
    // The scheduler opens it when its time comes, and closes it at the end.
    const at = (ms: number) => new Date(now.getTime() + ms);
    await runScheduler(db, at(3600_000 + 1000));
    await castVote(db, { entityId: s.id, userId: a.userId, resolutionId: draft, choice: "for", now: at(3600_000 + 2000) });
    // After the end but before the scheduler has run: refused all the same.
    await expect(castVote(db, { entityId: s.id, userId: b.userId, resolutionId: draft, choice: "for", now: at(7200_000) })).rejects.toMatchObject({ key: "voting.closed" });
    await runScheduler(db, at(7200_000 + 1000));
    expect((await db.selectFrom("resolution").select(["status", "outcome"]).where("id", "=", draft).executeTakeFirstOrThrow())).toEqual({ status: "closed", outcome: "rejected" });

    const { id } = await makeOpenResolution(db, s);
    // After leaving.
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, memberId: b.memberId, member: memberInput({ name: b.name, email: b.email, collegeId: s.colleges["Entreprises"]!, category: "beneficiaire", exitedOn: TODAY() }), day: TODAY() });
    await expect(vote(s, b.userId, id, "for")).rejects.toMatchObject({ key: "errors.memberNotActive" });
    // On behalf of someone without a proxy.
    const c = s.people["Collectivités"]![0]!;
    await expect(vote(s, a.userId, id, "for", c.memberId)).rejects.toMatchObject({ key: "voting.noProxy" });
    // An observer (no member behind the account) through the page: 403.
    const observer = await signIn(db, s.admin.email, PASSWORD);
    await db.updateTable("entity_role").set({ role: "observer" }).where("user_id", "=", s.admin.id).execute();
    const res = await run(resolutionRoute.action, db, { path: `/o/${s.slug}/resolutions/${id}`, token: observer, params: { slug: s.slug, resolutionId: id }, form: { intent: "vote", choice: "for" } });
    expect(statusOf(res)).toBe(403);
  });

  it("a proxy counts in the principal's college, is capped when given, and can be taken back until used", async () => {
    const s = await makeVotingScic(db, 3);
    const { id } = await makeOpenResolution(db, s, { rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false, proxyCap: 2 } });
    const holder = s.people["Salariés"]![0]!;
    const [p1, p2, p3] = [s.people["Collectivités"]![0]!, s.people["Collectivités"]![1]!, s.people["Associations"]![0]!];
    await giveProxy(db, { entityId: s.id, userId: p1.userId, resolutionId: id, holderMemberId: holder.memberId });
    await giveProxy(db, { entityId: s.id, userId: p2.userId, resolutionId: id, holderMemberId: holder.memberId });
    await expect(giveProxy(db, { entityId: s.id, userId: p3.userId, resolutionId: id, holderMemberId: holder.memberId })).rejects.toMatchObject({
      key: "proxies.capReached",
      params: { name: holder.name, count: 2, cap: 2 },
    });
    // p2 takes the proxy back before it is used; then the holder may not vote for p2.
    await revokeProxy(db, { entityId: s.id, userId: p2.userId, resolutionId: id });
    await expect(vote(s, holder.userId, id, "for", p2.memberId)).rejects.toMatchObject({ key: "voting.noProxy" });
    await vote(s, holder.userId, id, "for", p1.memberId);
    await expect(revokeProxy(db, { entityId: s.id, userId: p1.userId, resolutionId: id })).rejects.toMatchObject({ key: "proxies.used" });
    const ballot = await db.selectFrom("ballot").selectAll().where("member_id", "=", p1.memberId).executeTakeFirstOrThrow();
    expect(ballot).toMatchObject({ college_id: s.colleges["Collectivités"], cast_by_member_id: holder.memberId, channel: "proxy" });
    // The principal cannot override the holder's vote.
    await expect(vote(s, p1.userId, id, "against")).rejects.toMatchObject({ key: "voting.holderVoted" });
  });

  it("blank proxies vote with the board's recommendation at close (L225-106)", async () => {
    const s = await makeVotingScic(db, 2);
    const rule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false };
    const { id: r1 } = await makeOpenResolution(db, s, { rule, number: "1", recommendation: "for" });
    const { id: r2 } = await makeOpenResolution(db, s, { rule, number: "2", recommendation: "against" });
    for (const r of [r1, r2]) {
      await giveProxy(db, { entityId: s.id, userId: s.people["Associations"]![0]!.userId, resolutionId: r, holderMemberId: null });
      await vote(s, s.people["Entreprises"]![0]!.userId, r, "for");
      await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: r });
    }
    const choice = async (r: string) => (await db.selectFrom("ballot").select(["choice", "channel"]).where("resolution_id", "=", r).where("member_id", "=", s.people["Associations"]![0]!.memberId).executeTakeFirstOrThrow());
    expect(await choice(r1)).toEqual({ choice: "for", channel: "blank-proxy" });
    expect(await choice(r2)).toEqual({ choice: "against", channel: "blank-proxy" });
  });

  it("closing freezes the result: later changes to weights and members never alter it", async () => {
    const s = await makeVotingScic(db, 2);
    const { id } = await makeOpenResolution(db, s, { rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null } });
    await vote(s, s.people["Associations"]![0]!.userId, id, "for");
    await vote(s, s.people["Entreprises"]![0]!.userId, id, "against");
    await vote(s, s.people["Salariés"]![0]!.userId, id, "for");
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    const frozen = await db.selectFrom("resolution").select(["result", "outcome"]).where("id", "=", id).executeTakeFirstOrThrow();
    const tally = JSON.parse(frozen.result!).tally;
    // 30% for, 30% against, 20% for, Collectivités silent (neutralised): 50/80 = 5/8.
    expect(tally).toMatchObject({ adopted: true, for: "1/2", against: "3/10", base: "4/5", share: "5/8", percent: "62.50" });
    const ids = s.colleges;
    await setWeights(db, { entity: s.entity, actorId: s.admin.id, weights: { [ids["Associations"]!]: "10", [ids["Entreprises"]!]: "50", [ids["Collectivités"]!]: "20", [ids["Salariés"]!]: "20" }, effectiveFrom: "2000-01-01", reason: "test", day: TODAY() });
    await saveMember(db, { entity: s.entity, actorId: s.admin.id, memberId: s.people["Entreprises"]![0]!.memberId, member: memberInput({ name: "x", collegeId: ids["Associations"]!, exitedOn: TODAY() }), day: TODAY() });
    const token = await signIn(db, s.admin.email, PASSWORD);
    const page = dataOf(await run(resolutionRoute.loader, db, { path: `/o/${s.slug}/resolutions/${id}`, token, params: { slug: s.slug, resolutionId: id } }));
    expect(page.result.tally).toEqual(tally);
    expect((await db.selectFrom("resolution").select("result").where("id", "=", id).executeTakeFirstOrThrow()).result).toBe(frozen.result);
    await expect(vote(s, s.people["Collectivités"]![0]!.userId, id, "for")).rejects.toMatchObject({ key: "voting.closed" });
  });

  // A secret vote's tally file holds per-college totals: tests/integration/secret-*.test.ts.
  it("the tally file of a closed open-ballot resolution recomputes to the frozen result", async () => {
    for (const secret of [false]) {
      const s = await makeVotingScic(db, 3);
      const rule = { ...PRESETS["scic-sa-ago"].rule, secret, proxyCap: 1 as const };
      const { id, ruleId } = await makeOpenResolution(db, s, { rule });
      const P = s.people;
      await giveProxy(db, { entityId: s.id, userId: P["Collectivités"]![2]!.userId, resolutionId: id, holderMemberId: P["Salariés"]![2]!.memberId });
      await vote(s, P["Salariés"]![2]!.userId, id, "against", P["Collectivités"]![2]!.memberId);
      for (const [college, choices] of Object.entries({ Associations: ["for", "for", "against"], Entreprises: ["against", "abstain", "for"], Collectivités: ["for", "against"], Salariés: ["for", "for"] })) {
        for (const [i, c] of (choices as ("for" | "against" | "abstain")[]).entries()) await vote(s, P[college]![i]!.userId, id, c);
      }
      await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
      const r = await db.selectFrom("resolution").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      const ruleRow = await db.selectFrom("voting_rule").selectAll().where("id", "=", ruleId).executeTakeFirstOrThrow();
      const file = await tallyFileOf(db, r, ruleFromRow(ruleRow), "Test");
      if (secret) for (const people of Object.values(P)) for (const p of people) expect(JSON.stringify(file)).not.toContain(p.memberId);
      const parsed = parseTallyFile(JSON.parse(JSON.stringify(file)));
      if (!parsed.ok) throw new Error(parsed.error);
      const recomputed = tallyFile(parsed.file);
      const frozen = JSON.parse(r.result!).tally;
      for (const key of ["adopted", "reason", "for", "against", "base", "share", "percent", "quorum", "colleges"]) expect(recomputed[key]).toEqual(frozen[key]);
      expect(recomputed.rejectedBallots).toEqual([]);
      expect(Rational.parse(frozen.share)).not.toBeNull();
    }
  });
});
