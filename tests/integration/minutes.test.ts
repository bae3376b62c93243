import { beforeAll, describe, expect, it } from "vitest";
import type { Selectable } from "kysely";
import type { Database, Db } from "#db/index";
import { DEMO_ACCOUNTS, DEMO_SLUG, seedDemo } from "#db/seed";
import { upsertRole } from "~/queries/entities.server";
import { findMinutesFile, listMinutesFiles, findMinutes } from "~/queries/minutes.server";
import { createResolution } from "~/services/resolutions.server";
import { castVote } from "~/services/voting.server";
import { createAccount } from "~/services/auth.server";
import { saveMember } from "~/services/members.server";
import { setWeights } from "~/services/colleges.server";
import { checkIn, closeMeeting, openMeeting } from "~/services/meeting-attendance.server";
import { castPostalVote } from "~/services/meeting-postal.server";
import { giveMeetingProxy } from "~/services/meeting-proxies.server";
import { closeMeetingResolution, openMeetingResolution } from "~/services/meeting-votes.server";
import { addAgendaItem, createMeeting, sendNotice, setMinutesFields, setSummary, uploadDocument } from "~/services/meetings.server";
import { finalizeMinutes, verifyCopy } from "~/services/minutes.server";
import { memberInput } from "../helpers/register";
import { createTestDb } from "../helpers/db";
import { docxParts, pdfPages } from "../helpers/pdf";

let db: Db;
let entity: Selectable<Database["entity"]>;
let meetingId: string;
let ids: Record<string, string>;
let secretaryId: string;

const DAY = 86400_000;

