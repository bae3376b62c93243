import { expect, test } from "@playwright/test";
import { ADMIN, asUser, DEMO, MEMBER, SECRETARY, signIn, confirmDialog, parisDay } from "./helpers";

function inDays(days: number): string {
  return `${parisDay(days)}T18:00`;
}

test("the secretary convenes an AGO; proxies (one over the cap), check-in, quorum, a vote in the room, the projector", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, SECRETARY);

  // Convene.
  await page.goto(`${DEMO}/meetings`);
  await page.getByLabel("Type").selectOption("ago");
  await page.getByLabel("Intitulé").fill("Assemblée générale ordinaire 2027");
  await page.getByLabel("Date et heure").fill(inDays(20));
  await page.getByLabel("Lieu", { exact: true }).fill("Salle du Manège, Tours");
  await page.getByRole("button", { name: "Créer l’assemblée" }).click();
  await expect(page.getByText("Assemblée créée.", { exact: false })).toBeVisible();
  const meetingUrl = page.url();
  await page.getByText("Ajouter un point à l’ordre du jour").click();
  await page.getByRole("link", { name: "Rédiger une nouvelle résolution pour cette assemblée" }).click();
  await page.getByLabel("Numéro").fill("AG-1");
  await page.getByLabel("Titre").fill("Affectation du résultat 2026");
  await page.getByLabel("Texte de la résolution").fill("L’assemblée **affecte** le résultat aux réserves impartageables.");
  await page.getByLabel("Règle de vote").selectOption({ label: "AGO — majorité des suffrages exprimés" });
  await page.getByRole("button", { name: "Créer le projet" }).click();
  await expect(page.getByRole("link", { name: /Résolution n° AG-1 — Affectation du résultat 2026/ })).toBeVisible();
  await page.getByLabel("Mode d’envoi").selectOption("email");
  await page.getByRole("button", { name: "Envoyer la convocation" }).click();
  await expect(page.getByText(/Convocation envoyée \(\d+ courriels?\)\./)).toBeVisible();

  // Two members give their proxy to the secretary; a third is refused over the cap.
  for (const who of [ADMIN, MEMBER]) {
    const p = await asUser(browser, who);
    await p.goto(meetingUrl);
    await p.getByText("Donner pouvoir à un autre membre").click();
    await p.getByLabel("Rechercher le mandataire").fill("Julien");
    await p.getByRole("button", { name: "Rechercher", exact: true }).click();
    await p.getByRole("button", { name: "Donner pouvoir à Julien Mercier" }).click();
    await expect(p.getByText("Pouvoir donné à Julien Mercier.")).toBeVisible();
    await p.context().close();
  }
  const admin = await asUser(browser, ADMIN);
  await admin.goto(`${DEMO}/members?q=pierre`);
  await admin.getByRole("link", { name: "Pierre Rousseau" }).click();
  await admin.getByRole("button", { name: "Inviter à créer son compte" }).click();
  await expect(admin.getByText("Invitation envoyée.")).toBeVisible();
  await admin.goto(`${DEMO}/outbox`);
  const mail = admin.locator("li", { hasText: "pierre.rousseau@val-de-loire.example" }).filter({ hasText: "Invitation à rejoindre" }).first();
  await mail.locator("summary").click();
  // Without SMTP the admin carries the message: showing its link is a journaled action.
  await mail.getByRole("button", { name: /Afficher le lien/ }).click();
  const link = await mail.getByRole("link", { name: /\/invitation\// }).getAttribute("href");
  const pierre = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  await pierre.goto(link!);
  await pierre.getByLabel("Nouveau mot de passe").fill("mot de passe de Pierre");
  await pierre.getByRole("button", { name: "Valider" }).click();
  await expect(pierre.getByRole("heading", { name: "Mon adhésion" })).toBeVisible();
  await pierre.goto(meetingUrl);
  await pierre.getByText("Donner pouvoir à un autre membre").click();
  await pierre.getByLabel("Rechercher le mandataire").fill("Julien");
  await pierre.getByRole("button", { name: "Rechercher", exact: true }).click();
  await pierre.getByRole("button", { name: "Donner pouvoir à Julien Mercier" }).click();
  await expect(pierre.getByText("Julien Mercier détient déjà 2 pouvoirs, le maximum.")).toBeVisible();

  // Check-in at the desk until the quorum is reached.
  await page.goto(`${meetingUrl}/attendance`);
  await expect(page.getByText("Décisions ordinaires — quorum non atteint", { exact: false })).toBeVisible();
  for (const name of ["Julien Mercier", "Pierre Rousseau", "Nadia Benali", "Marc Dubois", "Lucie Chevalier", "Hugo Petit", "Camille Roux"]) {
    await page.getByLabel("Rechercher un membre").fill(name);
    await page.getByRole("button", { name: "Rechercher", exact: true }).click();
    await page.getByRole("button", { name: `Marquer ${name} présent` }).click();
    await expect(page.getByRole("button", { name: `Retirer la présence ${name.startsWith("Hugo") ? "d’" : "de "}${name}` })).toBeVisible();
  }
  await expect(page.getByText("Décisions ordinaires — quorum atteint", { exact: false })).toBeVisible();
  await expect(page.getByText(/9 \/ 8 requis/)).toBeVisible();

  // The session opens; the vote opens.
  await page.goto(meetingUrl);
  await page.getByRole("button", { name: "Ouvrir la séance" }).click();
  // The meeting was convened for a later day: opening today asks for a confirmation.
  await page.getByRole("button", { name: /Ouvrir la séance aujourd/ }).click();
  await expect(page.getByText("Séance ouverte.")).toBeVisible();
  await page.getByRole("button", { name: "Ouvrir le vote" }).click();
  await expect(page.getByText("Vote ouvert.")).toBeVisible();
  const resolutionUrl = new URL((await page.getByRole("link", { name: /Résolution n° AG-1/ }).getAttribute("href"))!, page.url()).href;

  // A member in the room votes on a phone; the secretary votes for herself and as holder.
  await pierre.goto(resolutionUrl);
  await pierre.getByRole("radio", { name: "Pour" }).check();
  await pierre.getByRole("button", { name: /^Voter/ }).click();
  await confirmDialog(pierre);
  await expect(pierre.getByText("Votre vote secret est enregistré.")).toBeVisible();
  await page.goto(resolutionUrl);
  await expect(page.getByRole("heading", { name: "Les 2 pouvoirs que vous détenez" })).toBeVisible();
  for (const [legend, voter] of [["Votre choix", "Julien Mercier"], ["Au nom de Loire Vivante", "Loire Vivante"], ["Au nom de Sophie Lambert", "Sophie Lambert"]]) {
    const form = page.locator("form", { has: page.getByRole("group", { name: legend }) });
    await form.getByRole("radio", { name: "Pour" }).check();
    await form.getByRole("button", { name: /^Voter/ }).click();
    await confirmDialog(page);
    await expect(page.getByText(`Vote de ${voter} enregistré. Gardez votre reçu`, { exact: false })).toBeVisible();
  }

  // The projector follows the vote, then shows the result.
  const screen = await (await browser.newContext({ locale: "fr-FR", viewport: { width: 1600, height: 900 } })).newPage();
  await signIn(screen, SECRETARY);
  await screen.goto(`${meetingUrl}/projector`);
  await expect(screen.getByText("4 votants sur 40 inscrits")).toBeVisible();
  await page.goto(meetingUrl);
  await page.getByRole("button", { name: "Clore le vote" }).click();
  await confirmDialog(page);
  await expect(page.getByText("Vote clos : la résolution est adoptée.")).toBeVisible();
  await screen.reload();
  await expect(screen.getByRole("status")).toHaveText("Adoptée");
  await expect(screen.getByText("100,00 % des voix pour")).toBeVisible();
});

