// A secret vote in the room: electronic ballots from those checked in, paper ballots counted by
// the scrutineers and entered per college, a warning for colleges too small to keep choices secret.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { takeFlash } from "~/lib/flash.server";
import { checkIn, openMeeting } from "~/services/meeting-attendance.server";
import { giveMeetingProxy } from "~/services/meeting-proxies.server";
import { sendNotice } from "~/services/meetings.server";
import { buildMinutesModel } from "~/services/minutes.server";
import { smallCollegesOf } from "~/services/secrecy.server";
import { createTestDb } from "../helpers/db";
import { dataOf, makeArgs, run, signIn, statusOf } from "../helpers/app";
import { PASSWORD } from "../helpers/factories";
import { meetingSetup } from "../helpers/meetings";
import { TODAY } from "../helpers/voting";

let db: Db;
beforeEach(async () => {
  db = await createTestDb();
});

/** The message a redirect carries to the next page. */
async function flashOf(res: unknown) {
  const cookie = (res as Response).headers.get("Set-Cookie")!.split(";")[0]!;
  return (await takeFlash(new Request("http://x/", { headers: { Cookie: cookie } }))).flash;
}

const countOf = async (table: "encrypted_ballot" | "participation" | "ballot", resolutionId: string) =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).where("resolution_id", "=", resolutionId).executeTakeFirstOrThrow()).n);