/** The demo assembly: an AGO of the Alliance with proxies, postal votes, one adopted and one rejected resolution. */
beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db);
  entity = await db.selectFrom("entity").selectAll().where("slug", "=", DEMO_SLUG).executeTakeFirstOrThrow();
  const members = await db.selectFrom("member").select(["id", "name", "user_id"]).where("entity_id", "=", entity.id).execute();
  ids = Object.fromEntries(members.map((m) => [m.name, m.id]));
  secretaryId = (await db.selectFrom("user").select("id").where("email", "=", DEMO_ACCOUNTS[1].email).executeTakeFirstOrThrow()).id;
  // A few more voters with accounts.
  for (const name of ["Nadia Benali", "Marc Dubois", "Commune de Saumur", "Boulangerie Martin SARL"]) {
    const account = await createAccount(db, { email: `${name.replace(/\W+/g, ".").toLowerCase()}@pv.example`, name, password: "pv password 123" });
    await db.updateTable("member").set({ user_id: account.id }).where("id", "=", ids[name]!).execute();
    await upsertRole(db, { entityId: entity.id, userId: account.id, role: "member", now: new Date() });
  }
  const userOf = async (name: string) => (await db.selectFrom("member").select("user_id").where("id", "=", ids[name]!).executeTakeFirstOrThrow()).user_id!;
  const rule = await db.selectFrom("voting_rule").selectAll().where("entity_id", "=", entity.id).where("name", "like", "AGO%").executeTakeFirstOrThrow();
  const startsAt = new Date(Date.now() + 20 * DAY);
  ({ id: meetingId } = await createMeeting(db, { entity, actorId: secretaryId, meeting: { kind: "ago", title: "AGO 2026", startsAt, place: "Salle du Manège, Tours", remoteLink: "https://visio.example/ago", postalDeadline: new Date(startsAt.getTime() - DAY) } }));
  const r1 = await createResolution(db, { entityId: entity.id, actorId: secretaryId, resolution: { number: "1", title: "Approbation des comptes", body: "L’assemblée **approuve** les comptes de l’exercice 2026.", note: null, ruleId: rule.id, kind: "ordinary", recommendation: "for" } });
  const r2 = await createResolution(db, { entityId: entity.id, actorId: secretaryId, resolution: { number: "2", title: "Achat d’une gabare", body: "L’assemblée autorise l’achat d’une gabare de Loire pour 48 000 €.", note: null, ruleId: rule.id, kind: "ordinary", recommendation: "against" } });
  await addAgendaItem(db, { entityId: entity.id, meetingId, title: "Comptes de l’exercice", description: null, resolutionId: r1.id });
  await addAgendaItem(db, { entityId: entity.id, meetingId, title: "Investissement fluvial", description: null, resolutionId: r2.id });
  await uploadDocument(db, { entityId: entity.id, meetingId, actorId: secretaryId, name: "Rapport de gestion 2026.pdf", bytes: new TextEncoder().encode("%PDF-1.4 rapport") });
  await sendNotice(db, { entity, meetingId, actorId: secretaryId, mode: "email", origin: "http://localhost:3000", locale: "fr" });
  // Proxies: Sophie Lambert to Julien Mercier; Hugo Petit blank to the chair. Postal: Pierre Rousseau.
  await giveMeetingProxy(db, { entity, meetingId, principalId: ids["Sophie Lambert"]!, holderId: ids["Julien Mercier"]!, source: "online" });
  await giveMeetingProxy(db, { entity, meetingId, principalId: ids["Hugo Petit"]!, holderId: null, source: "paper" });
  await castPostalVote(db, { entity, meetingId, memberId: ids["Pierre Rousseau"]!, resolutionId: r1.id, choice: "for", source: "paper", receivedAt: new Date() });
  for (const name of ["Julien Mercier", "Loire Vivante", "Nadia Benali", "Marc Dubois", "Commune de Saumur", "Boulangerie Martin SARL"]) {
    await checkIn(db, { entity, meetingId, memberId: ids[name]!, mode: name === "Marc Dubois" ? "remote" : "present", actorId: secretaryId });
  }
  await setMinutesFields(db, { entityId: entity.id, actorId: secretaryId, meetingId, president: "Claire Moreau", secretary: "Julien Mercier", scrutineers: "Nadia Benali, Marc Dubois", incidents: "Coupure de la visioconférence de **10 minutes**." });
  await openMeeting(db, { entity, meetingId, actorId: secretaryId, confirmDate: true });
  for (const [r, votes] of [
    [r1.id, { "Julien Mercier": "for", "Loire Vivante": "for", "Nadia Benali": "against", "Marc Dubois": "for", "Commune de Saumur": "for", "Boulangerie Martin SARL": "abstain" }],
    [r2.id, { "Julien Mercier": "against", "Loire Vivante": "against", "Nadia Benali": "for", "Marc Dubois": "against", "Commune de Saumur": "against", "Boulangerie Martin SARL": "for" }],
  ] as const) {
    await openMeetingResolution(db, { entity, meetingId, resolutionId: r, actorId: secretaryId });
    for (const [name, choice] of Object.entries(votes)) await castVote(db, { entityId: entity.id, userId: await userOf(name), resolutionId: r, choice });
    await castVote(db, { entityId: entity.id, userId: await userOf("Julien Mercier"), resolutionId: r, choice: "for", forMemberId: ids["Sophie Lambert"]! });
    await closeMeetingResolution(db, { entity, meetingId, resolutionId: r, actorId: secretaryId });
  }
  const agenda = await db.selectFrom("agenda_item").select("id").where("meeting_id", "=", meetingId).orderBy("position").execute();
  await setSummary(db, { entityId: entity.id, meetingId, itemId: agenda[0]!.id, summary: "Le trésorier présente les comptes ; *aucune* objection." });
  await closeMeeting(db, { entity, meetingId, actorId: secretaryId });
  await finalizeMinutes(db, { entity, meetingId, actorId: secretaryId });
}, 120_000);

async function file(lang: "fr" | "en", format: string) {
  const minutes = (await findMinutes(db, meetingId))!;
  return new Uint8Array((await findMinutesFile(db, minutes.id, lang, format))!.bytes);
}

