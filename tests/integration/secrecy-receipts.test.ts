// A vote receipt (open vote) or a ballot tracker (secret vote) proves to its holder that the
// ballot is counted, and nothing more: not the choice (a buyer could ask for it), not to
// another entity, and never through a cookie.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS } from "~/domain/rules";
import en from "~/locales/en";
import fr from "~/locales/fr";
import * as resolutionRoute from "~/routes/entity.resolution";
import { findBallot } from "~/services/election.server";
import { closeResolution } from "~/services/resolutions.server";
import { castVote, checkReceipt } from "~/services/voting.server";
import { dataOf, makeArgs, run, signIn, statusOf } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { PASSWORD } from "../helpers/factories";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

const rule = (secret: boolean) => ({ ...PRESETS["scic-sa-ago"].rule, quorumFirst: null, secret, liveResults: false });

/** Every readable form of a Set-Cookie value: as sent, URL-decoded, and base64-decoded (Remix cookies are base64 JSON, signed, not encrypted). */
function cookieTexts(setCookie: string): string[] {
  const value = setCookie.split(";")[0]!.split("=").slice(1).join("=");
  const decoded = decodeURIComponent(value);
  const payload = decoded.includes(".") ? decoded.slice(0, decoded.lastIndexOf(".")) : decoded;
  return [setCookie, decoded, Buffer.from(payload, "base64").toString("utf8"), Buffer.from(decoded, "base64").toString("utf8")];
}

function setCookiesOf(result: unknown, context: { responseHeaders: Headers }): string[] {
  const headers = result instanceof Response ? result.headers : new Headers((result as { init?: { headers?: HeadersInit } }).init?.headers);
  return [...headers.getSetCookie(), ...context.responseHeaders.getSetCookie()];
}