describe("a secret vote at a meeting", () => {
  it("takes electronic ballots only from those checked in, and paper ballots counted per college within the same limits; the minutes state both channels and the box", async () => {
    const s = await meetingSetup(db, { secret: true, quorum: null });
    const [a0, a1, a2] = s.people["Associations"]!;
    const [e0] = s.people["Entreprises"]!;
    const [s0] = s.people["Salariés"]!;
    const here = { entity: s.entity, meetingId: s.meetingId };
    await sendNotice(db, { ...here, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
    for (const p of [a0!, a1!, e0!]) await checkIn(db, { ...here, memberId: p.memberId, mode: "present", actorId: s.admin.id });
    await giveMeetingProxy(db, { ...here, principalId: a2!.memberId, holderId: a0!.memberId, source: "paper" });
    await openMeeting(db, { ...here, actorId: s.admin.id, confirmDate: true });
    const meetingRoute = await import("~/routes/entity.meeting");
    const resolutionRoute = await import("~/routes/entity.resolution");
    const admin = await signIn(db, s.admin.email, PASSWORD);
    const meetingParams = { slug: s.slug, meetingId: s.meetingId };
    const opened = await run(meetingRoute.action, db, { path: "/", token: admin, params: meetingParams, form: { intent: "open-resolution", resolutionId: s.resolutionId } });
    expect(await flashOf(opened)).toMatchObject({ key: "resolutions.opened" });

    // On a phone, through the resolution's page: refused to a member not checked in, nothing written.
    const vote = async (who: { email: string }, form: Record<string, string>) =>
      run(resolutionRoute.action, db, { path: "/", token: await signIn(db, who.email, PASSWORD), params: { slug: s.slug, resolutionId: s.resolutionId }, form: { intent: "vote", confirmed: "1", ...form } });
    const outside = await vote(s0!, { choice: "for" });
    expect(statusOf(outside)).toBe(403);
    expect(dataOf(outside).errors._form).toMatchObject({ key: "voting.notCheckedIn" });
    expect([await countOf("encrypted_ballot", s.resolutionId), await countOf("participation", s.resolutionId)]).toEqual([0, 0]);
    // Checked in: the ballot (encrypted by the server, without JavaScript) enters the box; its tracker is answered once.
    const own = await vote(a1!, { choice: "against" });
    expect(statusOf(own)).toBe(200);
    const { tracker } = dataOf(own).secretCast;
    expect(await db.selectFrom("encrypted_ballot").select("tracker").where("resolution_id", "=", s.resolutionId).execute()).toEqual([{ tracker }]);
    expect(statusOf(await vote(a0!, { choice: "for", forMemberId: a2!.memberId }))).toBe(200);

    // Paper ballots: titled and worded as such, with the show of hands' limits per college.
    const page = dataOf(await run(meetingRoute.loader, db, { path: "/", token: admin, params: meetingParams }));
    expect(page.hands[s.resolutionId]).toMatchObject({ paper: true, groups: expect.arrayContaining([{ id: s.colleges["Associations"], name: "Associations", max: 1 }, { id: s.colleges["Entreprises"], name: "Entreprises", max: 1 }]) });
    // The form of every college at once (collegeId repeated), as the page sends it.
    const paper = async (counts: Record<string, [number, number, number]>) => {
      const fields = [["intent", "hands"], ["resolutionId", s.resolutionId]];
      for (const [name, [f, a, x]] of Object.entries(counts)) {
        const id = s.colleges[name]!;
        fields.push(["collegeId", id], [`for_${id}`, String(f)], [`against_${id}`, String(a)], [`abstain_${id}`, String(x)]);
      }
      const args = makeArgs(db, { path: "/", token: admin, params: meetingParams, form: {} });
      const request = new Request(args.request.url, { method: "POST", headers: args.request.headers, body: new URLSearchParams(fields) });
      try {
        return await meetingRoute.action({ ...args, request });
      } catch (e) {
        if (e instanceof Response) return e;
        throw e;
      }
    };
    const tooMany = await paper({ Associations: [2, 0, 0] });
    expect(statusOf(tooMany)).toBe(422);
    expect(dataOf(tooMany).errors._form).toEqual({ key: "hands.paper.tooMany", params: { college: "Associations", max: 1, count: 2 } });
    expect(await db.selectFrom("hand_count").selectAll().execute()).toEqual([]);
    expect(await flashOf(await paper({ Associations: [1, 0, 0], Entreprises: [0, 0, 1] }))).toMatchObject({ key: "hands.paper.saved" });

    const closed = await run(meetingRoute.action, db, { path: "/", token: admin, params: meetingParams, form: { intent: "close-resolution", confirmed: "1", resolutionId: s.resolutionId } });
    expect(await flashOf(closed)).toMatchObject({ key: "resolutions.closed.adopted" });
    const result = JSON.parse((await db.selectFrom("resolution").select("result").where("id", "=", s.resolutionId).executeTakeFirstOrThrow()).result!);
    const college = (name: string) => result.tally.colleges.find((c: { id: string }) => c.id === s.colleges[name]);
    // Associations: "against" and "for" (the proxy) in the box, one "for" on paper; Entreprises: one abstention on paper.
    expect(college("Associations")).toMatchObject({ for: "2", against: "1", abstain: "0" });
    expect(college("Entreprises")).toMatchObject({ for: "0", against: "0", abstain: "1" });
    expect(await countOf("ballot", s.resolutionId)).toBe(0);

    const model = await buildMinutesModel(db, { ...s.entity, address: null, registration_number: null }, s.meetingId);
    const minutes = model.resolutions[0]!;
    expect(minutes.channels).toEqual({ room: 1, proxy: 1, paper: 2 });
    expect(minutes.ballotBox).toEqual({ mode: "server", trustees: [], ballots: 2, paper: 2, boxHash: result.boxHash });
    expect(result.boxHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("warns before the opening when a college has fewer than three eligible voters, on the meeting's page and for the resolution's page", async () => {
    const s = await meetingSetup(db, { secret: true, quorum: null });
    // Collectivités: 3 members, one leaves → 2 eligible voters.
    await db.updateTable("member").set({ exited_on: TODAY() }).where("id", "=", s.people["Collectivités"]![0]!.memberId).execute();
    const meetingRoute = await import("~/routes/entity.meeting");
    const admin = await signIn(db, s.admin.email, PASSWORD);
    const page = dataOf(await run(meetingRoute.loader, db, { path: "/", token: admin, params: { slug: s.slug, meetingId: s.meetingId } }));
    expect(page.secrecy[s.resolutionId]).toEqual({ mode: null, waitingFor: [], small: ["Collectivités"] });
    expect(await smallCollegesOf(db, s.id, s.resolutionId)).toEqual([{ id: s.colleges["Collectivités"], name: "Collectivités", eligible: 2 }]);

    // Once open, the frozen electorate decides: a member leaving afterwards changes nothing.
    await openMeeting(db, { entity: s.entity, meetingId: s.meetingId, actorId: s.admin.id, confirmDate: true });
    await run(meetingRoute.action, db, { path: "/", token: admin, params: { slug: s.slug, meetingId: s.meetingId }, form: { intent: "open-resolution", resolutionId: s.resolutionId } });
    await db.updateTable("member").set({ exited_on: TODAY() }).where("id", "=", s.people["Salariés"]![0]!.memberId).execute();
    expect((await smallCollegesOf(db, s.id, s.resolutionId)).map((c) => c.name)).toEqual(["Collectivités"]);

    // An open (non-secret) vote has nothing to warn about.
    const open = await meetingSetup(db, { secret: false, quorum: null });
    await db.updateTable("member").set({ exited_on: TODAY() }).where("id", "in", open.people["Collectivités"]!.slice(0, 2).map((p) => p.memberId)).execute();
    expect(await smallCollegesOf(db, open.id, open.resolutionId)).toEqual([]);
    const openPage = dataOf(await run(meetingRoute.loader, db, { path: "/", token: await signIn(db, open.admin.email, PASSWORD), params: { slug: open.slug, meetingId: open.meetingId } }));
    expect(openPage.secrecy).toEqual({});
  });
});