const MENTIONS = [
  "Alliance du Val de Loire",
  "Société coopérative d’intérêt collectif, société par actions simplifiée à capital variable",
  "12 quai de la Loire, 37000 Tours",
  "RCS Tours 912 345 678",
  "Assemblée générale ordinaire",
  "Salle du Manège, Tours",
  "à distance par https://visio.example/ago",
  "par courriel",
  "Comptes de l’exercice",
  "Investissement fluvial",
  "Président de séance : Claire Moreau",
  "Secrétaire de séance : Julien Mercier",
  "Nadia Benali, Marc Dubois",
  "Sophie Lambert (par Julien Mercier)",
  "Hugo Petit (par le président de séance)",
  "Vote par correspondance (1)",
  "Pierre Rousseau",
  "À distance (1)",
  "le quorum est atteint",
  "Rapport de gestion 2026.pdf",
  "Le trésorier présente les comptes",
  "Coupure de la visioconférence",
  "Résolution n° 1 — Approbation des comptes",
  "approuve les comptes de l’exercice 2026",
  "Résolution n° 2 — Achat d’une gabare",
  "L’assemblée autorise l’achat d’une gabare de Loire pour 48 000 €.",
  "à la majorité des suffrages exprimés, collèges pondérés à la proportionnelle",
  "Cette résolution est ADOPTÉE",
  "Cette résolution est REJETÉE",
  "Résultats par collège",
  "Collège sans suffrage, neutralisé : Entreprises.",
  // The demo's votes are secret: both channels and who held the key.
  "Vote à bulletin secret, recueilli par deux voies : l’urne chiffrée (",
  "Clé de l’élection détenue par Cogere seul, utilisée au dépouillement puis détruite.",
];