describe("vote receipts", () => {
  it(`an open ballot: the receipt is shown once in the vote's answer, in no cookie, and checking it says "counted", never the choice`, async () => {
    const s = await makeVotingScic(db, 1);
    const { id } = await makeOpenResolution(db, s, { rule: rule(false) });
    const voter = s.people["Associations"]![0]!;
    const token = await signIn(db, voter.email, PASSWORD);
    const params = { slug: s.slug, resolutionId: id };
    const path = `/o/${s.slug}/resolutions/${id}`;

    const args = makeArgs(db, { path, token, params, form: { intent: "vote", choice: "against", confirmed: "1" } });
    const cast = await resolutionRoute.action(args);
    expect(statusOf(cast)).toBe(200);
    const receipt = dataOf(cast).cast.receipt as string;
    expect(receipt).toMatch(/^[a-z2-7]{32}$/);
    expect(dataOf(cast).cast.name).toBe(voter.name);
    for (const c of setCookiesOf(cast, args.context)) for (const text of cookieTexts(c)) expect(text).not.toContain(receipt);
    expect(new Headers((cast as { init?: { headers?: HeadersInit } }).init?.headers).get("Cache-Control")).toBe("no-store");
    // The page itself never shows it again.
    expect(JSON.stringify(dataOf(await run(resolutionRoute.loader, db, { path, token, params })))).not.toContain(receipt);

    for (const typed of [receipt, `  ${receipt.toUpperCase()} `]) {
      const checked = await run(resolutionRoute.action, db, { path, token, params, form: { intent: "receipt", receipt: typed } });
      expect(statusOf(checked)).toBe(200);
      expect(dataOf(checked).check).toEqual({ counted: true });
      expect(JSON.stringify(dataOf(checked))).not.toMatch(/against/);
    }
    const unknown = await run(resolutionRoute.action, db, { path, token, params, form: { intent: "receipt", receipt: "a".repeat(32) } });
    expect(dataOf(unknown).check).toEqual({ counted: false });
    expect(await checkReceipt(db, { entityId: s.id, resolutionId: id, receipt })).toEqual({ counted: true });
  });

  it(`a secret ballot: the tracker is shown once in the vote's answer, in no cookie, and finding it says where it is in the box, never the choice`, async () => {
    const s = await makeVotingScic(db, 1);
    const { id } = await makeOpenResolution(db, s, { rule: rule(true) });
    const voter = s.people["Associations"]![0]!;
    const token = await signIn(db, voter.email, PASSWORD);
    const params = { slug: s.slug, resolutionId: id };
    const path = `/o/${s.slug}/resolutions/${id}`;

    const args = makeArgs(db, { path, token, params, form: { intent: "vote", choice: "against", confirmed: "1" } });
    const cast = await resolutionRoute.action(args);
    expect(statusOf(cast)).toBe(200);
    expect(dataOf(cast).cast).toBeNull();
    const { tracker, link, name, encryptedBy } = dataOf(cast).secretCast;
    expect(tracker).toMatch(/^[0-9a-f]{64}$/);
    expect(link).toMatch(/^[0-9a-f]{64}$/);
    expect(name).toBe(voter.name);
    // Without JavaScript the form sends the choice: the answer says the server encrypted it.
    expect(encryptedBy).toBe("server");
    expect(JSON.stringify(dataOf(cast))).not.toMatch(/against/);
    for (const c of setCookiesOf(cast, args.context)) for (const text of cookieTexts(c)) expect(text).not.toContain(tracker);
    expect(new Headers((cast as { init?: { headers?: HeadersInit } }).init?.headers).get("Cache-Control")).toBe("no-store");
    // The page shows the chain's head (here the link after this only ballot), never the tracker.
    const page = JSON.stringify(dataOf(await run(resolutionRoute.loader, db, { path, token, params })));
    expect(page).not.toContain(tracker);
    expect(page).toContain(link);

    for (const typed of [tracker, `  ${tracker.toUpperCase()} `]) {
      const found = await run(resolutionRoute.action, db, { path, token, params, form: { intent: "tracker", tracker: typed } });
      expect(statusOf(found)).toBe(200);
      expect(dataOf(found).found).toEqual({ position: 1 });
      expect(JSON.stringify(dataOf(found))).not.toMatch(/against/);
    }
    const unknown = await run(resolutionRoute.action, db, { path, token, params, form: { intent: "tracker", tracker: "a".repeat(64) } });
    expect(dataOf(unknown).found).toBeNull();
    const malformed = await run(resolutionRoute.action, db, { path, token, params, form: { intent: "tracker", tracker: "not a tracker" } });
    expect(statusOf(malformed)).toBe(400);
    expect(dataOf(malformed).errors.tracker.key).toBe("errors.tracker");
    // Still found after the close.
    await closeResolution(db, { entityId: s.id, actorId: s.admin.id, resolutionId: id });
    expect(dataOf(await run(resolutionRoute.action, db, { path, token, params, form: { intent: "tracker", tracker } })).found).toEqual({ position: 1 });
  });

  it("is checked only in the resolution's own entity: 404 from another entity's address, 403 for who is not in the entity", async () => {
    const a = await makeVotingScic(db, 1);
    const b = await makeVotingScic(db, 1);
    const { id } = await makeOpenResolution(db, a, { rule: rule(false) });
    const { receipt } = await castVote(db, { entityId: a.id, userId: a.people["Associations"]![0]!.userId, resolutionId: id, choice: "for" });
    const secret = await makeOpenResolution(db, a, { rule: rule(true), number: "2" });
    const { secret: cast } = await castVote(db, { entityId: a.id, userId: a.people["Associations"]![0]!.userId, resolutionId: secret.id, choice: "for" });
    const outsider = await signIn(db, b.people["Associations"]![0]!.email, PASSWORD);
    for (const [resolutionId, form] of [
      [id, { intent: "receipt", receipt: receipt! }],
      [secret.id, { intent: "tracker", tracker: cast!.tracker }],
    ] as const) {
      const viaB = await run(resolutionRoute.action, db, { path: `/o/${b.slug}/resolutions/${resolutionId}`, token: outsider, params: { slug: b.slug, resolutionId }, form });
      expect(statusOf(viaB)).toBe(404);
      const viaA = await run(resolutionRoute.action, db, { path: `/o/${a.slug}/resolutions/${resolutionId}`, token: outsider, params: { slug: a.slug, resolutionId }, form });
      expect(statusOf(viaA)).toBe(403);
    }
    await expect(checkReceipt(db, { entityId: b.id, resolutionId: id, receipt: receipt! })).rejects.toMatchObject({ status: 404 });
    await expect(findBallot(db, { entityId: b.id, resolutionId: secret.id, tracker: cast!.tracker })).rejects.toMatchObject({ status: 404 });
  });

  it("says only counted (or where in the box) or not found, in French and in English", () => {
    for (const locale of [fr, en]) {
      expect(locale.voting.receiptCounted).not.toContain("{{");
      expect(locale.voting.receiptUnknown).not.toContain("{{");
      expect(locale.secret.notFound).not.toContain("{{");
    }
  });
});
