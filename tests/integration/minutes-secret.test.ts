// The minutes of secret votes: both channels (the encrypted box, paper ballots counted in the
// room), who held the key, the box's hash, the colleges too small to keep choices secret and the
// postal votes set aside, in Markdown, PDF and DOCX, in French and in English.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/index";
import { generateTrusteeKey } from "~/crypto/trustee";
import { trusteeShares } from "~/crypto/tally";
import { findMinutes, findMinutesFile } from "~/queries/minutes.server";
import { countingSums } from "~/services/election.server";
import { checkIn, closeMeeting, openMeeting } from "~/services/meeting-attendance.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { closeMeetingResolution, openMeetingResolution, setHandCounts } from "~/services/meeting-votes.server";
import { addAgendaItem, sendNotice } from "~/services/meetings.server";
import { buildMinutesModel, finalizeMinutes } from "~/services/minutes.server";
import { renderMinutesFiles } from "~/exports/minutes.server";
import { takeFlash } from "~/lib/flash.server";
import { run, signIn } from "../helpers/app";
import { PASSWORD } from "../helpers/factories";
import { createResolution } from "~/services/resolutions.server";
import { publishTrusteeKey, setTrustees, submitShares } from "~/services/trustees.server";
import { castVote } from "~/services/voting.server";
import { createTestDb } from "../helpers/db";
import { meetingSetup } from "../helpers/meetings";
import { docxParts, pdfPages } from "../helpers/pdf";
import { TODAY } from "../helpers/voting";

let db: Db;
let s: Awaited<ReturnType<typeof meetingSetup>>;
let trusteeNames: string[];
const hashes: string[] = [];

/**
 * Resolution 1, server mode: two ballots in the box, one paper ballot, a postal vote set aside.
 * Resolution 2, two trustees: one ballot in the box and one by post, counted once both trustees
 * have given their shares. Collectivités has two eligible voters.
 */
beforeAll(async () => {
  db = await createTestDb();
  s = await meetingSetup(db, { secret: true, quorum: null });
  const here = { entity: s.entity, meetingId: s.meetingId };
  const [a0, a1, a2] = s.people["Associations"]!;
  const [e0, e1] = s.people["Entreprises"]!;
  const [s0, s1] = s.people["Salariés"]!;
  await db.updateTable("member").set({ exited_on: TODAY() }).where("id", "=", s.people["Collectivités"]![0]!.memberId).execute();
  const { id: r2 } = await createResolution(db, { entityId: s.id, actorId: s.admin.id, resolution: { number: "2", title: "Budget", body: "Adopte le budget.", note: null, ruleId: s.ruleId, kind: "ordinary", recommendation: "for" } });
  await addAgendaItem(db, { entityId: s.id, meetingId: s.meetingId, title: "Budget", description: null, resolutionId: r2 });
  await setTrustees(db, { entityId: s.id, resolutionId: r2, actorId: s.admin.id, userIds: [s0!.userId, s1!.userId] });
  const trustees = await db.selectFrom("election_trustee").select(["name", "user_id"]).where("resolution_id", "=", r2).orderBy("position").execute();
  trusteeNames = trustees.map((t) => t.name);
  const secrets: string[] = [];
  for (const t of trustees) {
    const { secretKey, key } = generateTrusteeKey(r2, t.name);
    secrets.push(secretKey);
    await publishTrusteeKey(db, { entityId: s.id, resolutionId: r2, userId: t.user_id!, key });
  }
  await sendNotice(db, { ...here, actorId: s.admin.id, mode: "post", origin: "http://x", locale: "fr" });
  await castPostalVote(db, { ...here, memberId: a2!.memberId, resolutionId: s.resolutionId, choice: "for", source: "paper", receivedAt: new Date() });
  await castPostalVote(db, { ...here, memberId: e1!.memberId, resolutionId: r2, choice: "against", source: "online" });
  // The postal voter of resolution 1 gets a new weight before the meeting: their ballot no longer fits.
  await db.updateTable("member").set({ voting_weight_micro: 2_000_000 }).where("id", "=", a2!.memberId).execute();
  for (const p of [a0!, a1!, e0!]) await checkIn(db, { ...here, memberId: p.memberId, mode: "present", actorId: s.admin.id });
  await openMeeting(db, { ...here, actorId: s.admin.id, confirmDate: true });

  await openMeetingResolution(db, { ...here, resolutionId: s.resolutionId, actorId: s.admin.id });
  await castVote(db, { entityId: s.id, userId: a0!.userId, resolutionId: s.resolutionId, choice: "for" });
  await castVote(db, { entityId: s.id, userId: a1!.userId, resolutionId: s.resolutionId, choice: "against" });
  await setHandCounts(db, { ...here, resolutionId: s.resolutionId, counts: [{ collegeId: s.colleges["Entreprises"]!, for: 1, against: 0, abstain: 0 }] });
  await closeMeetingResolution(db, { ...here, resolutionId: s.resolutionId, actorId: s.admin.id });

  await openMeetingResolution(db, { ...here, resolutionId: r2, actorId: s.admin.id });
  await castVote(db, { entityId: s.id, userId: a0!.userId, resolutionId: r2, choice: "for" });
  expect(await closeMeetingResolution(db, { ...here, resolutionId: r2, actorId: s.admin.id })).toEqual({ outcome: null });
  const { sums } = await countingSums(db, r2);
  for (const [i, t] of trustees.entries()) await submitShares(db, { entityId: s.id, resolutionId: r2, userId: t.user_id!, shares: trusteeShares(r2, secrets[i]!, sums) });

  for (const id of [s.resolutionId, r2]) hashes.push(JSON.parse((await db.selectFrom("resolution").select("result").where("id", "=", id).executeTakeFirstOrThrow()).result!).boxHash);
  await closeMeeting(db, { ...here, actorId: s.admin.id });
  await finalizeMinutes(db, { entity: { ...s.entity, address: "1 rue de la Loire, Tours", registration_number: "RCS Tours 1" }, meetingId: s.meetingId, actorId: s.admin.id });
}, 120_000);

