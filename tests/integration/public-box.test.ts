// The ballot boxes of secret votes published by the entity's choice (settings): anyone, without
// signing in, downloads at public/:slug/resolutions/:id/box.json the same file as the members,
// for an open, counting or closed vote. Off (the default), or for anything else, one 404 that
// never tells whether the entity or the vote exists. The setting is journaled.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { verifyBox } from "~/crypto/verify";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { BoxPanel } from "~/components/BallotBox";
import { createI18n } from "~/lib/i18n";
import * as boxRoute from "~/routes/entity.resolution.box";
import * as settingsRoute from "~/routes/entity.settings";
import * as publicRoute from "~/routes/public.box";
import { closeResolution, scheduleResolution, withdrawResolution } from "~/services/resolutions.server";
import { castVote } from "~/services/voting.server";
import { ORIGIN, dataOf, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { browserBallot, postVote, votePage } from "../helpers/secret";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

type Scic = Awaited<ReturnType<typeof makeVotingScic>>;
const secretRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, secret: true };
const publicPath = (slug: string, resolutionId: string) => `/public/${slug}/resolutions/${resolutionId}/box.json`;

/** The public route, for someone not signed in (or signed in: it changes nothing). */
async function publicBox(slug: string, resolutionId: string, token: string | null = null) {
  return (await run(publicRoute.loader, db, { path: publicPath(slug, resolutionId), token, params: { slug, resolutionId } })) as Response;
}

async function membersBox(slug: string, resolutionId: string, token: string) {
  return (await run(boxRoute.loader, db, { path: `/o/${slug}/resolutions/${resolutionId}/box.json`, token, params: { slug, resolutionId } })) as Response;
}

/** Saves the settings page as shown, with the publication box ticked or not. */
async function savePublication(s: Scic, token: string, publish: boolean) {
  const shown = dataOf(await run(settingsRoute.loader, db, { path: `/o/${s.slug}/settings`, token, params: { slug: s.slug } }));
  const form: Record<string, string> = {
    name: shown.name,
    legalForm: shown.legalForm,
    address: shown.address ?? "",
    registrationNumber: shown.registrationNumber ?? "",
    shareNominal: shown.shareNominalCents == null ? "" : String(shown.shareNominalCents / 100),
    noticeDays: shown.noticeDays == null ? "" : String(shown.noticeDays),
    budgetRuleId: shown.budget.ruleId ?? "",
    expenseApprovals: String(shown.budget.approvals),
    expenseThreshold: "",
    transferThreshold: "",
  };
  if (shown.capitalVariable) form.capitalVariable = "on";
  if (shown.collegesEnabled) form.collegesEnabled = "on";
  if (publish) form.publicBallotBoxes = "on";
  return run(settingsRoute.action, db, { path: `/o/${s.slug}/settings`, token, params: { slug: s.slug }, form });
}

/** A secret vote open with three ballots: one encrypted as the browser does, two by the server. */
async function secretVoteWithBallots(s: Scic) {
  const { id } = await makeOpenResolution(db, s, { rule: secretRule });
  const voter = s.people["Associations"]![0]!;
  const token = await signIn(db, voter.email, PASSWORD);
  const page = await votePage(db, s.slug, id, token);
  expect(statusOf(await postVote(db, s.slug, id, token, { ballot: JSON.stringify(browserBallot(page.secret, page.secret.mine, "for")) }))).toBe(200);
  await castVote(db, { entityId: s.id, userId: s.people["Entreprises"]![0]!.userId, resolutionId: id, choice: "against" });
  await castVote(db, { entityId: s.id, userId: s.people["Salariés"]![0]!.userId, resolutionId: id, choice: "abstain" });
  return { id, token };
}