test("the secretary closes the session, writes a debate summary, previews, finalises and downloads the minutes", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, SECRETARY);
  await page.goto(`${DEMO}/meetings`);
  await page.getByRole("link", { name: "Assemblée générale ordinaire 2027" }).click();
  await page.getByRole("button", { name: "Lever la séance" }).click();
  await confirmDialog(page);
  await expect(page.getByText("Séance levée.")).toBeVisible();
  await page.getByRole("link", { name: "Procès-verbal" }).first().click();
  await expect(page.getByText("Projet : relisez", { exact: false })).toBeVisible();

  await page.getByLabel("Point 1 — Affectation du résultat 2026").fill("La trésorière présente le résultat ; **aucune objection**.");
  await page.getByRole("button", { name: "Enregistrer le résumé du point 1" }).click();
  await expect(page.getByText("Résumé enregistré.")).toBeVisible();
  const preview = page.locator("article.document");
  await expect(preview.getByText("PROJET — document non définitif")).toBeVisible();
  await expect(preview.getByText("La trésorière présente le résultat", { exact: false })).toBeVisible();
  await expect(preview.getByText("Sophie Lambert (par Julien Mercier)", { exact: false })).toBeVisible();
  await expect(preview.getByText("Cette résolution est ADOPTÉE", { exact: false })).toBeVisible();

  await page.getByRole("button", { name: "Arrêter le procès-verbal" }).click();
  await confirmDialog(page);
  await expect(page.getByText("Procès-verbal arrêté.")).toBeVisible();
  const digest = (await page.locator(".digests code").first().innerText()).trim();
  expect(digest).toMatch(/^[0-9a-f]{64}$/);

  for (const [label, type] of [["PDF", "%PDF"], ["Word (DOCX)", "PK"], ["Feuille de présence (PDF)", "%PDF"]] as const) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("p", { hasText: "Français" }).getByRole("link", { name: label, exact: true }).click()]);
    const { readFileSync } = await import("node:fs");
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, type.length).toString("latin1")).toBe(type);
    expect(download.suggestedFilename()).toMatch(/^alliance-val-de-loire-(proces-verbal|feuille-de-presence)-fr\.(pdf|docx)$/);
    // The downloaded copy checks against the final minutes.
    await page.getByLabel("Fichier téléchargé (PDF, DOCX, Markdown ou CSV)").setInputFiles((await download.path())!);
    await page.getByRole("button", { name: "Vérifier", exact: true }).click();
    await expect(page.getByText("Copie authentique", { exact: false })).toBeVisible();
  }
});
