// New resolutions take the rule of their nature; members read the drafts of a convened meeting.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import * as resolutionRoute from "~/routes/entity.resolution";
import * as meetingRoute from "~/routes/entity.meeting";
import * as newResolutionRoute from "~/routes/entity.resolutions.new";
import { createMeeting, sendNotice } from "~/services/meetings.server";
import { createRule } from "~/services/rules.server";
import { dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { DAY_MS, meetingSetup } from "../helpers/meetings";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

describe("drafts of resolutions", () => {
  it("a new resolution without a rule picked takes the rule of its nature; an AGE's drafts are extraordinary by default", async () => {
    const s = await meetingSetup(db);
    const { id: ago } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "AGO — majorité", preset: "scic-sa-ago" });
    const { id: age } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "AGE — deux tiers", preset: "scic-sa-age" });
    const token = await signIn(db, s.admin.email, PASSWORD);
    const call = { path: `/o/${s.slug}/resolutions/new`, token, params: { slug: s.slug } };
    for (const [number, kind, rule] of [["10", "extraordinary", age], ["11", "ordinary", ago]] as const) {
      const res = await run(newResolutionRoute.action, db, { ...call, form: { number, title: "Statuts", body: "Texte", ruleId: "", kind, recommendation: "" } });
      expect(statusOf(res)).toBe(302);
      expect((await db.selectFrom("resolution").select("rule_id").where("number", "=", number).executeTakeFirstOrThrow()).rule_id).toBe(rule);
    }
    // A rule picked is kept whatever the nature.
    await run(newResolutionRoute.action, db, { ...call, form: { number: "12", title: "Statuts", body: "Texte", ruleId: ago, kind: "extraordinary", recommendation: "" } });
    expect((await db.selectFrom("resolution").select("rule_id").where("number", "=", "12").executeTakeFirstOrThrow()).rule_id).toBe(ago);

    const { id: ageMeeting } = await createMeeting(db, { entity: s.entity, actorId: s.admin.id, meeting: { kind: "age", title: "AGE", startsAt: new Date(Date.now() + 30 * DAY_MS), place: "Tours", remoteLink: null, postalDeadline: null } });
    const page = dataOf(await run(newResolutionRoute.loader, db, { ...call, path: `/o/${s.slug}/resolutions/new?meeting=${ageMeeting}` }));
    expect(page.kind).toBe("extraordinary");
    expect(page.rules.find((r: { id: string }) => r.id === age)).toMatchObject({ kind: "extraordinary", fits: true });
    expect(dataOf(await run(newResolutionRoute.loader, db, call)).kind).toBe("ordinary");
  });

  it("members read a draft once its meeting is convened, and its text is on the postal vote form", async () => {
    const s = await meetingSetup(db);
    const member = await signIn(db, s.people["Associations"]![0]!.email, PASSWORD);
    const params = { slug: s.slug, resolutionId: s.resolutionId };
    expect(statusOf(await run(resolutionRoute.loader, db, { path: "/", token: member, params }))).toBe(404);
    await sendNotice(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, mode: "email", origin: "http://localhost", locale: "fr" });
    const page = await run(resolutionRoute.loader, db, { path: "/", token: member, params });
    expect(statusOf(page)).toBe(200);
    expect(dataOf(page).resolution.bodyHtml).toContain("Approuve les comptes.");
    // Still not to open or withdraw it.
    expect(statusOf(await run(resolutionRoute.action, db, { path: "/", token: member, params, form: { intent: "withdraw", confirmed: "1" } }))).toBe(403);
    const meeting = dataOf(await run(meetingRoute.loader, db, { path: "/", token: member, params: { slug: s.slug, meetingId: s.meetingId } }));
    expect(meeting.resolutions.find((r: { id: string }) => r.id === s.resolutionId).bodyHtml).toContain("Approuve les comptes.");
  });
});
