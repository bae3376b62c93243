/**
 * College voting rules and the statutes' proxy rules as a rule stores them (issue 15): the rule
 * form saves them, the editor shows them back, a new version keeps them, and proxies are refused
 * when the statutes forbid them.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS, toTallyRule } from "~/domain/rules";
import { Rational } from "~/domain/rational";
import * as ruleRoute from "~/routes/entity.rule";
import * as rulesRoute from "~/routes/entity.rules";
import { ruleFromRow } from "~/services/rules.server";
import { castVote, giveProxy } from "~/services/voting.server";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const form = {
  intent: "custom",
  name: "AG M Comme Médoc",
  method: "college-bloc",
  base: "cast",
  threshold: "3/4",
  emptyCollege: "neutralise",
  headcountBelow: "0",
  quorumFirst: "",
  quorumLater: "",
  quorumBasis: "headcount",
  proxyCap: "2",
  secret: "on",
  collegeAbstain: "for",
  collegeBloc: "60 %",
  collegeBlocStrict: "on",
  collegeBlocOtherwise: "second-round",
  collegeQuorum: "1/4",
  proxySameCollege: "on",
  proxyMaxPerCollege: "1",
};

describe("college rules stored with the voting rule", () => {
  it("the rule form saves them, the editor shows them, a new version keeps what it is given", async () => {
    const s = await makeVotingScic(db, 1);
    const token = await signIn(db, s.admin.email, PASSWORD);
    const call = { path: `/o/${s.slug}/rules`, token, params: { slug: s.slug } };
    expect(statusOf(await run(rulesRoute.action, db, { ...call, form }))).toBe(302);
    const row = await db.selectFrom("voting_rule").selectAll().where("entity_id", "=", s.id).where("name", "=", form.name).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      college_abstain: "for",
      college_bloc_num: 3,
      college_bloc_den: 5,
      college_bloc_strict: 1,
      college_bloc_otherwise: "second-round",
      college_quorum_num: 1,
      college_quorum_den: 4,
      proxy_same_college: 1,
      proxy_max_per_college: 1,
    });
    const rule = ruleFromRow(row);
    expect(toTallyRule(rule)).toMatchObject({
      method: "college-bloc",
      proxy: { maxPerHolder: 2, sameCollege: true, maxPerCollege: 1 },
      college: { abstain: "for", bloc: { threshold: Rational.of(3, 5), strict: true, otherwise: "second-round" }, quorum: Rational.of(1, 4) },
    });
    // The list says them in words.
    const listed = dataOf(await run(rulesRoute.loader, db, call));
    const words = listed.rules.find((r: { name: string }) => r.name === form.name).words.map((w: { key: string }) => w.key);
    expect(words).toEqual(expect.arrayContaining(["collegeRules.words.abstain.for", "collegeRules.words.blocMoreThan", "collegeRules.words.otherwise.second-round", "collegeRules.words.quorum", "collegeRules.words.proxySameCollege", "collegeRules.words.proxyMaxPerCollege"]));

    // The editor shows them back; a new version without them goes back to the defaults.
    const ruleCall = { path: `/o/${s.slug}/rules/${row.id}`, token, params: { slug: s.slug, ruleId: row.id } };
    const shown = dataOf(await run(ruleRoute.loader, db, ruleCall));
    expect(shown.values).toMatchObject({ collegeAbstain: "for", collegeBloc: "3/5", collegeBlocStrict: "on", collegeBlocOtherwise: "second-round", collegeQuorum: "1/4", proxySameCollege: "on", proxyMaxPerCollege: "1" });
    const { collegeAbstain: _a, collegeBloc: _b, collegeBlocStrict: _c, collegeBlocOtherwise: _d, collegeQuorum: _e, proxySameCollege: _f, proxyMaxPerCollege: _g, ...plain } = form;
    expect(statusOf(await run(ruleRoute.action, db, { ...ruleCall, form: { ...plain, intent: "revise" } }))).toBe(302);
    const v2 = await db.selectFrom("voting_rule").selectAll().where("supersedes_id", "=", row.id).executeTakeFirstOrThrow();
    expect(ruleFromRow(v2)).toMatchObject({ collegeAbstain: "left-out", collegeBloc: null, collegeQuorum: null, proxySameCollege: false, proxyMaxPerCollege: null });
    expect(toTallyRule(ruleFromRow(v2)).college).toBeUndefined();
  });

  it("refuses a bad bloc threshold or cap per college with the field's message, keeping the values", async () => {
    const s = await makeVotingScic(db, 1);
    const token = await signIn(db, s.admin.email, PASSWORD);
    const res = await run(rulesRoute.action, db, { path: `/o/${s.slug}/rules`, token, params: { slug: s.slug }, form: { ...form, collegeBloc: "160", proxyMaxPerCollege: "deux" } });
    expect(statusOf(res)).toBe(400);
    expect(dataOf(res).errors).toMatchObject({ collegeBloc: { key: "errors.fraction" }, proxyMaxPerCollege: { key: "errors.wholeNumber" } });
    expect(dataOf(res).values).toMatchObject({ collegeBloc: "160", proxyMaxPerCollege: "deux" });
  });

  it("a rule stored before these options counts as before", async () => {
    const s = await makeVotingScic(db, 1);
    const { ruleId } = await makeOpenResolution(db, s, { open: false });
    const row = await db.selectFrom("voting_rule").selectAll().where("id", "=", ruleId).executeTakeFirstOrThrow();
    expect(toTallyRule(ruleFromRow(row))).toEqual(toTallyRule(PRESETS["scic-sa-ago"].rule));
  });
});

describe("the statutes' proxy rules when a proxy is given and used", () => {
  it("the holder must be in the principal's college", async () => {
    const s = await makeVotingScic(db, 2);
    const { id } = await makeOpenResolution(db, s, { rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false, proxySameCollege: true } });
    const [a0, a1] = s.people["Associations"]!;
    const other = s.people["Salariés"]![0]!;
    await expect(giveProxy(db, { entityId: s.id, userId: a0!.userId, resolutionId: id, holderMemberId: other.memberId })).rejects.toMatchObject({
      key: "collegeRules.errors.proxyOtherCollege",
      field: "holderMemberId",
    });
    await giveProxy(db, { entityId: s.id, userId: a0!.userId, resolutionId: id, holderMemberId: a1!.memberId });
    await castVote(db, { entityId: s.id, userId: a1!.userId, resolutionId: id, choice: "for", forMemberId: a0!.memberId });
    expect(await db.selectFrom("ballot").select("member_id").where("resolution_id", "=", id).execute()).toEqual([{ member_id: a0!.memberId }]);
  });

  it("at most N proxies per holder from one college; a proxy given before the rule said so is refused when used", async () => {
    const s = await makeVotingScic(db, 2);
    const rule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: false, proxyMaxPerCollege: 1 };
    const { id, ruleId } = await makeOpenResolution(db, s, { rule });
    const holder = s.people["Salariés"]![0]!;
    const [c0, c1] = s.people["Collectivités"]!;
    const a0 = s.people["Associations"]![0]!;
    await giveProxy(db, { entityId: s.id, userId: c0!.userId, resolutionId: id, holderMemberId: holder.memberId });
    await expect(giveProxy(db, { entityId: s.id, userId: c1!.userId, resolutionId: id, holderMemberId: holder.memberId })).rejects.toMatchObject({
      key: "collegeRules.errors.proxyCollegeCapReached",
      params: { name: holder.name, count: 1, cap: 1 },
    });
    // Another college: within its own cap.
    await giveProxy(db, { entityId: s.id, userId: a0.userId, resolutionId: id, holderMemberId: holder.memberId });

    // A proxy recorded beyond the cap (as when the rule changed) is void when the holder uses it.
    await db.updateTable("voting_rule").set({ proxy_max_per_college: null }).where("id", "=", ruleId).execute();
    await giveProxy(db, { entityId: s.id, userId: c1!.userId, resolutionId: id, holderMemberId: holder.memberId });
    await db.updateTable("voting_rule").set({ proxy_max_per_college: 1 }).where("id", "=", ruleId).execute();
    await castVote(db, { entityId: s.id, userId: holder.userId, resolutionId: id, choice: "for", forMemberId: c0!.memberId });
    await expect(castVote(db, { entityId: s.id, userId: holder.userId, resolutionId: id, choice: "for", forMemberId: c1!.memberId })).rejects.toMatchObject({
      key: "collegeRules.errors.voteCollegeCap",
    });
  });
});
