import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS } from "~/domain/rules";
import { renderMarkdown } from "~/lib/markdown.server";
import * as rulesRoute from "~/routes/entity.rules";
import * as ruleRoute from "~/routes/entity.rule";
import * as resolutionRoute from "~/routes/entity.resolution";
import * as newResolutionRoute from "~/routes/entity.resolutions.new";
import * as ballotsRoute from "~/routes/entity.resolution.ballots";
import * as tallyRoute from "~/routes/entity.resolution.tally";
import { closeResolution } from "~/services/resolutions.server";
import { castVote } from "~/services/voting.server";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

describe("rules and resolutions", () => {
  it("creates a rule from a preset, and editing it makes a new version while an open vote keeps the old one", async () => {
    const s = await makeVotingScic(db, 1);
    const token = await signIn(db, s.admin.email, PASSWORD);
    const call = { path: `/o/${s.slug}/rules`, token, params: { slug: s.slug } };
    expect(statusOf(await run(rulesRoute.action, db, { ...call, form: { intent: "preset", preset: "scic-sa-age", name: "AGE" } }))).toBe(302);
    const rule = await db.selectFrom("voting_rule").selectAll().where("entity_id", "=", s.id).where("name", "=", "AGE").executeTakeFirstOrThrow();
    expect(rule).toMatchObject({ threshold_num: 2, threshold_den: 3, strict: 0, quorum_first_num: 1, quorum_first_den: 4, quorum_later_num: 1, quorum_later_den: 5 });
    const listed = dataOf(await run(rulesRoute.loader, db, call));
    expect(listed.rules.find((r: { name: string }) => r.name === "AGE").words).toEqual([{ key: "ruleWords.twoThirds" }, { key: "ruleWords.base.cast" }, { key: "ruleWords.method.proportional" }, { key: "collegeRules.words.proxyHolders.spouse" }]);

    // A vote opened under version 1, and a draft.
    const res = await run(newResolutionRoute.action, db, { path: `/o/${s.slug}/resolutions/new`, token, params: { slug: s.slug }, form: { number: "1", title: "Statuts", body: "Texte", ruleId: rule.id, kind: "extraordinary", recommendation: "" } });
    const openId = (res as Response).headers.get("Location")!.split("/").pop()!;
    await run(resolutionRoute.action, db, { path: `/o/${s.slug}/resolutions/${openId}`, token, params: { slug: s.slug, resolutionId: openId }, form: { intent: "open" } });
    const draft = await run(newResolutionRoute.action, db, { path: `/o/${s.slug}/resolutions/new`, token, params: { slug: s.slug }, form: { number: "2", title: "Autre", body: "Texte", ruleId: rule.id, kind: "extraordinary", recommendation: "" } });
    const draftId = (draft as Response).headers.get("Location")!.split("/").pop()!;

    const bad = await run(ruleRoute.action, db, { path: `/o/${s.slug}/rules/${rule.id}`, token, params: { slug: s.slug, ruleId: rule.id }, form: { name: "AGE", method: "proportional", base: "cast", threshold: "3/2", emptyCollege: "neutralise", quorumBasis: "headcount", proxyCap: "many" } });
    expect(dataOf(bad).errors).toMatchObject({ threshold: { key: "errors.fraction" }, proxyCap: { key: "errors.proxyCap" } });
    const revised = (await run(ruleRoute.action, db, { path: `/o/${s.slug}/rules/${rule.id}`, token, params: { slug: s.slug, ruleId: rule.id }, form: { name: "AGE", method: "proportional", base: "cast", threshold: "3/4", emptyCollege: "neutralise", quorumBasis: "headcount", proxyCap: "cooperative", secret: "on" } })) as Response;
    expect(revised.status).toBe(302);
    const v2 = revised.headers.get("Location")!.split("/").pop()!;
    const rows = await db.selectFrom("resolution").select(["id", "rule_id"]).where("entity_id", "=", s.id).execute();
    expect(rows.find((r) => r.id === openId)!.rule_id).toBe(rule.id);
    expect(rows.find((r) => r.id === draftId)!.rule_id).toBe(v2);
    expect((await db.selectFrom("voting_rule").select(["version", "supersedes_id", "archived_at"]).where("id", "=", v2).executeTakeFirstOrThrow())).toMatchObject({ version: 2, supersedes_id: rule.id, archived_at: null });
  });

  it("a draft can be withdrawn, not an open vote; members never see drafts", async () => {
    const s = await makeVotingScic(db, 1);
    const { id: draft } = await makeOpenResolution(db, s, { number: "1", open: false });
    const { id: open } = await makeOpenResolution(db, s, { number: "2" });
    const admin = await signIn(db, s.admin.email, PASSWORD);
    const member = await signIn(db, s.people["Associations"]![0]!.email, PASSWORD);
    expect(statusOf(await run(resolutionRoute.loader, db, { path: "/", token: member, params: { slug: s.slug, resolutionId: draft } }))).toBe(404);
    expect(statusOf(await run(resolutionRoute.action, db, { path: "/", token: member, params: { slug: s.slug, resolutionId: draft }, form: { intent: "open" } }))).toBe(403);
    expect(statusOf(await run(resolutionRoute.action, db, { path: "/", token: admin, params: { slug: s.slug, resolutionId: draft }, form: { intent: "withdraw", confirmed: "1" } }))).toBe(302);
    const refused = await run(resolutionRoute.action, db, { path: "/", token: admin, params: { slug: s.slug, resolutionId: open }, form: { intent: "withdraw", confirmed: "1" } });
    expect(dataOf(refused).errors._form.key).toBe("resolutions.cannotWithdraw");
    expect((await db.selectFrom("resolution").select("status").where("id", "=", draft).executeTakeFirstOrThrow()).status).toBe("withdrawn");
  });

  it("hides choices until close unless the rule shows them live, and exports no member for a secret ballot", async () => {
    const s = await makeVotingScic(db, 2);
    const { id } = await makeOpenResolution(db, s, { rule: { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: true, liveResults: false } });
    const a = s.people["Associations"]![0]!;
    await castVote(db, { entityId: s.id, userId: a.userId, resolutionId: id, choice: "for" });
    const token = await signIn(db, s.admin.email, PASSWORD);
    const args = { path: "/", token, params: { slug: s.slug, resolutionId: id } };
    const live = dataOf(await run(resolutionRoute.loader, db, args));
    expect(live.result).toMatchObject({ hidden: true, voted: 1 });
    expect(live.result.tally).toBeUndefined();
    expect(statusOf(await run(tallyRoute.loader, db, args))).toBe(404);
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    const closed = dataOf(await run(resolutionRoute.loader, db, args));
    expect(closed.result.hidden).toBe(false);
    expect(closed.result.tally.adopted).toBe(true);
    const bytes = new Uint8Array(await ((await run(ballotsRoute.loader, db, args)) as Response).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv).not.toContain(a.name);
    expect(csv).not.toContain(a.memberId);
    const file = await ((await run(tallyRoute.loader, db, args)) as Response).json();
    expect(JSON.stringify(file)).not.toContain(a.memberId);
  });

  it("renders resolution texts as Markdown without letting HTML or scripts through", () => {
    const html = renderMarkdown("**Adopté** <script>alert(1)</script> [lien](javascript:alert(1)) <img src=x onerror=alert(1)>");
    expect(html).toContain("<strong>Adopté</strong>");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain('href="javascript:');
  });
});