async function texts(lang: "fr" | "en") {
  const minutes = (await findMinutes(db, s.meetingId))!;
  const bytes = async (format: string) => new Uint8Array((await findMinutesFile(db, minutes.id, lang, format))!.bytes);
  return {
    md: new TextDecoder().decode(await bytes("md")).replace(/\u00a0/g, " "),
    pdf: (await pdfPages(await bytes("pdf"))).join(" "),
    docx: (await docxParts(await bytes("docx"))).text.replace(/\u00a0/g, " "),
  };
}

describe("the minutes of secret votes", () => {
  it("state both channels, the key's holders and the box's hash, in every format and both languages", async () => {
    expect(hashes).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
    const mentions = {
      fr: [
        "l’urne chiffrée (2 bulletins électroniques : en ligne, en séance, par correspondance et par pouvoir) et les bulletins papier dépouillés en séance par les scrutateurs (1 bulletin papier)",
        "l’urne chiffrée (2 bulletins électroniques : en ligne, en séance, par correspondance et par pouvoir) et les bulletins papier dépouillés en séance par les scrutateurs (0 bulletin papier)",
        "Clé de l’élection détenue par Cogere seul, utilisée au dépouillement puis détruite.",
        `Clé de l’élection partagée entre ses garants : ${trusteeNames.join(", ")} ; le déchiffrement a requis chacun d’eux.`,
        "sur bulletin papier : 1",
        "Avertissement : le collège Collectivités compte moins de trois votants inscrits",
        "1 vote par correspondance a été écarté à l’ouverture du vote",
        ...hashes.map((h) => `Empreinte SHA-256 de l’urne close : ${h}.`),
      ],
      en: [
        "the encrypted ballot box (2 electronic ballots: online, in the room, by post and by proxy) and paper ballots counted in the room by the scrutineers (1 paper ballot)",
        "Election key held by Cogere alone, used for the count and then destroyed.",
        `Election key shared among its trustees: ${trusteeNames.join(", ")}; decryption required each of them.`,
        "on paper ballots: 1",
        "Warning: college Collectivités has fewer than three eligible voters",
        "1 postal vote was set aside when the vote opened",
        ...hashes.map((h) => `SHA-256 fingerprint of the closed ballot box: ${h}.`),
      ],
    };
    for (const lang of ["fr", "en"] as const) {
      const files = await texts(lang);
      for (const [format, text] of Object.entries(files)) {
        for (const mention of mentions[lang]) expect(text, `${lang} ${format} lacks: ${mention}`).toContain(mention);
        expect(text, `${lang} ${format}`).not.toContain("{{");
        // Paper ballots are never told as a show of hands.
        expect(text).not.toMatch(lang === "fr" ? /main levée/ : /show of hands/);
      }
    }
  });

  it("wait, in trustee mode, for the trustees' shares: the draft says the count is pending, and the minutes cannot be finalised before the result", async () => {
    const t = await meetingSetup(db, { secret: true, quorum: null });
    const here = { entity: t.entity, meetingId: t.meetingId };
    const trustee = t.people["Salariés"]![0]!;
    await setTrustees(db, { entityId: t.id, resolutionId: t.resolutionId, actorId: t.admin.id, userIds: [trustee.userId] });
    const name = (await db.selectFrom("election_trustee").select("name").where("resolution_id", "=", t.resolutionId).executeTakeFirstOrThrow()).name;
    await publishTrusteeKey(db, { entityId: t.id, resolutionId: t.resolutionId, userId: trustee.userId, key: generateTrusteeKey(t.resolutionId, name).key });
    await openMeeting(db, { ...here, actorId: t.admin.id, confirmDate: true });
    await openMeetingResolution(db, { ...here, resolutionId: t.resolutionId, actorId: t.admin.id });
    const meetingRoute = await import("~/routes/entity.meeting");
    const closed = await run(meetingRoute.action, db, { path: "/", token: await signIn(db, t.admin.email, PASSWORD), params: { slug: t.slug, meetingId: t.meetingId }, form: { intent: "close-resolution", confirmed: "1", resolutionId: t.resolutionId } });
    const cookie = (closed as Response).headers.get("Set-Cookie")!.split(";")[0]!;
    expect((await takeFlash(new Request("http://x/", { headers: { Cookie: cookie } }))).flash).toMatchObject({ key: "secret.countingStarted" });
    await closeMeeting(db, { ...here, actorId: t.admin.id });
    const entity = { ...t.entity, address: null, registration_number: null };
    const draft = await buildMinutesModel(db, entity, t.meetingId);
    expect(draft.resolutions[0]).toMatchObject({ status: "counting", outcome: null, ballotBox: null });
    const md = (await renderMinutesFiles(draft, "fr", { final: false })).find((f) => f.format === "md")!;
    expect(new TextDecoder().decode(md.bytes)).toContain("son dépouillement attend les parts de déchiffrement des garants");
    await expect(finalizeMinutes(db, { entity, meetingId: t.meetingId, actorId: t.admin.id })).rejects.toMatchObject({ key: "minutes.countingPending", status: 409 });
    expect(await findMinutes(db, t.meetingId)).toBeUndefined();
  });
});
