// The ballot box of a secret vote, downloaded by members while the vote is open and after: it
// verifies offline (verifyBox), its decrypted totals and the counts of the room give the published
// result, and the frozen result carries its hash. Trustee mode: the vote opens only with every
// trustee's key and is counted once every trustee has given valid decryption shares.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { hashJson } from "~/crypto/encoding";
import { trusteeShares } from "~/crypto/tally";
import { generateTrusteeKey } from "~/crypto/trustee";
import { verifyBox } from "~/crypto/verify";
import { Rational } from "~/domain/rational";
import { PRESETS, type VotingRule } from "~/domain/rules";
import { BoxPanel } from "~/components/BallotBox";
import { Results } from "~/components/Results";
import { createI18n } from "~/lib/i18n";
import { readServerKey } from "~/lib/keys.server";
import { replaceHandCounts } from "~/queries/meetings.server";
import * as boxRoute from "~/routes/entity.resolution.box";
import * as tallyRoute from "~/routes/entity.resolution.tally";
import { completeCounting, countingSums, electionKeyOf } from "~/services/election.server";
import { closeResolution, openResolution, runScheduler } from "~/services/resolutions.server";
import { castVote } from "~/services/voting.server";
import { run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { votePage } from "../helpers/secret";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const secretRule: VotingRule = { ...PRESETS["scic-sa-ago"].rule, secret: true };

async function download(slug: string, resolutionId: string, token: string) {
  const answer = await run(boxRoute.loader, db, { path: `/o/${slug}/resolutions/${resolutionId}/box.json`, token, params: { slug, resolutionId } });
  return answer as Response;
}

describe("the ballot box file", () => {
  it("downloads for members while open and after; it verifies, and its totals with the room's counts give the published result", async () => {
    const s = await makeVotingScic(db, 2);
    const { id } = await makeOpenResolution(db, s, { rule: secretRule });
    const draft = await makeOpenResolution(db, s, { rule: secretRule, number: "2", open: false });
    const member = await signIn(db, s.people["Salariés"]![0]!.email, PASSWORD);
    const votes: [string, number, "for" | "against" | "abstain"][] = [["Associations", 0, "for"], ["Associations", 1, "against"], ["Entreprises", 0, "for"], ["Salariés", 1, "abstain"]];
    for (const [college, i, choice] of votes) await castVote(db, { entityId: s.id, userId: s.people[college]![i]!.userId, resolutionId: id, choice });
    await db.updateTable("member").set({ voting_weight_micro: 2_500_000 }).where("id", "=", s.people["Associations"]![1]!.memberId).execute();

    const open = await download(s.slug, id, member);
    expect(open.status).toBe(200);
    expect(open.headers.get("Content-Disposition")).toMatch(/^attachment; filename="/);
    const { result: none, ...box } = await open.json();
    expect(none).toBeNull();
    const verified = verifyBox(box);
    expect(verified).toMatchObject({ ok: true, ballots: 4 });
    expect(box.tally).toBeNull();
    expect(box.head).toBe((await votePage(db, s.slug, id, member)).secret.head);
    // No member, no time in it.
    for (const people of Object.values(s.people)) for (const p of people) expect(JSON.stringify(box)).not.toContain(p.memberId);
    // A draft has no box; another entity's member gets nothing.
    expect(statusOf(await download(s.slug, draft.id, member))).toBe(404);
    const other = await makeVotingScic(db, 1);
    const outsider = await signIn(db, other.people["Salariés"]![0]!.email, PASSWORD);
    expect(statusOf(await download(s.slug, id, outsider))).toBe(403);
    expect(statusOf(await download(other.slug, id, outsider))).toBe(404);

    // A show of hands in Entreprises: 2 for, 1 abstain, counted beside the box.
    await replaceHandCounts(db, id, [{ collegeId: s.colleges["Entreprises"]!, for: 2, against: 0, abstain: 1 }]);
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    const frozen = JSON.parse((await db.selectFrom("resolution").select("result").where("id", "=", id).executeTakeFirstOrThrow()).result!);
    const { result, ...closed } = await (await download(s.slug, id, member)).json();
    const checked = verifyBox(closed);
    if (!checked.ok) throw new Error(checked.error);
    expect(hashJson(closed)).toBe(frozen.boxHash);
    expect(result.published).toEqual(frozen.tally);
    expect(result.rule).toMatchObject({ method: "proportional", base: "cast", threshold: "1/2", quorum: { fraction: "1/5", basis: "headcount" } });
    expect(result.colleges.map((c: { id: string }) => c.id)).toEqual(Object.values(s.colleges));
    expect(result.extra).toEqual([{ college: s.colleges["Entreprises"], channel: "paper", for: 2, against: 0, abstain: 1 }]);
    expect(result.participation).toEqual({ eligible: "8", present: "4" });
    // Decrypted totals (millionths) plus the room's counts are the published per-college figures.
    for (const college of checked.colleges) {
      const published = frozen.tally.colleges.find((c: { id: string }) => c.id === college.id);
      const hands = result.extra.find((e: { college: string }) => e.college === college.id) ?? { for: 0, against: 0, abstain: 0 };
      ["for", "against", "abstain"].forEach((choice, j) => {
        const total = Rational.fromScaled(college.totals![j]!, 1_000_000n).add(Rational.of(hands[choice]));
        expect(total.toString(), `${college.id} ${choice}`).toBe(published[choice]);
      });
    }
    // The 2.5 came after the opening: the box counts the frozen weight 1.
    expect(checked.colleges[0]!.totals).toEqual([1_000_000n, 1_000_000n, 0n]);

    // The result page: weighted totals per college (no count per choice), the box's hash, the box panel.
    const html = renderToStaticMarkup(
      createElement(I18nextProvider, { i18n: createI18n("fr") }, createElement(Results, { result: frozen, final: true }), createElement(BoxPanel, { box: { mode: "server", head: closed.head, inBox: 4, boxHash: frozen.boxHash, keyDestroyed: true }, href: "/box.json", counting: false })),
    );
    expect(html).toContain(frozen.boxHash);
    expect(html).toContain("le nombre de bulletins pour chaque choix n’est jamais connu");
    expect(html).toContain("Associations —");
    expect(html).toContain("4 bulletins dans l’urne.");
    expect(html).toContain("La clé du serveur a été détruite");

    // The tally file of a secret vote names no member and weighs no single ballot.
    const file = await ((await run(tallyRoute.loader, db, { path: "/", token: member, params: { slug: s.slug, resolutionId: id } })) as Response).json();
    for (const people of Object.values(s.people)) for (const p of people) expect(JSON.stringify(file)).not.toContain(p.memberId);
    expect(file.ballots).toBeUndefined();
    expect(file.totals.map((t: { channel: string }) => t.channel)).toContain("ballot-box");
  });
});

describe("trustee mode", () => {
  it("opens only with every trustee's key, waits in 'counting' for their shares, refuses a wrong share, then counts", async () => {
    const s = await makeVotingScic(db, 2);
    const { id } = await makeOpenResolution(db, s, { rule: secretRule, open: false });
    const people = [{ userId: s.admin.id, name: s.admin.name }, s.people["Salariés"]![0]!];
    const now = new Date().toISOString();
    await db.insertInto("election").values({ resolution_id: id, entity_id: s.id, mode: "trustees", status: "keys", created_at: now }).execute();
    for (const [position, p] of people.entries()) await db.insertInto("election_trustee").values({ resolution_id: id, position, user_id: p.userId, name: p.name }).execute();

    const refused = openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
    await expect(refused).rejects.toMatchObject({ key: "secret.keysMissing", status: 409, params: { count: 2 } });
    await expect(refused).rejects.toMatchObject({ params: { names: expect.stringContaining(people[1]!.name) } });
    expect((await db.selectFrom("resolution").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("draft");

    const secrets = people.map((p, position) => {
      const { secretKey, key } = generateTrusteeKey(id, p.name);
      return { position, secretKey, key };
    });
    for (const t of secrets) await db.updateTable("election_trustee").set({ public_key: t.key.publicKey, key_json: JSON.stringify(t.key), key_at: now }).where("resolution_id", "=", id).where("position", "=", t.position).execute();
    await openResolution(db, { entity: s.entity, actorId: s.admin.id, resolutionId: id });
    expect(readServerKey(id)).toBeNull();
    expect(await electionKeyOf(db, id)).toMatch(/^[0-9a-f]{64}$/);
    for (const [college, choice] of [["Associations", "for"], ["Entreprises", "against"], ["Collectivités", "for"]] as const) {
      await castVote(db, { entityId: s.id, userId: s.people[college]![1]!.userId, resolutionId: id, choice });
    }

    expect(await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id })).toEqual({ outcome: null });
    expect((await db.selectFrom("resolution").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("counting");
    await expect(castVote(db, { entityId: s.id, userId: s.people["Salariés"]![1]!.userId, resolutionId: id, choice: "for" })).rejects.toMatchObject({ key: "voting.closed" });
    const member = await signIn(db, s.people["Salariés"]![1]!.email, PASSWORD);
    expect((await votePage(db, s.slug, id, member)).result).toMatchObject({ hidden: true, voted: 3 });

    const { electionId, sums } = await countingSums(db, id);
    const share = (t: (typeof secrets)[number]) => JSON.stringify(trusteeShares(electionId, t.secretKey, sums));
    await db.updateTable("election_trustee").set({ shares: share(secrets[0]!), shares_at: now }).where("resolution_id", "=", id).where("position", "=", 0).execute();
    await expect(completeCounting(db, { entityId: s.id, resolutionId: id, actorId: null, now: new Date() })).rejects.toMatchObject({ key: "secret.sharesMissing", params: { names: people[1]!.name } });
    // The first trustee's shares given as the second's: their proofs fail under the second's key.
    await db.updateTable("election_trustee").set({ shares: share(secrets[0]!), shares_at: now }).where("resolution_id", "=", id).where("position", "=", 1).execute();
    await expect(completeCounting(db, { entityId: s.id, resolutionId: id, actorId: null, now: new Date() })).rejects.toMatchObject({ key: "secret.badShares", status: 422 });
    expect((await db.selectFrom("resolution").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("counting");

    await db.updateTable("election_trustee").set({ shares: share(secrets[1]!) }).where("resolution_id", "=", id).where("position", "=", 1).execute();
    expect(await runScheduler(db)).toBe(1);
    const r = await db.selectFrom("resolution").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(r).toMatchObject({ status: "closed", outcome: "adopted" });
    const frozen = JSON.parse(r.result!);
    expect(frozen.tally.colleges.slice(0, 3).map((c: { for: string; against: string }) => [c.for, c.against])).toEqual([["1", "0"], ["0", "1"], ["1", "0"]]);
    const { result: _result, ...box } = await (await download(s.slug, id, member)).json();
    expect(verifyBox(box)).toMatchObject({ ok: true, ballots: 3 });
    expect(hashJson(box)).toBe(frozen.boxHash);
  });
});
