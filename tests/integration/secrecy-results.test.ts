// While a vote is open and its rule does not publish live results, only participation
// (voted / eligible, per college and in all) may leave the server, whoever asks.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { Participation } from "~/components/Results";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { createI18n } from "~/lib/i18n";
import { upsertRole } from "~/queries/entities.server";
import * as projectorRoute from "~/routes/entity.meeting.projector";
import * as resolutionRoute from "~/routes/entity.resolution";
import { addAgendaItem, createMeeting, type MeetingEntity } from "~/services/meetings.server";
import { buildMinutesModel } from "~/services/minutes.server";
import { closeResolution, createResolution, openResolution } from "~/services/resolutions.server";
import { createRule } from "~/services/rules.server";
import { castVote, type Choice } from "~/services/voting.server";
import { dataOf, run, signIn } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { makeUser, PASSWORD } from "../helpers/factories";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const hidden: VotingRule = { ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret: true, liveResults: false };

/** Keys that would carry choices or channels: none may appear in an open hidden vote's data. */
const CHOICE_KEYS = /"(for|against|abstain|ballots|tally|channels|online|room|proxy|blank-proxy|show-of-hands|adopted|share|percent)":/;

async function setup() {
  const s = await makeVotingScic(db, 3);
  const observer = await makeUser(db, "Observateur");
  await upsertRole(db, { entityId: s.id, userId: observer.id, role: "observer", now: new Date() });
  const tokens = {
    observer: await signIn(db, observer.email, PASSWORD),
    member: await signIn(db, s.people["Salariés"]![0]!.email, PASSWORD),
    admin: await signIn(db, s.admin.email, PASSWORD),
  };
  const page = async (token: string, resolutionId: string) => {
    const data = dataOf(await run(resolutionRoute.loader, db, { path: `/o/${s.slug}/resolutions/${resolutionId}`, token, params: { slug: s.slug, resolutionId } }));
    // What the browser receives: the loader data serialised.
    return { data, json: JSON.stringify(data) };
  };
  const vote = (userId: string, resolutionId: string, choice: Choice) => castVote(db, { entityId: s.id, userId, resolutionId, choice });
  return { s, tokens, page, vote };
}