describe("the minutes of the demo assembly", () => {
  it("carry every required mention and each resolution's exact figures, in the PDF (real text) and the DOCX", async () => {
    const frozen = await db.selectFrom("resolution").select(["number", "result"]).where("meeting_id", "=", meetingId).orderBy("number").execute();
    const tallies = frozen.map((r) => JSON.parse(r.result!).tally as { for: string; against: string; share: string; percent: string });
    expect(tallies.map((t) => t.share)).toEqual([expect.stringMatching(/^\d+\/\d+$|^1$/), expect.stringMatching(/\//)]);
    const pages = await pdfPages(await file("fr", "pdf"));
    const pdf = pages.join(" ");
    const docx = await docxParts(await file("fr", "docx"));
    // No-break spaces as spaces, as the PDF's reader gives them.
    const docxText = docx.text.replace(/\u00a0/g, " ");
    for (const mention of MENTIONS) {
      expect(pdf, `PDF lacks: ${mention}`).toContain(mention);
      expect(docxText, `DOCX lacks: ${mention}`).toContain(mention);
    }
    for (const t of tallies) {
      for (const figure of [t.for, t.against, t.share]) {
        expect(pdf).toContain(figure);
        expect(docx.text).toContain(figure);
      }
    }
    // Each secret vote's ballot box, by its SHA-256, as frozen in the result.
    for (const r of frozen) {
      const boxHash = JSON.parse(r.result!).boxHash as string;
      expect(boxHash).toMatch(/^[0-9a-f]{64}$/);
      expect(pdf).toContain(`Empreinte SHA-256 de l’urne close : ${boxHash}.`);
      expect(docxText).toContain(`Empreinte SHA-256 de l’urne close : ${boxHash}.`);
    }
    // Page numbers and the running header on every page.
    pages.forEach((page, i) => {
      expect(page).toContain(`page ${i + 1} / ${pages.length}`);
      expect(page).toContain("Alliance du Val de Loire — AGO 2026");
    });
    expect(docx.documentXml).toContain("<w:tbl>");
    expect(docx.footers.join("")).toMatch(/NUMPAGES/);
    // The digest of the content is printed in the footer of every page.
    expect(pages.every((page) => page.includes("Empreinte SHA-256 du contenu : "))).toBe(true);
    expect(docx.footers.join("")).toContain("Empreinte SHA-256 du contenu");
  });

  it("the attendance sheet lists every member with status, holder and a signature column; CSV too", async () => {
    const pdf = (await pdfPages(await file("fr", "attendance-pdf"))).join(" ");
    for (const mention of ["Feuille de présence", "Signature", "Sophie Lambert", "Julien Mercier", "Représenté", "Par correspondance", "Absent", "Certifiée sincère et véritable", "Karim Haddad"]) expect(pdf).toContain(mention);
    const csv = new TextDecoder().decode(await file("fr", "attendance-csv"));
    expect(csv).toContain("Sophie Lambert;AVL-");
    expect(csv).toMatch(/Sophie Lambert;AVL-\d+;Salariés et usagers;Représenté;Julien Mercier;1/);
    expect(csv.trim().split("\r\n")).toHaveLength(41);
  });

  it("leave no placeholder unfilled, in any file and either language", async () => {
    for (const lang of ["fr", "en"] as const) {
      const docx = await docxParts(await file(lang, "docx"));
      const texts: Record<string, string> = {
        md: new TextDecoder().decode(await file(lang, "md")),
        pdf: (await pdfPages(await file(lang, "pdf"))).join(" "),
        docx: [docx.documentXml, ...docx.headers, ...docx.footers].join(""),
        "attendance-pdf": (await pdfPages(await file(lang, "attendance-pdf"))).join(" "),
        "attendance-csv": new TextDecoder().decode(await file(lang, "attendance-csv")),
        "results-csv": new TextDecoder().decode(await file(lang, "results-csv")),
      };
      for (const [format, text] of Object.entries(texts)) {
        expect(text, `${lang} ${format}`).not.toContain("{{");
        expect(text, `${lang} ${format}`).not.toContain("}}");
      }
      expect(texts.md).toMatch(lang === "fr" ? /la séance est levée à \d{2}:\d{2}\./ : /the session closed at \d{2}:\d{2}\./);
      expect(texts.pdf).toMatch(lang === "fr" ? /la séance est levée à \d{2}:\d{2}\./ : /the session closed at \d{2}:\d{2}\./);
      expect(docx.text).toMatch(lang === "fr" ? /la séance est levée à \d{2}:\d{2}\./ : /the session closed at \d{2}:\d{2}\./);
    }
  });

  it("exist in English on request", async () => {
    const pdf = (await pdfPages(await file("en", "pdf"))).join(" ");
    for (const mention of ["Minutes — Ordinary general meeting", "Chair: Claire Moreau", "Sophie Lambert (by Julien Mercier)", "This resolution is ADOPTED", "This resolution is REJECTED", "SHA-256 of the content", "College with no vote, neutralised: Entreprises."]) expect(pdf).toContain(mention);
  });

  it("stay identical after the register changes, and a downloaded copy checks against them", async () => {
    const before = await listMinutesFiles(db, (await findMinutes(db, meetingId))!.id);
    const colleges = await db.selectFrom("college").select("id").where("entity_id", "=", entity.id).orderBy("position").execute();
    await setWeights(db, { entity, actorId: secretaryId, weights: Object.fromEntries(colleges.map((c, i) => [c.id, ["40", "20", "20", "20"][i]!])), effectiveFrom: "2000-01-01", reason: "test", day: "2026-01-01" });
    await saveMember(db, { entity, actorId: secretaryId, memberId: ids["Sophie Lambert"]!, member: memberInput({ name: "Sophie Lambert-Renamed", collegeId: colleges[0]!.id, exitedOn: "2025-01-01", joinedOn: "2020-01-01" }), day: "2026-01-01" });
    const after = await listMinutesFiles(db, (await findMinutes(db, meetingId))!.id);
    expect(after).toEqual(before);
    const md = await file("fr", "md");
    const text = new TextDecoder().decode(md);
    const digest = before.find((f) => f.lang === "fr" && f.format === "md")!.contentSha256;
    expect(text.endsWith(`\n\nEmpreinte SHA-256 du contenu : ${digest}\n`)).toBe(true);
    const { createHash } = await import("node:crypto");
    // All of the file but its last line (what `head -n -1` keeps).
    const content = text.slice(0, text.lastIndexOf("\n", text.length - 2) + 1);
    expect(createHash("sha256").update(content).digest("hex")).toBe(digest);
    expect((await verifyCopy(db, entity.id, meetingId, await file("fr", "pdf"))).match).toEqual({ lang: "fr", format: "pdf" });
    expect((await verifyCopy(db, entity.id, meetingId, new TextEncoder().encode("forged"))).match).toBeNull();
    expect((await pdfPages(await file("fr", "pdf"))).join(" ")).toContain(digest);
  });
});
