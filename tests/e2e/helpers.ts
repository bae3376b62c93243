import type { Browser, Page } from "@playwright/test";

export const ADMIN = { email: "admin@val-de-loire.example", password: "demo-admin-2026" };
export const SECRETARY = { email: "secretaire@val-de-loire.example", password: "demo-secretaire-2026" };
export const MEMBER = { email: "membre@val-de-loire.example", password: "demo-membre-2026" };
export const TREASURER = { email: "tresorier@val-de-loire.example", password: "demo-tresorier-2026" };
/** Created by playwright.config.ts's web server command with `npm run user:create-admin`. */
export const PLATFORM_ADMIN = { email: "plateforme@e2e.example", password: "e2e-platform-admin" };
export const DEMO = "/o/alliance-val-de-loire";

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Adresse e-mail").fill(who.email);
  await page.getByLabel("Mot de passe").fill(who.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Another person's browser, signed in. */
export async function asUser(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await signIn(page, who);
  return page;
}
