// A vote receipt proves to its holder that the ballot is counted, and nothing more: not the
// choice (a buyer could ask for it), not to another entity, and never through a cookie.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { PRESETS } from "~/domain/rules";
import en from "~/locales/en";
import fr from "~/locales/fr";
import * as resolutionRoute from "~/routes/entity.resolution";
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
  for (const secret of [true, false]) {
    it(`${secret ? "a secret" : "an open"} ballot: the receipt is shown once in the vote's answer, in no cookie, and checking it says "counted", never the choice`, async () => {
      const s = await makeVotingScic(db, 1);
      const { id } = await makeOpenResolution(db, s, { rule: rule(secret) });
      const voter = s.people["Associations"]![0]!;
      const token = await signIn(db, voter.email, PASSWORD);
      const params = { slug: s.slug, resolutionId: id };
      const path = `/o/${s.slug}/resolutions/${id}`;

      const args = makeArgs(db, { path, token, params, form: { intent: "vote", choice: "against" } });
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
  }

  it("is checked only in the resolution's own entity: 404 from another entity's address, 403 for who is not in the entity", async () => {
    const a = await makeVotingScic(db, 1);
    const b = await makeVotingScic(db, 1);
    const { id } = await makeOpenResolution(db, a, { rule: rule(true) });
    const { receipt } = await castVote(db, { entityId: a.id, userId: a.people["Associations"]![0]!.userId, resolutionId: id, choice: "for" });
    const outsider = await signIn(db, b.people["Associations"]![0]!.email, PASSWORD);
    const form = { intent: "receipt", receipt: receipt! };
    const viaB = await run(resolutionRoute.action, db, { path: `/o/${b.slug}/resolutions/${id}`, token: outsider, params: { slug: b.slug, resolutionId: id }, form });
    expect(statusOf(viaB)).toBe(404);
    const viaA = await run(resolutionRoute.action, db, { path: `/o/${a.slug}/resolutions/${id}`, token: outsider, params: { slug: a.slug, resolutionId: id }, form });
    expect(statusOf(viaA)).toBe(403);
    await expect(checkReceipt(db, { entityId: b.id, resolutionId: id, receipt: receipt! })).rejects.toMatchObject({ status: 404 });
  });

  it("says only counted or not found, in French and in English", () => {
    for (const locale of [fr, en]) {
      expect(locale.voting.receiptCounted).not.toContain("{{");
      expect(locale.voting.receiptUnknown).not.toContain("{{");
    }
  });
});
