import { expect, test } from "@playwright/test";
import { ADMIN, DEMO, signIn } from "./helpers";

// Demo members with an account that no other journey uses: one per database (desktop and phone
// share SQLite's; the project "postgres" has a database of its own).
const PEOPLE = {
  desktop: { email: "yann.le.goff@val-de-loire.example", password: "demo-yann-2026" },
  phone: { email: "camille.roux@val-de-loire.example", password: "demo-camille-2026" },
};

test("a member who forgot their password gets a link, sets a new one once and signs in with it @phone", async ({ page, browser }, testInfo) => {
  const person = testInfo.project.name === "phone" ? PEOPLE.phone : PEOPLE.desktop;
  const newPassword = `nouveau mot de passe ${testInfo.project.name}`;

  // The sign-in page links to the form; the answer says nothing about the address.
  await page.goto("/login");
  await page.getByRole("link", { name: /Mot de passe oublié/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mot de passe oublié" })).toBeVisible();
  await expect(page).toHaveTitle("Mot de passe oublié · Cogere");
  await page.getByLabel("Adresse e-mail").fill(person.email);
  await page.getByRole("button", { name: "Recevoir le lien" }).click();
  await expect(page.getByText("Si un compte existe pour cette adresse, un lien vient de lui être envoyé.")).toBeVisible();

  // No SMTP in the tests: the admin reads the message in the outbox, the link masked until shown.
  const admin = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  await signIn(admin, ADMIN);
  await admin.goto(`${DEMO}/outbox`);
  const mail = admin.locator("li", { hasText: person.email }).filter({ hasText: "Nouveau mot de passe pour Cogere" }).first();
  await mail.locator("summary").click();
  await expect(mail.getByText("/password/reset/")).toHaveCount(0);
  await mail.getByRole("button", { name: /Afficher le lien/ }).click();
  const link = await mail.getByRole("link", { name: /\/password\/reset\// }).getAttribute("href");

  await page.goto(link!);
  await expect(page.getByRole("heading", { level: 1, name: "Nouveau mot de passe" })).toBeVisible();
  await page.getByRole("textbox", { name: "Nouveau mot de passe", exact: true }).fill(newPassword);
  await page.getByLabel("Confirmer le nouveau mot de passe").fill(newPassword);
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await expect(page.getByText("Votre mot de passe est changé. Connectez-vous avec le nouveau.")).toBeVisible();

  // The link served once.
  await page.goto(link!);
  await expect(page.getByText("Ce lien a déjà servi.", { exact: false })).toBeVisible();

  // The old password no longer opens the account; the new one does.
  await page.goto("/login");
  await page.getByLabel("Adresse e-mail").fill(person.email);
  await page.getByLabel("Mot de passe").fill(person.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByText("Adresse e-mail ou mot de passe incorrect.")).toBeVisible();
  await page.getByLabel("Mot de passe").fill(newPassword);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/o\/alliance-val-de-loire$/);
  await expect(page.getByRole("heading", { level: 1, name: "Tableau de bord" })).toBeVisible();
});
