// The vote lane (app/lib/vote-lane.server.ts) answers a vote posted to the resolution's .data URL
// without Remix: it must send what Remix sends, byte for byte, write what Remix writes, and hand
// on to Remix, untouched, whatever it does not answer. Each case posts the same form to two
// twin votes, one through the whole app, one through the app without the lane.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Db } from "#db/index";
import { PRESETS } from "~/domain/rules";
import { parseEnv } from "~/lib/env.server";
import { createApp } from "~/lib/http.server";
import { SESSION_COOKIE } from "~/lib/session.server";
import { upsertRole } from "~/queries/entities.server";
import * as entityRoute from "~/routes/entity";
import * as resolutionRoute from "~/routes/entity.resolution";
import { closeResolution } from "~/services/resolutions.server";
import { signIn } from "../helpers/app";
import { createTestDb } from "../helpers/db";
import { makeUser, PASSWORD } from "../helpers/factories";
import { browserBallot, twoSecretVotes } from "../helpers/secret";
import { makeOpenResolution, makeVotingScic } from "../helpers/voting";
import { fakeBuild, listen, send, type Answer, type Listening } from "../helpers/web";

const servers: Listening[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The app with and without the lane, and how many times the route's action ran. */
async function twoApps(db: Db, voteLane?: typeof import("~/lib/vote-lane.server").voteLane) {
  const calls = { action: 0 };
  const build = await fakeBuild({
    root: { path: "", module: { default: () => null } },
    "routes/entity": { parentId: "root", path: "o/:slug", module: entityRoute },
    "routes/entity.resolution": {
      parentId: "routes/entity",
      path: "resolutions/:resolutionId",
      module: { ...resolutionRoute, action: (args: Parameters<typeof resolutionRoute.action>[0]) => (calls.action++, resolutionRoute.action(args)) },
    },
  });
  const env = parseEnv({ NODE_ENV: "production", COOKIE_SECRET: "lane-test-cookie-secret-0123456789abcdef" });
  // The lane is the build's entry's (entry.server.tsx), or the one given.
  if (voteLane) build.entry.module = { ...build.entry.module, voteLane } as typeof build.entry.module;
  const lane = await listen(createApp({ env, db, build }));
  const remix = await listen(createApp({ env, db, build, voteLane: false }));
  servers.push(lane, remix);
  return { lane, remix, calls };
}

function post(port: number, path: string, token: string | null, form: Record<string, string>) {
  return send(port, {
    method: "POST",
    path,
    headers: { Origin: `http://127.0.0.1:${port}`, Host: `127.0.0.1:${port}`, "Content-Type": "application/x-www-form-urlencoded", ...(token ? { Cookie: `${SESSION_COOKIE}=${token}` } : {}) },
    body: new URLSearchParams(form).toString(),
  });
}

/** An answer with what must differ between two twin votes replaced (ids, receipts, trackers, cookie values, the date). */
function comparable(answer: Answer, replace: [string, string][]) {
  const swap = (text: string) => replace.reduce((t, [from, to]) => t.split(from).join(to), text);
  let body = swap(answer.body);
  body = body.replace(/"[0-9a-z]{32}"/g, '"RECEIPT"').replace(/"[0-9a-f]{64}"/g, '"HEX"');
  const { date: _date, "set-cookie": cookies, "content-security-policy": csp, ...headers } = answer.headers;
  return {
    status: answer.status,
    headers: { ...headers, location: headers.location && swap(String(headers.location)) },
    csp: String(csp).replace(/'nonce-[^']+'/, "'nonce-N'"),
    cookies: (cookies ?? []).map((c) => c.replace(/=[^;]*/, "=V")),
    body,
  };
}

describe("the vote lane", () => {
  it("answers open votes as Remix does, without Remix, and writes the same", async () => {
    const db = await createTestDb();
    const s = await makeVotingScic(db, 2);
    // Open ballots (the preset's are secret).
    const rule = { ...PRESETS["scic-sa-ago"].rule, secret: false };
    const a = await makeOpenResolution(db, s, { number: "1", rule });
    const b = await makeOpenResolution(db, s, { number: "2", rule });
    const voter = s.people["Entreprises"]![0]!;
    const token = await signIn(db, voter.email, PASSWORD);
    const { lane, remix, calls } = await twoApps(db);
    const path = (id: string) => `/o/${s.slug}/resolutions/${id}.data`;
    const both = async (form: Record<string, string>, tokenOf = token) => {
      const x = await post(lane.port, path(a.id), tokenOf, form);
      const y = await post(remix.port, path(b.id), tokenOf, form);
      expect(comparable(x, [[a.id, "ID"]])).toEqual(comparable(y, [[b.id, "ID"]]));
      return x;
    };

    // The lane's answers: the route's action never ran for them.
    const first = await both({ intent: "vote", choice: "for" });
    expect([first.status, first.headers["cache-control"]]).toEqual([200, "no-store"]);
    expect(first.body).toContain(voter.name);
    const changed = await both({ intent: "vote", choice: "against" });
    expect([changed.status, changed.headers.location]).toEqual([202, `/o/${s.slug}/resolutions/${a.id}`]);
    expect(changed.headers["set-cookie"]?.join()).toMatch(/flash/);
    expect((await both({ intent: "vote", choice: "maybe" })).status).toBe(400);
    expect(calls.action).toBe(3);

    const ballots = async (id: string) => (await db.selectFrom("ballot").select(["member_id", "choice", "channel"]).where("resolution_id", "=", id).execute()).map((r) => ({ ...r }));
    expect(await ballots(a.id)).toEqual(await ballots(b.id));
    expect(await ballots(a.id)).toEqual([{ member_id: voter.memberId, choice: "against", channel: "online" }]);

    // Handed on to Remix: nobody signed in, a role that may not vote, an unknown vote.
    const before = calls.action;
    const signedOut = await both({ intent: "vote", choice: "for" }, "not-a-session");
    expect([signedOut.status, signedOut.headers.location]).toEqual([202, `/login?redirectTo=${encodeURIComponent(`/o/${s.slug}/resolutions/${a.id}`)}`]);
    const observer = await makeUser(db, "Observatrice");
    await upsertRole(db, { entityId: s.id, userId: observer.id, role: "observer", now: new Date() });
    expect((await both({ intent: "vote", choice: "for" }, await signIn(db, observer.email, PASSWORD))).status).toBe(403);
    const unknown = await post(lane.port, path("nope"), token, { intent: "vote", choice: "for" });
    expect(unknown.status).toBe(404);
    // "NEW" is resolutions/new to Remix, whatever its case: never the lane's (this app has no
    // such route, so Remix gives it to the resolution's action, which runs).
    await post(lane.port, `/o/${s.slug}/resolutions/NEW.data`, token, { intent: "vote", choice: "for" });
    expect(calls.action - before).toBe(2 + 2 + 1 + 1);

    // A closed vote: the lane answers the refusal, with the values typed.
    await closeResolution(db, { entityId: s.id, resolutionId: a.id, actorId: s.admin.id });
    await closeResolution(db, { entityId: s.id, resolutionId: b.id, actorId: s.admin.id });
    const closed = await both({ intent: "vote", choice: "for" });
    expect(closed.status).toBe(409);
    await db.destroy();
  });

  it("answers secret ballots as Remix does: the confirmation step first, then the tracker", async () => {
    const db = await createTestDb();
    const { s, id, otherId, token, page, otherPage, mine } = await twoSecretVotes(db);
    const { lane, remix, calls } = await twoApps(db);
    const onLane = (form: Record<string, string>) => post(lane.port, `/o/${s.slug}/resolutions/${id}.data`, token, form);
    const onRemix = (form: Record<string, string>) => post(remix.port, `/o/${s.slug}/resolutions/${otherId}.data`, token, form);

    const unconfirmed = [await onLane({ intent: "vote", choice: "for" }), await onRemix({ intent: "vote", choice: "for" })];
    expect(comparable(unconfirmed[0]!, [])).toEqual(comparable(unconfirmed[1]!, []));
    expect(unconfirmed[0]!.body).toContain("confirm");

    const ballotA = JSON.stringify(browserBallot(page.secret, mine, "against"));
    const ballotB = JSON.stringify(browserBallot(otherPage.secret, mine, "against"));
    const cast = [await onLane({ intent: "vote", ballot: ballotA, confirmed: "1" }), await onRemix({ intent: "vote", ballot: ballotB, confirmed: "1" })];
    expect(cast[0]!.status).toBe(200);
    expect(comparable(cast[0]!, [])).toEqual(comparable(cast[1]!, []));
    expect(cast[0]!.body).toContain("browser");
    expect(calls.action).toBe(2);
    const boxed = async (rid: string) => (await db.selectFrom("participation").select("member_id").where("resolution_id", "=", rid).execute()).length;
    expect([await boxed(id), await boxed(otherId)]).toEqual([1, 1]);
    await db.destroy();
  });

  it("answers from a second copy of the app's modules, as the compiled server runs it (the Remix build's, beside server.ts's)", async () => {
    const db = await createTestDb();
    const s = await makeVotingScic(db, 1);
    const { id } = await makeOpenResolution(db, s, { rule: { ...PRESETS["scic-sa-ago"].rule, secret: false } });
    const voter = s.people["Entreprises"]![0]!;
    const token = await signIn(db, voter.email, PASSWORD);
    // The lane and everything it imports loaded again: other module instances, other state.
    vi.resetModules();
    const copy = (await import("~/lib/vote-lane.server")) as typeof import("~/lib/vote-lane.server");
    const { calls, lane } = await twoApps(db, copy.voteLane);
    const answer = await post(lane.port, `/o/${s.slug}/resolutions/${id}.data`, token, { intent: "vote", choice: "for" });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(voter.name);
    expect(calls.action).toBe(0);
    await db.destroy();
  });
});
