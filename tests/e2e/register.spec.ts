import { expect, test } from "@playwright/test";
import { ADMIN, DEMO, PLATFORM_ADMIN, signIn } from "./helpers";

test("the admin sets four colleges, tries 30/30/15/15/5/5, sees every violation, and fixes them", async ({ page }) => {
  // A platform administrator of its own, so that the demo accounts keep a single entity.
  await signIn(page, PLATFORM_ADMIN);
  await page.goto("/entities/new");
  await page.getByLabel("Nom de l’entité").fill("SCIC des Coteaux");
  await page.getByLabel("Forme juridique").selectOption("scic-sa");
  await page.getByRole("button", { name: "Créer l’entité" }).click();
  await expect(page.getByText("L’entité SCIC des Coteaux est créée.")).toBeVisible();

  await page.getByRole("link", { name: "Collèges" }).click();
  for (const name of ["Fondateurs", "Salariés", "Usagers", "Partenaires", "Collectivités", "Soutiens"]) {
    await page.getByLabel("Nom du collège").fill(name);
    await page.getByRole("button", { name: "Ajouter le collège" }).click();
    await expect(page.getByText(`Collège ${name} ajouté.`)).toBeVisible();
  }
  const weights: Record<string, string> = { Fondateurs: "30", Salariés: "30", Usagers: "15", Partenaires: "15", Collectivités: "5", Soutiens: "5" };
  for (const [name, w] of Object.entries(weights)) await page.getByLabel(`Poids du collège ${name}`).fill(w);
  await page.getByLabel("Motif").fill("Projet de statuts");
  await page.getByRole("button", { name: "Enregistrer la pondération" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Le collège Collectivités pèse 5 % : le minimum légal pour une SCIC est 10 %.");
  await expect(alert).toContainText("Le collège Soutiens pèse 5 % : le minimum légal pour une SCIC est 10 %.");
  await expect(alert.getByRole("listitem")).toHaveCount(2);
  // What was typed is kept.
  await expect(page.getByLabel("Poids du collège Soutiens")).toHaveValue("5");
  await expect(page.getByLabel("Motif")).toHaveValue("Projet de statuts");

  // Fix: four colleges at 30/30/20/20.
  for (const name of ["Collectivités", "Soutiens"]) {
    await page.getByRole("link", { name }).click();
    await page.getByRole("button", { name: "Archiver ce collège" }).click();
    await expect(page.getByText(`Collège ${name} archivé.`)).toBeVisible();
  }
  for (const [name, w] of Object.entries({ Fondateurs: "30", Salariés: "30", Usagers: "20", Partenaires: "20" })) await page.getByLabel(`Poids du collège ${name}`).fill(w);
  await page.getByLabel("Motif").fill("Statuts adoptés");
  await page.getByRole("button", { name: "Enregistrer la pondération" }).click();
  await expect(page.getByText("Nouvelle pondération enregistrée.")).toBeVisible();
  const table = page.getByRole("table").first();
  await expect(table.getByRole("row", { name: /Fondateurs\s+30\s*%/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /Usagers\s+20\s*%/ })).toBeVisible();
  await expect(page.getByText("Statuts adoptés")).toBeVisible();
});

test("the admin imports the sample CSV: preview, then confirm", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto(`${DEMO}/members/import`);
  await page.getByLabel("Fichier CSV").setInputFiles("public/exemple-membres.csv");
  await page.getByRole("button", { name: "Voir l’aperçu" }).click();
  await expect(page.getByText("10 nouveaux membres")).toBeVisible();
  await page.getByRole("button", { name: "Confirmer l’import" }).click();
  await expect(page.getByText("Import terminé. Nouveaux membres : 10 ; mis à jour : 0 ; inchangés : 0.")).toBeVisible();
  await page.getByLabel("Rechercher (nom, numéro, e-mail)").fill("lea fournier");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page.getByRole("link", { name: "Léa Fournier" })).toBeVisible();
  await expect(page.getByRole("table").last().getByRole("row")).toHaveCount(2);
});

test("a bad CSV is refused with its lines and columns, and nothing is written", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto(`${DEMO}/members/import`);
  await page.getByLabel("Fichier CSV").setInputFiles({
    name: "membres.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("nom;categorie;college;date_entree\nBon Membre;salarie;Salariés et usagers;2025-01-01\nMauvais;pirate;Salariés et usagers;2025-02-30\n"),
  });
  await page.getByRole("button", { name: "Voir l’aperçu" }).click();
  const problems = page.getByRole("alert");
  await expect(problems).toContainText("2 problèmes empêchent l’import");
  await expect(problems.getByRole("row", { name: /3\s+categorie\s+Choisissez une valeur proposée/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /3\s+date_entree/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Confirmer l’import" })).toHaveCount(0);
  await page.goto(`${DEMO}/members?q=bon%20membre`);
  await expect(page.getByRole("link", { name: "Bon Membre" })).toHaveCount(0);
});

test("the admin invites a member, who opens the link from the outbox, sets a password and signs in @phone", async ({ page, browser }, testInfo) => {
  // Each project invites a member of its own: an invitation is used once.
  const [name, email] = testInfo.project.name === "phone" ? ["Thomas Girard", "thomas.girard"] : ["Nadia Benali", "nadia.benali"];
  await signIn(page, ADMIN);
  await page.goto(`${DEMO}/members?q=${encodeURIComponent(name)}`);
  await page.getByRole("link", { name }).click();
  await page.getByRole("button", { name: "Inviter à créer son compte" }).click();
  await expect(page.getByText("Invitation envoyée.")).toBeVisible();
  await page.getByRole("link", { name: "Messages" }).click();
  await page.getByText("Invitation à rejoindre Alliance du Val de Loire sur Cogere").first().click();
  // Without SMTP the admin carries the message: showing its link is a journaled action.
  await page.getByRole("button", { name: /Afficher le lien/ }).first().click();
  const link = await page.getByRole("link", { name: /\/invitation\// }).first().getAttribute("href");
  expect(link).toMatch(/\/invitation\/[a-z2-7]{32}$/);

  // The member, in a browser of their own.
  const context = await browser.newContext({ locale: "fr-FR" });
  const member = await context.newPage();
  await member.goto(link!);
  await expect(member.getByText(`Bonjour ${name}`)).toBeVisible();
  await member.getByLabel("Nouveau mot de passe").fill("un mot de passe bien à moi");
  await member.getByRole("button", { name: "Valider" }).click();
  await expect(member.getByRole("heading", { level: 1, name: "Mon adhésion" })).toBeVisible();
  await expect(member.getByText("Salariés et usagers")).toBeVisible();
  // A member sees the directory, without e-mails.
  await member.getByRole("link", { name: "Annuaire" }).click();
  await expect(member.getByRole("heading", { level: 1, name: "Annuaire des membres" })).toBeVisible();
  await expect(member.getByText("@val-de-loire.example")).toHaveCount(0);
  await context.close();

  // Signing in again with the new password works.
  const again = await browser.newContext({ locale: "fr-FR" });
  const p2 = await again.newPage();
  await signIn(p2, { email: `${email}@val-de-loire.example`, password: "un mot de passe bien à moi" });
  await expect(p2.getByRole("heading", { level: 1, name: "Tableau de bord" })).toBeVisible();
  await again.close();
});

test("the register and colleges read in English too", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto(`${DEMO}/colleges`);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Colleges and weights" })).toBeVisible();
  await page.getByRole("link", { name: "Register" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Member register" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Own weight", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Registre des membres" })).toBeVisible();
});