describe("an open vote whose results are hidden", () => {
  it("sends observers, members and admins participation only, per college and in all; choices appear once it closes", async () => {
    const { s, tokens, page, vote } = await setup();
    const { id } = await makeOpenResolution(db, s, { rule: hidden });
    const choices: Choice[] = ["for", "against", "abstain"];
    // Members vote one after the other, and every role looks after each ballot.
    let n = 0;
    for (const p of s.people["Associations"]!) {
      await vote(p.userId, id, choices[n++ % 3]!);
      for (const token of Object.values(tokens)) {
        const { data, json } = await page(token, id);
        expect(json).not.toMatch(CHOICE_KEYS);
        expect(data.result).toEqual({
          hidden: true,
          voted: n,
          eligible: 12,
          colleges: [
            { id: s.colleges["Associations"], name: "Associations", eligible: 3, voted: n },
            { id: s.colleges["Entreprises"], name: "Entreprises", eligible: 3, voted: 0 },
            { id: s.colleges["Collectivités"], name: "Collectivités", eligible: 3, voted: 0 },
            { id: s.colleges["Salariés"], name: "Salariés", eligible: 3, voted: 0 },
          ],
        });
      }
    }

    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    for (const token of Object.values(tokens)) {
      const { data, json } = await page(token, id);
      expect(json).toMatch(CHOICE_KEYS);
      expect(data.result.hidden).toBe(false);
      // A secret vote's box gives each college's decrypted weighted totals, never counts per choice.
      expect(data.result.colleges[0]).toMatchObject({ voted: 3, ballots: null });
      expect(data.result.tally.colleges[0]).toMatchObject({ for: "1", against: "1", abstain: "1" });
      expect(data.result.channels).toEqual({ online: 3 });
    }
  });

  it("looks the same whatever the choices: a for and an against give identical data", async () => {
    const { s, tokens, page, vote } = await setup();
    const one = await makeOpenResolution(db, s, { rule: hidden, number: "1" });
    const two = await makeOpenResolution(db, s, { rule: hidden, number: "2" });
    const voter = s.people["Entreprises"]![1]!;
    await vote(voter.userId, one.id, "for");
    await vote(voter.userId, two.id, "against");
    for (const token of Object.values(tokens)) {
      // All but the resolution itself, its rule (a copy of each) and the clock.
      // The box of each vote has its own id, key and chain; the rest is the same.
      const strip = ({ resolution: _r, rule: _ru, now: _n, secret: { head: _h, electionId: _e, electionKey: _k, ...secret }, ...rest }: any) => ({ ...rest, secret });
      const a = strip((await page(token, one.id)).data);
      const b = strip((await page(token, two.id)).data);
      expect(a.secret.inBox).toBe(1);
      expect(a).toEqual(b);
    }
  });

  it("publishes the live result when an open rule says so; a secret vote has none before its count", async () => {
    const { s, tokens, page, vote } = await setup();
    const { id } = await makeOpenResolution(db, s, { rule: { ...hidden, secret: false, liveResults: true } });
    await vote(s.people["Associations"]![0]!.userId, id, "against");
    const { data, json } = await page(tokens.observer, id);
    expect(json).toMatch(CHOICE_KEYS);
    expect(data.result.hidden).toBe(false);
    expect(data.result.colleges[0].ballots).toEqual({ for: 0, against: 1, abstain: 0 });
    // Secret: its ballots are encrypted, and only the per-college sums are decrypted at the close.
    const secret = await makeOpenResolution(db, s, { rule: { ...hidden, liveResults: true }, number: "2" });
    await vote(s.people["Associations"]![0]!.userId, secret.id, "against");
    const open = await page(tokens.observer, secret.id);
    expect(open.json).not.toMatch(CHOICE_KEYS);
    expect(open.data.result).toMatchObject({ hidden: true, voted: 1 });
  });

  it("the projector shows participation and no outcome while the vote is open", async () => {
    const { s, tokens, vote } = await setup();
    const entity = (await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()) as MeetingEntity;
    const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "Secret", rule: hidden });
    const startsAt = new Date(Date.now() + 20 * 86400_000);
    // A written consultation: its members vote without checking in.
    const { id: meetingId } = await createMeeting(db, { entity, actorId: s.admin.id, meeting: { kind: "written", title: "Consultation écrite", startsAt, place: null, remoteLink: null, postalDeadline: null } });
    const { id: resolutionId } = await createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: { number: "1", title: "Comptes", body: "Texte", note: null, ruleId, kind: "ordinary", recommendation: null } });
    await addAgendaItem(db, { entityId: s.id, meetingId, title: "Comptes", description: null, resolutionId });
    await openResolution(db, { entity, actorId: s.admin.id, resolutionId });
    const voters = s.people["Collectivités"]!;
    await vote(voters[0]!.userId, resolutionId, "against");
    await vote(voters[1]!.userId, resolutionId, "against");
    const screen = async () => {
      const data = dataOf(await run(projectorRoute.loader, db, { path: "/", token: tokens.admin, params: { slug: s.slug, meetingId } }));
      return { data, json: JSON.stringify(data) };
    };
    const open = await screen();
    expect(open.json).not.toMatch(/"(for|against|abstain|ballots|tally|channels)":/);
    expect(open.data.current).toMatchObject({ status: "open", voted: 2, showResult: false, adopted: null, reason: null, share: null });
    expect(open.data.current.colleges.find((c: { name: string }) => c.name === "Collectivités")).toEqual({ name: "Collectivités", voted: 2, eligible: 3 });
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId });
    const closed = await screen();
    expect(closed.data.current).toMatchObject({ status: "closed", showResult: true, adopted: false });
  });

  it("the draft minutes carry no choice of a vote still open", async () => {
    const { s, vote } = await setup();
    const entity = (await db.selectFrom("entity").selectAll().where("id", "=", s.id).executeTakeFirstOrThrow()) as MeetingEntity & { address: string | null; registration_number: string | null };
    const { id: ruleId } = await createRule(db, { entityId: s.id, actorId: s.admin.id, name: "Secret", rule: hidden });
    const { id: meetingId } = await createMeeting(db, { entity, actorId: s.admin.id, meeting: { kind: "written", title: "Consultation écrite", startsAt: new Date(Date.now() + 20 * 86400_000), place: null, remoteLink: null, postalDeadline: null } });
    const { id: resolutionId } = await createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: { number: "1", title: "Comptes", body: "Texte", note: null, ruleId, kind: "ordinary", recommendation: null } });
    await addAgendaItem(db, { entityId: s.id, meetingId, title: "Comptes", description: null, resolutionId });
    await openResolution(db, { entity, actorId: s.admin.id, resolutionId });
    const voters = s.people["Collectivités"]!;
    await vote(voters[0]!.userId, resolutionId, "against");
    const open = (await buildMinutesModel(db, entity, meetingId)).resolutions[0]!;
    expect(open).toMatchObject({ status: "open", for: null, against: null, colleges: [], channels: {} });
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId });
    const closed = (await buildMinutesModel(db, entity, meetingId)).resolutions[0]!;
    expect(closed.against).not.toBeNull();
    expect(closed.colleges.find((c) => c.name === "Collectivités")).toMatchObject({ against: "1" });
  });
});

describe("the participation table", () => {
  it("renders voted and eligible per college from the participation shape", () => {
    const html = renderToStaticMarkup(
      createElement(I18nextProvider, { i18n: createI18n("fr") }, createElement(Participation, { result: { voted: 3, eligible: 12, colleges: [{ id: "c1", name: "Associations", eligible: 5, voted: 3 }, { id: null, name: null, eligible: 7, voted: 0 }] } })),
    );
    expect(html).toContain("<th scope=\"row\">Associations</th><td class=\"num\">5</td><td class=\"num\">3</td>");
    expect(html).toContain("<th scope=\"row\">Sans collège</th><td class=\"num\">7</td><td class=\"num\">0</td>");
    expect(html).toContain("<caption>Participation\u00a0: 3 votants sur 12 inscrits</caption>");
  });
});