describe("public ballot boxes", () => {
  it("are off by default: the box is for members only, the page gives no public link", async () => {
    const s = await makeVotingScic(db, 1);
    const { id, token } = await secretVoteWithBallots(s);
    expect((await db.selectFrom("entity").select("public_ballot_boxes").where("id", "=", s.id).executeTakeFirstOrThrow()).public_ballot_boxes).toBe(0);
    expect(statusOf(await membersBox(s.slug, id, token))).toBe(200);
    expect(statusOf(await publicBox(s.slug, id))).toBe(404);
    // Signed in changes nothing: the public route does not look at the session.
    expect(statusOf(await publicBox(s.slug, id, token))).toBe(404);
    expect((await votePage(db, s.slug, id, token)).publicBox).toBeNull();
  });

  it("once published, anyone downloads the members' file, open and closed; the change is journaled", async () => {
    const s = await makeVotingScic(db, 1);
    const { id, token } = await secretVoteWithBallots(s);
    const admin = await signIn(db, s.admin.email, PASSWORD);
    expect(statusOf(await savePublication(s, admin, true))).toBe(302);
    expect(dataOf(await run(settingsRoute.loader, db, { path: `/o/${s.slug}/settings`, token: admin, params: { slug: s.slug } })).publicBallotBoxes).toBe(true);
    const event = await db.selectFrom("audit_event").selectAll().where("action", "=", "entity.updated").where("entity_id", "=", s.id).orderBy("created_at", "desc").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ user_id: s.admin.id, subject_type: "entity", subject_id: s.id });
    expect(JSON.parse(event.detail!)).toEqual({ before: { public_ballot_boxes: 0 }, after: { public_ballot_boxes: 1 } });

    // Open: the same JSON as the members', never kept by a cache.
    const open = await publicBox(s.slug, id);
    expect(open.status).toBe(200);
    expect(open.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(open.headers.get("Content-Disposition")).toBe((await membersBox(s.slug, id, token)).headers.get("Content-Disposition"));
    expect(open.headers.get("Content-Disposition")).toMatch(/^attachment; filename="/);
    expect(open.headers.get("Cache-Control")).toBe("no-store");
    const openJson = await open.json();
    expect(openJson).toEqual(await (await membersBox(s.slug, id, token)).json());
    expect(openJson.ballots).toHaveLength(3);
    expect(openJson.result).toBeNull();
    // The page shows the link members may hand on.
    const link = `${ORIGIN}${publicPath(s.slug, id)}`;
    expect((await votePage(db, s.slug, id, token)).publicBox).toBe(link);
    const html = renderToStaticMarkup(
      createElement(I18nextProvider, { i18n: createI18n("fr") }, createElement(BoxPanel, { box: { mode: "server", head: openJson.head, inBox: 3, boxHash: null, keyDestroyed: false }, href: "/box.json", counting: false, publicHref: link })),
    );
    expect(html).toContain(`href="${link}"`);
    expect(html).toContain("L’entité publie les urnes de ses votes secrets");

    // Closed: the file with its tally and result, which verifies offline.
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    const closed = await publicBox(s.slug, id);
    expect(closed.status).toBe(200);
    expect(closed.headers.get("Cache-Control")).toBe("no-cache");
    const { result, ...box } = await closed.json();
    expect({ ...box, result }).toEqual(await (await membersBox(s.slug, id, token)).json());
    expect(result.published).toBeTruthy();
    expect(verifyBox(box)).toMatchObject({ ok: true, ballots: 3 });

    // Unpublished again: gone for everyone but the members.
    expect(statusOf(await savePublication(s, admin, false))).toBe(302);
    expect(statusOf(await publicBox(s.slug, id))).toBe(404);
    expect(statusOf(await membersBox(s.slug, id, token))).toBe(200);
    expect((await votePage(db, s.slug, id, token)).publicBox).toBeNull();
  });

  it("answers one 404 for another entity's slug, an unknown entity or vote, an open vote that is not secret, a draft, a scheduled or a withdrawn vote", async () => {
    const s = await makeVotingScic(db, 1);
    const { id } = await secretVoteWithBallots(s);
    const other = await makeVotingScic(db, 1);
    const draft = await makeOpenResolution(db, s, { rule: secretRule, number: "2", open: false });
    const scheduled = await makeOpenResolution(db, s, { rule: secretRule, number: "3", open: false });
    const now = new Date();
    await scheduleResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: scheduled.id, opensAt: new Date(now.getTime() + 3600_000), closesAt: new Date(now.getTime() + 7200_000), now });
    const withdrawn = await makeOpenResolution(db, s, { rule: secretRule, number: "4", open: false });
    await withdrawResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: withdrawn.id });
    const openVote = await makeOpenResolution(db, s, { rule: { ...secretRule, secret: false }, number: "5" });
    // Both entities publish: what refuses is the lookup, not the setting.
    await db.updateTable("entity").set({ public_ballot_boxes: 1 }).where("id", "in", [s.id, other.id]).execute();
    expect(statusOf(await publicBox(s.slug, id))).toBe(200);

    const refused = [
      [other.slug, id],
      ["nowhere", id],
      [s.slug, "nothing"],
      [s.slug, openVote.id],
      [s.slug, draft.id],
      [s.slug, scheduled.id],
      [s.slug, withdrawn.id],
    ] as const;
    for (const [slug, resolutionId] of refused) {
      const answer = await publicBox(slug, resolutionId);
      expect([slug, resolutionId, answer.status]).toEqual([slug, resolutionId, 404]);
      expect(await answer.text()).toBe("Not Found");
    }
  });
});
