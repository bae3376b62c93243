import { expect, test, type Page } from "@playwright/test";
import { ADMIN, MEMBER } from "./helpers";

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Adresse e-mail").fill(who.email);
  await page.getByLabel("Mot de passe").fill(who.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
}

test("the demo admin signs in and sees the demo entity's dashboard @phone", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/o\/alliance-val-de-loire$/);
  await expect(page.getByRole("heading", { level: 1, name: "Tableau de bord" })).toBeVisible();
  await expect(page.getByText("Données de démonstration")).toBeVisible();
  const table = page.getByRole("table");
  // Headcounts grow as other journeys import members; weights do not move.
  await expect(table.getByRole("row", { name: /Associations\s+30\s*%\s+\d+/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /Salariés et usagers\s+20\s*%\s+\d+/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Accès et rôles" })).toBeVisible();
});

test("a wrong password shows the error in French and keeps the e-mail", async ({ page }) => {
  await signIn(page, { email: ADMIN.email, password: "not the password" });
  await expect(page.getByText("Adresse e-mail ou mot de passe incorrect.")).toBeVisible();
  await expect(page.getByLabel("Adresse e-mail")).toHaveValue(ADMIN.email);
  await expect(page).toHaveURL(/\/login/);
});

test("switching to English translates the page and is remembered after signing in", async ({ page }) => {
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByLabel("Email address").fill(MEMBER.email);
  await page.getByLabel("Password").fill(MEMBER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("Voting colleges")).toBeVisible();
  // A member has no access page.
  await expect(page.getByRole("link", { name: "Access and roles" })).toHaveCount(0);
  await page.getByRole("button", { name: "Français" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tableau de bord" })).toBeVisible();
});

test("a member is refused the admin page, in a 403 page of the site", async ({ page }) => {
  await signIn(page, MEMBER);
  await expect(page.getByRole("heading", { level: 1, name: "Tableau de bord" })).toBeVisible();
  const response = await page.goto("/o/alliance-val-de-loire/access");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Accès refusé" })).toBeVisible();
  const missing = await page.goto("/nowhere");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page introuvable" })).toBeVisible();
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.locator("summary", { hasText: "Claire Moreau" }).click();
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page.getByText("Vous êtes déconnecté·e.")).toBeVisible();
  await page.goto("/o/alliance-val-de-loire");
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
});

test("a cross-site POST is refused with 403", async ({ request, baseURL }) => {
  const evil = await request.post("/logout", { headers: { Origin: "https://evil.example" }, form: {} });
  expect(evil.status()).toBe(403);
  const same = await request.post("/language", { headers: { Origin: baseURL! }, form: { lang: "en", redirectTo: "/login" }, maxRedirects: 0 });
  expect(same.status()).toBe(302);
});
