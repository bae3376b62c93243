// The minutes say truthfully when the meeting was convened for, when it was actually held and
// whether the notice period was kept — for the day convened and for the day held.
import { beforeAll, describe, expect, it } from "vitest";
import type { Selectable } from "kysely";
import type { Database, Db } from "#db/index";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "#db/seed";
import { findMinutes, findMinutesFile } from "~/queries/minutes.server";
import { closeMeeting, openMeeting } from "~/services/meeting-attendance.server";
import { createMeeting, sendNotice } from "~/services/meetings.server";
import { finalizeMinutes } from "~/services/minutes.server";
import { createTestDb } from "../helpers/db";
import { docxParts, pdfPages } from "../helpers/pdf";

let db: Db;
let entity: Selectable<Database["entity"]>;
let actorId: string;

/** Convened for Saturday 20 March 2027 at 18:00 (Paris). */
const CONVENED = "2027-03-20T17:00:00Z";

/** A meeting convened for CONVENED, noticed, opened and closed at the given instants, its minutes finalised. */
async function heldMeeting(title: string, at: { notice: string; opened: string; closed: string }) {
  const { id } = await createMeeting(db, { entity, actorId, meeting: { kind: "ago", title, startsAt: new Date(CONVENED), place: "Salle du Manège, Tours", remoteLink: null, postalDeadline: null }, now: new Date("2027-01-04T09:00:00Z") });
  await sendNotice(db, { entity, meetingId: id, actorId, mode: "email", origin: "http://localhost:3000", locale: "fr", now: new Date(at.notice) });
  await openMeeting(db, { entity, meetingId: id, actorId, confirmDate: true, now: new Date(at.opened) });
  await closeMeeting(db, { entity, meetingId: id, actorId, now: new Date(at.closed) });
  await finalizeMinutes(db, { entity, meetingId: id, actorId, now: new Date(at.closed) });
  const minutes = (await findMinutes(db, id))!;
  const file = async (lang: "fr" | "en", format: string) => new Uint8Array((await findMinutesFile(db, minutes.id, lang, format))!.bytes);
  return {
    md: async (lang: "fr" | "en") => new TextDecoder().decode(await file(lang, "md")),
    pdf: async (lang: "fr" | "en") => pdfPages(await file(lang, "pdf")),
    docx: async (lang: "fr" | "en") => docxParts(await file(lang, "docx")),
  };
}

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db);
  entity = await db.selectFrom("entity").selectAll().where("slug", "=", DEMO_SLUG).executeTakeFirstOrThrow();
  actorId = (await db.selectFrom("user").select("id").where("email", "=", DEMO_ACCOUNTS[1].email).executeTakeFirstOrThrow()).id;
}, 60_000);

describe("the day of the minutes", () => {
  it("held ten days before the day convened: both days are stated, the running header gives the real day, and the notice period is said not kept", async () => {
    const m = await heldMeeting("AGO avancée", { notice: "2027-03-01T09:00:00Z", opened: "2027-03-10T17:00:00Z", closed: "2027-03-10T19:30:00Z" });
    const fr = await m.md("fr");
    expect(fr).toContain("Le mercredi 10 mars 2027 à 18:00, les associés se sont réunis en assemblée générale ordinaire");
    expect(fr).toContain("Séance tenue le mercredi 10 mars 2027 (convoquée pour le samedi 20 mars 2027).");
    expect(fr).toContain(
      "Ils ont été convoqués le lundi 1er mars 2027 par courriel pour le samedi 20 mars 2027 à 18:00, dans le délai de 15 jours avant cette date ; la séance s’étant tenue le mercredi 10 mars 2027, ce délai n’a pas été respecté pour elle.",
    );
    expect(fr).not.toMatch(/dans le délai de 15 jours\./);
    expect(fr).toContain("La séance est ouverte à 18:00 et levée à 20:30.");
    const en = await m.md("en");
    expect(en).toContain("Meeting held on Wednesday, 10 March 2027 (convened for Saturday, 20 March 2027).");
    expect(en).toContain("as the meeting was held on Wednesday, 10 March 2027, that period was not kept for it.");
    for (const [lang, day] of [["fr", "10 mars 2027"], ["en", "10 March 2027"]] as const) {
      const pages = await m.pdf(lang);
      for (const page of pages) expect(page).toContain(`Alliance du Val de Loire — AGO avancée — ${day}`);
      expect(pages.join(" ")).not.toContain(lang === "fr" ? "— 20 mars 2027" : "— 20 March 2027");
      expect((await m.docx(lang)).headers.join("")).toContain(`AGO avancée — ${day}`);
    }
  });

  it("held two days after the day convened, past midnight: both days, the notice in time, the closing day named", async () => {
    const m = await heldMeeting("AGO reportée", { notice: "2027-03-01T09:00:00Z", opened: "2027-03-22T17:00:00Z", closed: "2027-03-23T00:30:00Z" });
    const fr = await m.md("fr");
    expect(fr).toContain("Séance tenue le lundi 22 mars 2027 (convoquée pour le samedi 20 mars 2027).");
    expect(fr).toContain("Ils ont été convoqués le lundi 1er mars 2027 par courriel pour le samedi 20 mars 2027 à 18:00, dans le délai de 15 jours.");
    expect(fr).toContain("La séance est ouverte le lundi 22 mars 2027 à 18:00 et levée le mardi 23 mars 2027 à 01:30.");
    expect(fr).toContain("la séance est levée le mardi 23 mars 2027 à 01:30.");
    const en = await m.md("en");
    expect(en).toContain("They were convened on Monday, 1 March 2027 by email for Saturday, 20 March 2027 at 18:00, within the notice period of 15 days.");
    expect((await m.pdf("en")).every((page) => page.includes("AGO reportée — 22 March 2027"))).toBe(true);
  });

  it("held on the day convened with a late notice: no second date, the notice said late", async () => {
    const m = await heldMeeting("AGO du jour", { notice: "2027-03-10T09:00:00Z", opened: "2027-03-20T17:05:00Z", closed: "2027-03-20T19:00:00Z" });
    const fr = await m.md("fr");
    expect(fr).not.toContain("Séance tenue le");
    expect(fr).toContain("Ils ont été convoqués le mercredi 10 mars 2027 par courriel pour le samedi 20 mars 2027 à 18:00, hors du délai de 15 jours.");
    expect(fr).toContain("la séance est levée à 20:00.");
    expect((await m.pdf("fr")).every((page) => page.includes("AGO du jour — 20 mars 2027"))).toBe(true);
  });
});
